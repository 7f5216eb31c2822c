"""The recogniser sees a bounded set of input shapes (issue 18, session 9): OpenVINO keeps memory
per input shape it has run, so ``pipeline/ocr/rapid.py`` pads each batch to a width bucket and a
full batch and cuts the output back. A fake session stands in for the model."""

from __future__ import annotations

import numpy as np

from pipeline.ocr.rapid import BucketedSession

STEPS_PER_PX = 8  # PP-OCRv4's recogniser: one time step per 8 px of input width


class FakeSession:
    def __init__(self) -> None:
        self.shapes: set[tuple[int, ...]] = set()

    def __call__(self, images: np.ndarray) -> np.ndarray:
        self.shapes.add(images.shape)
        n, _c, _h, w = images.shape
        # each row's output says its row and the mean of its input columns at each step
        steps = w // STEPS_PER_PX
        cols = images[:, 0, 0, : steps * STEPS_PER_PX].reshape(n, steps, STEPS_PER_PX).mean(axis=2)
        return np.stack([cols, np.broadcast_to(np.arange(n)[:, None], (n, steps))], axis=2)


def _batch(n: int, width: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((n, 3, 48, width)).astype(np.float32)


def test_many_batch_shapes_reach_few_session_shapes() -> None:
    fake = FakeSession()
    session = BucketedSession(fake, width_step=64, batch=6)
    widths = range(320, 1600, 8)
    for i, w in enumerate(widths):
        session(_batch(1 + i % 6, w, i))
    # one per width bucket for full batches and one for lone crops (160 batch shapes given)
    assert len(fake.shapes) <= 2 * ((1600 - 320) // 64 + 1)
    assert {s[0] for s in fake.shapes} == {1, 6} and all(s[3] % 64 == 0 for s in fake.shapes)


def test_the_output_is_the_batch_own_rows_and_steps() -> None:
    fake = FakeSession()
    batch = _batch(4, 344, 1)
    out = BucketedSession(fake, width_step=64, batch=6)(batch)
    plain = FakeSession()(batch)
    assert out.shape == plain.shape == (4, 43, 2)
    assert np.allclose(out, plain)  # the padding changes no step of the crops' own width


def test_a_full_batch_on_a_bucket_is_passed_as_it_is() -> None:
    fake = FakeSession()
    batch = _batch(6, 384, 2)
    out = BucketedSession(fake, width_step=64, batch=6)(batch)
    assert fake.shapes == {(6, 3, 48, 384)} and out.shape == (6, 48, 2)
