"""The reading stage's tunables, from ``pipeline/config/reading.yaml``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.settings import load_yaml

CONFIG_PATH = Path(__file__).resolve().parent.parent / "config" / "reading.yaml"


@lru_cache(maxsize=1)
def reading_config() -> dict[str, Any]:
    """The parsed reading.yaml (cached; treat as read-only)."""
    return load_yaml(CONFIG_PATH)


def section(name: str) -> dict[str, Any]:
    """One section of reading.yaml, e.g. ``section("ingest")``."""
    cfg = reading_config()
    if name not in cfg:
        raise KeyError(f"{CONFIG_PATH}: missing section {name!r}")
    return cfg[name]
