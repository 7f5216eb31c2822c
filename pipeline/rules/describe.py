"""Plain-text views of policies for ``cme-audit policies`` and ``cme-audit policies show NAME``."""

from __future__ import annotations

import json

from pipeline.rules.kinds import KINDS
from pipeline.rules.policy import Policy
from pipeline.rules.schema import CATEGORIES, Exemption


def policy_rows(policies: list[Policy]) -> list[dict]:
    """One row per policy: name, title, rule count, source file (for a listing table)."""
    return [{"name": p.name, "title": p.title, "rules": len(p.rules), "source_file": str(p.source_file)}
            for p in policies]


def describe_policy(policy: Policy) -> str:
    """Every setting and every rule with the notice's clause it enforces."""
    spec = policy.spec
    w = spec.window
    lines = [
        f"{policy.name}  {policy.title}",
        f"  file: {policy.source_file}",
        f"  sha256: {policy.sha256}",
    ]
    if spec.extends:
        lines.append(f"  extends: {spec.extends}")
    if spec.source:
        lines.append(f"  notice: {spec.source}")
    window = f"{w.years} years"
    if w.early_promotion_years:
        window += f" ({w.early_promotion_years} for early promotion)"
    if w.last_year:
        window += f", ending {w.last_year}"
    if w.first_year:
        window += f", nothing before {w.first_year}"
    for year, span in sorted({**w.spans, **w.optional_years}.items()):
        optional = " optional" if year in w.optional_years else ""
        window += f"; {year}{optional}: {span.start or '…'} to {span.end or '…'}"
    lines += ["", f"Window: {window}"]
    if w.clause:
        lines.append(f"  clause: {w.clause}")
    lines += ["", "Seals required:"]
    lines += [f"  {c}: {', '.join(sorted(policy.required_seals(c), reverse=True)) or '(none)'}" for c in CATEGORIES]
    if spec.seals_clause:
        lines.append(f"  clause: {spec.seals_clause}")
    if spec.seal_province is not None:
        sp = spec.seal_province
        lines.append(f"  落地章 province: the organizer's, for {', '.join(sp.categories)} (STAMP_PROVINCE_MISMATCH)")
        if sp.clause:
            lines.append(f"  clause: {sp.clause}")
    certs = spec.certificates
    lines += ["", f"Certificates needed: {'all records' if certs.default else 'only records listed'}"]
    lines += [f"  require: {_filter_text(f)}" for f in certs.require]
    lines += [f"  exempt: {_filter_text(f)}" for f in certs.exempt]
    if certs.clause:
        lines.append(f"  clause: {certs.clause}")
    non_error = {code: sev for code, sev in spec.severities.items() if sev != "error"}
    lines += ["", "Flag severities: error unless " + (
        ", ".join(f"{c}={s}" for c, s in sorted(non_error.items())) or "(none)")]
    if spec.unit_pass_rate:
        lines += [f"Unit pass rate: >= {spec.unit_pass_rate.min:.0%}  ({spec.unit_pass_rate.clause})"]
    if spec.drop_rules:
        lines += [f"Inherited rules not applied: {', '.join(spec.drop_rules)}"]
    lines += ["", f"Rules ({len(spec.rules)}):"]
    for rule in spec.rules:
        kind_params = policy.params[rule.id]
        params = json.dumps(kind_params.model_dump(exclude_defaults=True, mode="json"), ensure_ascii=False)
        lines += [f"  {rule.id}  ({rule.kind}, {rule.severity})",
                  f"    clause: {rule.clause}",
                  f"    params: {params}"]
        explained = KINDS[rule.kind].explain(kind_params)
        if explained:
            lines.append(f"    requires: {explained}")
        lines += [f"    exempt: {_exemption_text(e)}" for e in rule.all_exemptions()]
        lines.append(f"    message: {rule.message}")
    return "\n".join(lines)


def _exemption_text(e: Exemption) -> str:
    """``免考年度 2020 (covid_frontline=是): label  [clause]``: what is left out of the rule, for whom."""
    years = "、".join(str(y) for y in e.years) if e.years is not None else "窗口内每一年"
    who = ", ".join(f"{k}={('是' if v else '否') if isinstance(v, bool) else '/'.join(v)}"
                    for k, v in e.when.items())
    rest = "，其余年度照常考核" if e.years is not None else ""
    text = f"免考年度 {years}" + (f" ({who})" if who else "") + f": {e.label}{rest}"
    return text + (f"  clause: {e.clause}" if e.clause else "")


def _filter_text(f) -> str:
    return json.dumps(f.model_dump(exclude_none=True, mode="json"), ensure_ascii=False)
