"""What the terminal shows of a run: the pages to read up front, and the closing figures.

``count_pages`` opens every file of every bundle once (page counts only, no rendering) so
that ``cme-audit run`` can show a progress bar over pages, the unit the run's time is
spent on, rather than over bundles of very different sizes. A file that cannot be opened
counts as no pages (the audit turns it into ``FILE_INVALID``). ``closing_figures`` gives
applicants per verdict, flags per code and pages per second for the closing table.
No printing here: ``pipeline/cli.py`` renders both with rich.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.discover import discover_bundles
from pipeline.errors import InputDocumentError
from pipeline.models import Findings


def count_pages(submissions: Path) -> int:
    """Pages in every document under ``submissions`` (unreadable files count 0)."""
    from pipeline.io.load import count_pages as pages_of

    total = 0
    for spec in discover_bundles(Path(submissions)):
        for path in spec.files:
            try:
                total += pages_of(path)
            except (InputDocumentError, OSError):
                continue
    return total


@dataclass
class ClosingFigures:
    verdicts: dict[str, int] = field(default_factory=dict)  # verdict -> applicants, in report order
    flags: dict[str, int] = field(default_factory=dict)  # code -> flags, most frequent first
    pages: int = 0
    seconds: float = 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0


def closing_figures(findings: Findings, *, pages: int, seconds: float,
                    verdict_order: tuple[str, ...] = ("fail", "needs_review", "pass")) -> ClosingFigures:
    verdicts = Counter(a.verdict for a in findings.applicants)
    flags = Counter(f.code for a in findings.applicants for f in a.flags)
    return ClosingFigures(verdicts={v: verdicts.get(v, 0) for v in verdict_order},
                          flags=dict(sorted(flags.items(), key=lambda kv: (-kv[1], kv[0]))),
                          pages=pages, seconds=seconds)
