"""Where a page's time goes: a cold ``cme-audit run`` under py-spy, its samples split by stage.

    python -m benchmarks.peers_profile --set DIR [--pages 20] [--out DIR] [--workers 1]

Takes the first certificate documents of a generated set (by its truth.json) up to ``--pages``
pages, runs ``cme-audit run --no-cache`` on them under ``py-spy record --subprocesses --idle
--format raw`` and attributes every sample to a stage of the reading (render, preprocess, the
page pass, the 180° re-read, quarter turns, region re-reads, seals, extraction, preview, audit
and report, start-up) and, inside the stage, to what ran: model inference (the RapidOCR
wheel's ONNX session call), RapidOCR's own Python around it (resizing, box decoding), a
tesseract subprocess (OSD), our preprocessing (``pipeline/preprocess.py``) or other Python. Samples of a thread waiting (a pool's parent
waiting for its workers) are left out. ``outside_engine_share`` is the share of the samples
outside engine calls (``OcrEngine.recognize`` and tesseract subprocesses).

The stage of a sample is decided by the most specific pipeline function on its stack (a seal's
text read inside ``find_seals`` is the seal stage's engine time); the page pass and the 180°
re-read are told apart by the line of ``pipeline/orientation.py:read_upright`` that called
``_read``. The flame graph of the same run: ``py-spy record --subprocesses -o flame.svg --
cme-audit run …`` (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.peers_set import _link
from benchmarks.peers_tools import ToolFailed, cme_audit_bin

log = logging.getLogger(__name__)

_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*):(?P<line>\d+)\)$")
_WAITS = {"wait", "_wait_for_tstate_lock", "select", "poll", "_poll", "recv_bytes", "_recv_bytes", "_recv",
          "accept", "sleep", "acquire", "get", "result", "read", "readinto", "join", "_worker_loop"}
PARTS = ("model inference", "rapidocr python", "tesseract", "preprocess", "python")
ENGINE_PARTS = ("model inference", "rapidocr python", "tesseract")


@dataclass
class Profile:
    rate: int
    samples: int = 0
    waiting: int = 0
    cells: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def seconds(self, stage: str | None = None, part: str | None = None) -> float:
        rows = [self.cells[stage]] if stage else list(self.cells.values())
        return sum(c[part] if part else sum(c.values()) for c in rows) / self.rate

    @property
    def outside_engine_share(self) -> float:
        total = self.seconds()
        engine = sum(self.seconds(part=p) for p in ENGINE_PARTS)
        return (total - engine) / total if total else 0.0

    def to_json(self) -> dict:
        return {"rate": self.rate, "samples": self.samples, "waiting_samples": self.waiting,
                "seconds": {s: {p: round(c[p] / self.rate, 2) for p in PARTS} for s, c in self.cells.items()},
                "outside_engine_share": round(self.outside_engine_share, 4)}


def _orientation_lines() -> dict[int, str]:
    """Line numbers of ``pipeline/orientation.py``'s reads of a page, anywhere in the module: which
    read of the page each one is (the first pass, the 180° re-read, quarter turns, OSD)."""
    src = (Path(__file__).resolve().parents[1] / "pipeline" / "orientation.py").read_text(encoding="utf-8")
    marks = (("first = _read(", "page pass"), ("engine.detect(", "page pass"),
             ("first = _reading(prep, engine.recognize", "page pass"),
             ("flipped = _read(", "180° re-read"), ("stored = _reading(prep, engine.recognize", "180° re-read"),
             ("_quarter(image", "quarter turns"), ("_quarter_detected(image", "quarter turns"),
             ("r = _read(image", "quarter turns"), ("_osd_quarter(", "OSD quarter turn"),
             ("turned = _read(", "OSD quarter turn"))
    lines: dict[int, str] = {}
    for number, text in enumerate(src.splitlines(), start=1):
        if text.lstrip().startswith("def "):
            continue
        for needle, stage in marks:
            if needle in text:
                lines[number] = stage
                break
    return lines


# (stage, test on a frame's file and function), most specific first
_STAGES: tuple[tuple[str, str, str | None], ...] = (
    ("start-up (imports, model load)", "<frozen importlib", None),
    ("start-up (imports, model load)", "pipeline/ocr/registry.py", "get_engine"),
    ("seals", "pipeline/seals/", None),
    ("region re-reads", "pipeline/extract/regions.py", None),
    ("list extraction + cell re-reads", "pipeline/extract/annual_list", None),
    ("extraction", "pipeline/extract/", None),
    ("preview (evidence)", "pipeline/evidence/", None),
    ("render (load)", "pipeline/io/", None),
    ("report + outputs", "pipeline/report/", None),
    ("report + outputs", "pipeline/outputs.py", None),
    ("audit (match, rules)", "pipeline/audit.py", "audit_bundle"),
)


def classify_stack(frames: list[tuple[str, str, int]], upright_lines: dict[int, str]) -> tuple[str, str] | None:
    """(stage, part) of one sampled stack (outermost frame first); None for a waiting thread."""
    files = [f for _, f, _ in frames]
    if not frames or any(f.endswith("resource_tracker.py") for f in files):
        return None  # a native-only stack, or multiprocessing's resource tracker blocked on its pipe
    if any("rapidocr_" in f and f.endswith("infer_engine.py") for f in files) or \
            any(f.startswith(("onnxruntime/", "openvino/")) for f in files):
        part = "model inference"
    elif any("pytesseract" in f for f in files):
        part = "tesseract"
    elif any("rapidocr_" in f for f in files):
        part = "rapidocr python"
    elif frames[-1][0].rsplit(".", 1)[-1] in _WAITS:  # py-spy names methods Class.method
        return None
    elif any(f.endswith("pipeline/preprocess.py") for f in files):
        part = "preprocess"
    else:
        part = "python"
    for stage, needle, func in _STAGES:
        if any(needle in f and (func is None or fn == func) for fn, f, _ in frames):
            return stage, part
    in_orientation = [line for _, f, line in frames if f.endswith("pipeline/orientation.py")]
    for line in reversed(in_orientation):  # the innermost marked read of the page decides
        if line in upright_lines:
            return upright_lines[line], part
    if in_orientation:
        return "page OCR (other)", part
    if any(f.endswith("pipeline/preprocess.py") for f in files):
        return "preprocess", part
    if any(f.startswith("pipeline/") for f in files):
        return "other pipeline", part
    return "other (CLI, records, libraries)", part


def parse_raw(text: str, rate: int) -> Profile:
    """py-spy's raw (collapsed) output -> Profile."""
    prof = Profile(rate=rate)
    upright = _orientation_lines()
    for row in text.splitlines():
        stack, _, count = row.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = []
        for item in stack.split(";"):
            m = _FRAME.match(item)
            if m:
                frames.append((m["func"], m["file"].replace("\\", "/"), int(m["line"])))
        prof.samples += n
        found = classify_stack(frames, upright)
        if found is None:
            prof.waiting += n
            continue
        prof.cells[found[0]][found[1]] += n
    return prof


def certificate_subset(set_dir: Path, target: Path, *, pages: int) -> int:
    """Link the set's first documents holding only certificate pages into ``target`` (up to ``pages``)."""
    truth = json.loads((set_dir / "truth.json").read_text(encoding="utf-8"))
    taken = 0
    for applicant in truth["applicants"]:
        for doc in applicant["documents"]:
            kinds = {p.get("kind") for p in doc.get("pages", [])}
            if doc.get("invalid") or kinds != {"certificate"}:
                continue
            _link(set_dir / "submissions" / doc["path"], target / doc["path"])
            taken += len(doc["pages"])
            if taken >= pages:
                return taken
    return taken


def profile_run(set_dir: Path, out: Path, *, pages: int = 20, workers: int = 1, rate: int = 50,
                policy: str = "wenzhou-2023") -> tuple[Profile, int, list[str]]:
    """Profile a cold run over ``pages`` certificate pages; returns the profile, pages and the command."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists() and shutil.which("py-spy") is None:
        raise ToolFailed("py-spy is not installed (pip install -e '.[bench]')")
    out.mkdir(parents=True, exist_ok=True)
    subset = out / "profile-submissions"
    if subset.exists():
        shutil.rmtree(subset)
    taken = certificate_subset(set_dir, subset, pages=pages)
    raw = out / "profile-stacks.txt"
    cmd = [spy, "record", "--subprocesses", "--idle", "--format", "raw", "--rate", str(rate), "-o", str(raw),
           "--", cme_audit_bin(), "run", str(subset), "--records", str(set_dir / "records"), "--policy", policy,
           "--out", str(out / "profile-out"), "--workers", str(workers), "--no-cache"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not raw.is_file():
        raise ToolFailed(f"py-spy run failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    return parse_raw(raw.read_text(encoding="utf-8"), rate), taken, cmd


def render(prof: Profile, pages: int) -> str:
    """Markdown table: seconds per page by stage and by what ran inside it."""
    head = "| stage | s/page | " + " | ".join(PARTS) + " |\n|---|---:|" + "---:|" * len(PARTS) + "\n"
    rows = sorted(prof.cells, key=lambda s: -prof.seconds(s))
    body = "".join(
        f"| {s} | {prof.seconds(s) / pages:.2f} | "
        + " | ".join(f"{prof.seconds(s, p) / pages:.2f}" for p in PARTS) + " |\n" for s in rows)
    total = f"| **all** | **{prof.seconds() / pages:.2f}** | " + " | ".join(
        f"{prof.seconds(part=p) / pages:.2f}" for p in PARTS) + " |\n"
    return head + body + total


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.peers_profile", description=__doc__.split("\n\n")[0])
    p.add_argument("--set", dest="set_dir", type=Path, required=True, help="a generated set (truth.json, records/)")
    p.add_argument("--pages", type=int, default=20)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--rate", type=int, default=50, help="py-spy samples per second")
    p.add_argument("--out", type=Path, default=Path("bench-out/profile"))
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args.out.mkdir(parents=True, exist_ok=True)
    prof, pages, _cmd = profile_run(args.set_dir, args.out, pages=args.pages, workers=args.workers, rate=args.rate)
    (args.out / "profile.json").write_text(json.dumps(prof.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{pages} certificate pages; outside engine calls {prof.outside_engine_share:.1%}")
    print(render(prof, pages))


if __name__ == "__main__":
    main()
