"""Load policy YAML files: ``extends:`` inheritance, validation, every problem at once."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from pipeline.errors import PolicyError, Problem
from pipeline.rules.kinds import KINDS
from pipeline.rules.policy import Policy
from pipeline.rules.schema import PolicySpec, check_spec, problem, problems_from

log = logging.getLogger(__name__)

POLICIES_DIR = Path(__file__).resolve().parent.parent / "policies"
HINT = "Fix the listed keys in the policy file; `cme-audit policies show NAME` shows a valid policy."


def policy_names() -> list[str]:
    return sorted(p.stem for p in POLICIES_DIR.glob("*.yaml"))


def list_policies() -> list[Policy]:
    """Every policy shipped with the tool, by name."""
    return [load_policy(name) for name in policy_names()]


def load_policy(name_or_path: str | Path) -> Policy:
    """A shipped policy by name (``wenzhou-2023``) or a policy file by path.

    Raises PolicyError listing every problem with the file and key path.
    """
    path = _locate(str(name_or_path), base_dir=None)
    origins: dict[int, tuple[Path, int]] = {}
    raw = _resolve(path, chain=[], origins=origins)
    problems: list[Problem] = []
    drop = raw.get("drop_rules") or []
    if isinstance(drop, list) and isinstance(raw.get("rules"), list):
        ids = [r.get("id") for r in raw["rules"] if isinstance(r, dict)]
        for i, rule_id in enumerate(drop):
            if rule_id not in ids:
                problems.append(problem(str(path), f"drop_rules[{i}]",
                                        f"no inherited rule {rule_id!r} to drop; rule ids: {', '.join(map(str, ids))}"))
        raw["rules"] = [r for r in raw["rules"] if not (isinstance(r, dict) and r.get("id") in drop)]
    spec: PolicySpec | None = None
    try:
        spec = PolicySpec.model_validate(raw)
    except ValidationError as exc:
        problems += problems_from(exc, str(path))
    problems += _check_params_raw(raw, str(path))
    problems += check_spec(raw, str(path))
    if spec is not None and path.parent == POLICIES_DIR and spec.name != path.stem:
        problems.append(problem(str(path), "name",
                                f"a shipped policy's name must be its file name {path.stem!r}"))
    if problems or spec is None:
        raise PolicyError(_locate_rule_problems(problems, raw, origins), hint=HINT)
    params = {rule.id: KINDS[rule.kind].Params.model_validate(rule.params) for rule in spec.rules}
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, default=str)
    sha = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    log.debug("loaded policy %s (%s) from %s", spec.name, sha[:12], path)
    return Policy(spec=spec, sha256=sha, source_file=path, params=params)


def _locate(name_or_path: str, *, base_dir: Path | None) -> Path:
    candidates = []
    as_path = Path(name_or_path)
    if base_dir is not None and not as_path.is_absolute():
        candidates.append(base_dir / as_path)
        candidates.append(base_dir / f"{name_or_path}.yaml")
    candidates += [as_path, POLICIES_DIR / f"{name_or_path}.yaml"]
    for c in candidates:
        if c.is_file():
            return c.resolve()
    raise PolicyError([Problem(file=name_or_path, message="no such policy file or shipped policy")],
                      hint=f"Shipped policies: {', '.join(policy_names())}; or give a path to a .yaml file.")


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError([Problem(file=str(path), message=f"cannot read: {exc}")], hint=HINT) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Problem(file=str(path), row=mark.line + 1 if mark else None,
                        message=f"not valid YAML: {getattr(exc, 'problem', exc)}")
        raise PolicyError([where], hint=HINT) from exc
    if not isinstance(data, dict):
        raise PolicyError([Problem(file=str(path), message="a policy file must be a mapping of keys")],
                          hint=HINT)
    return data


def _resolve(path: Path, *, chain: list[Path], origins: dict[int, tuple[Path, int]]) -> dict:
    """The file's mapping with its ``extends:`` ancestors merged underneath."""
    if path in chain:
        cycle = " -> ".join(p.name for p in [*chain, path])
        raise PolicyError([problem(str(path), "extends", f"inheritance cycle {cycle}")], hint=HINT)
    data = _read(path)
    own_rules = data.get("rules")
    for i, rule in enumerate(own_rules if isinstance(own_rules, list) else []):
        origins[id(rule)] = (path, i)
    parent_name = data.pop("extends", None)
    if parent_name is None:
        return data
    if not isinstance(parent_name, str):
        raise PolicyError([problem(str(path), "extends", "must be a policy name or file path")], hint=HINT)
    parent = _resolve(_locate(parent_name, base_dir=path.parent), chain=[*chain, path], origins=origins)
    parent.pop("drop_rules", None)
    merged = merge(parent, data)
    merged["extends"] = parent_name
    return merged


def _locate_rule_problems(problems: list[Problem], raw: dict, origins: dict) -> list[Problem]:
    """Point ``rules[i]`` of the merged policy back at the file (and index) that wrote that rule."""
    merged = raw.get("rules")
    rules: list = merged if isinstance(merged, list) else []
    out = []
    for p in problems:
        m = re.match(r"rules\[(\d+)\]", p.message)
        if m and int(m.group(1)) < len(rules) and id(rules[int(m.group(1))]) in origins:
            file, index = origins[id(rules[int(m.group(1))])]
            p = Problem(file=str(file), message=f"rules[{index}]" + p.message[m.end():])
        out.append(p)
    return out


def merge(base: dict, child: dict) -> dict:
    """Child over base: mappings merge key by key, rules merge by id, anything else is replaced."""
    out = dict(base)
    for key, value in child.items():
        if key == "rules" and isinstance(value, list) and isinstance(base.get("rules"), list):
            out["rules"] = _merge_rules(base["rules"], value)
        elif isinstance(value, dict) and isinstance(base.get(key), dict):
            out[key] = merge(base[key], value)
        else:
            out[key] = value
    return out


def _merge_rules(base: list, child: list) -> list:
    rules = list(base)
    index = {r.get("id"): i for i, r in enumerate(rules) if isinstance(r, dict)}
    for rule in child:
        rule_id = rule.get("id") if isinstance(rule, dict) else None
        if rule_id in index:
            rules[index[rule_id]] = rule
        else:
            rules.append(rule)
    return rules


def _check_params_raw(raw: dict, file: str) -> list[Problem]:
    """Params problems of rules whose outer shape is valid, reported alongside schema errors."""
    problems: list[Problem] = []
    rules = raw.get("rules")
    if not isinstance(rules, list):
        return problems
    for i, rule in enumerate(rules):
        if not isinstance(rule, dict) or not isinstance(rule.get("params", {}), dict):
            continue
        kind = KINDS.get(str(rule.get("kind")))
        if kind is None:
            problems.append(problem(file, f"rules[{i}].kind",
                                    f"unknown rule kind {rule.get('kind')!r}; use one of {', '.join(sorted(KINDS))}"))
            continue
        try:
            kind.Params.model_validate(rule.get("params", {}))
        except ValidationError as exc:
            problems += problems_from(exc, file, prefix=f"rules[{i}].params")
    return problems
