"""Nightly reconciliation, the pure part: what changed between two runs' findings.

``diff_findings`` compares two ``findings.json`` (models or dicts): verdicts that
changed, flags that appeared or were resolved (keyed like docs/truth.md, so a
flag that only changed its message is not a change), rules whose outcome
changed, and persons newly passing. ``write_diff`` writes ``diff.json`` and a
reviewer's ``diff.md``. ``newest_export`` picks the newest credit-system export
from a drop folder. No Prefect here: the flow in ``flows/reconcile.py`` only
sequences these.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from pipeline.atomic import atomic_write
from pipeline.errors import Problem, RecordsError
from pipeline.models import Findings
from pipeline.privacy import shown_id, shown_text
from pipeline.settings import load_yaml

log = logging.getLogger(__name__)

CONFIG_PATH = Path(__file__).resolve().parent / "config" / "reconcile.yaml"

# docs/truth.md "Flag keys": which fields identify a flag besides applicant and code
_PAGE_CODES = frozenset({"CERT_UNMATCHED", "FIELD_MISMATCH", "ORDER_MISMATCH", "STAMP_MISSING",
                         "CME_STAMP_MISSING", "DUPLICATE_CERT", "LIST_MIXED_YEARS", "PAGE_UNREADABLE",
                         "CERT_UNREAD"})
_KEY_FIELDS: dict[str, tuple[str, ...]] = {
    **{code: ("path", "page") for code in _PAGE_CODES},
    "RECORD_NO_CERT": ("record_id",),
    "LIST_MISSING": ("year",),
    "FILE_INVALID": ("path",),
    "APPLICANT_UNRESOLVED": (),
}
_OTHER_KEY_FIELDS = ("path", "page", "record_id", "year")  # codes beyond the contract's list


@lru_cache(maxsize=1)
def reconcile_config() -> dict[str, Any]:
    return load_yaml(CONFIG_PATH)


# ------------------------------------------------------------------- the diff


class VerdictChange(BaseModel):
    applicant_key: str
    id_number: str | None = None
    name: str | None = None
    before: str | None = None  # None: the applicant was not in the previous run
    after: str | None = None  # None: the applicant is gone from the current run


class FlagChange(BaseModel):
    applicant_key: str
    code: str
    severity: str | None = None
    path: str | None = None
    page: int | None = None
    record_id: str | None = None
    year: int | None = None
    message: str = ""

    def key(self) -> tuple:
        return flag_key(self.applicant_key, self.model_dump())


class RuleChange(BaseModel):
    applicant_key: str
    rule: str
    before: str | None = None  # passed / failed / doubtful, None when absent
    after: str | None = None
    value_before: float | str | None = None
    value_after: float | str | None = None


class ReviewedFlag(BaseModel):
    """A current flag with a reviewer's decision: still attached, or taken on evidence that changed."""

    applicant_key: str
    flag_id: str
    code: str | None = None
    path: str | None = None
    page: int | None = None
    record_id: str | None = None
    year: int | None = None
    message: str = ""
    decision: str
    reason: str = ""
    who: str = ""
    decided_at: str = ""
    decided_on: str | None = None  # the evidence_hash the decision was taken on
    evidence_hash: str | None = None  # the flag's evidence now


class Diff(BaseModel):
    policy: str | None = None
    previous_generated_at: str | None = None
    current_generated_at: str | None = None
    previous_applicants: int = 0
    current_applicants: int = 0
    verdict_changes: list[VerdictChange] = Field(default_factory=list)
    flags_appeared: list[FlagChange] = Field(default_factory=list)
    flags_resolved: list[FlagChange] = Field(default_factory=list)
    rule_changes: list[RuleChange] = Field(default_factory=list)
    newly_passing: list[str] = Field(default_factory=list)  # applicant keys
    # reviewers' decisions (pipeline/records/decisions.py): attached to an unchanged flag, or re-opened
    flags_decided: list[ReviewedFlag] = Field(default_factory=list)
    flags_reopened: list[ReviewedFlag] = Field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.verdict_changes or self.flags_appeared or self.flags_resolved or self.rule_changes)


def flag_key(applicant_key: str, flag: dict) -> tuple:
    """The identity of a flag for comparing runs (docs/truth.md), e.g. ``(a, "LIST_MISSING", 2021)``."""
    code = flag.get("code", "")
    fields = _KEY_FIELDS.get(code, _OTHER_KEY_FIELDS)
    return (applicant_key, code, *(flag.get(f) for f in fields))


def _as_dict(findings: Findings | dict | None) -> dict:
    if findings is None:
        return {"applicants": []}
    if isinstance(findings, Findings):
        return findings.to_json_dict()
    if isinstance(findings, dict):
        return findings
    raise TypeError(f"expected Findings or a findings.json dict, got {type(findings).__name__}")


def _rule_state(rule: dict) -> str:
    if rule.get("passed"):
        return "passed"
    return "doubtful" if rule.get("doubtful") else "failed"


def _flags_by_key(applicant: dict) -> dict[tuple, FlagChange]:
    key = applicant["applicant_key"]
    out: dict[tuple, FlagChange] = {}
    for flag in applicant.get("flags", []):
        change = FlagChange(applicant_key=key, **{f: flag.get(f) for f in
                                                  ("code", "severity", "path", "page", "record_id", "year")},
                            message=flag.get("message") or "")
        out.setdefault(change.key(), change)
    return out


def diff_findings(previous: Findings | dict | None, current: Findings | dict, *, decisions: Any = None) -> Diff:
    """What changed from ``previous`` to ``current`` (``previous`` None: everything is new).

    ``decisions``: a ``DecisionStore``; the current flags with a reviewer's decision are
    reported as decided (evidence unchanged) or re-opened (evidence changed since).
    """
    prev, cur = _as_dict(previous), _as_dict(current)
    before = {a["applicant_key"]: a for a in prev.get("applicants", [])}
    after = {a["applicant_key"]: a for a in cur.get("applicants", [])}
    diff = Diff(policy=cur.get("policy"), previous_generated_at=prev.get("generated_at"),
                current_generated_at=cur.get("generated_at"),
                previous_applicants=len(before), current_applicants=len(after))
    keys = list(after) + [k for k in before if k not in after]
    empty: dict = {"flags": [], "rules": []}
    for key in keys:
        a, b = before.get(key), after.get(key)
        v_before = a.get("verdict") if a else None
        v_after = b.get("verdict") if b else None
        who = b or a or {}
        if v_before != v_after:
            diff.verdict_changes.append(VerdictChange(applicant_key=key, id_number=who.get("id_number"),
                                                      name=who.get("name"), before=v_before, after=v_after))
            if v_after == "pass":
                diff.newly_passing.append(key)
        flags_a, flags_b = _flags_by_key(a or {**empty, "applicant_key": key}), \
            _flags_by_key(b or {**empty, "applicant_key": key})
        diff.flags_appeared += [f for k, f in flags_b.items() if k not in flags_a]
        diff.flags_resolved += [f for k, f in flags_a.items() if k not in flags_b]
        rules_a = {r["rule"]: r for r in (a or empty).get("rules", [])}
        rules_b = {r["rule"]: r for r in (b or empty).get("rules", [])}
        for rule in list(rules_b) + [r for r in rules_a if r not in rules_b]:
            ra, rb = rules_a.get(rule), rules_b.get(rule)
            sa = _rule_state(ra) if ra else None
            sb = _rule_state(rb) if rb else None
            if sa != sb:
                diff.rule_changes.append(RuleChange(
                    applicant_key=key, rule=rule, before=sa, after=sb,
                    value_before=ra.get("value") if ra else None, value_after=rb.get("value") if rb else None))
    if decisions is not None:
        from pipeline.records.decisions import review_summary

        reviewed = review_summary(decisions, cur)
        diff.flags_decided = [ReviewedFlag(**r) for r in reviewed["decided"]]
        diff.flags_reopened = [ReviewedFlag(**r) for r in reviewed["reopened"]]
    return diff


# ------------------------------------------------------------------ writing it


def write_diff(diff: Diff, out_dir: Path, date: dt.date | str, *, show_id: bool = False) -> Path:
    """Write ``out_dir/diff.json`` and ``out_dir/diff.md``; returns the JSON's path.

    ``diff.json`` keeps ID numbers whole (machine-readable, like findings.json); ``diff.md``
    masks them (``pipeline/privacy.py``) unless ``show_id``.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    day = date.isoformat() if isinstance(date, dt.date) else str(date)
    json_path = out_dir / "diff.json"
    payload = {"schema": "cme-audit/diff@1", "date": day, **diff.model_dump(mode="json")}
    atomic_write(json_path, json.dumps(payload, ensure_ascii=False, indent=2))
    atomic_write(out_dir / "diff.md", render_markdown(diff, day, show_id=show_id))
    log.info("wrote %s (%d verdict changes, %d flags appeared, %d resolved)", json_path,
             len(diff.verdict_changes), len(diff.flags_appeared), len(diff.flags_resolved))
    return json_path


def _cell(value: object) -> str:
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[object]], limit: int) -> list[str]:
    if not rows:
        return ["（无）", ""]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows[:limit]]
    if len(rows) > limit:
        lines.append(f"\n… 另有 {len(rows) - limit} 行，见 diff.json")
    return lines + [""]


def render_markdown(diff: Diff, day: str, *, show_id: bool = False) -> str:
    cfg = reconcile_config()
    limit = int(cfg["markdown_max_rows"])
    labels = cfg["verdict_labels"]

    def verdict(v: str | None) -> str:
        return f"{labels.get(v, v)} ({v})" if v else labels.get(None, "-")

    def text(value: object) -> object:  # an applicant key or message may hold an ID (`check` keys)
        return shown_text(value, show_id=show_id) if isinstance(value, str) else value

    lines = [f"# 学分核对差异 {day}", "",
             f"- 政策：{diff.policy or ''}",
             f"- 上次运行：{diff.previous_generated_at or '（无）'}，{diff.previous_applicants} 人",
             f"- 本次运行：{diff.current_generated_at or ''}，{diff.current_applicants} 人",
             (f"- 结论变化 {len(diff.verdict_changes)}，新通过 {len(diff.newly_passing)}，"
              f"新增问题 {len(diff.flags_appeared)}，已解决问题 {len(diff.flags_resolved)}"), ""]
    lines += ["## 结论变化 (verdicts changed)", ""]
    lines += _table(["申请人", "身份证号", "姓名", "之前", "现在"],
                    [[text(c.applicant_key), shown_id(c.id_number, show_id=show_id), c.name,
                      verdict(c.before), verdict(c.after)]
                     for c in diff.verdict_changes], limit)
    lines += ["## 新通过 (newly passing)", ""]
    lines += _table(["申请人"], [[text(k)] for k in diff.newly_passing], limit)
    for title, flags in (("新增问题 (flags appeared)", diff.flags_appeared),
                         ("已解决问题 (flags resolved)", diff.flags_resolved)):
        lines += [f"## {title}", ""]
        lines += _table(["申请人", "代码", "文件", "页", "记录", "年度", "说明"],
                        [[text(f.applicant_key), f.code, text(f.path), f.page, f.record_id, f.year, text(f.message)]
                         for f in flags], limit)
    decision_labels = cfg.get("decision_labels", {})
    for title, reviewed in (("重新打开的问题：证据已变更 (re-opened flags)", diff.flags_reopened),
                            ("已处理的问题 (decided flags)", diff.flags_decided)):
        lines += [f"## {title}", ""]
        lines += _table(["申请人", "代码", "文件", "页", "记录", "年度", "决定", "理由", "审核人", "时间"],
                        [[text(f.applicant_key), f.code, text(f.path), f.page, f.record_id, f.year,
                          decision_labels.get(f.decision, f.decision), text(f.reason), f.who, f.decided_at]
                         for f in reviewed], limit)
    lines += ["## 规则结果变化 (rules changed)", ""]
    lines += _table(["申请人", "规则", "之前", "现在", "之前数值", "现在数值"],
                    [[text(r.applicant_key), r.rule, r.before, r.after, r.value_before, r.value_after]
                     for r in diff.rule_changes], limit)
    return "\n".join(lines)


# ------------------------------------------------------------- the drop folder


def _name_date(name: str, patterns: list[str]) -> dt.date | None:
    for pattern in patterns:
        m = re.search(pattern, name)
        if m:
            try:
                return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
    return None


def export_candidates(drop_folder: Path) -> list[tuple[Path, float]]:
    """Every records export directly in ``drop_folder`` with its modification time."""
    cfg = reconcile_config()
    needed = list(cfg["export_folder_files"])
    suffixes = {s.lower() for s in cfg["export_workbook_suffixes"]}
    ignore = tuple(cfg["ignore_prefixes"])
    found: list[tuple[Path, float]] = []
    for entry in Path(drop_folder).iterdir():
        if entry.name.startswith(ignore):
            continue
        if entry.is_dir() and all((entry / n).is_file() for n in needed):
            found.append((entry, max((entry / n).stat().st_mtime for n in needed)))
        elif entry.is_file() and entry.suffix.lower() in suffixes:
            found.append((entry, entry.stat().st_mtime))
    return found


def newest_export(drop_folder: Path) -> Path:
    """The newest credit-system export in ``drop_folder`` (a persons.csv+credits.csv folder, or an .xlsx).

    When every candidate's name carries a date, the latest date wins (ties: newest
    modification time); otherwise the newest modification time wins.
    """
    drop_folder = Path(drop_folder)
    cfg = reconcile_config()
    if not drop_folder.is_dir():
        raise RecordsError([Problem(file=str(drop_folder), message="the drop folder does not exist or is "
                                    "not a folder; check the reconcile flow's drop_folder parameter")])
    candidates = export_candidates(drop_folder)
    if not candidates:
        raise RecordsError([Problem(file=str(drop_folder), message=(
            "no records export found: expected a subfolder holding "
            f"{' + '.join(cfg['export_folder_files'])}, or a workbook "
            f"({', '.join(cfg['export_workbook_suffixes'])}); put the credit system's export there"))])
    dates = {path: _name_date(path.name, list(cfg["name_date_patterns"])) for path, _ in candidates}
    if all(d is not None for d in dates.values()):
        best = max(candidates, key=lambda c: (dates[c[0]], c[1], c[0].name))
    else:
        best = max(candidates, key=lambda c: (c[1], c[0].name))
    log.info("newest export in %s: %s (of %d)", drop_folder, best[0].name, len(candidates))
    return best[0]
