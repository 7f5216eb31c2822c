"""The tools the peers benchmark sets side by side, each run over one chunk of pages.

Every runner returns the measured :class:`~benchmarks.peers_measure.Usage` and what the tool
read (texts per page where the tool gives text), and raises ``ToolFailed`` naming the command
and its error output when the tool fails (the benchmark then reports the failure, never a
figure for work not done).

- ``cme-audit run`` cold: a fresh ``--cache-dir`` (every page really read, the readings then
  cached); warm: the same command again over the same cache (the re-audit path of a nightly
  run). Both with ``--workers`` reader processes and the full audit (findings, report, xlsx).
- ``tesseract IMAGE - -l chi_sim`` on every page image, ``workers`` processes side by side,
  each with ``OMP_THREAD_LIMIT=1`` (the processes already fill the cores).
- ``ocrmypdf -l chi_sim --jobs W --output-type pdf --optimize 0`` on the chunk's bundle PDF.
- RapidOCR (``benchmarks/peers_rapid.py``) over whole pages on a runtime, ``workers``
  processes, one engine thread each.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.peers_measure import Usage, measured
from benchmarks.peers_set import Chunk


class ToolFailed(RuntimeError):
    """A tool exited non-zero or is not installed."""


def _run(cmd: list[str], *, env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    except FileNotFoundError as exc:
        raise ToolFailed(f"{cmd[0]} is not installed ({exc})") from exc
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise ToolFailed(f"`{' '.join(cmd[:6])} …` exited {done.returncode}: {' | '.join(tail)}")
    return done.stdout


def cme_audit_bin() -> str:
    local = Path(sys.executable).with_name("cme-audit")
    return str(local) if local.exists() else "cme-audit"


def cme_audit(chunk: Chunk, *, records: Path, policy: str, out: Path, cache_dir: Path, workers: int,
              extra: list[str] | None = None) -> Usage:
    """``cme-audit run`` over the chunk (cold when ``cache_dir`` is new, warm when it holds the readings)."""
    cmd = [cme_audit_bin(), "run", str(chunk.submissions), "--records", str(records), "--policy", policy,
           "--out", str(out), "--workers", str(workers), "--cache-dir", str(cache_dir), *(extra or [])]
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    with measured() as usage:
        _run(cmd, env=env)
    if not (out / "findings.json").is_file():
        raise ToolFailed(f"cme-audit wrote no findings.json into {out}")
    return usage


def tesseract(chunk: Chunk, *, workers: int, lang: str = "chi_sim") -> tuple[Usage, dict[str, str]]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(image: Path) -> str:
        return _run(["tesseract", str(image), "-", "-l", lang], env=env)

    with measured() as usage, ThreadPoolExecutor(max_workers=workers) as pool:
        texts = dict(zip((str(p) for p in chunk.images), pool.map(one, chunk.images), strict=True))
    return usage, texts


def ocrmypdf(chunk: Chunk, *, out: Path, workers: int, lang: str = "chi_sim") -> Usage:
    exe = shutil.which("ocrmypdf") or str(Path(sys.executable).with_name("ocrmypdf"))
    if chunk.bundle_pdf is None:
        raise ToolFailed("the chunk has no bundle PDF")
    cmd = [exe, "-l", lang, "--jobs", str(workers), "--output-type", "pdf", "--optimize", "0", "--quiet",
           str(chunk.bundle_pdf), str(out)]
    with measured() as usage:
        _run(cmd)
    return usage


def rapidocr(chunk: Chunk, *, runtime: str, out_dir: Path, workers: int) -> tuple[Usage, dict[str, str]]:
    out_dir.mkdir(parents=True, exist_ok=True)
    shares = [chunk.images[i::workers] for i in range(workers)]
    shares = [s for s in shares if s]
    outs = [out_dir / f"texts{i}.json" for i in range(len(shares))]
    cmds = [[sys.executable, "-m", "benchmarks.peers_rapid", "--runtime", runtime, "--out", str(o),
             *map(str, share)] for o, share in zip(outs, shares, strict=True)]
    with measured() as usage, ThreadPoolExecutor(max_workers=len(cmds)) as pool:
        list(pool.map(_run, cmds))
    texts: dict[str, str] = {}
    for o in outs:
        texts.update(json.loads(o.read_text(encoding="utf-8")))
    return usage, texts
