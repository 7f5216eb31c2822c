"""Evidence: previews kept from the reading, flag ids and fact hashes, images cut into OUT/evidence/."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from pipeline.cache import ReadingCache
from pipeline.evidence import PreviewSource, annotate_flags, highlight, make_flag_id, write_evidence
from pipeline.evidence.preview import decode, evidence_config, make_preview, to_preview
from pipeline.models import (
    ApplicantFindings,
    BundleReading,
    CertificateFields,
    CertRef,
    CreditRecord,
    DocumentFinding,
    DocumentReading,
    Findings,
    Flag,
    PageReading,
    Seal,
)

DPI = 144.0  # 2 px per PDF point


def _page_with_box(box_pt: tuple[float, float, float, float], *, rotate: int = 0) -> np.ndarray:
    """A white A4-ish page (as stored, turned by ``rotate`` clockwise) with a red block at ``box_pt``
    of the stored image."""
    h, w = int(842 * 2), int(595 * 2)
    if rotate in (90, 270):
        h, w = w, h
    page = np.full((h, w, 3), 255, np.uint8)
    x0, y0, x1, y1 = (int(v * DPI / 72) for v in box_pt)
    page[y0:y1, x0:x1] = (0, 0, 230)
    return page


def _red_bounds(image: np.ndarray) -> tuple[int, int, int, int]:
    red = (image[:, :, 2] > 150) & (image[:, :, 0] < 100) & (image[:, :, 1] < 100)
    ys, xs = np.nonzero(red)
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_a_box_in_pdf_points_lands_on_the_preview_where_the_ink_is(rotation: int):
    box = (300.0, 100.0, 400.0, 160.0)
    stored = _page_with_box(box, rotate=rotation)
    preview = make_preview(stored, dpi=DPI, rotation=rotation)
    assert max(preview.width, preview.height) <= 1100 and preview.data
    assert len(preview.data) < 60_000  # tens of KB at most
    image = decode(preview)
    assert image is not None and image.shape[:2] == (preview.height, preview.width)
    bx0, by0, bx1, by1 = to_preview(box, preview)
    rx0, ry0, rx1, ry1 = _red_bounds(image)
    assert abs(bx0 - rx0) <= 3 and abs(by0 - ry0) <= 3 and abs(bx1 - rx1) <= 3 and abs(by1 - ry1) <= 3
    if rotation == 90:  # turned upright: a portrait page stored landscape comes out portrait
        assert preview.height > preview.width


def test_the_cache_keeps_previews_beside_the_reading_not_inside_it(tmp_path: Path):
    preview = make_preview(_page_with_box((10, 10, 50, 50)), dpi=DPI)
    reading = DocumentReading(path="u/a/x.pdf", sha256="ab" * 32,
                              pages=[PageReading(page=1, kind="other", preview=preview)])
    cache = ReadingCache(tmp_path, "f" * 16)
    cache.put(reading)
    stored = json.loads(cache._path(reading.sha256).read_text(encoding="utf-8"))
    assert "data" not in stored["pages"][0]["preview"]
    image_file = cache._path(reading.sha256).parent / f"{'ab' * 32}.p1.{evidence_config()['preview']['format']}"
    assert image_file.is_file() and image_file.stat().st_size > 0
    assert reading.pages[0].preview.data is None and reading.pages[0].preview.file == str(image_file)
    again = cache.get(reading.sha256, "v/b/x.pdf")
    assert again is not None and again.pages[0].preview is not None
    assert Path(again.pages[0].preview.file) == image_file
    assert decode(again.pages[0].preview) is not None


def _record(**kw) -> CreditRecord:
    base = dict(record_id="R1", id_number="330302198001011234", name="张三", year=2022,
                project_code="2022-04-05-123(国)", project_title="心肺复苏技能培训", category="I类国家级",
                credits=10.0, date=dt.date(2022, 1, 29), organizer="中国医师协会")
    return CreditRecord(**{**base, **kw})


def _cert(**kw) -> CertRef:
    fields = CertificateFields(name="张三", project_code="2022-04-05-123(国)", project_title="心肺复苏技能培训",
                               category="I类国家级", credits=8.0, date="2022-01-29", organizer="中国医师协会",
                               confidence={"credits": 0.97})
    return CertRef(path="u/a/x.pdf", page=3, stack_index=2, fields=fields.model_copy(update=kw))


def _mismatch() -> Flag:
    return Flag(code="FIELD_MISMATCH", path="u/a/x.pdf", page=3, record_id="R1", field="credits",
                expected="10", found="8", message="学分不一致")


def _annotated(flag: Flag, *, record: CreditRecord, cert: CertRef | None = None) -> Flag:
    cert = cert or _cert()
    annotate_flags("u/a", [flag], certs=[cert], records=[record], matches={(cert.path, cert.page): "R1"},
                   documents=[DocumentReading(path=cert.path, sha256="cd" * 32)])
    return flag


def test_flag_id_follows_identity_not_message_and_the_hash_follows_the_facts():
    one = _annotated(_mismatch(), record=_record())
    reworded = _annotated(_mismatch().model_copy(update={"message": "another wording"}), record=_record())
    assert one.flag_id == reworded.flag_id and one.evidence_hash == reworded.evidence_hash
    changed_record = _annotated(_mismatch(), record=_record(credits=12.0))
    assert changed_record.flag_id == one.flag_id and changed_record.evidence_hash != one.evidence_hash
    other_field = _mismatch().model_copy(update={"field": "date"})
    assert make_flag_id("u/a", other_field) != one.flag_id
    assert make_flag_id("u/b", _mismatch()) != make_flag_id("u/a", _mismatch())
    compare = next(e for e in one.evidence if e.kind == "compare")
    assert compare.data["certificate"] == 8.0 and compare.data["record"] == 10.0
    assert "<mark>" in compare.data["html"] and any(e.kind == "page" for e in one.evidence)


def test_highlight_marks_only_the_differing_characters():
    out = highlight("2022-04-05-128(国)", "2022-04-05-123(国)")
    assert out["html"].count("<mark>") == 2
    assert '<mark>8</mark>' in out["html"] and '<mark>3</mark>' in out["html"]
    assert ["equal", "2022-04-05-12", "2022-04-05-12"] in out["segments"]
    assert "&lt;" in highlight("<b>", "b")["html"]  # escaped, never raw markup from a reading


def test_unmatched_certificate_lists_the_closest_records_by_the_matcher_score():
    flag = Flag(code="CERT_UNMATCHED", path="u/a/x.pdf", page=3)
    cert = _cert()
    records = [_record(), _record(record_id="R2", project_code="2021-01-01-001(国)", project_title="护理管理",
                                  date=dt.date(2021, 5, 1), year=2021)]
    annotate_flags("u/a", [flag], certs=[cert], records=records, matches={})
    cands = next(e for e in flag.evidence if e.kind == "candidates").data["candidates"]
    assert [c["record_id"] for c in cands] == ["R1", "R2"]
    assert cands[0]["score"] > cands[1]["score"]


def _findings_with(flags: list[Flag], preview_pages: dict[int, np.ndarray]) -> tuple[Findings, BundleReading]:
    pages = [PageReading(page=p, kind="certificate", preview=make_preview(img, dpi=DPI))
             for p, img in preview_pages.items()]
    reading = BundleReading(applicant_key="u/a", documents=[DocumentReading(path="u/a/x.pdf", sha256="ef" * 32,
                                                                            pages=pages)])
    applicant = ApplicantFindings(applicant_key="u/a", flags=flags,
                                  documents=[DocumentFinding(path="u/a/x.pdf", sha256="ef" * 32)])
    return Findings(policy="wenzhou-2023", applicants=[applicant]), reading


def test_seal_order_and_page_images_are_written_and_stale_ones_removed(tmp_path: Path):
    seal_box = (300.0, 500.0, 400.0, 600.0)
    page3, page5 = _page_with_box(seal_box), _page_with_box((50, 50, 100, 100))
    certs = [_cert(stamps=[Seal(kind="organizer", bbox=seal_box)]),
             CertRef(path="u/a/x.pdf", page=5, stack_index=4, fields=_cert().fields)]
    stamp = Flag(code="CME_STAMP_MISSING", path="u/a/x.pdf", page=3)
    order = Flag(code="ORDER_MISMATCH", path="u/a/x.pdf", page=5, year=2022, record_id="R1")

    class Policy:
        def required_seals(self, category: str) -> set[str]:
            return {"organizer", "cme_office"}

    annotate_flags("u/a", [stamp, order], certs=certs, records=[_record()], policy=Policy(),
                   matches={("u/a/x.pdf", 3): "R1", ("u/a/x.pdf", 5): "R1"})
    findings, reading = _findings_with([stamp, order], {3: page3, 5: page5})
    stale = tmp_path / "evidence" / "old.webp"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"x")
    written = write_evidence(findings, tmp_path, PreviewSource.from_readings([reading]))
    assert written >= 4 and not stale.exists()
    kinds = {e.kind: e for e in stamp.evidence}
    assert kinds["seal"].data["required"] == ["cme_office", "organizer"]
    for item in [*stamp.evidence, *order.evidence]:
        if item.kind in ("seal", "crop", "order", "page"):
            assert item.path and item.path.startswith("evidence/"), item
            image = cv2.imread(str(tmp_path / item.path))
            assert image is not None and image.size > 0
    crop = cv2.imread(str(tmp_path / kinds["crop"].path))
    assert _red_bounds(crop)  # the seal's ink is inside its crop
    montage = cv2.imread(str(tmp_path / next(e.path for e in order.evidence if e.kind == "order")))
    assert montage.shape[1] > montage.shape[0]  # pages side by side
    stack = next(e for e in order.evidence if e.kind == "order").data["stack"]
    assert [s["moved"] for s in stack] == [False, True]


def test_evidence_comes_from_the_cache_when_the_run_kept_no_readings(tmp_path: Path):
    home = tmp_path / "home"
    flag = Flag(code="PAGE_UNREADABLE", path="u/a/x.pdf", page=3)
    annotate_flags("u/a", [flag], documents=[DocumentReading(path="u/a/x.pdf", sha256="ef" * 32)])
    findings, reading = _findings_with([flag], {3: _page_with_box((10, 10, 40, 40))})
    ReadingCache(home, "a" * 16).put(reading.documents[0])
    write_evidence(findings, tmp_path / "out", PreviewSource.from_cache(home))
    assert flag.evidence[0].path and (tmp_path / "out" / flag.evidence[0].path).is_file()
    missing = Flag(code="PAGE_UNREADABLE", path="u/a/y.pdf", page=1)
    annotate_flags("u/a", [missing])
    findings.applicants[0].flags = [missing]
    write_evidence(findings, tmp_path / "out2", PreviewSource.from_cache(home))
    assert missing.evidence[0].path is None and "未保留页面图像" in missing.evidence[0].caption


class _BlankEngine:
    """A stand-in engine that reads nothing (the page comes out unreadable)."""

    name, version, naive = "blank", "0", True

    def recognize(self, image, *, region_hint=None):
        from pipeline.models import OcrResult

        return OcrResult(engine=self.name, engine_version=self.version, width=image.shape[1], height=image.shape[0])


def test_read_page_keeps_a_preview_even_of_a_page_it_cannot_read(monkeypatch: pytest.MonkeyPatch):
    import pipeline.reading as reading
    from pipeline.models import PageImage

    monkeypatch.setattr(reading, "get_engine", lambda name=None: _BlankEngine())
    image = _page_with_box((100, 100, 200, 150))
    page = PageImage(path="u/a/x.pdf", page=2, image=image, dpi=DPI, width_pt=595, height_pt=842)
    result = reading.read_page(page)
    assert result.kind == "unreadable"
    assert result.preview is not None and result.preview.data and "preview" in result.timings
    assert decode(result.preview).shape[:2] == (result.preview.height, result.preview.width)
    no_image = reading.read_page(PageImage(path="u/a/x.pdf", page=3, image=None, dpi=DPI, width_pt=595,
                                           height_pt=842))
    assert no_image.preview is None
