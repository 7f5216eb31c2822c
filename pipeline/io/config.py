"""The reading stage's tunables, from ``pipeline/config/reading.yaml``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CONFIG_PATH = Path(__file__).resolve().parent.parent / "config" / "reading.yaml"


@lru_cache(maxsize=1)
def reading_config() -> dict[str, Any]:
    """The parsed reading.yaml (cached; treat as read-only)."""
    with CONFIG_PATH.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{CONFIG_PATH}: expected a mapping of sections (ingest, preprocess, ...)")
    return data


def section(name: str) -> dict[str, Any]:
    """One section of reading.yaml, e.g. ``section("ingest")``."""
    cfg = reading_config()
    if name not in cfg:
        raise KeyError(f"{CONFIG_PATH}: missing section {name!r}")
    return cfg[name]
