"""The naive baseline: full-page tesseract at default settings, no preprocessing.

Reading uses it with regexes over the text blob (``extract.certificate.extract_from_blob``)
instead of layout-aware extraction; it exists to be compared against, not to be used.
"""

from __future__ import annotations

import numpy as np

from pipeline.models import OcrResult
from pipeline.ocr.base import RegionHint
from pipeline.ocr.tesseract import TesseractEngine


class BaselineEngine:
    name = "baseline"
    naive = True  # reading: no preprocessing, blob regexes

    def __init__(self) -> None:
        self._tess = TesseractEngine(psm=3, use_vocabulary=False)
        self.version = "baseline+" + self._tess.version

    def recognize(self, image: np.ndarray, *, region_hint: RegionHint = None) -> OcrResult:
        result = self._tess.recognize(image, region_hint=None)
        return result.model_copy(update={"engine": self.name, "engine_version": self.version})
