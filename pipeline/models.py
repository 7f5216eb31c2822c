"""Typed data at every boundary of the pipeline.

Everything that crosses a module boundary is one of these models. Tool types
(pytesseract dicts, ``fitz.Page``, SQLAlchemy rows) never leave the module that
imports the tool. Pydantic models serialise to the JSON of findings.json, the
reading cache and truth files; ``PageImage`` is a plain dataclass because it
carries a numpy array and never leaves the process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

PageKind = Literal["certificate", "annual_list", "registration_form", "other", "unreadable"]
Category = Literal["I类国家级", "I类省级", "II类"]
Mode = Literal["面授", "远程"]
StampKind = Literal["organizer", "cme_office", "unknown"]
Severity = Literal["error", "warning", "info"]
Verdict = Literal["pass", "fail", "needs_review"]
BBox = tuple[float, float, float, float]

FLAG_CODES: tuple[str, ...] = (
    "CERT_UNMATCHED", "RECORD_NO_CERT", "FIELD_MISMATCH", "ORDER_MISMATCH",
    "STAMP_MISSING", "CME_STAMP_MISSING", "DUPLICATE_CERT", "LIST_MIXED_YEARS",
    "LIST_MISSING", "PAGE_UNREADABLE", "FILE_INVALID", "APPLICANT_UNRESOLVED",
    # beyond the contract: a certificate page read too sparsely to compare (pipeline/match.py)
    "CERT_UNREAD",
    # beyond the contract: the CME office seal the policy requires is not recognised, but a seal
    # whose authority could not be read may be it (pipeline/seals/check.py)
    "STAMP_AUTHORITY_UNREAD",
    # beyond the contract: the 落地章 names another province than the project's (policy seal_province)
    "STAMP_PROVINCE_MISMATCH",
    # beyond the contract: no seal found, but seal-coloured ink the detector could not call one
    # (pipeline/seals/ink.py): a review instead of STAMP_MISSING's "no seal at all"
    "STAMP_UNSURE",
)

CERT_FIELDS: tuple[str, ...] = (
    "name", "project_code", "project_title", "category", "credits",
    "date", "mode", "organizer", "certificate_no",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --------------------------------------------------------------------------- pages


@dataclass
class TextSpan:
    """A word or line from a PDF text layer, box in PDF points (top-left origin)."""

    text: str
    box: BBox


@dataclass
class PageImage:
    """One page of one document, ready for reading.

    ``image`` is BGR uint8 as the page is stored (no rotation applied), rendered
    at ``dpi``; 1 PDF point = dpi/72 pixels. ``text_layer`` holds the page's
    text spans when the PDF has a usable text layer, else None.
    """

    path: str  # document path relative to SUBMISSIONS, '/'-separated
    page: int  # 1-based
    image: np.ndarray | None
    dpi: float
    width_pt: float
    height_pt: float
    text_layer: list[TextSpan] | None = None
    content_hash: str = ""  # sha256 of the source file (caching)
    note: str | None = None  # set by ingest when the page was read downsampled (pipeline/io/budget.py)

    @property
    def px_per_pt(self) -> float:
        return self.dpi / 72.0


class Word(_Model):
    text: str
    conf: float = Field(ge=0.0, le=1.0)
    box: BBox  # pixels in the upright (rotation-corrected) image


class Line(_Model):
    text: str
    conf: float = Field(ge=0.0, le=1.0)
    box: BBox
    words: list[Word] = Field(default_factory=list)


class OcrResult(_Model):
    """An engine's reading of an image or region: lines of words with boxes."""

    engine: str
    engine_version: str
    width: int
    height: int
    lines: list[Line] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


# ------------------------------------------------------------------ page contents


class Seal(_Model):
    kind: StampKind
    bbox: BBox  # PDF points, [x0, y0, x1, y1], top-left origin of the stored page
    text: str | None = None  # ring text read, when any
    score: float = 1.0
    shape: Literal["round", "oval", "rect", "unknown"] = "unknown"
    # what the seal says (pipeline/seals/authority.py): the recogniser's confidence in ``text``,
    # P(cme_office) from its words (None when they name neither kind), the province it names
    text_confidence: float | None = None
    authority_score: float | None = None
    province: str | None = None
    # what decided ``kind``: its text, the shape prior, the credit system's organizer list (audit
    # stage), or nothing (``unknown``)
    kind_from: Literal["text", "shape", "organizer_list", "none"] = "none"


class CertificateFields(_Model):
    """Fields read from a certificate page; unread is None, never a guess."""

    name: str | None = None
    project_code: str | None = None
    project_title: str | None = None
    category: Category | None = None
    credits: float | None = None
    date: str | None = None  # ISO YYYY-MM-DD (first day of the activity)
    mode: Mode | None = None
    organizer: str | None = None
    certificate_no: str | None = None
    stamps: list[Seal] = Field(default_factory=list)
    # where no seal was found: boxes of seal-coloured ink of seal size the detector could not call a
    # seal (pipeline/seals/ink.py); STAMP_UNSURE rather than STAMP_MISSING then
    unsure_ink: list[BBox] = Field(default_factory=list)
    confidence: dict[str, float] = Field(default_factory=dict)  # per field, 0..1
    # Other readings of a field the page could not settle (the organizer's row re-read under a seal
    # printed as dark as the text), with their confidence: used only when one names a known organizer
    # (pipeline/vocabulary.py).
    alternatives: dict[str, list[tuple[str, float]]] = Field(default_factory=dict)
    # A value taken from a vocabulary instead of the characters read: field -> the text as read.
    read_as: dict[str, str | None] = Field(default_factory=dict)
    # Every value the page offers for a field, the chosen one first: {field: [{value, role, conf}]}
    # (pipeline/extract/candidates.py; roles: label, body, activity, date, issue, unknown, ...), and
    # the page's text, so matching can look for a record's value on the page (pipeline/match.py).
    candidates: dict[str, list[dict]] = Field(default_factory=dict)
    page_text: str | None = None
    # Fields whose value is the matched record's because the page's own text states it (pipeline/verify.py):
    # field -> where it was found; the characters as read are in ``read_as``.
    verified: dict[str, str] = Field(default_factory=dict)


class ListRow(_Model):
    """One row of a printed annual credit list (学分登记表 / 年度汇总清单)."""

    seq: int | None = None  # 序号
    date: str | None = None  # ISO
    project_code: str | None = None
    project_title: str | None = None
    category: Category | None = None
    credits: float | None = None
    mode: Mode | None = None
    # column -> the cell's text as read (``row``: the line's text when no header gave columns), so
    # checks after reading can look for a value in the cell that should print it
    cells: dict[str, str] = Field(default_factory=dict)
    # Fields set to the record this row prints, read within OCR slips of it (pipeline/verify.py):
    # field -> why; the characters as read are in ``read_as``.
    verified: dict[str, str] = Field(default_factory=dict)
    read_as: dict[str, str | None] = Field(default_factory=dict)


class AnnualList(_Model):
    years: list[int] = Field(default_factory=list)  # the year(s) the page covers
    name: str | None = None
    id_number: str | None = None
    rows: list[ListRow] = Field(default_factory=list)
    continued: bool = False  # a continuation page of the previous page's list


class RegistrationForm(_Model):
    """The registration summary form (学分登记汇总表): who, and totals per year."""

    name: str | None = None
    id_number: str | None = None
    unit: str | None = None
    totals: dict[int, float] = Field(default_factory=dict)  # year -> total credits


class PagePreview(_Model):
    """A small upright copy of a page, made when it was read, for the reviewer's evidence.

    Made in the reader process from the stored page image turned upright (``rotation``,
    ``skew`` as the reading found them) and scaled by ``scale`` (preview px per stored px),
    so a box in PDF points of the stored page maps onto it (``pipeline/evidence/preview.py``).
    ``data`` (the encoded image) travels only in memory: the reading cache writes it to a
    file beside the cached reading and keeps its name in ``file``.
    """

    format: Literal["webp", "jpeg", "png"] = "webp"
    width: int
    height: int
    scale: float  # preview px per stored px
    dpi: float  # of the stored page image
    stored_width: int
    stored_height: int
    rotation: int = 0
    skew: float = 0.0
    data: bytes | None = Field(default=None, exclude=True)
    file: str | None = None  # the image file beside the cached reading (absolute once loaded)


class PageReading(_Model):
    """What the reading stage made of one page."""

    page: int
    kind: PageKind
    rotation: int = 0  # degrees (0/90/180/270) the stored page was turned to be upright
    skew: float = 0.0  # degrees corrected after rotation
    source: Literal["ocr", "text_layer", "none"] = "ocr"
    engine: str | None = None
    confidence: float = 0.0  # confidence in `kind`
    certificate: CertificateFields | None = None
    annual_list: AnnualList | None = None
    registration_form: RegistrationForm | None = None
    note: str | None = None  # why unreadable / other diagnostics
    timings: dict[str, float] = Field(default_factory=dict)  # seconds per stage (load, prep, ocr, seals, extract)
    preview: PagePreview | None = None  # the page as the reviewer sees it (pipeline/evidence/)


class DocumentReading(_Model):
    path: str
    sha256: str = ""
    pages: list[PageReading] = Field(default_factory=list)
    error: str | None = None  # set when the file is invalid (FILE_INVALID)


class BundleReading(_Model):
    """Every document of one applicant folder, in stack order."""

    applicant_key: str
    documents: list[DocumentReading] = Field(default_factory=list)


# ----------------------------------------------------------------------- records


class Person(_Model):
    id_number: str
    name: str
    unit: str = ""
    unit_level: str = ""  # 省级 / 州市级 / 县级 / 乡镇 / 村
    title_level: str = ""  # 初级 / 中级 / 副高 / 正高
    specialty: str = ""
    discipline_code: str = ""  # e.g. 04-05
    early_promotion: bool = False
    covid_frontline: bool = False
    mandatory_training_passed: bool | None = None


class CreditRecord(_Model):
    record_id: str
    id_number: str
    name: str
    year: int
    project_code: str = ""
    project_title: str = ""
    category: Category
    credits: float
    date: dt.date
    mode: Mode = "面授"
    organizer: str = ""
    certificate_no: str | None = None
    entered_on: dt.date | None = None


# ---------------------------------------------------------------------- findings


EvidenceKind = Literal["page", "crop", "seal", "compare", "order", "candidates", "list"]


class Evidence(_Model):
    """One piece of what a flag rests on, for the reviewer (docs/evidence.md).

    ``path``: an image under ``OUT/evidence/`` (relative to OUT), or None when the
    evidence is data only (a comparison, a reason text) or no page image was kept.
    """

    kind: EvidenceKind
    path: str | None = None
    caption: str = ""
    data: dict = Field(default_factory=dict)


class Flag(_Model):
    code: str
    severity: Severity = "error"
    path: str | None = None
    page: int | None = None
    record_id: str | None = None
    year: int | None = None  # LIST_MISSING / LIST_MIXED_YEARS: the year concerned
    message: str = ""
    field: str | None = None  # FIELD_MISMATCH: which field
    expected: str | None = None  # the record's value / where it belongs
    found: str | None = None  # the certificate's value / where it is
    # docs/evidence.md: stable identity across runs, a hash of the facts it rests on, the evidence
    flag_id: str | None = None
    evidence_hash: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class RuleResult(_Model):
    rule: str
    passed: bool
    value: float | str | None = None
    threshold: float | str | None = None
    message: str = ""
    clause: str | None = None  # the notice's words this rule enforces
    doubtful: bool = False  # the input was not trustworthy (see reasons)
    doubt_reasons: list[str] = Field(default_factory=list)


class PageFinding(BaseModel):
    model_config = ConfigDict(extra="allow")

    page: int
    kind: PageKind
    certificate: CertificateFields | None = None
    matched_record_id: str | None = None
    match_score: float | None = None


class DocumentFinding(BaseModel):
    model_config = ConfigDict(extra="allow")

    path: str
    pages: list[PageFinding] = Field(default_factory=list)


class ApplicantFindings(BaseModel):
    model_config = ConfigDict(extra="allow")

    applicant_key: str
    id_number: str | None = None
    name: str | None = None
    unit: str | None = None
    documents: list[DocumentFinding] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    rules: list[RuleResult] = Field(default_factory=list)
    verdict: Verdict = "needs_review"


class Findings(BaseModel):
    model_config = ConfigDict(extra="allow")

    schema_: str = Field(default="cme-audit/findings@1", alias="schema")
    policy: str
    policy_sha256: str | None = None
    generated_at: str | None = None
    tool_version: str | None = None
    applicants: list[ApplicantFindings] = Field(default_factory=list)
    units: list[dict] = Field(default_factory=list)  # per-unit pass rates

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)


@dataclass
class CertRef:
    """A certificate in a bundle, for matching and ordering: where it is and what it says."""

    path: str
    page: int
    stack_index: int  # position of this page in the whole bundle's stack (0-based)
    fields: CertificateFields
    extra: dict = field(default_factory=dict)
