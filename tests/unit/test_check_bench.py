"""The check benchmark runs end to end on a small synthetic export and reports what it timed."""

from __future__ import annotations

from benchmarks.check_bench import main, synthesize


def test_synthetic_export_is_seeded_and_sized():
    a = synthesize(50, 10, seed=3)
    b = synthesize(50, 10, seed=3)
    assert len(a.persons) == 50
    assert 300 <= len(a.credits) <= 700
    assert [r.credits for r in a.credits] == [r.credits for r in b.credits]
    assert {r.id_number for r in a.credits} <= {p.id_number for p in a.persons}


def test_bench_prints_a_markdown_row_per_policy(capsys):
    rows = main(["--persons", "30", "--policy", "yunnan-2020", "--policy", "shanghai-2018"])
    out = capsys.readouterr().out
    assert [r["policy"] for r in rows] == ["yunnan-2020", "shanghai-2018"]
    assert all(r["pass"] + r["fail"] + r["needs_review"] == 30 for r in rows)
    assert out.count("| yunnan-2020 |") == 1 and "|---|" in out
