"""The resource bounds of reading (``pipeline/config/limits.yaml``), typed.

One hostile file must not take a run down (issue 16): pages and images get a pixel budget decided
before anything is rendered or decoded (``pipeline/io/budget.py``), and every reader process a
memory bound and a per-page time limit (``pipeline/readpool.py``). The memory bound has two parts:

- a kernel limit set in the reader, per ``worker.memory_bound``: the address space (RLIMIT_AS), or for
  a runtime that reserves far more address space than it uses (OpenVINO) private writable memory
  (RLIMIT_DATA) as a backstop against one huge allocation;
- a resident-set watchdog in the pool (``worker.rss_mb``, polled every ``rss_poll_seconds``): a reader
  whose resident memory (its own and its children's) passes the bound is killed and its page retried
  in a fresh reader. Resident memory is what a page really costs the machine, whatever a runtime
  maps and never touches, so this is the bound normal pages are sized against.
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

_BOUND_WORDS = {"address_space": "地址空间", "data": "私有可写内存"}


class WorkerLimits(_Strict):
    address_space_mb: int = Field(ge=0)  # 0 = no address-space limit
    data_mb: int = Field(default=0, ge=0)  # RLIMIT_DATA of readers bounded by "data"; 0 = none
    # RapidOCR runtime -> the bound its readers run under (others, e.g. tesseract: address_space)
    memory_bound: dict[str, MemoryBound] = Field(default_factory=dict)
    rss_mb: int = Field(default=0, ge=0)  # resident-set watchdog of every reader, MB; 0 = none
    rss_poll_seconds: float = Field(default=0.5, gt=0)
    recycle_after: int = Field(default=200, ge=1)  # pages per reader process before a fresh one
    # a reader resident above this after a page is replaced by a fresh one (not a failure); 0 = never
    recycle_rss_mb: int = Field(default=0, ge=0)
    page_seconds: float = Field(gt=0)
    attempts: int = Field(ge=1)

    def bound_for(self, runtime: str | None) -> MemoryBound:
        """The memory bound of a reader whose OCR runs on ``runtime`` (None: not RapidOCR)."""
        return self.memory_bound.get(runtime or "", "address_space")

    def bound_mb(self, runtime: str | None) -> int:
        return self.data_mb if self.bound_for(runtime) == "data" else self.address_space_mb

    def bound_words(self, runtime: str | None) -> str:
        """The bounds of a reader on ``runtime`` in a reviewer's note, e.g. ``常驻内存 2560 MB、私有可写内存 6144 MB``."""
        parts = [f"常驻内存 {self.rss_mb} MB"] if self.rss_mb else []
        if self.bound_mb(runtime):
            parts.append(f"{_BOUND_WORDS[self.bound_for(runtime)]} {self.bound_mb(runtime)} MB")
        return "、".join(parts) or "无"


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
