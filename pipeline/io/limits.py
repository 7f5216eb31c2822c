"""The resource bounds of reading (``pipeline/config/limits.yaml``), typed.

One hostile file must not take a run down (issue 16): pages and images get a pixel budget decided
before anything is rendered or decoded (``pipeline/io/budget.py``), and every reader process an
memory bound and a per-page time limit (``pipeline/readpool.py``): the address space (RLIMIT_AS), or
for a runtime that reserves far more address space than it uses (OpenVINO) its private writable
memory (RLIMIT_DATA), per ``worker.memory_bound``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from typing import Literal

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


MemoryBound = Literal["address_space", "data"]


class WorkerLimits(_Strict):
    address_space_mb: int = Field(ge=0)  # 0 = no address-space limit
    data_mb: int = Field(default=0, ge=0)  # RLIMIT_DATA of readers bounded by "data"; 0 = none
    # RapidOCR runtime -> the bound its readers run under (others, e.g. tesseract: address_space)
    memory_bound: dict[str, MemoryBound] = Field(default_factory=dict)
    page_seconds: float = Field(gt=0)
    attempts: int = Field(ge=1)

    def bound_for(self, runtime: str | None) -> MemoryBound:
        """The memory bound of a reader whose OCR runs on ``runtime`` (None: not RapidOCR)."""
        return self.memory_bound.get(runtime or "", "address_space")

    def bound_mb(self, runtime: str | None) -> int:
        return self.data_mb if self.bound_for(runtime) == "data" else self.address_space_mb


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
