"""Small, pure scoring primitives for the yardstick: ratios, P/R/F1, IoU, text equality.

Every ratio whose denominator is zero is ``None`` (rendered "n/a"), never 0 or 1,
so an empty category cannot pass for a perfect or a hopeless one.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Hashable, Iterable, Sequence

from pipeline.settings import load_yaml

CONFIG_PATH = Path(__file__).parent / "config" / "evaluate.yaml"

_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=4)
def load_eval_config(path: Path = CONFIG_PATH) -> dict[str, Any]:
    """The yardstick's tunables (pipeline/config/evaluate.yaml)."""
    return load_yaml(path)


def ratio(num: int | float, den: int | float) -> float | None:
    """num/den, or None when there is nothing to divide by."""
    return None if not den else num / den


@dataclass(frozen=True)
class PRF:
    """Counts of true positives, false positives and false negatives, with the rates."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_json(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


def multiset_prf(truth: Iterable[Hashable], predicted: Iterable[Hashable]) -> PRF:
    """P/R over multisets of keys: each truth key can be matched by one predicted key."""
    t, p = Counter(truth), Counter(predicted)
    tp = sum((t & p).values())
    return PRF(tp=tp, fp=sum(p.values()) - tp, fn=sum(t.values()) - tp)


def norm_text(value: Any) -> str | None:
    """Width-folded (NFKC: full width to half width), whitespace-free text; None stays None."""
    if value is None:
        return None
    text = unicodedata.normalize("NFKC", str(value))
    text = _WHITESPACE.sub("", text)
    return text or None


def to_number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(norm_text(value) or "")
    except ValueError:
        return None


def values_equal(truth: Any, predicted: Any, *, numeric: bool, tolerance: float) -> bool:
    """Equality after normalisation; two nulls are equal, a null and a value are not."""
    if numeric:
        a, b = to_number(truth), to_number(predicted)
        if a is None or b is None:
            return a is None and b is None and norm_text(truth) == norm_text(predicted)
        return abs(a - b) < tolerance
    return norm_text(truth) == norm_text(predicted)


def iou(a: Sequence[float], b: Sequence[float]) -> float:
    """Intersection over union of two [x0, y0, x1, y1] boxes (any corner order)."""
    ax0, ax1 = sorted((a[0], a[2]))
    ay0, ay1 = sorted((a[1], a[3]))
    bx0, bx1 = sorted((b[0], b[2]))
    by0, by1 = sorted((b[1], b[3]))
    iw = max(0.0, min(ax1, bx1) - max(ax0, bx0))
    ih = max(0.0, min(ay1, by1) - max(ay0, by0))
    inter = iw * ih
    union = (ax1 - ax0) * (ay1 - ay0) + (bx1 - bx0) * (by1 - by0) - inter
    return inter / union if union > 0 else 0.0


def greedy_box_matches(truth: Sequence[Sequence[float]], predicted: Sequence[Sequence[float]],
                       *, iou_min: float) -> int:
    """How many truth boxes are matched one-to-one by predicted ones (greedy, best IoU first)."""
    pairs = sorted(((iou(t, p), i, j) for i, t in enumerate(truth) for j, p in enumerate(predicted)),
                   reverse=True)
    used_t: set[int] = set()
    used_p: set[int] = set()
    for score, i, j in pairs:
        if score < iou_min:
            break
        if i in used_t or j in used_p:
            continue
        used_t.add(i)
        used_p.add(j)
    return len(used_t)
