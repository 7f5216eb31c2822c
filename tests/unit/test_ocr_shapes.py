"""The recogniser's largest input is bounded (issue 18, session 11): OpenVINO's CPU plugin sizes its
buffers to the largest input it has run (crops x width), so a wide batch runs in parts of at most
``inputs.rec_max_columns`` (``ocr_models/openvino.yaml``) and reads the same."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from pipeline.ocr import rapid
from pipeline.ocr.rapid import BucketedSession

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


class BufferSession:
    """Like OpenVINO's infer request: the output is a view of one buffer the next call overwrites."""

    def __init__(self) -> None:
        self.shapes: list[tuple[int, ...]] = []
        self._buffer = np.zeros(0, dtype=np.float32)

    def __call__(self, images: np.ndarray) -> np.ndarray:
        self.shapes.append(images.shape)
        n, _c, _h, w = images.shape
        steps = w // 8
        if self._buffer.size < n * steps * 2:
            self._buffer = np.zeros(n * steps * 2, dtype=np.float32)
        out = self._buffer[: n * steps * 2].reshape(n, steps, 2)
        out[:, :, 0] = images[:, 0, 0, : steps * 8].reshape(n, steps, 8).mean(axis=2)
        out[:, :, 1] = images[:, 1, 1, : steps * 8].reshape(n, steps, 8).max(axis=2)
        return out


def test_a_wide_batch_runs_in_parts_within_the_bound_and_gives_the_same_rows() -> None:
    batch = np.random.default_rng(3).standard_normal((6, 3, 48, 1500)).astype(np.float32)
    plain = np.array(BucketedSession(BufferSession(), width_step=64, batch=6)(batch))
    fake = BufferSession()
    out = BucketedSession(fake, width_step=64, batch=6, max_columns=3840)(batch)
    assert all(n * w <= 3840 for n, _c, _h, w in fake.shapes)
    assert fake.shapes == [(2, 3, 48, 1536)] * 3
    assert out.shape == plain.shape == (6, 187, 2)
    assert np.array_equal(out, plain)  # each part's rows, not the last part's buffer three times


def test_a_batch_within_the_bound_is_one_call() -> None:
    fake = BufferSession()
    BucketedSession(fake, width_step=64, batch=6, max_columns=3840)(np.zeros((5, 3, 48, 600), np.float32))
    assert fake.shapes == [(6, 3, 48, 640)]


def test_a_lone_crop_wider_than_the_bound_is_still_read() -> None:
    fake = BufferSession()
    out = BucketedSession(fake, width_step=64, batch=6, max_columns=3840)(np.ones((1, 3, 48, 4000), np.float32))
    assert fake.shapes == [(1, 3, 48, 4032)] and out.shape == (1, 500, 2)


def _line(text: str) -> np.ndarray:
    font = ImageFont.truetype(FONT, 36)
    width = int(font.getlength(text)) + 24
    img = Image.new("RGB", (width, 48), "white")
    ImageDraw.Draw(img).text((12, 4), text, font=font, fill="black")
    return np.asarray(img)[:, :, ::-1].copy()


@pytest.fixture(scope="module")
def engine():
    eng = rapid.RapidOcrEngine("openvino")
    eng._ocr  # noqa: B018 - compile the models
    return eng


def test_the_configured_bound_reaches_the_recogniser_and_reads_real_lines_the_same(engine) -> None:
    columns = rapid.openvino_inputs()["rec_max_columns"]
    rec = engine._ocr.text_rec
    assert rec.session.max_columns == columns
    lines = [_line(t) for t in ("继续医学教育学分证书国家级继续医学教育项目", "温州医科大学附属第二医院二〇二三年度",
                                "项目编号 2023-04-05-123(国) 授予 I 类学分 5 分", "浙江省继续医学教育委员会办公室",
                                "学员姓名 张雪 单位 瓯海区娄桥街道社区卫生服务中心", "举办日期 2023年5月12日至5月14日")]
    assert max(ln.shape[1] for ln in lines) * 6 > columns  # a batch of them, as wide as its widest, is over
    seen: list[tuple[int, ...]] = []
    raw = rec.session._session

    def watched(images):
        seen.append(images.shape)
        return raw(images)

    rec.session._session = watched
    try:
        bounded, _ = rec(lines)
        rec.session.max_columns = 0
        whole, _ = rec(lines)
    finally:
        rec.session._session, rec.session.max_columns = raw, columns
    assert all(n * w <= columns for n, _c, _h, w in seen[:-1]) and seen[-1][0] == 6
    assert bounded == whole
    assert "继续医学教育" in bounded[0][0]
