"""Speed cuts of session 10 that must not change a pixel or a reading (issue 18): the page's
channel swap by OpenCV, the paper level from a histogram, the OpenVINO plugin properties."""

from __future__ import annotations

import sys
import types

import numpy as np
import pytest

from pipeline.io.images import rgb_to_bgr
from pipeline.ocr import rapid
from pipeline.preprocess import percentile_u8


def test_rgb_to_bgr_is_the_reversed_channel_copy():
    rgb = np.random.default_rng(3).integers(0, 256, (37, 53, 3), dtype=np.uint8)
    bgr = rgb_to_bgr(rgb)
    assert np.array_equal(bgr, rgb[:, :, ::-1])
    assert not np.shares_memory(bgr, rgb)  # a new array, not a view of the pixmap's buffer


@pytest.mark.parametrize("q", [0, 1, 33.3, 50, 90, 99.5, 100])
def test_percentile_u8_equals_numpy_bit_for_bit(q):
    rng = np.random.default_rng(int(q * 10))
    for n in [1, 2, 3, 10, 999, 4096]:
        for values in (rng.integers(0, 256, n, dtype=np.uint8),
                       np.where(rng.random(n) < 0.9, 255, rng.integers(0, 256, n)).astype(np.uint8),
                       rng.integers(0, 256, (n, 2), dtype=np.uint8)):
            assert percentile_u8(values, q) == float(np.percentile(values, q))


def test_openvino_models_compile_with_the_configured_plugin_properties(monkeypatch):
    calls: list[tuple[str, dict]] = []

    class FakeCore:
        def set_property(self, device, props):
            calls.append((device, dict(props)))

    sessions = types.ModuleType("fakewheel.utils.infer_engine")
    sessions.Core = FakeCore
    monkeypatch.setitem(sys.modules, "fakewheel", types.ModuleType("fakewheel"))
    monkeypatch.setitem(sys.modules, "fakewheel.utils", types.ModuleType("fakewheel.utils"))
    monkeypatch.setitem(sys.modules, "fakewheel.utils.infer_engine", sessions)
    runtime = rapid.Runtime("openvino", "fake", "fakewheel", "openvino", "ov", "x")
    props = rapid.openvino_properties()
    assert props, "ocr_models/openvino.yaml gives the CPU plugin properties"
    with rapid._compiled_with(runtime):
        sessions.Core()
    assert calls == [("CPU", props)]
    assert sessions.Core is FakeCore  # the wheel's own class again afterwards
    onnx = rapid.Runtime("onnxruntime", "fake", "fakewheel", "onnxruntime", "ort", "x")
    with rapid._compiled_with(onnx):
        sessions.Core()
    assert len(calls) == 1  # other runtimes are left alone
