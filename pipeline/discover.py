"""Find the applicant bundles in a submissions folder (contract section 1).

An applicant folder is a folder that directly holds document files; its key is
its path relative to SUBMISSIONS, '/'-separated. Files are in stack order:
natural sort of their names (``2.pdf`` before ``10.pdf``).

Hostile trees (issue 16): the walk never follows a symbolic link. A link whose target lies inside
the submissions tree is read as that file; one pointing out of it (``证书.pdf -> /etc/passwd``),
or nowhere, is not opened and is listed with the reason (it becomes ``FILE_INVALID``). Files of a
type the audit does not read (``.docx``, ``.txt``) in an applicant folder are listed, not read,
with the reason; system clutter (hidden files, ``Thumbs.db``, ``desktop.ini``) is ignored. A name
whose bytes are not UTF-8 (a GBK archive unpacked on Linux) is opened by its bytes and shown
decoded as GB18030, so findings.json stays valid UTF-8 and a reviewer reads the name.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DOC_SUFFIXES = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff"})
IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini", "ehthumbs.db"})  # clutter file managers leave


@dataclass(frozen=True)
class Rejected:
    """A file of an applicant folder that is not read, and why (becomes FILE_INVALID)."""

    path: Path
    reason: str


@dataclass(frozen=True)
class BundleSpec:
    applicant_key: str
    folder: Path
    files: tuple[Path, ...]  # in stack order
    rejected: tuple[Rejected, ...] = ()  # listed, not read

    def rel(self, root: Path, path: Path) -> str:
        return display_path(path.relative_to(root))


def display_path(rel: Path | str) -> str:
    """A relative path as text a reviewer reads: '/'-separated; non-UTF-8 names decoded as GB18030."""
    return "/".join(_display_name(part) for part in Path(rel).as_posix().split("/"))


def _display_name(name: str) -> str:
    raw = os.fsencode(name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def natural_key(name: str) -> list[object]:
    """Sort key splitting digit runs: '2.pdf' < '10.pdf', full-width digits too."""
    name = unicodedata.normalize("NFKC", display_path(name))
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
            for part in re.split(r"(\d+)", name) if part]


def is_document(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in DOC_SUFFIXES and not path.name.startswith(".")


def _is_clutter(name: str) -> bool:
    return name.startswith(".") or name.lower() in IGNORED_NAMES or name.startswith("~$")


def _symlink_reason(path: Path, root: Path) -> str | None:
    """None when a link may be read (its target is a file inside the tree), else why not."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return f"符号链接指向不存在的文件（{os.readlink(path)}），未读取；请提交文件本身"
    if not target.is_relative_to(root.resolve()):
        return f"符号链接指向提交目录之外（{display_path(target)}），未读取；请提交文件本身"
    if not target.is_file():
        return "符号链接指向的不是文件，未读取；请提交文件本身"
    return None


def discover_bundles(root: Path) -> list[BundleSpec]:
    """Every applicant folder under ``root``, sorted by key; files in stack order."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"submissions folder {root} does not exist or is not a folder")
    folders: dict[Path, list[Path]] = {}
    rejected: dict[Path, list[Rejected]] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        folder = Path(dirpath)
        linked_dirs = [d for d in dirnames if (folder / d).is_symlink()]
        for name in linked_dirs:  # a linked folder is never walked into
            dirnames.remove(name)
            rejected.setdefault(folder, []).append(Rejected(folder / name, (
                "符号链接指向文件夹，未读取；请把文件本身放入申请人文件夹")))
        for name in filenames:
            path = folder / name
            if _is_clutter(name):
                continue
            if path.is_symlink():
                reason = _symlink_reason(path, root)
                if reason is not None:
                    rejected.setdefault(folder, []).append(Rejected(path, reason))
                    continue
            if path.suffix.lower() in DOC_SUFFIXES:
                folders.setdefault(folder, []).append(path)
            else:
                rejected.setdefault(folder, []).append(Rejected(path, (
                    f"文件类型不受支持（{path.suffix or '无扩展名'}），未读取；请提交 PDF、JPG、PNG 或 TIFF")))
    bundles = []
    for folder in set(folders) | {f for f, items in rejected.items() if _holds_documents(items)}:
        files = sorted(folders.get(folder, []), key=lambda p: natural_key(p.name))
        key = display_path(folder.relative_to(root))
        bundles.append(BundleSpec(applicant_key=key if key != "." else display_path(folder.name),
                                  folder=folder, files=tuple(files),
                                  rejected=tuple(sorted(rejected.get(folder, []),
                                                        key=lambda r: natural_key(r.path.name)))))
    bundles.sort(key=lambda b: natural_key(b.applicant_key))
    return bundles


def _holds_documents(items: list[Rejected]) -> bool:
    """A folder holding only rejected entries is an applicant folder when one of them claims to be a
    document (a link named ``证书.pdf``): its bundle is reported, with those entries flagged."""
    return any(r.path.suffix.lower() in DOC_SUFFIXES for r in items)
