"""The resource bounds of reading (``pipeline/config/limits.yaml``), typed.

One hostile file must not take a run down (issue 16): pages and images get a pixel budget decided
before anything is rendered or decoded (``pipeline/io/budget.py``), and every reader process an
address-space and a per-page time limit (``pipeline/readpool.py``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from pipeline.settings import load_yaml

LIMITS_PATH = Path(__file__).resolve().parent.parent / "config" / "limits.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PageLimits(_Strict):
    max_megapixels: float = Field(gt=0)
    max_side_px: int = Field(gt=0)
    max_upscale: float = Field(ge=1.0)
    min_keep_fraction: float = Field(gt=0, le=1)


class ImageLimits(_Strict):
    max_megapixels: float = Field(gt=0)


class DocumentLimits(_Strict):
    max_pages: int = Field(gt=0)


class WorkerLimits(_Strict):
    address_space_mb: int = Field(ge=0)  # 0 = no address-space limit
    page_seconds: float = Field(gt=0)
    attempts: int = Field(ge=1)


class Limits(_Strict):
    page: PageLimits
    image: ImageLimits
    document: DocumentLimits
    worker: WorkerLimits


@lru_cache(maxsize=1)
def limits() -> Limits:
    """The shipped limits (parsed once per process); a bad file raises ValueError naming it."""
    try:
        return Limits.model_validate(load_yaml(LIMITS_PATH))
    except ValueError as exc:
        raise ValueError(f"{LIMITS_PATH}: {exc}") from exc
