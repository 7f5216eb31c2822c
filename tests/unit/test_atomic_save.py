"""atomic_save: what a writer puts into a file object lands whole, or not at all (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from pipeline.atomic import atomic_save


def test_a_workbook_saved_atomically_reads_back(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active["A1"] = "学分"
    path = atomic_save(tmp_path / "out" / "summary.xlsx", wb.save)
    assert load_workbook(path).active["A1"].value == "学分"
    assert [p.name for p in path.parent.iterdir()] == ["summary.xlsx"]  # no temp file left


def test_a_writer_that_fails_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"old")

    def broken(fh) -> None:
        fh.write(b"half")
        raise RuntimeError("disk went away")

    with pytest.raises(RuntimeError):
        atomic_save(target, broken)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]
