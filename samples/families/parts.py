"""Pieces the family modules share: the printed strings of a certificate, faces, and
drawing helpers (wrapped text, label/value lines, cell grids, the organizer block under
its seal, the validation spot, a QR-like block)."""

from __future__ import annotations

import random

import numpy as np

from samples.fonts import (BODY_FACES, HAND_FACES, HELDOUT_BODY_FACES, HELDOUT_FACE_P, HELDOUT_TITLE_FACES,
                           TITLE_FACES)
from samples.families.grammar import Grammar


def faces(rng: random.Random, hand: float = 0.0, split: str = "development") -> dict[str, str]:
    """Title, body and value faces of a page; values in a hand-like face with probability ``hand``.
    A held-out page (``split`` "heldout") may also take the held-out faces of samples/fonts.py."""
    if split == "heldout":
        body = rng.choice(HELDOUT_BODY_FACES if rng.random() < HELDOUT_FACE_P else BODY_FACES)
        title = rng.choice(HELDOUT_TITLE_FACES if rng.random() < HELDOUT_FACE_P else TITLE_FACES)
        value = rng.choice(HAND_FACES) if HAND_FACES and rng.random() < hand else body
        return {"title": title, "body": body, "value": value}
    body = rng.choice(BODY_FACES)
    value = rng.choice(HAND_FACES) if HAND_FACES and rng.random() < hand else body
    return {"title": rng.choice(TITLE_FACES), "body": body, "value": value}


def list_context(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    """What every annual-list family's plan starts from: the person, the rows and sums, the print date,
    a separator and the faces of the grammar's split."""
    return {"years": ctx["years"], "name": ctx["name"], "id_number": ctx["id_number"], "unit": ctx["unit"],
            "rows_in": ctx["rows"], "sums": ctx["sums"], "print_date": ctx["print_date"], "sep": g.sep(),
            "faces": faces(rng, 0.0, g.split)}


def printed(g: Grammar, ctx: dict, *, issue: float = 0.7, printed_p: float = 0.0, brackets: float = 0.5) -> dict:
    """Every value string a certificate may print, worded by the grammar; plus the dates' truth."""
    f = ctx["fields"]
    dates = g.dates(f["date"], ctx["days"], issue=issue, printed=printed_p)
    return {
        "name": f["name"], "project_title": g.title(f["project_title"], brackets),
        "project_code": f["project_code"], "category": g.category(f["category"]),
        "credits": g.credits(f["credits"]), "date": dates["activity"], "mode": f["mode"],
        "organizer": f["organizer"], "certificate_no": f["certificate_no"], "issue": dates["issue"],
        "print": dates["print"], "unit": ctx.get("unit", ""), "dates_truth": dates["truth"],
    }


# The fields a certificate family labels (``labelled``): every family's label words come from these.
CERT_FIELDS = ["name", "project_title", "project_code", "category", "credits", "date", "mode", "organizer",
               "certificate_no", "issue", "print", "unit"]


def content(g: Grammar, rng: random.Random, ctx: dict, inks: list[tuple[int, int, int]], *, issue: float = 0.8,
            printed_p: float = 0.0, hand: float = 0.0, brackets: float = 0.5) -> dict:
    """What a sheet-like certificate family prints: the values, their labels, the faces, the title, the
    validation spot (Class I only), an ink of ``inks`` and a QR code, with the printed dates' truth."""
    v = printed(g, ctx, issue=issue, printed_p=printed_p, brackets=brackets)
    class1 = ctx["fields"]["category"] != "II类"
    return {"v": v, "lab": labelled(g, CERT_FIELDS), "sep": g.sep(), "faces": faces(rng, hand, g.split),
            "anchors": ctx["anchors"], "title": g.cert_title(ctx["fields"]["category"]),
            "spot": g.validation_spot() if class1 else None, "closing": g.closing(),
            "ink": rng.choice(inks), "qr": qr(rng), "dates_printed": v["dates_truth"]}


def join(label: str, sep: str, value: str) -> str:
    """``label sep value``; an abbreviation label (``No.``) takes its value directly."""
    return f"{label}{value}" if label.endswith(".") else f"{label}{sep}{value}"


def labelled(g: Grammar, fields: list[str]) -> dict[str, str]:
    """One label word per field for this page."""
    return {k: g.label(k) for k in fields}


def qr(rng: random.Random, n: int = 21) -> list[list[bool]]:
    return [[rng.random() < 0.5 for _ in range(n)] for _ in range(n)]


# ----------------------------------------------------------------------------- drawing


def wrap(cv, text: str, size: float, role: str, width: float, indent: float = 0.0) -> list[str]:
    """Lines of ``text`` within ``width``; ASCII runs (codes, numbers) stay whole."""
    import re

    tokens = re.findall(r"[\x21-\x7e]+\([^()]{1,2}\)|[\x21-\x7e]+|.", text)
    lines, cur, limit = [], "", width - indent
    for tok in tokens:
        if cur and cv.text_width(cur + tok, size, role) > limit:
            lines.append(cur)
            cur, limit = "", width
        cur += tok
    if cur:
        lines.append(cur)
    return lines


def paragraph(cv, text: str, x: float, y: float, width: float, size: float, role: str,
              indent: float = 2.0, leading: float = 1.9) -> float:
    """Draw a wrapped paragraph (first line indented ``indent`` ems); returns the next baseline."""
    for i, line in enumerate(wrap(cv, text, size, role, width, indent * size)):
        cv.text(x + (indent * size if i == 0 else 0), y, line, size, role)
        y += size * leading
    return y


def fit(cv, text: str, size: float, role: str, width: float, floor: float = 7.0) -> float:
    """The largest size <= ``size`` at which ``text`` fits ``width``."""
    while size > floor and cv.text_width(text, size, role) > width:
        size -= 0.5
    return size


def edges(x0: float, widths: list[float]) -> list[float]:
    """The x of every column edge of a table starting at ``x0`` (``len(widths) + 1`` values)."""
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    return xs


def grid(cv, x0: float, y0: float, widths: list[float], rows: list[list[str]], rh: float, size: float,
         roles: list[str], pad: float = 5.0) -> float:
    """A table of cells; ``roles[i]`` is column i's face; text shrinks to fit its cell. Returns the bottom."""
    xs = edges(x0, widths)
    y = y0
    cv.line(xs[0], y, xs[-1], y)
    for row in rows:
        for j, val in enumerate(row):
            if val:
                s = fit(cv, val, size, roles[j], widths[j] - 2 * pad)
                cv.text(xs[j] + pad, y + rh * 0.5 + s * 0.36, val, s, roles[j])
        y += rh
        cv.line(xs[0], y, xs[-1], y)
    for x in xs:
        cv.line(x, y0, x, y)
    return y


def organizer_block(cv, content: dict, size: float, role: str, label: str | None = None,
                    date: str | None = None) -> None:
    """The organizer line (and the issue date under it) ending under the organizer seal."""
    ax, ay = content["anchors"]["organizer"]
    text = (label or "") + content["v"]["organizer"]
    right = min(cv.w_pt * 0.93, ax + 0.35 * size * len(content["v"]["organizer"]))
    size = fit(cv, text, size, role, right - 0.08 * cv.w_pt)
    cv.text(right, ay - size * 0.2, text, size, role, "r")
    if date:
        cv.text(right, ay + size * 1.8, date, size, role, "r")


def validation_spot(cv, content: dict, size: float, role: str) -> None:
    """The 学分验证 spot where the CME office's 落地章 goes (Class I only)."""
    if content.get("spot"):
        ax, ay = content["anchors"]["cme_office"]
        cv.text(max(0.06 * cv.w_pt, ax - 70), ay - 20, content["spot"], size, role)


def blocks(cv, x: float, y: float, cell: float, bits) -> None:
    if hasattr(cv, "blocks"):
        cv.blocks(x, y, cell, np.asarray(bits, dtype=bool))


def frame(cv, color: tuple[int, int, int], k: float, style: int) -> None:
    """A border: double rule, single heavy rule, corner marks or none."""
    W, H = cv.w_pt, cv.h_pt
    m = 0.035 * min(W, H) + 6
    if style == 0:
        cv.rect(m, m, W - m, H - m, width=3.0 * k, color=color)
        cv.rect(m + 6 * k, m + 6 * k, W - m - 6 * k, H - m - 6 * k, width=0.8, color=color)
    elif style == 1:
        cv.rect(m, m, W - m, H - m, width=1.6 * k, color=color)
    elif style == 2:
        L = 0.08 * min(W, H)
        for (x, y, dx, dy) in ((m, m, 1, 1), (W - m, m, -1, 1), (m, H - m, 1, -1), (W - m, H - m, -1, -1)):
            cv.line(x, y, x + dx * L, y, width=2.0 * k, color=color)
            cv.line(x, y, x, y + dy * L, width=2.0 * k, color=color)
