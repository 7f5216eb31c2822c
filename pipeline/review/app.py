"""The review web app: a queue of applicants, an applicant page with evidence, decisions that last.

``create_app(out, db_url=..., reviewer=...)`` indexes ``OUT/findings.json`` into the SQL
store (``pipeline/records/decisions.py``, reloaded only when the file changed) and serves:

- ``GET /``: the queue, filtered (verdict, unit, flag code, review status), searched by
  name, sorted and paginated in SQL (fast at 5,000 applicants);
- ``GET /applicant?key=...``: verdict, every flag with its evidence images and data, the
  rules with clause, value and threshold, a confirm/dismiss form per flag and a final
  decision; keyboard: j/k select a flag, c confirm, d dismiss (reason), n/p next/previous;
- ``POST /api/flag-decision``, ``POST /api/applicant-decision`` (JSON bodies);
- ``GET /evidence/...``: the evidence images under ``OUT/evidence/``.

Everything is served from this process: CSS and JS are inline, no external resource.
ID numbers are masked (``pipeline/privacy.py``) unless ``show_id``. This package is the
only importer of FastAPI/uvicorn in ``pipeline/``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel

from pipeline.privacy import mask_text, shown_id
from pipeline.records.decisions import (
    APPLICANT_DECISIONS,
    FLAG_DECISIONS,
    QUEUE_SORTS,
    QUEUE_STATUSES,
    DecisionStore,
    flag_state,
    flags_hash,
)
from pipeline.settings import config

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    report, review = config("report"), config("review")
    return {"verdicts": report["verdicts"], "flags": report["flags"], "severities": report["severities"],
            "fields": report["fields"], "stamp_kinds": report["stamp_kinds"], "page_kinds": report["page_kinds"],
            **{k: review[k] for k in ("statuses", "flag_decisions", "applicant_decisions", "queue_statuses", "sorts")}}


class FlagDecisionIn(BaseModel):
    flag_id: str
    applicant_key: str
    decision: str
    reason: str = ""
    who: str = ""


class ApplicantDecisionIn(BaseModel):
    applicant_key: str
    decision: str
    reason: str = ""
    who: str = ""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Review:
    """The app's state: the output folder, its index in the store, display settings."""

    def __init__(self, out: Path, *, db_url: str, reviewer: str, show_id: bool = False):
        self.out = Path(out).resolve()
        self.findings_path = self.out / "findings.json"
        if not self.findings_path.is_file():
            raise FileNotFoundError(f"{self.findings_path}: no findings.json; run `cme-audit run ... --out {out}` first")
        self.store = DecisionStore(db_url)
        self.dataset = str(self.out)
        self.reviewer = reviewer
        self.show_id = show_id
        self.cfg = config("review")
        self.env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
        self.env.filters["id"] = lambda v: shown_id(v, show_id=show_id)
        self.env.filters["text"] = lambda v: v if show_id else mask_text(v)
        self.env.filters["num"] = _num
        self._stamp: tuple[int, int] | None = None  # findings.json's mtime and size when last indexed
        self._facets: dict | None = None
        self.refresh()

    def facets(self) -> dict:
        """The queue's filter counts; they change only with the findings, so kept until a reload."""
        if self._facets is None:
            self._facets = self.store.facets(self.dataset)
        return self._facets

    def refresh(self) -> bool:
        """Index findings.json again when it changed (a rerun); True when it was (re)loaded."""
        stat = self.findings_path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp == self._stamp:
            return False  # unchanged since it was last looked at: no hashing per request
        self._stamp, self._facets = stamp, None
        sha = _sha256(self.findings_path)
        info = self.store.dataset_info(self.dataset)
        if info is not None and info["findings_sha256"] == sha:
            return False
        findings = json.loads(self.findings_path.read_text(encoding="utf-8"))
        return self.store.index_findings(self.dataset, findings, findings_sha256=sha)

    def render(self, name: str, **context: Any) -> HTMLResponse:
        page = self.env.get_template(name).render(L=labels(), reviewer=self.reviewer, **context)
        return HTMLResponse(page)


def _num(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def create_app(out: Path, *, db_url: str, reviewer: str, show_id: bool = False) -> FastAPI:
    review = Review(out, db_url=db_url, reviewer=reviewer, show_id=show_id)
    app = FastAPI(title="cme-audit review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.review = review
    evidence = review.out / "evidence"
    evidence.mkdir(exist_ok=True)
    app.mount("/evidence", StaticFiles(directory=evidence), name="evidence")

    @app.middleware("http")
    async def refresh_on_change(request: Request, call_next):  # a rerun rewrites findings.json
        if request.method == "GET" and request.url.path in ("/", "/applicant"):
            review.refresh()
        return await call_next(request)

    @app.get("/", response_class=HTMLResponse)
    def queue(verdict: str | None = None, unit: str | None = None, code: str | None = None,
              q: str | None = None, status: str = "all", sort: str = "seq", desc: bool = False,
              page: int = Query(1, ge=1), per_page: int | None = None) -> HTMLResponse:
        per = min(int(per_page or review.cfg["per_page"]), int(review.cfg["max_per_page"]))
        filters = {"verdict": verdict or None, "unit": unit or None, "code": code or None, "q": q or None,
                   "status": status if status in QUEUE_STATUSES else "all",
                   "sort": sort if sort in QUEUE_SORTS else "seq", "desc": desc}
        result = review.store.queue(review.dataset, verdict=filters["verdict"], unit=filters["unit"],
                                    code=filters["code"], q=filters["q"], status=filters["status"],
                                    sort=filters["sort"], descending=desc, page=page, per_page=per)
        facets = review.facets()

        def link(**change: Any) -> str:
            params = {**filters, "page": page, **change}
            return "/?" + urlencode({k: ("1" if v is True else v) for k, v in params.items()
                                     if v not in (None, "", False, "all") and not (k == "page" and v == 1)
                                     and not (k == "sort" and v == "seq")})

        query_string = link(page=1)[2:]
        return review.render("queue.html.j2", page=result, filters=filters, facets=facets, link=link,
                             query_string=query_string, info=review.store.dataset_info(review.dataset))

    @app.get("/applicant", response_class=HTMLResponse)
    def applicant(key: str, back: str = "") -> HTMLResponse:
        data = review.store.applicant(review.dataset, key)
        if data is None:
            raise HTTPException(404, f"no applicant {key!r} in {review.findings_path}")
        flags = data.get("flags", [])
        decided = review.store.flag_decisions(f["flag_id"] for f in flags if f.get("flag_id"))
        states = {f.get("flag_id"): flag_state(f, decided.get(f.get("flag_id") or "")) for f in flags}
        back = back if back.startswith("/") and not back.startswith("//") else "/"  # a queue URL of this app only
        nxt = review.store.neighbour(review.dataset, key, step=1)
        prev = review.store.neighbour(review.dataset, key, step=-1)
        return review.render("applicant.html.j2", a=data, flags=flags, states=states,
                             final=review.store.applicant_decision(key), flags_hash=flags_hash(flags),
                             next_key=nxt, prev_key=prev, back=back,
                             flag_choices=FLAG_DECISIONS, applicant_choices=APPLICANT_DECISIONS)

    @app.post("/api/flag-decision")
    def flag_decision(body: FlagDecisionIn) -> JSONResponse:
        data = review.store.applicant(review.dataset, body.applicant_key)
        flag = next((f for f in (data or {}).get("flags", []) if f.get("flag_id") == body.flag_id), None)
        if flag is None:
            raise HTTPException(404, f"no flag {body.flag_id} for applicant {body.applicant_key!r}")
        try:
            decision = review.store.decide_flag(body.flag_id, applicant_key=body.applicant_key, code=flag["code"],
                                                decision=body.decision, reason=body.reason,
                                                who=body.who or review.reviewer, evidence_hash=flag.get("evidence_hash"))
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc
        state = flag_state(flag, decision)
        return JSONResponse({"flag_id": body.flag_id, "status": state.status, **decision.to_dict()})

    @app.post("/api/applicant-decision")
    def applicant_decision(body: ApplicantDecisionIn) -> JSONResponse:
        data = review.store.applicant(review.dataset, body.applicant_key)
        if data is None:
            raise HTTPException(404, f"no applicant {body.applicant_key!r}")
        try:
            decision = review.store.decide_applicant(body.applicant_key, decision=body.decision, reason=body.reason,
                                                     who=body.who or review.reviewer,
                                                     flags_hash=flags_hash(data.get("flags", [])))
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc
        return JSONResponse({"applicant_key": body.applicant_key, **decision.to_dict()})

    @app.get("/healthz")
    def healthz() -> Response:
        return Response("ok", media_type="text/plain")

    return app


__all__ = ["create_app", "labels"]
