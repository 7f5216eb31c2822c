"""Measure find_seals against truth: any-seal, 落地章 and organizer P/R by scan colour and seal
shape, CME_STAMP_MISSING P/R, ms per page.

    python -m pipeline.seals.evaluate --set /tmp/gen1 [--set ...] [--synthetic 60] [--limit 300]
        [--certificates-only] [--policy shanghai-2018] [--by-style] [--json out.json] [--misses]

Every page of a generated set is scored (certificate pages against their truth
stamps; every other page should have none). A found seal matches a true one
when their boxes overlap with IoU >= 0.3 (greedy, best first).

Groups: the scan colour (color / grey / bw, and grey+bw, all), and within it the true seal's
shape (``round`` / ``oval`` / ``rect``; a bar is a rect in truth): a true seal counts in its own
shape's group, a found seal in the shape of the true seal it lies on (else its own). With
``--by-style`` also per seal style (truth ``style``, 15G's seal split). Kinds: ``any``,
``cme_office`` (the 落地章) and ``organizer``; ``unknown`` is never counted as either.

As in the audit, each page's seals are first settled against the set's organizer list
(``records/``: every 主办单位, plus ``ocr_models/vocab/organizers.txt``; ``pipeline/seals/settle.py``),
with the truth's organizer as the certificate's organizer read.
``--policy``: CME_STAMP_MISSING (and STAMP_AUTHORITY_UNREAD, the review it becomes when a seal's
authority is unread) as ``pipeline/seals/check.py`` raises them on each certificate page, given the
truth's category, scored against the truth's CME_STAMP_MISSING flags: the seal stage's share of that
flag, with the category read right. Also per code (``SEAL_CODES``: STAMP_MISSING, CME_STAMP_MISSING,
STAMP_AUTHORITY_UNREAD, STAMP_PROVINCE_MISMATCH with the truth's organizer, STAMP_UNSURE with the unsure
ink of pages without a seal, as the reader looks for it) against the truth's flags on the page; the
tool's own codes are in no truth, so every one counts as a false alarm.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from pipeline.eval_metrics import greedy_box_matches

from . import find_seals, synth
from .config import load_config
from .geometry import iou
from .ink import unsure_ink

log = logging.getLogger(__name__)
IOU_MIN = 0.3
KINDS = ("any", "cme_office", "organizer")
# the seal flags scored per page with --policy (check.py raises them; truth flags all but the review)
SEAL_CODES = ("STAMP_MISSING", "CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD", "STAMP_PROVINCE_MISMATCH",
              "STAMP_UNSURE")


@dataclass
class Page:
    image: np.ndarray
    dpi: float
    colour: str
    stamps: list[tuple[str, tuple[float, float, float, float]]]
    where: str = ""
    certificate: bool = True
    shapes: list[str] = field(default_factory=list)  # per stamp, truth shape (round | oval | rect)
    styles: list[str] = field(default_factory=list)  # per stamp, truth style
    category: str | None = None
    cme_missing: bool = False  # the truth flags CME_STAMP_MISSING on this page
    truth_flags: frozenset[str] = frozenset()  # the truth's seal flag codes on this page (SEAL_CODES)
    organizers: tuple[str, ...] = ()  # the set's organizer list (records)
    organizer: str | None = None  # the certificate's organizer (truth: as if its row were read right)


@dataclass
class PR:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def to_json(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "tp": self.tp,
                "fp": self.fp, "fn": self.fn, "misses": self.misses[:20]}


def match_count(truth: list, found: list) -> int:
    return greedy_box_matches(truth, found, iou_min=IOU_MIN)


def _set_organizers(set_dir: Path) -> tuple[str, ...]:
    from pipeline.errors import RecordsError
    from pipeline.records.load import load_export

    try:
        export = load_export(set_dir / "records")
    except (RecordsError, OSError) as exc:
        log.warning("no organizer list from %s: %s", set_dir / "records", exc)
        return ()
    return tuple(sorted({c.organizer for c in export.credits if c.organizer}))


def set_pages(set_dir: Path) -> Iterator[Page]:
    from pipeline.errors import InputDocumentError
    from pipeline.io.load import load_pages

    truth = json.loads((set_dir / "truth.json").read_text(encoding="utf-8"))
    organizers = _set_organizers(set_dir)
    for app in truth["applicants"]:
        seal_flags: dict[tuple, set[str]] = defaultdict(set)
        for f in app.get("flags") or []:
            if f["code"] in SEAL_CODES:
                seal_flags[(f.get("path"), f.get("page"))].add(f["code"])
        for doc in app["documents"]:
            if doc.get("invalid"):
                continue
            try:
                pages = load_pages(set_dir / "submissions" / doc["path"], doc["path"])
            except InputDocumentError as exc:  # a deliberately broken file in the set
                log.info("skipping %s: %s", doc["path"], exc)
                continue
            by_no = {p["page"]: p for p in doc["pages"]}
            for pg in pages:
                t = by_no.get(pg.page)
                if t is None or pg.image is None:
                    continue
                cert = (t.get("certificate") or {}) if t["kind"] == "certificate" else {}
                stamps = cert.get("stamps") or []
                yield Page(pg.image, pg.dpi, (t.get("scan") or {}).get("color", "color"),
                           [(s["kind"], tuple(s["bbox"])) for s in stamps], f"{doc['path']}#{pg.page}",
                           t["kind"] == "certificate", shapes=[s.get("shape", "unknown") for s in stamps],
                           styles=[s.get("style", "classic") for s in stamps], category=cert.get("category"),
                           cme_missing="CME_STAMP_MISSING" in seal_flags[(doc["path"], pg.page)],
                           truth_flags=frozenset(seal_flags[(doc["path"], pg.page)]), organizers=organizers,
                           organizer=cert.get("organizer"))


def synthetic_pages(n: int, seed: int) -> Iterator[Page]:
    rng = np.random.default_rng(seed)
    for i in range(n):
        colour = ("color", "grey", "bw")[i % 3]
        p = synth.random_page(rng, float(rng.choice([150, 200, 300])), color=colour, cut_p=0.1,
                              overlap_p=0.2, rotate_p=0.1)
        yield Page(p.image, p.dpi, colour, p.seals, f"synthetic#{i}")


def _found_shape(page: Page, seal) -> str:
    """The shape group of a found seal: the true seal's it lies on, else its own."""
    best, best_iou = None, IOU_MIN
    for shape, (_, box) in zip(page.shapes, page.stamps):
        if (v := iou(seal.bbox, box)) >= best_iou:
            best, best_iou = shape, v
    return best or seal.shape


def _settled(page: Page, found: list) -> list:
    from pipeline.models import CertificateFields

    from .settle import settle_authorities

    fields = CertificateFields(category=page.category, organizer=page.organizer,  # type: ignore[arg-type]
                               stamps=found)
    settle_authorities([fields], page.organizers)
    return fields.stamps


def _flag_codes(page: Page, found: list, policy, ink: list | None = None) -> set[str]:
    """The seal flags check.py raises on this page given the truth's category and organizer (and the
    page's unsure ink, ``ink.unsure_ink``)."""
    from pipeline.models import CertificateFields, CertRef

    from .check import stamp_flags

    cert = CertRef(path=page.where, page=1, stack_index=0,
                   fields=CertificateFields(category=page.category, organizer=page.organizer,  # type: ignore[arg-type]
                                            stamps=found, unsure_ink=list(ink or [])))
    return {f.code for f in stamp_flags([cert], policy)}


def _flag_outcome(page: Page, found: list, policy) -> str | None:
    """The CME office flag check.py raises on this page (CME_STAMP_MISSING or the review), None: none."""
    codes = _flag_codes(page, found, policy) & {"CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD"}
    return min(codes) if codes else None


def evaluate(pages: Iterator[Page], *, limit: int | None = None, certificates_only: bool = False,
             scans: set[str] | None = None, policy=None, by_style: bool = False) -> dict:
    stats: dict[str, dict[str, PR]] = defaultdict(lambda: {k: PR() for k in KINDS})
    flag = {"CME_STAMP_MISSING": PR(), "STAMP_AUTHORITY_UNREAD": 0, "pages": 0}
    per_code = {c: PR() for c in SEAL_CODES}
    kind_from: dict[str, int] = defaultdict(int)
    times: list[float] = []
    for n, page in enumerate(pages):
        if limit and n >= limit:
            break
        if certificates_only and not page.certificate:
            continue
        if scans and page.colour not in scans:
            continue
        t0 = time.perf_counter()
        found = find_seals(page.image, dpi=page.dpi)
        # as the reader does: a page without a seal is looked at for unsure ink (STAMP_UNSURE)
        ink = unsure_ink(page.image, dpi=page.dpi) if not found and page.certificate else []
        times.append(time.perf_counter() - t0)
        found = _settled(page, found)
        for s in found:
            kind_from[f"{s.kind}/{getattr(s, 'kind_from', 'n/a')}"] += 1  # (older readers: none)
        colours = (page.colour, "grey+bw", "all") if page.colour in ("grey", "bw") else (page.colour, "all")
        shapes = page.shapes or ["unknown"] * len(page.stamps)
        found_shapes = [_found_shape(page, s) for s in found]
        groups = [(c, None) for c in colours] + [(f"{c}/{s}", s) for c in colours
                                                 for s in sorted(set(shapes) | set(found_shapes))]
        if by_style:
            groups += [(f"style/{st}", ("style", st)) for st in sorted(set(page.styles))]
        for group, sel in groups:
            for kind in KINDS:
                def keep_true(i: int, k: str) -> bool:
                    if kind != "any" and k != kind:
                        return False
                    if isinstance(sel, tuple):
                        return page.styles[i] == sel[1]
                    return sel is None or shapes[i] == sel

                def keep_found(j: int) -> bool:
                    if kind != "any" and found[j].kind != kind:
                        return False
                    if isinstance(sel, tuple):  # a style group: found seals on a true seal of that style
                        return any(page.styles[i] == sel[1] and iou(found[j].bbox, b) >= IOU_MIN
                                   for i, (_, b) in enumerate(page.stamps))
                    return sel is None or found_shapes[j] == sel

                tb = [b for i, (k, b) in enumerate(page.stamps) if keep_true(i, k)]
                fb = [found[j].bbox for j in range(len(found)) if keep_found(j)]
                if not tb and not fb:
                    continue
                m = match_count(tb, fb)
                pr = stats[group][kind]
                pr.tp += m
                pr.fp += len(fb) - m
                pr.fn += len(tb) - m
                if (len(fb) != m or len(tb) != m) and group == page.colour:
                    pr.misses.append(f"{page.where}: truth {len(tb)} found {len(fb)} matched {m} "
                                     f"({'; '.join(f'{s.kind}/{s.shape}:{s.text}' for s in found)})")
        if policy is not None and page.certificate:
            codes = _flag_codes(page, found, policy, ink)
            for c in SEAL_CODES:
                pr = per_code[c]
                pr.tp += c in codes and c in page.truth_flags
                pr.fp += c in codes and c not in page.truth_flags
                pr.fn += c in page.truth_flags and c not in codes
                if (c in codes) != (c in page.truth_flags):
                    pr.misses.append(f"{page.where} [{page.colour}]: {c} truth {c in page.truth_flags}, "
                                     f"got {c in codes} ({'; '.join(f'{s.kind}/{s.shape}:{s.text}' for s in found)})")
            got = min(codes & {"CME_STAMP_MISSING", "STAMP_AUTHORITY_UNREAD"}, default=None)
            fpr = flag["CME_STAMP_MISSING"]
            flag["pages"] += 1
            flag["STAMP_AUTHORITY_UNREAD"] += got == "STAMP_AUTHORITY_UNREAD"
            hit = got == "CME_STAMP_MISSING"
            fpr.tp += hit and page.cme_missing
            fpr.fp += hit and not page.cme_missing
            fpr.fn += page.cme_missing and not hit
            if hit != page.cme_missing or got == "STAMP_AUTHORITY_UNREAD":
                fpr.misses.append(f"{page.where} [{page.colour}]: truth {'flag' if page.cme_missing else 'none'}, "
                                  f"got {got}")
    ms = 1000 * np.array(times) if times else np.zeros(1)
    report = {"groups": {g: {k: pr.to_json() for k, pr in d.items()} for g, d in stats.items()},
              "kind_from": dict(sorted(kind_from.items())),
              "pages": len(times), "ms_per_page_mean": round(float(ms.mean()), 1),
              "ms_per_page_p95": round(float(np.percentile(ms, 95)), 1)}
    if policy is not None:
        report["flags"] = {"policy": policy.name, "pages": flag["pages"],
                           "CME_STAMP_MISSING": flag["CME_STAMP_MISSING"].to_json(),
                           "STAMP_AUTHORITY_UNREAD": flag["STAMP_AUTHORITY_UNREAD"],
                           "codes": {c: pr.to_json() for c, pr in per_code.items()}}
    return report


def render(report: dict) -> str:
    lines = [f"pages: {report['pages']}, ms/page mean {report['ms_per_page_mean']}, "
             f"p95 {report['ms_per_page_p95']}",
             "| group | any P | any R | 落地章 P | 落地章 R | organizer P | organizer R | any tp/fp/fn | "
             "落地章 tp/fp/fn | organizer tp/fp/fn |", "|---|---|---|---|---|---|---|---|---|---|"]
    for g, d in sorted(report["groups"].items()):
        a, c, o = d["any"], d["cme_office"], d["organizer"]
        lines.append(f"| {g} | {a['precision']:.3f} | {a['recall']:.3f} | {c['precision']:.3f} | "
                     f"{c['recall']:.3f} | {o['precision']:.3f} | {o['recall']:.3f} | "
                     f"{a['tp']}/{a['fp']}/{a['fn']} | {c['tp']}/{c['fp']}/{c['fn']} | "
                     f"{o['tp']}/{o['fp']}/{o['fn']} |")
    lines.append("kind/decided by: " + ", ".join(f"{k} {v}" for k, v in report.get("kind_from", {}).items()))
    if "flags" in report:
        f = report["flags"]
        c = f["CME_STAMP_MISSING"]
        lines.append(f"CME_STAMP_MISSING ({f['policy']}, {f['pages']} certificate pages, truth categories): "
                     f"P {c['precision']:.3f} R {c['recall']:.3f} (tp/fp/fn {c['tp']}/{c['fp']}/{c['fn']}); "
                     f"STAMP_AUTHORITY_UNREAD (review) on {f['STAMP_AUTHORITY_UNREAD']} page(s)")
        lines += ["| code | P | R | tp/fp/fn |", "|---|---|---|---|"]
        for code, c in (f.get("codes") or {}).items():
            lines.append(f"| {code} | {c['precision']:.3f} | {c['recall']:.3f} | {c['tp']}/{c['fp']}/{c['fn']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", type=Path, action="append", default=[])
    ap.add_argument("--synthetic", type=int, default=0, help="also score this many synthetic pages")
    ap.add_argument("--seed", type=int, default=1000)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--json", type=Path, default=None, help="write the full report (with misses) here")
    ap.add_argument("--misses", action="store_true", help="print pages with errors")
    ap.add_argument("--certificates-only", action="store_true",
                    help="score certificate pages only (the pages the pipeline looks for seals on)")
    ap.add_argument("--scan", default=None,
                    help="score only pages of these scan kinds, comma-separated (color,grey,bw)")
    ap.add_argument("--policy", default=None, help="also score CME_STAMP_MISSING under this policy")
    ap.add_argument("--by-style", action="store_true", help="also group by the truth seal style")
    ap.add_argument("--model", type=Path, default=None,
                    help="a seal classifier to score instead of the shipped one (e.g. a retrained candidate)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.model is not None:  # this process only: the loaded settings point at the candidate model
        load_config()["classifier"]["model"] = str(args.model.resolve())
    policy = None
    if args.policy:
        from pipeline.rules import load_policy

        policy = load_policy(args.policy)

    def pages() -> Iterator[Page]:
        for d in args.set:
            yield from set_pages(d)
        if args.synthetic:
            yield from synthetic_pages(args.synthetic, args.seed)

    scans = set(args.scan.split(",")) if args.scan else None
    report = evaluate(pages(), limit=args.limit, certificates_only=args.certificates_only, scans=scans,
                      policy=policy, by_style=args.by_style)
    print(render(report))
    if args.misses:
        for g, d in report["groups"].items():
            for k, pr in d.items():
                for m in pr["misses"]:
                    print(f"[{g}/{k}] {m}")
        for code, c in ((report.get("flags") or {}).get("codes") or {}).items():
            for m in c.get("misses", []):
                print(f"[flag] {m}")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
