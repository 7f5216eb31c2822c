"""Render an EvalReport as markdown tables (for the terminal, BENCH.md and reviews)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Sequence

if TYPE_CHECKING:
    from pipeline.eval_metrics import PRF
    from pipeline.evaluate import EvalReport


def fmt(value: Any) -> str:
    """A figure for a table cell: ratios to 3 decimals, None as n/a."""
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def md_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(fmt(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _prf_row(label: str, prf: PRF) -> list[Any]:
    return [label, prf.tp, prf.fp, prf.fn, prf.precision, prf.recall, prf.f1]


_PRF_HEADER = ["tp", "fp", "fn", "precision", "recall", "f1"]


def render_markdown(report: EvalReport) -> str:
    parts: list[str] = ["## Counts", md_table(["what", "n"], report.counts.items())]

    pk = report.page_kind
    rows = [["overall", pk["overall"]["n"], pk["overall"]["correct"], pk["overall"]["accuracy"]]]
    rows += [[f"scan {c}", v["n"], v["correct"], v["accuracy"]] for c, v in pk["by_colour"].items()]
    rows += [[f"design {d}", v["n"], v["correct"], v["accuracy"]] for d, v in pk["by_design"].items()]
    parts += ["## Page kind", md_table(["pages", "n", "correct", "accuracy"], rows)]
    predicted = sorted({p for row in pk["confusion"].values() for p in row})
    parts += ["Confusion (rows truth, columns predicted):",
              md_table(["truth \\ predicted", *predicted],
                       [[t, *(row.get(p, 0) for p in predicted)] for t, row in pk["confusion"].items()])]

    parts += ["## Certificate fields (over truth certificate pages)",
              md_table(["field", "n", "accuracy", "null rate", "wrong-value rate", "misclassified"],
                       [[f, v["n"], v["accuracy"], v["null_rate"], v["wrong_rate"], v["misclassified"]]
                        for f, v in report.certificate_fields.items()])]
    unaided = report.certificate_fields_unaided
    parts += ["The reading alone, before the verification against the records (pipeline/verify.py):",
              md_table(["field", "accuracy", "null rate", "wrong-value rate"],
                       [[f, v["accuracy"], v["null_rate"], v["wrong_rate"]] for f, v in unaided.items()])]

    lr = report.list_rows
    parts += ["## Annual-list rows (aligned by order; all of " + ", ".join(lr["fields"]) + ")",
              md_table(["pages", "rows", "exact", "accuracy", "exact any position", "extra rows", "years accuracy",
                        "accuracy, reading alone"],
                       [[lr["pages"], lr["rows"], lr["correct"], lr["accuracy"], lr["accuracy_any_position"],
                         lr["extra_rows"], lr["years_accuracy"], lr.get("accuracy_unaided")]])]

    seal_rows = [_prf_row(f"{kind} / {group}", prf)
                 for kind, groups in report.seals.items() for group, prf in groups.items()]
    parts += [f"## Seals (IoU >= {report.settings.get('seal_iou_min')})",
              md_table(["seal / scan", *_PRF_HEADER], seal_rows)]

    parts += ["## Record matching (truth certificate pages)",
              md_table(["", *_PRF_HEADER], [_prf_row("matched_record_id", report.record_match)]),
              f"Matches claimed on non-certificate pages: {report.matches_on_non_certificate_pages}"]

    flag_rows = [_prf_row(code, prf) for code, prf in report.flags.items()]
    flag_rows.append(_prf_row("all (micro)", report.flags_micro))
    parts += ["## Flags", md_table(["code", *_PRF_HEADER], flag_rows)]

    if report.by_family:
        names = list(next(iter(report.by_family.values()))["fields"])
        parts += ["## By design split and family (truth scan.family)",
                  md_table(["pages", "n", "page kind", *names, "list rows", "list row acc."],
                           [[g, v["pages"], v["page_kind"], *(v["fields"].get(f) for f in names),
                             v["list_rows"], v["list_row_accuracy"]] for g, v in report.by_family.items()])]

    ap = report.applicants
    parts += ["## Applicants",
              md_table(["", "n", "correct", "accuracy"],
                       [["resolution (id_number)", ap["resolution"]["n"], ap["resolution"]["correct"],
                         ap["resolution"]["accuracy"]],
                        ["verdict", ap["verdict"]["n"], ap["verdict"]["agree"], ap["verdict"]["accuracy"]]])]
    vc = ap["verdict"]["confusion"]
    predicted = sorted({p for row in vc.values() for p in row})
    parts += ["Verdict confusion (rows truth, columns predicted):",
              md_table(["truth \\ predicted", *predicted],
                       [[t, *(row.get(p, 0) for p in predicted)] for t, row in vc.items()])]
    return "\n\n".join(parts) + "\n"
