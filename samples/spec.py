"""The plan of a generated set: what each page shows and how it is scanned.

The plan is complete before anything is drawn: truth.json is written from it,
and rendering only turns it into pixels. So a dry run (``--no-render``) and a
rendered run state the same truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from samples.seals import SealSpec


@dataclass
class ScanSpec:
    color: str = "color"  # color | grey | bw
    dpi: int = 200
    rotation: int = 0  # 0/90/180/270: degrees clockwise the stored page must be turned to be upright
    skew: float = 0.0  # degrees counter-clockwise applied after drawing
    text_layer: bool = False
    design: str = ""
    jpeg_quality: int = 80
    blur: float = 0.0
    noise: float = 0.0
    dark_edge: str | None = None  # left | right | top | bottom
    destroyed: bool = False  # PAGE_UNREADABLE by heavy degradation
    family: str | None = None  # design family (samples/families/); None under --families classic

    def truth(self) -> dict:
        out = {"color": self.color, "dpi": self.dpi, "rotation": self.rotation,
               "skew": round(self.skew, 2), "text_layer": self.text_layer, "design": self.design}
        if self.family is not None:  # classic truth stays byte-identical to before
            out["family"] = self.family
        return out


@dataclass
class PageSpec:
    kind: str  # certificate | annual_list | registration_form | other | unreadable
    design: str
    size_pt: tuple[float, float]
    scan: ScanSpec
    seed: int
    content: dict = field(default_factory=dict)  # what the renderer draws
    truth: dict | None = None  # certificate / annual_list / registration_form body (no stamps)
    seals: list[SealSpec] = field(default_factory=list)
    record_id: str | None = None
    flags: list[dict] = field(default_factory=list)  # page-level flags, path/page added on layout
    extra_truth: dict = field(default_factory=dict)  # page-entry truth beside the body (dates_printed)


@dataclass
class FileSpec:
    name: str
    fmt: str  # pdf | jpg | png | zero | truncated | textpdf
    pages: list[PageSpec] = field(default_factory=list)

    @property
    def invalid(self) -> bool:
        return self.fmt in ("zero", "truncated", "textpdf")
