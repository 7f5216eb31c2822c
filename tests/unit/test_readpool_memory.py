"""A reader's memory (issue 18): what a page leaves behind in the process once it is read."""

from __future__ import annotations

import re

import numpy as np
import pymupdf
from PIL import Image

from pipeline.io.load import load_page


def _store_bytes() -> int:
    """Bytes in MuPDF's resource store, from its own debug listing (``size=N`` on the last line)."""
    buf = pymupdf.mupdf.fz_new_buffer(1024)
    out = pymupdf.mupdf.FzOutput(buf)
    pymupdf.mupdf.fz_debug_store(out)
    out.fz_close_output()
    listing = pymupdf.mupdf.fz_buffer_extract(buf).decode("utf-8", "replace")
    return int(re.findall(r"\bsize=(\d+)", listing)[-1])


def _scan_pdf(path, width_px: int, height_px: int):
    """A one-page PDF holding one scanned image (noise, so it cannot be stored small)."""
    rng = np.random.default_rng(7)
    png = path.with_suffix(".png")
    Image.fromarray(rng.integers(0, 256, (height_px, width_px, 3), dtype=np.uint8)).save(png)
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_image(page.rect, filename=str(png))
    doc.save(path)
    doc.close()
    return path


def test_a_rendered_scan_leaves_no_decoded_image_in_mupdfs_store(tmp_path):
    pdf = _scan_pdf(tmp_path / "scan.pdf", 1240, 1754)  # A4 at 150 dpi: 6.5 MB decoded
    pymupdf.TOOLS.store_shrink(100)
    assert _store_bytes() == 0
    page = load_page(pdf, "u/a/scan.pdf", 1)
    assert page.image.shape[0] > 1000  # the page was rendered from the image
    # MuPDF keeps decoded images of closed documents up to 256 MB: ~250 MB of a reader's ~1 GB
    assert _store_bytes() == 0
