"""Run find_seals on every hard seal case and report which ones it gets right.

    python -m pipeline.seals.hard_cases [--images DIR] [--only NAME ...] [--json PATH]

Two kinds of case:

* stored page images (``--images``, default ``tests/ocr/images/seals`` in the repo):
  crops of pages rendered by the sample generator (``samples.generate --seed 601
  --applicants 8 --profile harsh``, a set the seal model was not trained on) — grey
  and b/w scans of seals cut by the page edge and of overlapping seals; ``cases.json``
  holds each crop's truth (kind, bbox in points of the crop) and where it came from;
* pages drawn with :mod:`pipeline.seals.synth` in colour, grey and b/w: seals at a
  steep angle, a rectangular seal at an angle over text, pale and double-struck
  seals, overlapping seals, a seal cut by the page edge, red ink that is no seal
  (title, rules, signature, logo) and a logo beside a real seal.

Seals are settled against the credit system's organizers as the audit does (``settle.py``; the
stored cases list their set's organizers in ``cases.json``, drawn pages those synth draws).
A case passes when find_seals finds as many seals as the truth holds, each true seal
is overlapped by a found one with IoU >= the case's minimum and (where the case
says so) of the same kind — plus the case's own extra check (shape, clipping).
Prints a markdown table (case, colour mode, expected, found, passed) and the pass
count; the exit status is 0 whether or not cases fail (this is a report).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import cv2
import numpy as np

from pipeline.models import CertificateFields, Seal

from . import find_seals, synth
from .geometry import iou
from .settle import settle_authorities

DPI = 150.0
MODES = ("color", "grey", "bw")
INK = (40, 30, 215)  # BGR red of the drawn seals
STEEP_ANGLES = (35.0, -60.0, 90.0)
DEFAULT_IMAGES = Path(__file__).resolve().parents[2] / "tests" / "ocr" / "images" / "seals"

Box = tuple[float, float, float, float]
Truth = list[tuple[str, Box]]


# ---------------------------------------------------------------- drawn pages


def organizer(angle: float = 8.0) -> synth.SealSpec:
    return synth.SealSpec("organizer", "round", 42, 42, "温州医科大学附属第一医院", "继续教育专用章",
                          star=True, angle=angle)


def cme_oval(angle: float = -6.0) -> synth.SealSpec:
    return synth.SealSpec("cme_office", "oval", 46, 31, "温州市继续医学教育委员会办公室", "学分验证章",
                          angle=angle, inner_border=True, border_mm=0.8)


def cme_rect(angle: float = 5.0) -> synth.SealSpec:
    return synth.SealSpec("cme_office", "rect", 54, 21, "温州市继续医学教育委员会", "审核专用章", angle=angle,
                          inner_border=True, border_mm=0.8)


def in_mode(img: np.ndarray, mode: str) -> np.ndarray:
    """The colour page as scanned in `mode` (color | grey | bw)."""
    return {"color": img, "grey": synth.to_grey(img), "bw": synth.to_bw(img)}[mode]


def seal_page(specs_at: Iterable[tuple[synth.SealSpec, tuple[float, float]]], *, seed: int,
              mode: str) -> tuple[np.ndarray, Truth]:
    """A text page at DPI with red seals drawn at the given centres (mm), scanned in `mode`."""
    rng = np.random.default_rng(seed)
    img = synth.blank_page(DPI, rng)
    truth = [(spec.kind, synth.place_seal(img, DPI, spec, centre, rng, colour=INK)) for spec, centre in specs_at]
    return in_mode(img, mode), truth


def steep_angle_page(angle: float, mode: str):
    return seal_page([(organizer(angle), (150, 235)), (cme_oval(angle), (60, 150))], seed=21, mode=mode)


def rect_at_angle_page(mode: str):
    return seal_page([(cme_rect(30.0), (80, 130))], seed=22, mode=mode)


def pale_and_double_page(mode: str):
    pale = organizer()
    pale.fade = 0.5
    double = cme_oval()
    double.double = True
    return seal_page([(pale, (150, 235)), (double, (60, 240))], seed=23, mode=mode)


def double_rect_page(mode: str = "bw"):
    double = cme_rect()
    double.double = True
    return seal_page([(organizer(), (150, 235)), (double, (60, 240))], seed=24, mode=mode)


def overlap_page(mode: str):
    return seal_page([(organizer(), (95, 200)), (cme_oval(), (122, 204))], seed=25, mode=mode)


def edge_cut_page(mode: str):
    return seal_page([(organizer(), (204, 150))], seed=26, mode=mode)


def red_ink_page(mode: str) -> tuple[np.ndarray, Truth]:
    """Red title, red rules and frame, a red hand-written signature and a printed red logo: no seal."""
    rng = np.random.default_rng(27)
    img = synth.blank_page(DPI, rng)
    synth.add_red_title(img, DPI)
    synth.add_red_lines(img, DPI)
    synth.add_red_signature(img, DPI, rng)
    synth.add_red_logo(img, DPI, rng, centre_mm=(28, 50), diameter_mm=18)
    return in_mode(img, mode), []


def logo_beside_seal_page(mode: str) -> tuple[np.ndarray, Truth]:
    rng = np.random.default_rng(28)
    img = synth.blank_page(DPI, rng)
    synth.add_red_logo(img, DPI, rng, centre_mm=(40, 60), diameter_mm=20)
    box = synth.place_seal(img, DPI, organizer(), (140, 220), rng, colour=INK)
    return in_mode(img, mode), [("organizer", box)]


# ---------------------------------------------------------------- matching


def mismatch(found: list[Seal], truth: Truth, *, kinds: bool = True, min_iou: float = 0.5,
             unknown_ok: bool = False) -> str | None:
    """Why `found` does not match `truth` (count, then per true seal IoU and kind), or None when it does.
    unknown_ok: a seal whose authority was not read (``unknown``: a review, never the 落地章) passes;
    the wrong authority never does."""
    if len(found) != len(truth):
        return f"found {len(found)} seal(s) for {len(truth)} true"
    for kind, box in truth:
        best = max(found, key=lambda s: iou(s.bbox, box))
        if iou(best.bbox, box) < min_iou:
            return f"true {kind} {_box(box)}: best IoU {iou(best.bbox, box):.2f} < {min_iou}"
        if kinds and best.kind != kind and not (unknown_ok and best.kind == "unknown"):
            return f"true {kind} {_box(box)} found as {best.kind}"
    return None


def _box(b: Box) -> str:
    return "(" + ",".join(f"{v:.0f}" for v in b) + ")"


# ---------------------------------------------------------------- cases


@dataclass
class Case:
    name: str
    mode: str
    build: Callable[[], tuple[np.ndarray, float, Truth]]  # -> image, dpi, truth
    kinds: bool = True  # organizer vs CME office must hold
    min_iou: float = 0.5
    extra: Callable[[np.ndarray, list[Seal]], str | None] | None = None  # further check -> failure or None
    note: str = ""
    # the credit system's organizers the audit would settle seals against (pipeline/seals/settle.py)
    organizers: tuple[str, ...] = synth.ORGANIZER_NAMES


@dataclass
class CaseResult:
    name: str
    mode: str
    expected: list[str]
    found: list[str]
    passed: bool
    detail: str = ""
    note: str = ""
    seals: list[dict] = field(default_factory=list)


def load_stored(images: Path) -> list[dict]:
    """cases.json of the stored images directory."""
    return json.loads((Path(images) / "cases.json").read_text(encoding="utf-8"))


def load_image(images: Path, case: dict) -> np.ndarray:
    grey = cv2.imread(str(Path(images) / case["image"]), cv2.IMREAD_GRAYSCALE)
    if grey is None:
        raise FileNotFoundError(Path(images) / case["image"])
    return cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)


def _drawn(page: Callable[..., tuple[np.ndarray, Truth]], *args) -> Callable[[], tuple[np.ndarray, float, Truth]]:
    def build():
        img, truth = page(*args)
        return img, DPI, truth
    return build


def _is_rect(_img: np.ndarray, found: list[Seal]) -> str | None:
    return None if found and found[0].shape == "rect" else f"shape {[s.shape for s in found]}, not rect"


def _clipped(img: np.ndarray, found: list[Seal]) -> str | None:
    right = img.shape[1] * 72 / DPI
    return None if all(s.bbox[2] <= right + 0.01 for s in found) else f"bbox beyond the page edge {right:.1f}"


def stored_cases(images: Path = DEFAULT_IMAGES) -> list[Case]:
    out = []
    for c in load_stored(images):
        def build(c=c):
            truth = [(s["kind"], tuple(s["bbox"])) for s in c["seals"]]
            return load_image(images, c), float(c["dpi"]), truth
        # a seal cut by the edge is scored on its visible part; organizer vs CME office must hold
        out.append(Case(c["case"], c["scan"], build, min_iou=0.4, note=c.get("note", ""),
                        organizers=tuple(c.get("organizers") or synth.ORGANIZER_NAMES)))
    return out


def drawn_cases() -> list[Case]:
    out = []
    for mode in MODES:
        for angle in STEEP_ANGLES:
            out.append(Case(f"angle{angle:+.0f}-{mode}", mode, _drawn(steep_angle_page, angle, mode),
                            note=f"organizer + oval CME seal at {angle:+.0f} degrees"))
    for mode in MODES:
        out.append(Case(f"rect-angle-{mode}", mode, _drawn(rect_at_angle_page, mode), extra=_is_rect,
                        note="rectangular CME seal at 30 degrees over text, found as rect"))
    for mode in ("color", "grey"):  # a pale seal vanishes in a b/w scan: no truth there
        out.append(Case(f"pale-double-{mode}", mode, _drawn(pale_and_double_page, mode), kinds=False,
                        note="pale organizer + double-struck oval CME seal (kind not scored)"))
    out.append(Case("double-bw", "bw", _drawn(double_rect_page, "bw"), kinds=False,
                    note="organizer + double-struck rectangular CME seal (kind not scored)"))
    for mode in ("grey", "bw"):
        out.append(Case(f"overlap-{mode}", mode, _drawn(overlap_page, mode), min_iou=0.4,
                        note="organizer overlapping an oval CME seal"))
    for mode in ("grey", "bw"):
        out.append(Case(f"edge-cut-{mode}", mode, _drawn(edge_cut_page, mode), kinds=False, min_iou=0.4,
                        extra=_clipped, note="organizer cut by the right page edge, bbox clipped to the page"))
    for mode in MODES:
        out.append(Case(f"red-ink-{mode}", mode, _drawn(red_ink_page, mode),
                        note="red title, rules, signature and logo: no seal"))
    for mode in MODES:
        out.append(Case(f"logo-{mode}", mode, _drawn(logo_beside_seal_page, mode),
                        note="red logo beside an organizer seal: one seal"))
    return out


def all_cases(images: Path | None = DEFAULT_IMAGES) -> list[Case]:
    """Stored cases (when `images` is given) then drawn ones."""
    return (stored_cases(images) if images is not None else []) + drawn_cases()


def find_settled(img: np.ndarray, dpi: float,
                 organizers: Iterable[str] = synth.ORGANIZER_NAMES) -> list[Seal]:
    """find_seals, then the audit's settling against the credit system's organizers."""
    found = find_seals(img, dpi=dpi)
    settle_authorities([CertificateFields(stamps=found)], organizers)
    return found


def run_case(case: Case) -> CaseResult:
    img, dpi, truth = case.build()
    found = find_settled(img, dpi, case.organizers)  # as the audit does
    why = mismatch(found, truth, kinds=case.kinds, min_iou=case.min_iou)
    if why is None and case.extra is not None:
        why = case.extra(img, found)
    return CaseResult(
        name=case.name, mode=case.mode,
        expected=[k for k, _ in truth],
        found=[s.kind for s in found],
        passed=why is None, detail=why or "", note=case.note,
        seals=[{"kind": s.kind, "shape": s.shape, "bbox": [round(v, 1) for v in s.bbox]} for s in found],
    )


def run(images: Path | None = DEFAULT_IMAGES, only: Iterable[str] | None = None) -> list[CaseResult]:
    """Run every hard case (or those named in `only`) and return one result per case."""
    cases = all_cases(images)
    if only is not None:
        wanted = set(only)
        unknown = wanted - {c.name for c in cases}
        if unknown:
            raise KeyError(f"no such hard case: {sorted(unknown)}")
        cases = [c for c in cases if c.name in wanted]
    return [run_case(c) for c in cases]


def markdown(results: list[CaseResult]) -> str:
    def seals(kinds: list[str]) -> str:
        return ", ".join(kinds) if kinds else "no seal"

    lines = ["| case | mode | expected | found | passed |", "|---|---|---|---|---|"]
    for r in results:
        ok = "yes" if r.passed else f"**no** ({r.detail})"
        lines.append(f"| {r.name} | {r.mode} | {seals(r.expected)} | {seals(r.found)} | {ok} |")
    n = sum(r.passed for r in results)
    lines += ["", f"passed {n}/{len(results)}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--images", type=Path, default=DEFAULT_IMAGES,
                    help="directory of stored hard-case images with cases.json (default: %(default)s)")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="run only these cases")
    ap.add_argument("--json", type=Path, metavar="PATH", help="also write the results as JSON")
    args = ap.parse_args(argv)
    results = run(args.images, args.only)
    print(markdown(results))
    if args.json:
        n = sum(r.passed for r in results)
        args.json.write_text(json.dumps({"passed": n, "total": len(results), "cases": [asdict(r) for r in results]},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
