"""Load pipeline/config/seals.yaml (thresholds, word lists, model path)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import ocr_models
from pipeline.settings import load_yaml

CONFIG_PATH = Path(__file__).resolve().parent.parent / "config" / "seals.yaml"
MODELS_DIR = Path(ocr_models.__file__).resolve().parent


@lru_cache(maxsize=4)
def load_config(path: str | None = None) -> dict[str, Any]:
    return load_yaml(path or CONFIG_PATH)


def model_path(cfg: dict[str, Any] | None = None) -> Path:
    cfg = cfg or load_config()
    return MODELS_DIR / cfg["classifier"]["model"]
