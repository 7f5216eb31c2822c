"""The ``cme-audit`` command: parses, calls the library, prints. No audit logic here."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from pipeline.errors import CmeAuditError

app = typer.Typer(
    help="cme-audit: audit continuing-medical-education (继续医学教育) credit bundles.\n\n"
         "Reads scanned certificates, annual credit lists and registration forms, matches them "
         "to the credit-system records, checks seals and stack order, and applies a region's policy.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)
policies_app = typer.Typer(help="List the shipped policies, or show one rule by rule with its clause.",
                           invoke_without_command=True)
records_app = typer.Typer(help="Manage the credit-system record store (import exports, keep history).",
                          no_args_is_help=True)
app.add_typer(policies_app, name="policies")
app.add_typer(records_app, name="records")

RUNNER_GROUP = "cme_audit.runners"
console = Console(stderr=True)
out_console = Console(soft_wrap=True)  # summary lines stay whole when piped

PolicyOpt = Annotated[str, typer.Option("--policy", "-p", help="A shipped policy name (see `cme-audit policies`) or a path to a policy YAML file.")]
RecordsOpt = Annotated[Path, typer.Option("--records", "-r", help="Records export: a folder with persons.csv + credits.csv, or an .xlsx with sheets persons/credits.")]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Output folder: findings.json, report.html, findings.xlsx.")]
DbOpt = Annotated[Optional[str], typer.Option("--db", help="SQLAlchemy URL of the record store (default: SQLite file in the output folder, or $CME_AUDIT_DB).")]
YearOpt = Annotated[Optional[int], typer.Option("--year", help="Audited year, or the window's last year where the policy does not fix it.")]
ShowIdOpt = Annotated[bool, typer.Option("--show-id", help="Print ID numbers (身份证号) whole in the report, summaries, forms and log lines; by default they are masked (330302********1234). findings.json always keeps them whole.")]


def _fail(exc: BaseException, code: int = 2) -> None:
    console.print(f"cme-audit: {exc}", style="bold red", highlight=False, markup=False)
    raise typer.Exit(code)


def _setup_logging(verbose: bool, *, show_id: bool = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not show_id:
        from pipeline.privacy import install_log_masking

        install_log_masking()


def _flow_runner():  # noqa: ANN202
    """The Prefect audit flow, found by its entry point (``cme_audit.runners`` in pyproject.toml).

    The library never imports ``flows/`` (flows call the library, not the other way round); the
    installed package names the flow that runs bundle tasks on a Dask cluster.
    """
    from importlib.metadata import entry_points

    found = entry_points(group=RUNNER_GROUP, name="prefect")
    if not found:
        raise CmeAuditError(f"--dask needs the Prefect audit flow, registered as entry point "
                            f"{RUNNER_GROUP}:prefect; reinstall the package (pip install -e .)")
    return next(iter(found)).load()


@app.command()
def run(
    submissions: Annotated[Path, typer.Argument(help="Submissions folder: <unit>/<applicant>/ files (PDF, JPG, PNG, TIFF).")],
    records: RecordsOpt,
    policy: PolicyOpt,
    out: OutOpt,
    ocr_engine: Annotated[Optional[str], typer.Option("--ocr-engine", help="OCR engine: rapidocr, tesseract or baseline (default: the evaluated best).")] = None,
    workers: Annotated[int, typer.Option("--workers", "-j", min=1, help="Reader processes for pages, each memory- and time-limited (pipeline/config/limits.yaml); pages are never read in this process.")] = 2,
    db: DbOpt = None,
    cache_dir: Annotated[Optional[Path], typer.Option("--cache-dir", help="Reading cache folder (default $CME_AUDIT_HOME or ~/.cache/cme-audit).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Read every document again, ignoring and not writing the cache.")] = False,
    year: YearOpt = None,
    dask: Annotated[Optional[str], typer.Option("--dask", help="Run bundle tasks on a Dask cluster via Prefect: a scheduler address tcp://host:port, or 'local'.")] = None,
    show_id: ShowIdOpt = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Audit every applicant bundle in SUBMISSIONS; write OUT/findings.json and a reviewer report.

    Exit status 0 when the run completed, whatever it found; non-zero only when the run itself
    could not be done (bad arguments, unreadable records, unknown policy).
    """
    _setup_logging(verbose, show_id=show_id)
    db = db or os.environ.get("CME_AUDIT_DB")
    try:
        if dask:
            audit_flow = _flow_runner()
            audit_flow(str(submissions), records=str(records), policy=policy, out=str(out),
                       engine=ocr_engine, db_url=db, dask=dask, audit_year=year, workers=workers,
                       cache_dir=str(cache_dir) if cache_dir else None)
            findings_path = out / "findings.json"
            result = None
        else:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn,
                                       TextColumn, TimeElapsedColumn, TimeRemainingColumn)

            from pipeline.audit import run_audit
            from pipeline.progress import count_pages

            with Progress(TextColumn("[bold]reading pages"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                          TextColumn("bundle {task.fields[bundles]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                          console=console, transient=False) as bar:
                task = bar.add_task("pages", total=count_pages(submissions), bundles="0")

                def progress(done: int, total: int) -> None:
                    bar.update(task, bundles=f"{done}/{total}")

                def pages_done(n: int) -> None:
                    bar.advance(task, n)

                result = run_audit(submissions, records=records, policy=policy, out=out,
                                   engine=ocr_engine, workers=workers, db_url=db, cache_dir=cache_dir,
                                   use_cache=not no_cache, audit_year=year, progress=progress,
                                   show_id=show_id, on_pages=pages_done)
            findings_path = result.findings_path
    except (CmeAuditError, FileNotFoundError, NotADirectoryError) as exc:
        _fail(exc)
        return
    if result is not None:
        verdicts = {v: sum(a.verdict == v for a in result.findings.applicants)
                    for v in ("pass", "fail", "needs_review")}
        out_console.print(
            f"{len(result.findings.applicants)} bundles, {result.pages} pages "
            f"({result.pages_read} read, {result.pages_cached} from cache) in {result.seconds:.1f}s: "
            f"{verdicts['pass']} pass, {verdicts['fail']} fail, {verdicts['needs_review']} needs review")
        if result.report_path:
            out_console.print(f"report:   {result.report_path}")
        _print_closing_table(result)
    out_console.print(f"findings: {findings_path}")


def _print_closing_table(result) -> None:
    """Applicants per verdict, flags per code, pages per second (pipeline/progress.py)."""
    from rich.table import Table

    from pipeline.progress import closing_figures
    from pipeline.report.view import load_report_config

    labels = load_report_config()
    fig = closing_figures(result.findings, pages=result.pages, seconds=result.seconds)
    table = Table(title="run summary / 审核汇总", show_header=False)
    table.add_column("", style="bold")
    table.add_column("", justify="right")
    for verdict, n in fig.verdicts.items():
        table.add_row(f"{labels['verdicts'].get(verdict, verdict)} ({verdict})", str(n))
    table.add_section()
    for code, n in fig.flags.items():
        table.add_row(f"{labels['flags'].get(code, code)} ({code})", str(n))
    if not fig.flags:
        table.add_row("未发现问题 (no flags)", "0")
    table.add_section()
    table.add_row("pages / 页", str(fig.pages))
    table.add_row("pages per second / 页每秒", f"{fig.pages_per_second:.2f}")
    out_console.print(table)


@app.command()
def check(
    records: RecordsOpt,
    policy: PolicyOpt,
    out: OutOpt,
    year: YearOpt = None,
    show_id: ShowIdOpt = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Records-only audit (Yunnan, Shanghai): apply the policy to every person in the records, no documents."""
    _setup_logging(verbose, show_id=show_id)
    try:
        from pipeline.check import run_check
        from pipeline.outputs import write_outputs
        from pipeline.records.load import load_export
        from pipeline.rules import load_policy

        from pipeline.forms import ExportRecords

        export, pol = load_export(records), load_policy(policy)
        findings = run_check(export, pol, year=year)
        from pipeline.runlock import run_lock

        with run_lock(out):  # one writer per output folder, as for `run` (pipeline/runlock.py)
            findings_path, report_path = write_outputs(findings, out, show_id=show_id,
                                                       records=ExportRecords(export), policy=pol)
    except (CmeAuditError, FileNotFoundError) as exc:
        _fail(exc)
        return
    verdicts = {v: sum(a.verdict == v for a in findings.applicants) for v in ("pass", "fail", "needs_review")}
    out_console.print(f"{len(findings.applicants)} persons: {verdicts['pass']} pass, {verdicts['fail']} fail, "
                      f"{verdicts['needs_review']} needs review")
    out_console.print(f"findings: {findings_path}")
    if report_path:
        out_console.print(f"report:   {report_path}")


@policies_app.callback()
def policies(ctx: typer.Context) -> None:
    """List the shipped policies."""
    if ctx.invoked_subcommand is not None:
        return
    from rich.table import Table

    from pipeline.rules import list_policies

    table = Table("name", "title", "rules", "source")
    for pol in list_policies():
        table.add_row(pol.name, pol.title, str(len(pol.rules)), str(getattr(pol, "source", "")))
    out_console.print(table)


@policies_app.command("show")
def policies_show(name: Annotated[str, typer.Argument(help="Policy name or path to a policy file.")]) -> None:
    """Print every rule of a policy with the clause of the notice it enforces."""
    try:
        from pipeline.rules import describe_policy, load_policy

        out_console.print(describe_policy(load_policy(name)), markup=False, highlight=False)
    except CmeAuditError as exc:
        _fail(exc)


@records_app.command("import")
def records_import(
    records: Annotated[Path, typer.Argument(help="Records export folder (persons.csv, credits.csv) or .xlsx.")],
    db: DbOpt = None,
) -> None:
    """Import an export into the store in one transaction; changed records are updated with history."""
    from pipeline.cache import home_dir

    try:
        from pipeline.records import import_records

        url = db or os.environ.get("CME_AUDIT_DB")
        if url is None:
            home_dir().mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{(home_dir() / 'cme-audit.sqlite').resolve()}"
        report = import_records(records, url)
    except (CmeAuditError, FileNotFoundError) as exc:
        _fail(exc)
        return
    out_console.print(str(report))


@app.command("eval")
def eval_(
    truth: Annotated[Path, typer.Option("--truth", help="truth.json written by the samples generator.")],
    findings: Annotated[Path, typer.Option("--findings", help="findings.json of a run on the same set.")],
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Where to write the figures as JSON (default: eval.json beside the findings).")] = None,
) -> None:
    """Measure a run against ground truth: page kinds, fields, seals, matching, flags, verdicts."""
    try:
        from pipeline.eval_render import render_markdown
        from pipeline.evaluate import main_eval

        target = json_out or findings.parent / "eval.json"
        report = main_eval(truth, findings, target)
    except (CmeAuditError, FileNotFoundError, ValueError) as exc:
        _fail(exc)
        return
    out_console.print(render_markdown(report), markup=False, highlight=False)
    out_console.print(f"figures: {target}")


@app.command()
def runs(
    db: DbOpt = None,
    limit: Annotated[int, typer.Option("--limit", help="How many recent runs to show.")] = 20,
) -> None:
    """Show the history of audit and reconciliation runs kept in the store."""
    from rich.table import Table

    from pipeline.records.runs import list_runs

    table = Table("id", "kind", "started", "seconds", "bundles", "pass", "fail", "needs_review", "diff")
    for r in list_runs(db or os.environ.get("CME_AUDIT_DB"), limit=limit):
        table.add_row(str(r.id), r.kind, r.started_at, f"{r.seconds:.1f}", str(r.bundles), str(r.passed),
                      str(r.failed), str(r.needs_review), r.diff_path or "")
    out_console.print(table)


@app.command()
def review(
    out: Annotated[Path, typer.Argument(help="Output folder of `cme-audit run` (findings.json, evidence/).")],
    db: Annotated[Optional[str], typer.Option("--db", help="SQLAlchemy URL of the store holding the decisions (default: $CME_AUDIT_DB, else OUT/cme-audit.sqlite or, for a nightly OUT_ROOT/<date>, OUT_ROOT/cme-audit.sqlite).")] = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8765,
    reviewer: Annotated[Optional[str], typer.Option("--reviewer", help="Name recorded with each decision (default: the login name; editable in the page).")] = None,
    show_id: Annotated[bool, typer.Option("--show-id", help="Show ID numbers (身份证号) whole; by default they are masked.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Start the review web app for OUT: a queue of applicants, evidence per flag, decisions kept in the store."""
    _setup_logging(verbose, show_id=show_id)
    try:
        from pipeline.review import serve

        out_console.print(f"review: http://{host}:{port}/  (Ctrl+C to stop)")
        serve(out, db_url=db, host=host, port=port, reviewer=reviewer, show_id=show_id)
    except (CmeAuditError, FileNotFoundError) as exc:
        _fail(exc)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
