"""The audit of bundles: readings + records + policy -> findings.

``audit_bundle`` is pure given its inputs (a ``BundleReading``, a store and a
policy), so the nightly reconciliation re-audits cached readings without OCR.
``run_audit`` is what ``cme-audit run`` does: discover, read (cached, in a page
pool), audit, write findings and the reviewer report.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import __version__
from pipeline.cache import ReadingCache, home_dir, reading_fingerprint
from pipeline.discover import BundleSpec, discover_bundles
from pipeline.models import (
    ApplicantFindings,
    BundleReading,
    CertRef,
    DocumentFinding,
    DocumentReading,
    Findings,
    Flag,
    PageFinding,
    RegistrationForm,
    RuleResult,
)
from pipeline.readpool import PagePool, ReadStats, read_ahead, read_documents
from pipeline.records.load import check_unchanged, export_hashes
from pipeline.runlock import one_run_per_out
from pipeline.vocabulary import snap_organizers

log = logging.getLogger(__name__)

DOUBT_CODES = ("RECORD_NO_CERT", "FIELD_MISMATCH", "CERT_UNREAD")  # records whose evidence is in doubt
NO_SEAL_CODES = ("STAMP_MISSING", "STAMP_UNSURE")  # claims that a certificate carries no seal at all


@dataclass
class BundleParts:
    """A bundle's pages sorted by role, in stack order."""

    certs: list[CertRef] = field(default_factory=list)
    lists: list = field(default_factory=list)  # pipeline.order.ListPage
    form: RegistrationForm | None = None
    flags: list[Flag] = field(default_factory=list)  # FILE_INVALID, PAGE_UNREADABLE


def split_bundle(reading: BundleReading) -> BundleParts:
    from pipeline.order import ListPage

    parts = BundleParts()
    index = 0
    for doc in reading.documents:
        if doc.error:
            parts.flags.append(Flag(code="FILE_INVALID", path=doc.path,
                                    message=f"文件无法读取：{doc.error}"))
            continue
        for page in doc.pages:
            if page.kind == "unreadable":
                parts.flags.append(Flag(code="PAGE_UNREADABLE", path=doc.path, page=page.page,
                                        message=f"页面无法识别：{page.note or '空白或模糊'}"))
            elif page.kind == "certificate" and page.certificate is not None:
                parts.certs.append(CertRef(path=doc.path, page=page.page, stack_index=index,
                                           fields=page.certificate))
            elif page.kind == "annual_list" and page.annual_list is not None:
                parts.lists.append(ListPage(path=doc.path, page=page.page, stack_index=index,
                                            annual_list=page.annual_list))
            elif page.kind == "registration_form" and page.registration_form and parts.form is None:
                parts.form = page.registration_form
            index += 1
    return parts


def audit_bundle(reading: BundleReading, *, store, policy, audit_year: int | None = None,
                 timings: dict[str, float] | None = None) -> ApplicantFindings:
    """Resolve, match, order-check, seal-check and apply the policy to one read bundle."""
    from pipeline.match import match_certificates
    from pipeline.order import check_order
    from pipeline.resolve import resolve_applicant
    from pipeline.rules import decide_verdict, evaluate
    from pipeline.seals.check import stamp_flags
    from pipeline.seals.settle import settle_authorities
    from pipeline.verify import verify_certificates, verify_lists

    clock = _Clock(timings)
    parts = split_bundle(reading)
    flags = list(parts.flags)
    with clock("vocabulary"):
        organizers = store.organizers()
        # seals whose text names a listed organizer are its seals, whatever their shape (pipeline/seals/settle.py)
        settle_authorities((cert.fields for cert in parts.certs), organizers)
        snap_organizers((cert.fields for cert in parts.certs), organizers)

    with clock("resolve"):
        resolution = resolve_applicant(
            applicant_key=reading.applicant_key, form=parts.form,
            cert_names=[c.fields.name for c in parts.certs if c.fields.name], store=store)
    person = resolution.person
    records = store.credits_for(person.id_number) if person else []
    list_years = sorted({y for lp in parts.lists for y in lp.annual_list.years})
    years = policy.window_years(person=person, list_years=list_years, audit_year=audit_year)

    matches: dict = {}
    copies: dict = {}  # a certificate's second copy -> the first
    with clock("match"):
        if person is not None:
            outcome = match_certificates(parts.certs, records, needs_certificate=policy.needs_certificate,
                                         years=set(years))
            matches = outcome.matches
            copies = outcome.duplicates
            flags += outcome.flags
        else:
            flags.append(Flag(code="APPLICANT_UNRESOLVED", message=f"无法确定申请人：{resolution.reason}"))
    with clock("verify"):  # after FIELD_MISMATCH, which is decided on the reading alone
        verify_certificates(parts.certs, matches, records, person, copies=copies)
        verify_lists(parts.lists, records)
        settle_authorities((cert.fields for cert in parts.certs), organizers, only_unknown=True)
    with clock("order"):
        unread = [(f.path, f.page) for f in flags if f.code == "CERT_UNREAD" and f.record_id is None and f.path]
        flags += check_order(certs=parts.certs, lists=parts.lists, records=records,
                             matches=matches, years=years, exclude=set(copies), unread=unread)
    with clock("stamps"):
        # a page of which nothing could be read may be no certificate (a list scan): no claim about its seals;
        # its CERT_UNREAD already sends the reviewer to it
        flags += [f for f in stamp_flags(parts.certs, policy)
                  if not (f.code in NO_SEAL_CODES and (f.path, f.page) in unread)]
    for flag in flags:
        flag.severity = policy.severity(flag.code)
    from pipeline.evidence import annotate_flags  # flag_id, evidence_hash, evidence (docs/evidence.md)

    annotate_flags(reading.applicant_key, flags, certs=parts.certs, lists=parts.lists, records=records,
                   matches=matches, documents=reading.documents, policy=policy)

    with clock("rules"):
        if person is not None:
            doubtful = {f.record_id: f.code for f in flags if f.record_id and f.code in DOUBT_CODES}
            rules = evaluate(person, records, policy, years=years, doubtful=doubtful)
        else:
            rules = unresolved_rules(policy, resolution.reason)
        verdict = decide_verdict(rules, flags, policy)

    return ApplicantFindings(
        applicant_key=reading.applicant_key,
        id_number=person.id_number if person else None,
        name=person.name if person else None,
        unit=person.unit if person else _folder_unit(reading.applicant_key),
        documents=[_document_finding(doc, matches) for doc in reading.documents],
        flags=sorted(flags, key=_flag_order),
        rules=rules,
        verdict=verdict,
        window_years=years,
    )


def _folder_unit(applicant_key: str) -> str | None:
    """For an unresolved bundle, the unit folder it was handed in under (for per-unit rates)."""
    return applicant_key.rsplit("/", 1)[0] if "/" in applicant_key else None


def unresolved_rules(policy, reason: str) -> list[RuleResult]:
    """Every rule of the policy, doubtful: without a person there is nothing to count."""
    return [RuleResult(rule=rule.id, passed=False, doubtful=True, clause=rule.clause,
                       message=f"无法确定申请人，规则未能核验：{reason}",
                       doubt_reasons=["APPLICANT_UNRESOLVED"])
            for rule in policy.rules]


def _document_finding(doc, matches: dict) -> DocumentFinding:
    pages = []
    for page in doc.pages:
        match = matches.get((doc.path, page.page))
        extra = {"rotation": page.rotation, "source": page.source, "engine": page.engine,
                 "kind_confidence": round(page.confidence, 3)}
        if page.note:
            extra["note"] = page.note
        if match is not None and getattr(match, "evidence", None):
            extra["verification"] = match.evidence  # record values found on the page (pipeline/match.py)
        if page.annual_list is not None:
            extra["annual_list"] = page.annual_list.model_dump(mode="json")
        if page.registration_form is not None:
            extra["registration_form"] = page.registration_form.model_dump(mode="json")
        pages.append(PageFinding(
            page=page.page, kind=page.kind,
            certificate=page.certificate if page.kind == "certificate" else None,
            matched_record_id=match.record_id if match else None,
            match_score=round(match.score, 4) if match else None,
            **extra,
        ))
    extra_doc = {"error": doc.error} if doc.error else {}
    return DocumentFinding(path=doc.path, pages=pages, sha256=doc.sha256, **extra_doc)


def _flag_order(flag: Flag) -> tuple:
    return (flag.path or "", flag.page or 0, flag.code)


class _Clock:
    def __init__(self, sink: dict[str, float] | None):
        self.sink = sink

    def __call__(self, stage: str) -> _Clock:
        self.stage = stage
        return self

    def __enter__(self) -> None:
        self.started = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        if self.sink is not None:
            self.sink[self.stage] = self.sink.get(self.stage, 0.0) + time.perf_counter() - self.started


# ------------------------------------------------------------------------ a run


@dataclass
class RunResult:
    findings: Findings
    pages: int
    seconds: float
    stage_seconds: dict[str, float]
    pages_read: int
    pages_cached: int
    findings_path: Path | None = None
    report_path: Path | None = None
    readings: list[BundleReading] = field(default_factory=list)


def open_store(records: Path | None, db_url: str | None, out: Path | None):
    """The record store: ``db_url`` or an SQLite file beside the outputs; import ``records`` into it."""
    from pipeline.records.load import load_export
    from pipeline.records.store import RecordStore

    if db_url is None:
        base = out if out is not None else home_dir()
        base.mkdir(parents=True, exist_ok=True)
        db_url = f"sqlite:///{(base / 'cme-audit.sqlite').resolve()}"
    store = RecordStore(db_url)
    if records is not None:
        store.import_export(load_export(Path(records)), who=f"cme-audit run ({Path(records).name})")
    return store


def make_cache(engine: str | None, cache_dir: Path | None, *, enabled: bool = True) -> ReadingCache | None:
    if not enabled:
        return None
    from pipeline.ocr.registry import get_engine

    eng = get_engine(engine)
    return ReadingCache(cache_dir or home_dir(), reading_fingerprint(eng.name, eng.version))


def read_bundle(spec: BundleSpec, root: Path, *, engine: str | None, pool: PagePool,
                cache: ReadingCache | None, stats: ReadStats | None = None,
                on_pages: Callable[[int], None] | None = None) -> BundleReading:
    files = [(path, spec.rel(root, path)) for path in spec.files]
    documents = read_documents(files, engine=engine, pool=pool, cache=cache, stats=stats, on_pages=on_pages)
    # links out of the tree, unsupported types: listed with the reason, never opened (pipeline/discover.py)
    documents += [DocumentReading(path=spec.rel(root, r.path), error=r.reason) for r in spec.rejected]
    return BundleReading(applicant_key=spec.applicant_key, documents=documents)


def build_findings(applicants: list[ApplicantFindings], policy) -> Findings:
    from pipeline.check import unit_pass_rates

    return Findings(
        policy=policy.name, policy_sha256=policy.sha256,
        generated_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        tool_version=__version__, applicants=applicants,
        units=unit_pass_rates(applicants, policy),
    )


@one_run_per_out  # OUT/.cme-audit.lock: a second run on the same output folder refuses (pipeline/runlock.py)
def run_audit(submissions: Path, *, records: Path | None, policy: str, out: Path,
              engine: str | None = None, workers: int = 2, db_url: str | None = None,
              cache_dir: Path | None = None, use_cache: bool = True, audit_year: int | None = None,
              recycle_after: int = 200, progress: Callable[[int, int], None] | None = None,
              write: bool = True, show_id: bool = False,
              on_pages: Callable[[int], None] | None = None) -> RunResult:
    """``cme-audit run``: audit every bundle under ``submissions``; write findings + report to ``out``.

    ``show_id``: print ID numbers whole in the reviewer outputs (default masked, ``pipeline/privacy.py``).
    ``on_pages(n)``: called with 1 as each page is read, and with n as a cached document's n pages are taken.
    """
    from pipeline.rules import load_policy

    started = time.perf_counter()
    started_at = dt.datetime.now(dt.timezone.utc)
    submissions, out = Path(submissions), Path(out)
    pol = load_policy(policy)
    out.mkdir(parents=True, exist_ok=True)
    records_sha = export_hashes(Path(records)) if records is not None else {}  # checked again before writing
    store = open_store(records, db_url, out)
    bundles = discover_bundles(submissions)
    cache = make_cache(engine, cache_dir, enabled=use_cache)
    stats = ReadStats()
    applicants, readings = [], []

    def read(spec: BundleSpec) -> tuple[BundleReading, ReadStats]:
        own = ReadStats()  # each bundle's own counts, added to the run's in this thread
        return read_bundle(spec, submissions, engine=engine, pool=pool, cache=cache, stats=own,
                           on_pages=on_pages), own

    # the pool exits first (an error aborts its pages), then the read-ahead threads end
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="cme-audit-read-ahead") as ahead, \
            PagePool(workers, recycle_after=recycle_after) as pool:
        for done, (spec, (reading, own)) in enumerate(read_ahead(bundles, read, ahead), start=1):
            stats.merge(own)
            readings.append(reading)
            applicants.append(audit_bundle(reading, store=store, policy=pol, audit_year=audit_year,
                                           timings=stats.stage_seconds))
            if progress:
                progress(done, len(bundles))
    findings = build_findings(applicants, pol)
    result = RunResult(findings=findings, pages=stats.pages_read + stats.pages_cached,
                       seconds=0.0, stage_seconds=stats.stage_seconds, pages_read=stats.pages_read,
                       pages_cached=stats.pages_cached, readings=readings)
    if write:
        from pipeline.outputs import write_outputs

        if records is not None:  # the export changed under the run: stop, rather than mix old and new
            check_unchanged(Path(records), records_sha)

        result.findings_path, result.report_path = write_outputs(
            findings, out, show_id=show_id, readings=readings, cache_root=(cache_dir or home_dir()) if use_cache else None,
            records=store, policy=pol, db_url=db_url)
    result.seconds = time.perf_counter() - started
    if write:
        from pipeline.records.runs import RunStats, record_run

        record_run(db_url, RunStats(
            kind="audit", started_at=started_at, finished_at=dt.datetime.now(dt.timezone.utc),
            pages=result.pages, pages_read=result.pages_read, pages_cached=result.pages_cached,
            findings_path=str(result.findings_path), records_source=str(records) if records else None,
            submissions=str(submissions.resolve())), findings)
    return result

