"""The peers benchmark's input: a generated set cut into chunks, each chunk's pages as images.

A chunk is one applicant bundle (``--pages N``: one chunk of N pages, whole files in stack order).
Every tool reads the same pages of a chunk:

- ``cme-audit run`` reads the chunk's submitted files as submitted (PDFs and JPGs; a PDF page
  with a text layer is read from that layer, as in production);
- the bare ``tesseract`` CLI and RapidOCR read each page image at its own resolution (the
  scan's embedded dpi, as ``pipeline/io/load.py`` renders it for reading; a page without a scan
  is rendered at ``ingest.default_dpi``), grey pages as 8-bit grey, colour as RGB, in PNG;
- ``ocrmypdf`` reads one PDF per chunk holding those page images at their resolution (img2pdf,
  lossless), as an office would OCR an applicant's bundle as one file.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

from pipeline.discover import discover_bundles
from pipeline.io.config import section
from pipeline.errors import InputDocumentError
from pipeline.io.load import count_pages, load_pages

log = logging.getLogger(__name__)


@dataclass
class Chunk:
    """One bundle's share of the benchmark: its submissions folder, page images and bundle PDF."""

    index: int
    submissions: Path
    images: list[Path] = field(default_factory=list)
    bundle_pdf: Path | None = None

    @property
    def pages(self) -> int:
        return len(self.images)


def generate(out: Path, *, seed: int, applicants: int, profile: str, jobs: int = 1) -> Path:
    """``python -m samples.generate`` into ``out`` (reused when ``out/truth.json`` exists)."""
    if (out / "truth.json").is_file():
        log.info("using the set already generated in %s", out)
        return out
    cmd = [sys.executable, "-m", "samples.generate", "--out", str(out), "--seed", str(seed),
           "--applicants", str(applicants), "--profile", profile, "--jobs", str(jobs)]
    log.info("generating: %s", " ".join(cmd))
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return out


def _link(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def make_chunks(set_dir: Path, work: Path, *, max_pages: int | None = None) -> list[Chunk]:
    """One chunk per bundle (submission folder), in discovery order. ``max_pages``: one chunk of
    that many pages, whole files taken in stack order from the bundles as they fit (a file is
    never split, so a bundle's order survives and ``cme-audit run`` reads the files as submitted)."""
    root = set_dir / "submissions"
    chunks: list[Chunk] = []
    for spec in discover_bundles(root):
        if max_pages is not None and chunks:
            chunk = chunks[0]
        else:
            chunk = Chunk(index=len(chunks), submissions=work / f"chunk{len(chunks):02d}" / "submissions")
            chunks.append(chunk)
        for path in spec.files:
            if max_pages is not None:
                room = max_pages - chunk.pages
                if room <= 0:
                    break
                try:
                    if count_pages(path) > room:
                        continue
                except InputDocumentError:
                    continue
            rel = path.relative_to(root)
            _link(path, chunk.submissions / rel)
            _extract_pages(path, rel.as_posix(), work / f"chunk{chunk.index:02d}" / "pages", chunk)
        if max_pages is not None and chunk.pages >= max_pages:
            break
    for chunk in chunks:
        chunk.bundle_pdf = _bundle_pdf(chunk, work / f"chunk{chunk.index:02d}" / "bundle.pdf")
    return chunks


def _is_grey(image: np.ndarray) -> bool:
    return image.ndim == 2 or (bool(np.array_equal(image[..., 0], image[..., 1]))
                               and bool(np.array_equal(image[..., 1], image[..., 2])))


def _extract_pages(path: Path, rel: str, out_dir: Path, chunk: Chunk) -> int:
    try:
        pages = load_pages(path, rel)
    except InputDocumentError:  # a broken file is cme-audit's FILE_INVALID; the other tools get no page
        return 0
    if any(p.text_layer for p in pages):  # rendered for seals only: render at the scan default instead
        dpi = int(section("ingest")["default_dpi"])
        pages = [q if p.text_layer else p for p, q in zip(pages, load_pages(path, rel, dpi=dpi), strict=True)]
    out_dir.mkdir(parents=True, exist_ok=True)
    for page in pages:
        if page.image is None:
            continue
        image = page.image
        pil = Image.fromarray(image[..., 0]) if _is_grey(image) else Image.fromarray(image[..., ::-1].copy())
        target = out_dir / f"p{len(chunk.images) + 1:04d}.png"
        pil.save(target, dpi=(round(page.dpi), round(page.dpi)))
        chunk.images.append(target)
    return len(pages)


def _bundle_pdf(chunk: Chunk, target: Path) -> Path:
    import img2pdf  # ocrmypdf's own dependency (pyproject extra "bench")

    target.write_bytes(img2pdf.convert([str(p) for p in chunk.images]))
    return target


def page_manifest(chunks: list[Chunk]) -> str:
    """A JSON list of every chunk's pages (for the record in bench.json)."""
    return json.dumps([{"chunk": c.index, "pages": c.pages, "submissions": str(c.submissions)} for c in chunks])
