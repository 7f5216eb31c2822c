"""Find the applicant bundles in a submissions folder (contract section 1).

An applicant folder is a folder that directly holds document files; its key is
its path relative to SUBMISSIONS, '/'-separated. Files are in stack order:
natural sort of their names (``2.pdf`` before ``10.pdf``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DOC_SUFFIXES = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff"})


@dataclass(frozen=True)
class BundleSpec:
    applicant_key: str
    folder: Path
    files: tuple[Path, ...]  # in stack order

    def rel(self, root: Path, path: Path) -> str:
        return path.relative_to(root).as_posix()


def natural_key(name: str) -> list[object]:
    """Sort key splitting digit runs: '2.pdf' < '10.pdf', full-width digits too."""
    name = unicodedata.normalize("NFKC", name)
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
            for part in re.split(r"(\d+)", name) if part]


def is_document(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in DOC_SUFFIXES and not path.name.startswith(".")


def discover_bundles(root: Path) -> list[BundleSpec]:
    """Every applicant folder under ``root``, sorted by key; files in stack order."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"submissions folder {root} does not exist or is not a folder")
    folders: dict[Path, list[Path]] = {}
    for path in root.rglob("*"):
        if is_document(path):
            folders.setdefault(path.parent, []).append(path)
    bundles = []
    for folder, files in folders.items():
        files.sort(key=lambda p: natural_key(p.name))
        key = folder.relative_to(root).as_posix()
        bundles.append(BundleSpec(applicant_key=key if key != "." else folder.name,
                                  folder=folder, files=tuple(files)))
    bundles.sort(key=lambda b: natural_key(b.applicant_key))
    return bundles
