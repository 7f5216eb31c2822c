"""Tesseract via pytesseract. The only module that imports pytesseract."""

from __future__ import annotations

import logging
import os
import re
import shlex
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytesseract
import yaml

from pipeline.errors import OcrEngineError
from pipeline.io.config import section
from pipeline.models import OcrResult, Word
from pipeline.ocr import manifest
from pipeline.ocr.base import RegionHint, empty_result, make_line

log = logging.getLogger(__name__)

VOCAB_DIR = manifest.OCR_MODELS_DIR / "tesseract"
USER_WORDS = VOCAB_DIR / "cme.user-words"  # built by `python -m ocr_models.tesseract.build`
USER_PATTERNS = VOCAB_DIR / "cme.user-patterns"
REGIONS = VOCAB_DIR / "regions.yaml"


@lru_cache(maxsize=1)
def region_modes() -> dict[str, dict]:
    """Region hint -> {"psm": int, "whitelist": str} (ocr_models/tesseract/regions.yaml)."""
    try:
        data = yaml.safe_load(REGIONS.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise OcrEngineError(f"{REGIONS}: cannot read the tesseract region modes: {exc}") from exc
    return {str(k): dict(v or {}) for k, v in data.items()}


def vocabulary_files() -> list[Path]:
    """The user-words / user-patterns files that exist (both are committed; see ocr_models/tesseract/)."""
    return [p for p in (USER_WORDS, USER_PATTERNS) if p.is_file()]


@lru_cache(maxsize=1)
def tesseract_version() -> str:
    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise OcrEngineError("tesseract is not installed or not on PATH; "
                             "install it (apt-get install tesseract-ocr tesseract-ocr-chi-sim)") from exc


@lru_cache(maxsize=1)
def tessdata_dir() -> Path:
    """The directory holding the traineddata files tesseract loads."""
    try:
        out = pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, OSError) as exc:
        raise OcrEngineError("tesseract is not installed or not on PATH") from exc
    if "chi_sim" not in out:
        raise OcrEngineError("tesseract has no chi_sim language; install tesseract-ocr-chi-sim")
    import subprocess

    listing = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
    m = re.search(r'"([^"]+)"', listing.stdout + listing.stderr)
    if not m:
        raise OcrEngineError("cannot find tesseract's tessdata directory (tesseract --list-langs)")
    return Path(m.group(1))


def traineddata_files(langs: str = "chi_sim+eng+osd") -> list[Path]:
    return [tessdata_dir() / f"{lang}.traineddata" for lang in langs.split("+")]


def detect_orientation(image: np.ndarray) -> tuple[int, float] | None:
    """Tesseract OSD: (degrees to rotate clockwise to make the page upright, confidence) or None
    (too little text, OSD data missing, tesseract missing or timed out)."""
    cfg = section("ocr")
    os.environ.setdefault("OMP_THREAD_LIMIT", str(cfg["tesseract_threads"]))
    try:
        osd = pytesseract.image_to_osd(image[:, :, ::-1] if image.ndim == 3 else image,
                                       output_type=pytesseract.Output.DICT,
                                       timeout=cfg["tesseract_timeout_s"])
    except pytesseract.TesseractNotFoundError as exc:
        log.warning("OSD unavailable: %s", exc)
        return None
    except pytesseract.TesseractError as exc:
        log.debug("OSD failed: %s", exc)
        return None
    except RuntimeError as exc:  # timeout
        log.warning("OSD timed out: %s", exc)
        return None
    return int(osd["rotate"]), float(osd["orientation_conf"])


class TesseractEngine:
    """Tesseract LSTM, chi_sim+eng; per-region psm and whitelists; CME vocabulary from ocr_models/."""

    name = "tesseract"

    def __init__(self, *, psm: int | None = None, lang: str | None = None, use_vocabulary: bool = True):
        cfg = section("ocr")
        self.lang = lang or cfg["tesseract_lang"]
        self.psm = psm if psm is not None else cfg["tesseract_psm"]
        self.timeout = cfg["tesseract_timeout_s"]
        self.use_vocabulary = use_vocabulary
        # Tesseract's OpenMP threads fight each other on small machines (4x slower on 2 cores);
        # one thread per process, and parallelism from worker processes.
        os.environ.setdefault("OMP_THREAD_LIMIT", str(cfg["tesseract_threads"]))
        digest = manifest.verify("tesseract")
        vocab = ""
        if use_vocabulary and vocabulary_files():
            vocab = "+vocab" + ",".join(manifest.sha256_of(p)[:8] for p in vocabulary_files())
        self.version = f"tesseract-{tesseract_version()}+{self.lang}+psm{self.psm}+{digest}{vocab}"

    def _config(self, region_hint: RegionHint) -> str:
        """Command-line options: the region's psm and whitelist, and the CME dictionary.

        Tesseract 5 loads ``--user-words``/``--user-patterns`` into the LSTM recogniser's
        dictionary (it favours listed words and pattern-shaped strings in its beam search;
        it does not force them). A whitelist does restrict the characters read."""
        mode = region_modes().get(region_hint or "", {}) if region_hint else {}
        parts = [f"--psm {mode.get('psm') or self.psm}", "-c preserve_interword_spaces=1"]
        if mode.get("whitelist"):
            parts.append(f"-c tessedit_char_whitelist={shlex.quote(mode['whitelist'])}")
        if self.use_vocabulary:
            if USER_WORDS.is_file():
                parts.append(f"--user-words {shlex.quote(str(USER_WORDS))}")
            if USER_PATTERNS.is_file():
                parts.append(f"--user-patterns {shlex.quote(str(USER_PATTERNS))}")
        return " ".join(parts)

    def recognize(self, image: np.ndarray, *, region_hint: RegionHint = None) -> OcrResult:
        rgb = image[:, :, ::-1] if image.ndim == 3 else image
        try:
            data = pytesseract.image_to_data(rgb, lang=self.lang, config=self._config(region_hint),
                                             output_type=pytesseract.Output.DICT, timeout=self.timeout)
        except pytesseract.TesseractNotFoundError as exc:
            raise OcrEngineError("tesseract is not installed or not on PATH") from exc
        except pytesseract.TesseractError as exc:
            raise OcrEngineError(f"tesseract failed: {exc}") from exc
        except RuntimeError as exc:  # pytesseract's timeout
            log.warning("tesseract timed out after %ss; the region is read as empty", self.timeout)
            del exc
            return empty_result(self, image)
        return self._to_result(data, image)

    def _to_result(self, data: dict, image: np.ndarray) -> OcrResult:
        groups: dict[tuple[int, int, int], list[Word]] = {}
        for i, text in enumerate(data["text"]):
            text = (text or "").strip()
            if not text or float(data["conf"][i]) < 0:
                continue
            x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
            conf = min(max(float(data["conf"][i]) / 100.0, 0.0), 1.0)
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            groups.setdefault(key, []).append(Word(text=text, conf=conf, box=(x, y, x + w, y + h)))
        lines = [make_line(sorted(ws, key=lambda w: w.box[0])) for ws in groups.values()]
        lines.sort(key=lambda ln: (ln.box[1], ln.box[0]))
        h, w = image.shape[:2]
        return OcrResult(engine=self.name, engine_version=self.version, width=w, height=h, lines=lines)
