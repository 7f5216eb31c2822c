"""The flows' tunables, from ``pipeline/config/flows.yaml``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pipeline
from pipeline.settings import load_yaml

CONFIG_PATH = Path(pipeline.__file__).resolve().parent / "config" / "flows.yaml"


@lru_cache(maxsize=1)
def flows_config() -> dict[str, Any]:
    data = load_yaml(CONFIG_PATH)
    missing = [k for k in ("retries", "dask", "nightly", "artifacts") if not isinstance(data, dict) or k not in data]
    if missing:
        raise ValueError(f"{CONFIG_PATH}: missing section(s) {', '.join(missing)}")
    return data
