"""The reading cache: a stored reading is found again only while nothing that shaped it changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import cache
from pipeline.models import DocumentReading, PageReading


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in package tree for the fingerprint: one config file and a reading source."""
    pkg = tmp_path / "pkg"
    (pkg / "extract").mkdir(parents=True)
    (pkg / "report").mkdir()
    (pkg / "reading.yaml").write_text("a: 1\n")
    (pkg / "extract" / "certificate.py").write_text("X = 1\n")
    (pkg / "report" / "html.py").write_text("Y = 1\n")
    monkeypatch.setattr(cache, "_PACKAGE", pkg)
    monkeypatch.setattr(cache, "_FINGERPRINT_FILES", (pkg / "reading.yaml",))
    cache.reading_fingerprint.cache_clear()
    yield pkg
    cache.reading_fingerprint.cache_clear()


def _fingerprint() -> str:
    cache.reading_fingerprint.cache_clear()
    return cache.reading_fingerprint("rapidocr", "1.0")


def test_fingerprint_follows_configuration_and_reading_code(package: Path):
    first = _fingerprint()
    assert _fingerprint() == first
    assert cache.reading_fingerprint("tesseract", "5.3") != first
    (package / "report" / "html.py").write_text("Y = 2\n")  # the report does not shape a reading
    assert _fingerprint() == first
    (package / "extract" / "certificate.py").write_text("X = 2\n")  # extraction does
    second = _fingerprint()
    assert second != first
    (package / "reading.yaml").write_text("a: 2\n")
    assert _fingerprint() not in (first, second)


def test_cache_round_trip_and_a_torn_entry(tmp_path: Path):
    store = cache.ReadingCache(tmp_path, "f" * 16)
    reading = DocumentReading(path="a/b.pdf", sha256="ab" * 32, pages=[PageReading(page=1, kind="other")])
    assert store.get(reading.sha256, "a/b.pdf") is None
    store.put(reading)
    again = store.get(reading.sha256, "c/d.pdf")  # the same content at another path
    assert again is not None and again.path == "c/d.pdf" and again.pages[0].kind == "other"
    store._path(reading.sha256).write_text("{torn", encoding="utf-8")
    assert store.get(reading.sha256, "a/b.pdf") is None
    store.put(DocumentReading(path="x.pdf", sha256="cd" * 32, error="not a PDF"))  # invalid files: not kept
    assert store.get("cd" * 32, "x.pdf") is None
