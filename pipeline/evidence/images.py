"""Cut each flag's evidence images from the page previews into ``OUT/evidence/``.

Runs after the audit, over the findings whose flags ``pipeline/evidence/facts.py``
annotated: it fills ``Evidence.path`` (relative to OUT) for every item it can draw.

- ``page``: the page's preview itself (``evidence/pages/<sha>-p<N>.jpg`` in the preview's format, shared by
  every flag on that page);
- ``seal``: the certificate with its seal boxes drawn (organizer red, 落地章 blue), or
  bare when none was found: where the 落地章 should be;
- ``crop``: one seal with a margin;
- ``order``: the year's certificates as stacked, side by side, moved ones framed red;
- ``list``: the annual-list pages found, side by side.

The previews come from the readings of this run (``PreviewSource.from_readings``) or
from the reading cache by the documents' content hash (``PreviewSource.from_cache``):
never from the documents themselves. A page without a preview keeps ``path`` None and
its caption says so.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from pipeline.evidence.preview import decode, encode, evidence_config, extension, preview_bytes, to_preview
from pipeline.models import BundleReading, Evidence, Findings, PagePreview

log = logging.getLogger(__name__)

EVIDENCE_DIR = "evidence"
_NO_IMAGE = "（未保留页面图像）"


class PreviewSource:
    """Page previews by (applicant key, document path, page)."""

    def __init__(self) -> None:
        self._by_page: dict[tuple[str, str, int], PagePreview] = {}
        self._sha: dict[tuple[str, str], str] = {}
        self._cache_dirs: list[Path] = []

    @classmethod
    def from_readings(cls, readings: Iterable[BundleReading], *, cache_root: Path | None = None) -> PreviewSource:
        source = cls.from_cache(cache_root) if cache_root is not None else cls()
        for bundle in readings:
            for doc in bundle.documents:
                for page in doc.pages:
                    if page.preview is not None:
                        source._by_page[(bundle.applicant_key, doc.path, page.page)] = page.preview
        return source

    @classmethod
    def from_cache(cls, cache_root: Path) -> PreviewSource:
        """Previews beside cached readings under ``cache_root/readings/<fingerprint>/`` (newest first)."""
        source = cls()
        base = Path(cache_root) / "readings"
        if base.is_dir():
            source._cache_dirs = sorted((d for d in base.iterdir() if d.is_dir()),
                                        key=lambda d: d.stat().st_mtime, reverse=True)
        return source

    def learn_documents(self, findings: Findings) -> None:
        for applicant in findings.applicants:
            for doc in applicant.documents:
                sha = getattr(doc, "sha256", None)
                if sha:
                    self._sha[(applicant.applicant_key, doc.path)] = sha

    def sha(self, applicant_key: str, path: str) -> str | None:
        return self._sha.get((applicant_key, path))

    def get(self, applicant_key: str, path: str, page: int) -> PagePreview | None:
        found = self._by_page.get((applicant_key, path, page))
        if found is not None:
            return found
        sha = self.sha(applicant_key, path)
        if not sha:
            return None
        for folder in self._cache_dirs:
            reading = folder / sha[:2] / f"{sha}.json"
            if not reading.is_file():
                continue
            from pipeline.models import DocumentReading

            try:
                doc = DocumentReading.model_validate_json(reading.read_text(encoding="utf-8"))
            except ValueError:
                continue
            for p in doc.pages:
                if p.preview is not None and p.preview.file:
                    p.preview.file = str(reading.parent / Path(p.preview.file).name)
                    self._by_page[(applicant_key, path, p.page)] = p.preview
            if (applicant_key, path, page) in self._by_page:
                return self._by_page[(applicant_key, path, page)]
        return None


class _Writer:
    def __init__(self, out: Path, source: PreviewSource):
        self.out = Path(out)
        self.dir = self.out / EVIDENCE_DIR
        self.source = source
        self.cfg = evidence_config()["images"]
        self.written: set[Path] = set()
        self._decoded: dict[tuple[str, str, int], np.ndarray | None] = {}

    # -- files
    def _save(self, name: str, image: np.ndarray) -> str:
        fmt = str(self.cfg["format"])
        rel = f"{EVIDENCE_DIR}/{name}{extension(fmt)}"
        target = self.out / rel
        if target not in self.written:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(encode(image, fmt, int(self.cfg["quality"])))
            self.written.add(target)
        return rel

    def _image(self, key: str, path: str, page: int) -> np.ndarray | None:
        k = (key, path, page)
        if k not in self._decoded:
            preview = self.source.get(key, path, page)
            self._decoded[k] = decode(preview) if preview is not None else None
        return self._decoded[k]

    def page(self, key: str, path: str, page: int) -> str | None:
        preview = self.source.get(key, path, page)
        data = preview_bytes(preview) if preview is not None else None
        if preview is None or data is None:
            return None
        sha = self.source.sha(key, path) or hashlib.sha256(f"{key}|{path}".encode()).hexdigest()
        rel = f"{EVIDENCE_DIR}/pages/{sha[:16]}-p{page}{extension(preview.format)}"
        target = self.out / rel
        if target not in self.written:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            self.written.add(target)
        return rel

    def forget_pages(self) -> None:
        self._decoded.clear()

    # -- drawings
    def _colour(self, kind: str) -> tuple[int, int, int]:
        return tuple(int(v) for v in self.cfg["colours"].get(kind, self.cfg["colours"]["unknown"]))  # type: ignore[return-value]

    def seal(self, key: str, flag_id: str, data: dict[str, Any]) -> str | None:
        image = self._image(key, data["path"], data["page"])
        preview = self.source.get(key, data["path"], data["page"])
        if image is None or preview is None:
            return None
        drawn = image.copy()
        for s in data.get("seals", []):
            x0, y0, x1, y1 = (int(round(v)) for v in to_preview(tuple(s["bbox"]), preview))
            cv2.rectangle(drawn, (x0, y0), (x1, y1), self._colour(s["kind"]), int(self.cfg["box_width_px"]))
        return self._save(f"{flag_id}-seal", drawn)

    def crop(self, key: str, flag_id: str, n: int, data: dict[str, Any]) -> str | None:
        image = self._image(key, data["path"], data["page"])
        preview = self.source.get(key, data["path"], data["page"])
        if image is None or preview is None:
            return None
        m = float(self.cfg["crop_margin_pt"])
        x0, y0, x1, y1 = data["bbox"]
        bx0, by0, bx1, by1 = to_preview((x0 - m, y0 - m, x1 + m, y1 + m), preview)
        h, w = image.shape[:2]
        bx0, by0 = max(int(bx0), 0), max(int(by0), 0)
        bx1, by1 = min(int(bx1) + 1, w), min(int(by1) + 1, h)
        if bx1 - bx0 < 2 or by1 - by0 < 2:
            return None
        piece = image[by0:by1, bx0:bx1]
        small = int(self.cfg["crop_min_px"])
        if piece.shape[0] < small or piece.shape[1] < small:
            piece = cv2.copyMakeBorder(piece, 0, max(small - piece.shape[0], 0), 0, max(small - piece.shape[1], 0),
                                       cv2.BORDER_CONSTANT, value=(255, 255, 255))
        return self._save(f"{flag_id}-crop{n}", piece)

    def montage(self, key: str, name: str, pages: list[tuple[str, int, str | None]]) -> str | None:
        """Pages side by side, each framed (``kind`` a colour name or None) and numbered."""
        height = int(self.cfg["thumb_height_px"])
        tiles = []
        for k, (path, page, frame) in enumerate(pages[: int(self.cfg["montage_max_pages"])]):
            image = self._image(key, path, page)
            if image is None:
                tile = np.full((height, int(height * 0.7), 3), 235, np.uint8)
            else:
                tile = cv2.resize(image, (max(int(image.shape[1] * height / image.shape[0]), 1), height),
                                  interpolation=cv2.INTER_AREA)
            width = int(self.cfg["box_width_px"]) * 2
            colour = self._colour(frame) if frame else (200, 200, 200)
            tile = cv2.copyMakeBorder(tile, width, width, width, width, cv2.BORDER_CONSTANT, value=colour)
            cv2.putText(tile, str(k + 1), (10, 34), cv2.FONT_HERSHEY_SIMPLEX, 1.0, colour, 3, cv2.LINE_AA)
            tiles.append(tile)
            tiles.append(np.full((tile.shape[0], 8, 3), 255, np.uint8))
        if not tiles:
            return None
        return self._save(name, np.hstack(tiles[:-1]))


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:16]


def write_evidence(findings: Findings, out: Path, source: PreviewSource) -> int:
    """Write the images of every flag's evidence under ``out/evidence/``; returns how many files."""
    source.learn_documents(findings)
    writer = _Writer(out, source)
    for applicant in findings.applicants:
        key = applicant.applicant_key
        for flag in applicant.flags:
            crops = 0
            for item in flag.evidence:
                item.path = _draw(writer, key, flag.flag_id or _digest((key, flag.code)), item, crops)
                crops += item.kind == "crop"
                if item.path is None and item.kind in ("page", "seal", "crop", "order", "list") \
                        and _NO_IMAGE not in item.caption:
                    item.caption += _NO_IMAGE
        writer.forget_pages()  # decoded pages are kept for one applicant only: memory stays flat
    _remove_stale(writer)
    log.info("evidence: %d image files under %s", len(writer.written), writer.dir)
    return len(writer.written)


def _draw(writer: _Writer, key: str, flag_id: str, item: Evidence, crops: int) -> str | None:
    data = item.data
    if item.kind == "page":
        return writer.page(key, data["path"], data["page"])
    if item.kind == "seal":
        return writer.seal(key, flag_id, data)
    if item.kind == "crop":
        return writer.crop(key, flag_id, crops, data)
    if item.kind == "order":
        pages = [(s["path"], s["page"], "moved" if s["moved"] else "kept") for s in data.get("stack", [])]
        return writer.montage(key, f"order-{_digest((key, pages))}", pages) if pages else None
    if item.kind == "list":
        pages = [(p["path"], p["page"], "unknown" if (p["path"], p["page"]) ==
                  (data.get("flag_path"), data.get("flag_page")) else None) for p in data.get("pages", [])]
        return writer.montage(key, f"list-{_digest((key, pages))}", pages) if pages else None
    return None


def _remove_stale(writer: _Writer) -> None:
    """Images a previous run left that no flag of this run points at."""
    if not writer.dir.is_dir():
        return
    for path in writer.dir.rglob("*"):
        if path.is_file() and path.suffix in (".webp", ".jpg", ".png") and path not in writer.written:
            path.unlink()


__all__ = ["EVIDENCE_DIR", "PreviewSource", "write_evidence"]
