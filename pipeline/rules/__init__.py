"""Policies as data and the rule checker.

``load_policy`` / ``list_policies`` read ``pipeline/policies/*.yaml`` (or any policy
file by path) with ``extends:`` inheritance; ``evaluate`` applies a policy's rules
to one person's records; ``decide_verdict`` turns rule results and flags into a
verdict; ``describe_policy`` renders a policy for ``cme-audit policies show``.
"""

from __future__ import annotations

from pipeline.rules.describe import describe_policy, policy_rows
from pipeline.rules.engine import decide_verdict, evaluate
from pipeline.rules.kinds import KINDS
from pipeline.rules.loader import POLICIES_DIR, list_policies, load_policy, policy_names
from pipeline.rules.policy import Policy

__all__ = [
    "KINDS", "POLICIES_DIR", "Policy", "decide_verdict", "describe_policy", "evaluate",
    "list_policies", "load_policy", "policy_names", "policy_rows",
]
