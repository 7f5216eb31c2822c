"""read_page reports each stage's time on the reading itself (what the benchmark's stage table sums)."""

from __future__ import annotations

from pathlib import Path

from pipeline.io.load import load_page
from pipeline.reading import read_page

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "data" / "clean" / "submissions"
BUNDLE = "瓯海区娄桥街道社区卫生服务中心/王海颖/王海颖.pdf"


def test_a_certificate_page_times_ocr_extraction_and_seals() -> None:
    page = load_page(SAMPLE / BUNDLE, BUNDLE, 4)
    reading = read_page(page)
    assert reading.kind == "certificate" and reading.certificate is not None
    for stage in ("ocr", "extract", "seals"):
        assert reading.timings.get(stage, 0.0) > 0.0, (stage, reading.timings)
    assert reading.timings["seals"] < reading.timings["ocr"]
