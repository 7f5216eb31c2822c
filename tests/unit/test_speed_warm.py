"""A process that only keys the reading cache never loads the OCR runtime (issue 18, session 9):
the main process of ``cme-audit run`` asks the engine for its name and version, and a warm rerun
reads nothing, so RapidOCR's models are compiled at the first page read, not when the engine is
made (that was ~2 CPU s and ~300 MB resident in every run's main process)."""

from __future__ import annotations

import subprocess
import sys

CHILD = r"""
import sys
from pipeline.ocr.registry import get_engine
from pipeline.ocr.rapid import runtime_named
engine = get_engine("rapidocr")
runtime = runtime_named(None)
assert engine.version.startswith("rapidocr-") and "+" in engine.version, engine.version
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {runtime.module, runtime.backend_dist})
print("LOADED", loaded)
import numpy as np
page = np.full((64, 256, 3), 255, np.uint8)
engine.recognize(page)
print("AFTER", runtime.module in sys.modules)
"""


def test_the_engine_is_named_and_versioned_without_its_runtime_and_loads_it_to_read() -> None:
    out = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=300, check=True).stdout
    assert "LOADED []" in out, out
    assert "AFTER True" in out, out
