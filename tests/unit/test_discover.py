from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.discover import discover_bundles, natural_key


def touch(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return path


def test_natural_order_and_applicant_folders(tmp_path: Path) -> None:
    for name in ("10.pdf", "2.pdf", "1.pdf", "scan.JPG", "notes.txt"):
        touch(tmp_path / "温州市人民医院" / "张三" / name)
    touch(tmp_path / "温州市人民医院" / "李四" / "a" / "bundle.pdf")  # deeper: its own applicant folder
    touch(tmp_path / "县医院" / "王五" / ".hidden.pdf")
    bundles = discover_bundles(tmp_path)
    keys = [b.applicant_key for b in bundles]
    assert keys == ["温州市人民医院/张三", "温州市人民医院/李四/a"]
    zhang = bundles[0]
    assert [p.name for p in zhang.files] == ["1.pdf", "2.pdf", "10.pdf", "scan.JPG"]


def test_natural_key_handles_fullwidth_digits() -> None:
    assert sorted(["１０.pdf", "9.pdf"], key=natural_key) == ["9.pdf", "１０.pdf"]


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        discover_bundles(tmp_path / "nope")
