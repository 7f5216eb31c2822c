"""Build Tesseract's user dictionary from the CME vocabulary in ocr_models/patterns.yaml.

    python -m ocr_models.tesseract.build

Writes ``cme.user-words`` (one word a line) and ``cme.user-patterns`` (Tesseract pattern
syntax) next to this file; ``pipeline/ocr/tesseract.py`` passes them with ``--user-words`` /
``--user-patterns`` (Tesseract 5 loads both into the LSTM recogniser's dictionary).
Sources: ``tesseract_words`` and ``tesseract_patterns`` of patterns.yaml, the code suffixes
(``code_suffix_category``), the organizer suffixes and the page-kind keywords of
``pipeline/config/reading.yaml``. A test checks that the committed files are what this builds.
"""

from __future__ import annotations

import logging
from pathlib import Path

import yaml

from pipeline.io.config import section
from pipeline.ocr.manifest import OCR_MODELS_DIR

HERE = Path(__file__).resolve().parent
WORDS = HERE / "cme.user-words"
PATTERNS = HERE / "cme.user-patterns"
log = logging.getLogger(__name__)


def _unique(items) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        item = str(item).strip()
        if item and item not in seen:
            seen[item] = None
    return list(seen)


def build() -> tuple[str, str]:
    """(user-words text, user-patterns text)."""
    pat = yaml.safe_load((OCR_MODELS_DIR / "patterns.yaml").read_text(encoding="utf-8"))
    words = [w for group in pat["tesseract_words"] for w in group]
    words += list(pat["organizer_suffixes"]) + sorted(set(pat["code_suffix_category"].values()))
    for kind_words in section("classify")["keywords"].values():
        words += list(kind_words)
    tp = pat["tesseract_patterns"]
    patterns = list(tp["codes"])
    patterns += [f"{code}({suffix})" for code in tp["codes"] for suffix in pat["code_suffix_category"]]
    patterns += list(tp["other"])
    return "\n".join(_unique(words)) + "\n", "\n".join(_unique(patterns)) + "\n"


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    words, patterns = build()
    WORDS.write_text(words, encoding="utf-8")
    PATTERNS.write_text(patterns, encoding="utf-8")
    log.info("wrote %s (%d words), %s (%d patterns)", WORDS, words.count("\n"), PATTERNS, patterns.count("\n"))


if __name__ == "__main__":
    main()
