"""The words certificates and lists print around their values (``ocr_models/vocab/labels.yaml``), loaded once."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pipeline.settings import load_yaml

VOCAB_PATH = Path(__file__).resolve().parents[2] / "ocr_models" / "vocab" / "labels.yaml"


@lru_cache(maxsize=1)
def vocab() -> dict:
    return load_yaml(VOCAB_PATH)
