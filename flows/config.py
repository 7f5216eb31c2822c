"""The flows' tunables, from ``pipeline/config/flows.yaml``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

import pipeline

CONFIG_PATH = Path(pipeline.__file__).resolve().parent / "config" / "flows.yaml"


@lru_cache(maxsize=1)
def flows_config() -> dict[str, Any]:
    with CONFIG_PATH.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    missing = [k for k in ("retries", "dask", "nightly", "artifacts") if not isinstance(data, dict) or k not in data]
    if missing:
        raise ValueError(f"{CONFIG_PATH}: missing section(s) {', '.join(missing)}")
    return data
