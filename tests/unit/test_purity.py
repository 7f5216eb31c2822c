"""The library stays pure: importing pipeline (and running its CLI module) never imports Prefect."""

from __future__ import annotations

import subprocess
import sys


def test_pipeline_does_not_import_prefect() -> None:
    code = (
        "import sys, importlib, pkgutil, pipeline\n"
        "for m in pkgutil.walk_packages(pipeline.__path__, 'pipeline.'):\n"
        "    if m.name.endswith('.train'):\n"
        "        continue\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'prefect' or n.startswith('prefect.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"pipeline imported prefect modules: {out.stdout.strip()[:200]}"
