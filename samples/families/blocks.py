"""Annual lists whose records are printed as blocks of lines (development since session 14; issue 14).

A credit system's personal print-out need not be a table: each project may stand as a few stacked
``label：value`` lines, one block per project, the blocks numbered or not, kept apart by spacing, a rule
or a frame. Two builds:

* ``list_block_print`` — a Zhejiang credit system's print-out: a numbered head per block (``第1项``,
  ``【1】``, ``1.``, ``序号：1`` …), then the project's fields as ``label：value`` lines in the page's order,
  one pair a line or two pairs a line (the title always alone on its line), label words drawn per page
  from synonyms, blocks apart by a rule, a dashed line, a frame or spacing; a total line and the print time.
* ``sh_verify_blocks`` — Shanghai setting: a 《I类学分验证表》 whose projects are framed blocks
  (主办单位 / 项目编号 / 项目名称 / 学习时间 / 级别 / 学分 in stacked lines, the level words 国家级 / 市级),
  the unit's check box at the foot. Prints no 学习形式 (``mode: null``).

Row truth stays in the records' words (category, ISO start date); rows in date order. Family
furniture (label words, heads, headings) comes from ``samples/config/blocks.yaml``.
"""

from __future__ import annotations

import datetime as dt
import random

from samples import config
from samples.families import parts
from samples.families.grammar import Grammar, fmt_date
from samples.textfmt import fmt_credits

_CATS = ("I类国家级", "I类省级", "II类")


def _words() -> dict:
    return config.load("blocks")


def _span(years: list[int]) -> str:
    return f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _values(c: dict, r: dict) -> dict[str, str]:
    return {"project_code": r["project_code"], "project_title": r["project_title"],
            "category": c["cats"][r["category"]], "credits": c["credit_fmt"].format(fmt_credits(r["credits"])),
            "date": fmt_date(c["date_fmt"], dt.date.fromisoformat(r["date"])), "mode": r.get("mode") or "",
            "organizer": r.get("organizer", "")}


# --------------------------------------------------------------------------- list_block_print


def plan_block_print(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.list_context(g, rng, ctx)
    w = _words()["print"]
    c["heading"] = rng.choice(w["headings"]).format(y=_span(ctx["years"]))
    c["labels"] = {k: rng.choice(v) for k, v in w["labels"].items()}
    order = list(w["orders"][rng.randrange(len(w["orders"]))])
    if rng.random() < 0.4:  # the organizer printed on some pages only
        order.append("organizer")
    c["order"] = g.maybe_swap(order, 0.2)
    c["pairs"] = rng.random() < 0.5  # two label：value pairs a line (the title alone on its line)
    c["head"] = rng.choice(w["heads"])
    c["apart"] = rng.choice(("rule", "dashes", "frame", "space"))
    c["date_fmt"] = rng.choice(w["date_formats"])
    c["credit_fmt"] = rng.choice(w["credit_formats"])
    c["cats"] = {cat: g.category(cat) for cat in _CATS}
    c["total"] = rng.choice(w["totals"])
    c["printed"] = rng.choice(w["printed"])
    return c


def _lines_of(c: dict, r: dict) -> list[list[tuple[str, str]]]:
    """The block's lines: each a list of (label, value) pairs."""
    vals = _values(c, r)
    fields = [f for f in c["order"] if vals.get(f)]
    if not c["pairs"]:
        return [[(c["labels"][f], vals[f])] for f in fields]
    out: list[list[tuple[str, str]]] = []
    pending: list[tuple[str, str]] = []
    for f in fields:
        pair = (c["labels"][f], vals[f])
        if f in ("project_title", "organizer"):
            if pending:
                out.append(pending)
                pending = []
            out.append([pair])
            continue
        pending.append(pair)
        if len(pending) == 2:
            out.append(pending)
            pending = []
    if pending:
        out.append(pending)
    return out


def draw_block_print(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role, title = c["faces"]["body"], c["faces"]["title"]
    x0, x1 = 40.0, W - 40
    cv.text(W / 2, 0.065 * H, c["heading"], parts.fit(cv, c["heading"], 16, title, x1 - x0), title, "m")
    person = f"姓名{c['sep']}{c['name']}    身份证号{c['sep']}{c['id_number']}    工作单位{c['sep']}{c['unit']}"
    cv.text(x0, 0.065 * H + 30, person, parts.fit(cv, person, 9.5, role, x1 - x0), role)
    cv.line(x0, 0.065 * H + 38, x1, 0.065 * H + 38, width=1.0)
    blocks = [_lines_of(c, r) for r in c["rows_in"]]
    head_lines = 0 if c["head"].startswith("{n}") else 1
    n_lines = sum(len(b) + head_lines for b in blocks)
    room = (H - 110) - (0.065 * H + 56)
    gap = 16.0
    lh = max(11.0, min(17.0, (room - gap * len(blocks)) / max(1, n_lines)))
    size = min(10.0, lh * 0.62)
    y = 0.065 * H + 56
    for i, block in enumerate(blocks, start=1):
        top = y - size - 3
        head = c["head"].format(n=i)
        if head_lines:
            y += lh
            cv.text(x0 + 4, y - lh + size, head, size, role)
        for k, line in enumerate(block):
            y += lh
            lead = head + " " if not head_lines and k == 0 else ""
            xs = [x0 + 16, x0 + 16 + 0.48 * (x1 - x0 - 16)]
            for (label, value), x in zip(line, xs):
                text = f"{lead}{label}{c['sep']}{value}"
                lead = ""
                width = (x1 - x - 4) if len(line) == 1 else (xs[1] - xs[0] - 10)
                cv.text(x if not (k == 0 and not head_lines and x == xs[0]) else x0 + 4, y - lh + size, text,
                        parts.fit(cv, text, size, role, width), role)
        bottom = y - lh + size + 6
        if c["apart"] == "rule":
            cv.line(x0, bottom, x1, bottom, width=0.6)
        elif c["apart"] == "dashes":
            dash = "-" * int((x1 - x0) / cv.text_width("-", size, role))
            cv.text(x0, bottom + 3, dash, size, role)
            y += 4
        elif c["apart"] == "frame":
            cv.rect(x0, top, x1, bottom, width=0.7)
        y += gap
    s = c["sums"]
    total = c["total"].format(n=len(c["rows_in"]), t=fmt_credits(s["total"]))
    cv.text(x0, y + 8, total, parts.fit(cv, total, 10, role, x1 - x0), role)
    cv.text(x1, H - 40, c["printed"].format(d=c["print_date"]), 9, role, "r")


# --------------------------------------------------------------------------- sh_verify_blocks


def plan_sh_blocks(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.list_context(g, rng, ctx)
    w = _words()["sh"]
    c["heading"] = rng.choice(w["headings"]).format(y=_span(ctx["years"]))
    c["labels"] = {k: rng.choice(v) for k, v in w["labels"].items()}
    c["order"] = g.maybe_swap(list(w["orders"][rng.randrange(len(w["orders"]))]), 0.15)
    c["head"] = rng.choice(w["heads"])
    c["date_fmt"] = rng.choice(w["date_formats"])
    c["credit_fmt"] = "{}"
    c["cats"] = {cat: g.level(cat) for cat in _CATS}
    c["pairs"] = rng.random() < 0.5
    c["count"] = rng.choice(w["count"])
    return c


def draw_sh_blocks(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role, title = c["faces"]["body"], c["faces"]["title"]
    x0, x1 = 36.0, W - 36
    cv.text(W / 2, 0.07 * H, c["heading"], parts.fit(cv, c["heading"], 16, title, x1 - x0), title, "m")
    person = f"姓名{c['sep']}{c['name']}    单位{c['sep']}{c['unit']}    身份证号{c['sep']}{c['id_number']}"
    cv.text(x0, 0.07 * H + 28, person, parts.fit(cv, person, 9.5, role, x1 - x0), role)
    blocks = [_lines_of(c, r) for r in c["rows_in"]]
    n_lines = sum(len(b) + 1 for b in blocks)
    room = (H - 170) - (0.07 * H + 50)
    lh = max(11.0, min(16.0, (room - 14.0 * len(blocks)) / max(1, n_lines)))
    size = min(9.5, lh * 0.62)
    y = 0.07 * H + 46
    for i, block in enumerate(blocks, start=1):
        top = y
        y += lh
        cv.text(x0 + 6, y - 3, c["head"].format(n=i), size, role)
        for line in block:
            y += lh
            xs = [x0 + 20, x0 + 20 + 0.5 * (x1 - x0 - 20)]
            for (label, value), x in zip(line, xs):
                text = f"{label}{c['sep']}{value}"
                width = (x1 - x - 6) if len(line) == 1 else (xs[1] - xs[0] - 10)
                cv.text(x, y - 3, text, parts.fit(cv, text, size, role, width), role)
        cv.rect(x0, top, x1, y + 5, width=0.7)
        y += 14
    total = sum(r["credits"] for r in c["rows_in"])
    count = c["count"].format(n=len(c["rows_in"]), t=fmt_credits(total))
    cv.text(x0, y + 14, count, parts.fit(cv, count, 10, role, x1 - x0), role)
    cv.rect(x0, y + 30, x1, y + 100, width=0.8)
    cv.text(x0 + 8, y + 50, "单位审核意见：", 10, role)
    cv.text(x1 - 10, y + 90, "（单位验证章）    年    月    日", 10, role, "r")


PLANNERS = {"list_block_print": plan_block_print, "sh_verify_blocks": plan_sh_blocks}
DRAWERS = {"list_block_print": draw_block_print, "sh_verify_blocks": draw_sh_blocks}
