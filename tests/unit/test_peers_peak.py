"""benchmarks.peers_peak: the process tree's peak resident memory while a command runs (issue 18)."""

from __future__ import annotations

import json
import sys

from benchmarks.peers_peak import main

CHILD_HOLDS_120_MB = (
    "import subprocess, sys, time\n"
    "child = subprocess.Popen([sys.executable, '-c', "
    "'import time; b = bytearray(120 * 2**20); b[::4096] = b\"x\" * len(b[::4096]); time.sleep(1.5)'])\n"
    "child.wait(); sys.exit(3)\n"
)


def test_the_peak_counts_a_grandchild_and_the_exit_status_is_the_commands(tmp_path) -> None:
    out = tmp_path / "peak.json"
    status = main(["--interval", "0.1", "--json", str(out), "--", sys.executable, "-c", CHILD_HOLDS_120_MB])
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert status == 3 and figures["exit_status"] == 3
    assert figures["peak_other_process_mib"] >= 120  # the grandchild, not only the command
    assert figures["peak_tree_mib"] >= figures["peak_other_process_mib"] + figures["peak_command_mib"] - 1
    assert figures["peak_command_mib"] < 120 and figures["polls"] >= 5
