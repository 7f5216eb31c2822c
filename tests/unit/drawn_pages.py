"""Pages of a planned set drawn on a recording canvas (planning and drawing only, no rendering):
the generator tests check what a family prints, and in what face, where, without a scan."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from samples.designs import draw_page
from samples.fonts import FONTS
from samples.plan import plan_set


class RecordingCanvas:
    """Keeps every string drawn: (x, y, text, size, face, align), and its colour (``colours[i]`` is
    ``texts[i]``'s, None for the default ink)."""

    def __init__(self, size_pt):
        self.w_pt, self.h_pt = size_pt
        self.texts: list[tuple[float, float, str, float, str, str]] = []
        self.colours: list[tuple | None] = []

    def text(self, x, y, s, size, role="serif", align="l", color=None) -> None:
        assert role in FONTS, role
        self.texts.append((x, y, s, size, role, align))
        self.colours.append(color)

    def text_width(self, s, size, role="serif") -> float:
        return 0.9 * size * len(s)

    def line(self, *a, **k) -> None: ...

    def rect(self, *a, **k) -> None: ...

    def blocks(self, *a, **k) -> None: ...

    def find(self, s: str) -> list[tuple]:
        return [t for t in self.texts if s in t[2]]

    def strings(self) -> list[str]:
        return [t[2] for t in self.texts]

    def faces(self) -> set[str]:
        return {t[4] for t in self.texts}


def drawn_pages(*, seed: int, applicants: int, policy: str, selection: str,
                years: list[int] | None = None) -> Iterator[tuple[object, RecordingCanvas]]:
    """(page, canvas) for every certificate and list page of a family in the planned set."""
    if years is None:
        years = [2018] if policy == "shanghai-2018" else [2020, 2021, 2022]
    sp = plan_set(seed=seed, applicants=applicants, profile="realistic", years=years, policy=policy,
                  families=selection, seals=selection)
    for ap in sp.applicants:
        for f in ap.files:
            for page in f.pages:
                if page.kind in ("certificate", "annual_list") and page.scan.family:
                    cv = RecordingCanvas(page.size_pt)
                    draw_page(cv, page.kind, page.design, page.content)
                    yield page, cv


def pages_by_family(*, seed: int, applicants: int | dict[str, int], selection: str) -> dict[str, list]:
    """(page, canvas, policy) of a Wenzhou set (2020-2022) and a Shanghai one (2018), by design family;
    ``applicants`` per set, or one count for both."""
    out: dict[str, list] = defaultdict(list)
    for policy, years in (("wenzhou-2023", [2020, 2021, 2022]), ("shanghai-2018", [2018])):
        n = applicants[policy] if isinstance(applicants, dict) else applicants
        for page, cv in drawn_pages(seed=seed, applicants=n, policy=policy, selection=selection, years=years):
            out[page.scan.family].append((page, cv, policy))
    return out


def text_at(cv: RecordingCanvas, s: str) -> tuple:
    """The first string ``s`` drawn on ``cv``, with its position, size, face and alignment."""
    hits = [t for t in cv.texts if t[2] == s]
    assert hits, s
    return hits[0]


def joined(cv: RecordingCanvas) -> str:
    """Every string drawn on ``cv``, in drawing order, without spaces."""
    return "".join(cv.strings()).replace(" ", "")
