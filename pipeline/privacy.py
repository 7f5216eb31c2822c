"""Personal data in human-facing outputs: 身份证号 masked unless the reviewer asks for them.

Where the full number goes: ``findings.json`` (the contract) and the SQL store only.
Everything a person reads (report pages, ``findings.xlsx``, ``summary.xlsx``/``.csv``,
forms whose attachment does not ask for the number, the nightly ``diff.md``, Prefect
artifacts, log lines) shows ``330302********1234`` unless ``show_id`` is set
(``cme-audit run --show-id`` / ``check --show-id``).

Two tools, so that no output has to know where an ID might hide:

- ``mask_id`` for a field that *is* an ID number (``applicant.id_number``);
- ``mask_text`` for free text that may *contain* one (flag messages name the candidates
  of an unresolved bundle; ``cme-audit check`` uses the ID number as ``applicant_key``).
  It masks every 18-character (17 digits + digit/X) and 15-digit run not part of a
  longer number, so record ids, project codes (``2021-04-05-123``) and dates survive.

``MaskingFilter`` applies ``mask_text`` to log records; the CLI installs it on its log
handlers unless ``--show-id``.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.settings import load_yaml

CONFIG_PATH = Path(__file__).resolve().parent / "config" / "report.yaml"

# 18-character resident ID (last char may be X) or the old 15-digit one, not inside a longer number
ID_PATTERN = re.compile(r"(?<!\d)(?:\d{17}[\dXx]|\d{15})(?!\d)")


@lru_cache(maxsize=1)
def _mask_config() -> dict[str, Any]:
    return dict(load_yaml(CONFIG_PATH)["id_mask"])


def mask_id(id_number: str | None) -> str:
    """``330302198001011234`` -> ``330302********1234``; ``None``/empty -> ``""``.

    An 18- or 15-character ID keeps ``keep_head`` characters (the region code) and
    ``keep_tail`` at the end (``pipeline/config/report.yaml`` ``id_mask``). Anything
    else (a typo'd or truncated number) keeps only its last ``other_keep_tail``
    characters, and nothing when that would leave fewer masked than kept, so a
    short string never comes out whole.
    """
    if not id_number:
        return ""
    s = str(id_number).strip()
    cfg = _mask_config()
    ch = cfg["char"]
    if len(s) in (15, 18):
        head, tail = int(cfg["keep_head"]), int(cfg["keep_tail"])
        return s[:head] + ch * (len(s) - head - tail) + s[-tail:]
    tail = int(cfg["other_keep_tail"])
    if len(s) < 2 * tail + 1:
        return ch * len(s)
    return ch * (len(s) - tail) + s[-tail:]


def mask_text(text: str | None) -> str:
    """``text`` with every ID number in it masked (``mask_id``); ``None`` -> ``""``."""
    if not text:
        return ""
    return ID_PATTERN.sub(lambda m: mask_id(m.group(0)), str(text))


def shown_id(id_number: str | None, *, show_id: bool) -> str:
    """The ID number as a human-facing output shows it: whole with ``show_id``, else masked."""
    if show_id:
        return id_number or ""
    return mask_id(id_number)


def shown_text(text: str | None, *, show_id: bool) -> str:
    """Free text as a human-facing output shows it: as is with ``show_id``, else IDs masked."""
    if show_id:
        return text or ""
    return mask_text(text)


# keys whose values are image data, never text a person reads: not scanned
_BINARY_KEYS = frozenset({"data", "src", "data_uri"})


def scrub(value: Any, *, show_id: bool = False) -> Any:
    """A copy of ``value`` (dicts, lists, tuples of plain data) with IDs masked in every string.

    The last step of every human-facing view (report pages, summaries, artifacts): whatever
    field a future change adds, an ID number in it does not reach the reader. With
    ``show_id`` the value is returned unchanged.
    """
    if show_id:
        return value
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: (v if k in _BINARY_KEYS else scrub(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, tuple):
        return tuple(scrub(v) for v in value)
    return value


class MaskingFilter(logging.Filter):
    """A logging filter that masks ID numbers in the formatted message of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_text(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def install_log_masking(logger: logging.Logger | None = None) -> MaskingFilter:
    """Mask ID numbers in every handler of ``logger`` (default: the root logger); returns the filter."""
    target = logger or logging.getLogger()
    masking = MaskingFilter()
    for handler in target.handlers:
        if not any(isinstance(f, MaskingFilter) for f in handler.filters):
            handler.addFilter(masking)
    return masking
