"""Every bad input of issue 16, file by file, without OCR: what ingest and discovery make of it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from corpus import UNIT, build_corpus

from pipeline.atomic import atomic_write
from pipeline.discover import discover_bundles
from pipeline.errors import InputDocumentError
from pipeline.io.budget import ImageBox, PageOverBudgetError, plan_page
from pipeline.io.limits import limits
from pipeline.io.load import count_pages, load_page
from pipeline.records.load import RecordsChangedError, check_unchanged, export_hashes, load_export
from pipeline.runlock import LOCK_FILE, RunLockedError, run_lock

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("hostile")
    return root, build_corpus(root)


def _outcome(path: Path, rel: str) -> tuple[str, str, object]:
    """('file', reason) / ('page', reason) / ('ok', '', the first page)."""
    try:
        count_pages(path)
    except InputDocumentError as exc:
        return "file", exc.reason, None
    try:
        return "ok", "", load_page(path, rel, 1)
    except PageOverBudgetError as exc:
        return "page", exc.reason, None


def test_every_bad_file_gets_its_reason(corpus: tuple[Path, dict]) -> None:
    root, expect = corpus
    bundles = {b.applicant_key: b for b in discover_bundles(root)}
    seen: dict[str, tuple[str, str]] = {}
    for spec in bundles.values():
        for rejected in spec.rejected:
            seen[spec.rel(root, rejected.path)] = ("file", rejected.reason)
        for path in spec.files:
            rel = spec.rel(root, path)
            kind, reason, _page = _outcome(path, rel)
            seen[rel] = (kind, reason)
    for rel, exp in expect.items():
        assert rel in seen, f"{rel} ({exp.what}) was not found by discovery"
        kind, reason = seen[rel]
        if exp.code == "FILE_INVALID":
            assert kind == "file" and exp.reason in reason, (rel, exp.what, kind, reason)
        elif exp.code == "PAGE_UNREADABLE" and exp.reason and exp.stage == "ingest":
            assert kind == "page" and exp.reason in reason, (rel, exp.what, kind, reason)
        else:  # readable (what the reader makes of it is the run test's): the page loads within the budget
            assert kind == "ok", (rel, exp.what, kind, reason)


def test_odd_images_load_as_a_reviewer_sees_them(corpus: tuple[Path, dict]) -> None:
    root, _ = corpus
    folder = root / UNIT / "格式各异"
    for name in ("2_ccitt.tif", "3_cmyk.jpg", "4_cmyk.tif", "5_grey16.png", "6_palette.png", "7_alpha.png"):
        page = load_page(folder / name, name, 1)
        image = page.image
        assert image.dtype == np.uint8 and image.shape == (300, 420, 3), name
        assert image[0, 0].min() > 200, f"{name}: the paper is not light ({image[0, 0]})"  # not black, not inverted
        assert image[45, 200].max() < 90, f"{name}: the bars are not dark ({image[45, 200]})"  # not clipped to white
    assert count_pages(folder / "8_multipage.tif") == 3
    assert load_page(folder / "8_multipage.tif", "m.tif", 3).page == 3
    jbig2 = load_page(folder / "9_jbig2.pdf", "j.pdf", 1)
    assert jbig2.image.shape[:2] == (3300, 2550) and jbig2.image.mean() < 250  # JBIG2 decoded, not blank


def test_the_poster_is_rendered_from_its_image_not_its_page_size() -> None:
    # OCRmyPDF's poster.pdf: 18000 x 36000 pt, one 2550 x 3300 image over the full width
    image = ImageBox(width_px=2550, height_px=3300, width_pt=18000, height_pt=23294)
    plan = plan_page(18000, 36000, wanted_dpi=150, images=[image], rel_path="p.pdf", page=1)
    cfg = limits().page
    assert plan.width_px * plan.height_px <= cfg.max_megapixels * 1e6
    assert max(plan.width_px, plan.height_px) <= cfg.max_side_px
    assert plan.dpi <= 2550 / 18000 * 72 * cfg.max_upscale + 1e-9 and plan.note
    enormous = plan_page(2160, 2160, wanted_dpi=300, images=[ImageBox(9000, 9000, 2160, 2160)],
                         rel_path="e.pdf", page=1)
    assert enormous.note and 150 < enormous.dpi < 300  # read downsampled, most of its resolution kept
    normal = plan_page(595, 842, wanted_dpi=300, images=[ImageBox(2480, 3508, 595, 842)], rel_path="a.pdf", page=1)
    assert normal.note is None and normal.dpi == 300  # an A4 scan is untouched
    with pytest.raises(PageOverBudgetError, match="页面过大"):
        plan_page(18000, 36000, wanted_dpi=200, images=[], rel_path="v.pdf", page=1)


def test_discovery_never_follows_links_out_of_the_tree(tmp_path: Path) -> None:
    bundle = tmp_path / "sub" / "单位" / "张三"
    bundle.mkdir(parents=True)
    (bundle / "1.pdf").write_bytes(b"%PDF-1.4")
    (bundle / "2.pdf").symlink_to(bundle / "1.pdf")  # inside the tree: read as that file
    (bundle / "3.pdf").symlink_to("/etc/passwd")
    (bundle / "4.pdf").symlink_to(bundle / "gone.pdf")
    (bundle / "linked").symlink_to("/etc", target_is_directory=True)
    (bundle / "Thumbs.db").write_bytes(b"x")
    (bundle / ".DS_Store").write_bytes(b"x")
    (bundle / "说明.txt").write_text("x", encoding="utf-8")
    [spec] = discover_bundles(tmp_path / "sub")
    assert [p.name for p in spec.files] == ["1.pdf", "2.pdf"]
    reasons = {r.path.name: r.reason for r in spec.rejected}
    assert set(reasons) == {"3.pdf", "4.pdf", "linked", "说明.txt"}
    assert "提交目录之外" in reasons["3.pdf"] and "/etc/passwd" in reasons["3.pdf"]
    assert "不存在" in reasons["4.pdf"] and "不受支持" in reasons["说明.txt"]


def test_a_gbk_byte_name_is_read_and_shown_decoded(tmp_path: Path) -> None:
    root = tmp_path / "sub"
    folder = os.fsencode(root) + b"/" + "单位".encode("gbk") + b"/" + "李四".encode("gbk")
    os.makedirs(folder)
    good = ROOT / "samples" / "data" / "clean" / "submissions" / "温州医科大学附属第一医院" / "邓娟颖" / "邓娟颖.pdf"
    with open(folder + b"/" + "证书".encode("gbk") + b".pdf", "wb") as fh:
        fh.write(good.read_bytes())
    [spec] = discover_bundles(root)
    assert spec.applicant_key == "单位/李四"
    assert spec.rel(root, spec.files[0]) == "单位/李四/证书.pdf"
    assert count_pages(spec.files[0]) >= 3 and load_page(spec.files[0], "x.pdf", 1).image is not None


def test_atomic_write_leaves_the_old_file_when_the_rename_fails(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "findings.json"
    atomic_write(target, "旧")
    assert target.read_text(encoding="utf-8") == "旧"

    def broken(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, "新" * 10000)
    assert target.read_text(encoding="utf-8") == "旧" and [p.name for p in tmp_path.iterdir()] == ["findings.json"]


def _hold_lock(out: Path) -> subprocess.Popen:
    code = ("import sys, time; from pipeline.runlock import run_lock\n"
            "with run_lock(sys.argv[1]):\n    print('held', flush=True); time.sleep(120)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_run_refuses_and_a_killed_run_leaves_no_stale_lock(tmp_path: Path) -> None:
    holder = _hold_lock(tmp_path)
    try:
        with pytest.raises(RunLockedError, match=f"another cme-audit run.*pid {holder.pid}"):
            with run_lock(tmp_path):
                pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=30)
    assert (tmp_path / LOCK_FILE).exists()  # the file stays; the kernel dropped the lock with the process
    with run_lock(tmp_path):
        pass


def test_records_that_change_under_the_run_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import pipeline.records.load as load_mod

    records = tmp_path / "records"
    shutil.copytree(ROOT / "samples" / "data" / "clean" / "records", records)
    before = export_hashes(records)
    check_unchanged(records, before)  # nothing changed: no error
    with (records / "credits.csv").open("a", encoding="utf-8") as fh:
        fh.write("\n")
    with pytest.raises(RecordsChangedError, match="credits.csv"):
        check_unchanged(records, before)

    real = load_mod._load_export

    def read_while_exported(path: Path):
        export = real(path)
        (records / "persons.csv").write_bytes((records / "persons.csv").read_bytes() + b"\n")  # the export grows
        return export

    monkeypatch.setattr(load_mod, "_load_export", read_while_exported)
    with pytest.raises(RecordsChangedError, match="persons.csv.*changed while it was being read"):
        load_export(records)
