"""Resolve + match + order on a generated set, inputs built from truth.json (slow: runs the generator)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

CODES = ("CERT_UNMATCHED", "FIELD_MISMATCH", "DUPLICATE_CERT", "RECORD_NO_CERT", "ORDER_MISMATCH",
         "LIST_MISSING", "LIST_MIXED_YEARS", "APPLICANT_UNRESOLVED")


@pytest.mark.parametrize(("profile", "noise", "drop"), [("realistic", 0.0, 0.0), ("harsh", 0.05, 0.1)])
def test_truth_derived_precision_recall(tmp_path: Path, profile: str, noise: float, drop: float) -> None:
    generate = pytest.importorskip("samples.generate", reason="the sample generator is not available")
    from benchmarks.records_bench import evaluate_truth

    generate.generate(tmp_path, seed=21, applicants=120, profile=profile, years=[2018, 2019, 2020, 2021, 2022],
                      render=False)
    rows = dict(evaluate_truth(tmp_path, noise=noise, drop=drop))
    assert rows["resolution correct / wrong"].endswith("/ 0")
    for name in ("record match", *CODES):
        p, r = (float(x) for x in re.match(r"([\d.]+) / ([\d.]+)", rows[f"{name} P / R"]).groups())  # type: ignore[union-attr]
        assert p >= 0.98 and r >= (0.995 if name == "record match" else 0.9), (name, rows[f"{name} P / R"])
