"""Certificate and list families of yet other builds (held out in session 13, development since session 15; issue 14).

Each differs in *build* from every family of the earlier modules (body … plates):

* ``label_above_grid`` — the fields in a two-column grid of small boxes, each label printed ABOVE its
  value in tiny grey type inside the box. Table.
* ``dear_letter`` — printed as a letter: ``尊敬的…同志：``, a paragraph with the activity, the credits in
  the sentence ending it, the organizer and the date signed at the foot. Paragraph.
* ``ribbon_right`` — landscape: the certificate title huge on the left, the fields in a narrow tinted
  ribbon down the right (each label on its own line, the value under it). Table.
* ``header_bar_ecert`` — an e-certificate whose dark header bar holds the certificate number (white), the
  fields in a table whose rows are ``label | value | label | value``, the print time and a QR at the foot.
  E-certificate.
* ``stamp_box_card`` — the activity date (range) in a double-ruled stamp-like box, the credits as
  ``学分：Ⅰ类 3`` (label, category words, the number). Paragraph.
* ``sh_clause_card`` — Shanghai setting: the fields as numbered clauses ``一、…`` under the committee's
  head, 市级 wording, ``(沪)`` codes; 市级Ⅰ类 only, ``own_share: 0.5``. Paragraph.

Lists (rows in date order):

* ``list_block_records`` — a Zhejiang list without any grid: each record a 3-line block (title; code,
  category, credits; date and mode), the year only in the header sentence ``（2021年度）``.
* ``sh_verify_numbered`` — a Shanghai 《I类学分验证表》 with only horizontal rules, rows numbered ``1.`` ``2.``,
  the 级别 column in level words (市级 / 国家级 …), the person in one sentence. No 学习形式 (``mode: null``).

Planners decide every printed string (truth states them); drawers only place them. Family furniture comes
from ``labels.yaml`` ``stack_words``.
"""

from __future__ import annotations

import datetime as dt
import random

from samples.families import parts
from samples.families.grammar import Grammar, fmt_date, labels
from samples.families.sheets import cell_lines
from samples.textfmt import fmt_credits

_INKS = [(30, 50, 100), (40, 90, 70), (110, 70, 30), (60, 60, 60), (80, 50, 110)]   # never a seal's red
_GREY = (110, 110, 110)
_SHADE = (232, 235, 240)
_WHITE = (255, 255, 255)
_CATS = ("I类国家级", "I类省级", "II类")


def _words() -> dict:
    return labels()["stack_words"]


def _credit_number(ctx: dict) -> str:
    return fmt_credits(ctx["fields"]["credits"])


def _iso(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def _span(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}—{years[-1]}"


def _strip(label: str) -> str:
    return label.removesuffix(".")


# ---------------------------------------------------------------------------- label_above_grid


def plan_grid(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.85, hand=0.3)
    v, lab = c["v"], c["lab"]
    keys = ["name", "unit"] + g.maybe_swap(["project_title", "project_code", "category", "credits", "date", "mode",
                                            "organizer"], 0.3) + ["certificate_no"]
    c["cells"] = [(_strip(lab[k]), v[k]) for k in keys if v[k]]
    c["note"] = rng.choice(_words()["grid_notes"])
    return c


def draw_grid(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    body, val = fc["body"], fc["value"]
    parts.frame(cv, ink, 0.8, 1)
    cv.text(W / 2, 0.12 * H, c["title"], parts.fit(cv, c["title"], 22, fc["title"], 0.8 * W), fc["title"], "m",
            color=ink)
    x0, x1 = 0.09 * W, 0.91 * W
    mid = (x0 + x1) / 2
    y = 0.18 * H
    bottom = c["anchors"]["organizer"][1] - 0.09 * H
    rows = (len(c["cells"]) + 1) // 2
    bh = min(52.0, (bottom - y) / max(1, rows))
    for i, (label, value) in enumerate(c["cells"]):
        r, k = divmod(i, 2)
        wide = label == c["cells"][-1][0] and i % 2 == 0   # a last cell alone spans both columns
        bx0 = x0 if k == 0 else mid
        bx1 = (x1 if wide else mid) if k == 0 else x1
        by = y + r * bh
        cv.rect(bx0, by, bx1, by + bh - 4, width=0.6, color=ink)
        cv.text(bx0 + 4, by + 9, label, 6.5, body, color=_GREY)
        s, lines = cell_lines(cv, value, 12, val, bx1 - bx0 - 10, 2)
        for n, line in enumerate(lines):
            cv.text(bx0 + 6, by + 9 + (n + 1) * s * 1.25, line, s, val)
    cv.text(x0, y + rows * bh + 14, c["note"], 8.5, body, color=_GREY)
    parts.organizer_block(cv, c, 12, body, date=v["issue"])
    parts.validation_spot(cv, c, 10, body)


# ---------------------------------------------------------------------------------- dear_letter


def plan_letter(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.9, brackets=0.7)
    v, lab = c["v"], c["lab"]
    w = _words()["letter"]
    c["salute"] = rng.choice(w["salutes"]).format(name=v["name"])
    c["body"] = (f"{rng.choice(w['openers'])}{v['date']}参加了由{v['organizer']}举办的{v['project_title']}"
                 f"（{_strip(lab['project_code'])}：{v['project_code']}），{_strip(lab['mode'])}为{v['mode']}。")
    c["end"] = rng.choice(w["ends"]).format(category=v["category"], credits=_credit_number(ctx))
    c["no_line"] = parts.join(lab["certificate_no"], c["sep"], v["certificate_no"])
    return c


def draw_letter(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    body = fc["body"]
    cv.text(W / 2, 0.11 * H, c["title"], parts.fit(cv, c["title"], 20, fc["title"], 0.8 * W), fc["title"], "m",
            color=ink)
    cv.line(0.1 * W, 0.13 * H, 0.9 * W, 0.13 * H, width=0.5, color=ink)
    cv.text(0.9 * W, 0.13 * H + 18, c["no_line"], parts.fit(cv, c["no_line"], 10, body, 0.5 * W), body, "r")
    x0, x1 = 0.11 * W, 0.89 * W
    y = 0.13 * H + 54
    cv.text(x0, y, c["salute"], 14, body)
    y = parts.paragraph(cv, c["body"], x0, y + 34, x1 - x0, 13.5, body, leading=2.0)
    y = parts.paragraph(cv, c["end"], x0, y, x1 - x0, 13.5, body, leading=2.0)
    cv.text(x0 + 27, y + 4, c["closing"], 13.5, body)
    parts.organizer_block(cv, c, 12, body, date=v["issue"])
    parts.validation_spot(cv, c, 10, body)


# --------------------------------------------------------------------------------- ribbon_right


def plan_ribbon(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.85)
    v, lab = c["v"], c["lab"]
    c["head"] = rng.choice(_words()["ribbon_heads"])
    keys = ["name", "unit"] + g.maybe_swap(["project_title", "project_code", "category", "credits", "date", "mode"],
                                           0.3) + ["certificate_no"]
    c["fields"] = [(_strip(lab[k]), v[k]) for k in keys if v[k]]
    c["tint"] = rng.choice(((238, 232, 220), (226, 234, 240), (234, 238, 228)))
    return c


def draw_ribbon(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    body, val = fc["body"], fc["value"]
    parts.frame(cv, ink, 1.0, 2)
    rx0, rx1 = 0.66 * W, 0.93 * W
    cv.rect(rx0, 0.07 * H, rx1, 0.93 * H, width=0.3, color=c["tint"], fill=c["tint"])
    size = parts.fit(cv, c["head"], 64, fc["title"], 0.5 * W)
    cv.text(0.34 * W, 0.30 * H, c["head"], size, fc["title"], "m", color=ink)
    s, lines = cell_lines(cv, c["title"], 18, fc["title"], 0.52 * W, 2)
    for n, line in enumerate(lines):
        cv.text(0.34 * W, 0.30 * H + 40 + n * s * 1.4, line, s, fc["title"], "m", color=ink)
    cv.text(0.34 * W, 0.30 * H + 90, c["closing"], 13, body, "m")
    y = 0.07 * H + 22
    step = (0.86 * H - 12) / max(1, len(c["fields"]))
    for label, value in c["fields"]:
        cv.text(rx0 + 10, y, label, 8.5, body, color=_GREY)
        s, ls = cell_lines(cv, value, 11.5, val, rx1 - rx0 - 20, 2)
        for n, line in enumerate(ls):
            cv.text(rx0 + 10, y + 14 + n * s * 1.2, line, s, val)
        y += step
    parts.organizer_block(cv, c, 12, body, date=v["issue"])
    parts.validation_spot(cv, c, 10, body)


# ----------------------------------------------------------------------------- header_bar_ecert


def plan_bar(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.8, printed_p=1.0)
    v, lab = c["v"], c["lab"]
    w = _words()
    c["system"] = rng.choice(w["bar_systems"])
    c["bar_ink"] = tuple(rng.choice(w["bar_inks"]))
    c["no_line"] = parts.join(lab["certificate_no"], c["sep"], v["certificate_no"])
    keys = ["name", "unit"] + g.maybe_swap(["project_code", "category", "credits", "date", "mode", "organizer"],
                                           0.3) + ["issue"]
    pairs = [(_strip(lab[k]), v[k]) for k in keys if v[k]]
    c["title_pair"] = (_strip(lab["project_title"]), v["project_title"])
    c["rows"] = [pairs[i:i + 2] for i in range(0, len(pairs), 2)]
    c["print_line"] = parts.join(lab["print"], c["sep"], v["print"])
    return c


def draw_bar(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    body = fc["body"]
    cv.rect(0, 0, W, 0.07 * H, width=0.1, color=c["bar_ink"], fill=c["bar_ink"])
    cv.text(0.05 * W, 0.045 * H, c["system"], 11, body, color=_WHITE)
    cv.text(0.95 * W, 0.045 * H, c["no_line"], parts.fit(cv, c["no_line"], 10.5, body, 0.5 * W), body, "r",
            color=_WHITE)
    cv.text(W / 2, 0.14 * H, c["title"], parts.fit(cv, c["title"], 20, fc["title"], 0.86 * W), fc["title"], "m",
            color=ink)
    x0, x1 = 0.06 * W, 0.94 * W
    lw = 0.13 * (x1 - x0)
    vw = (x1 - x0) / 2 - lw
    y = 0.19 * H
    rh = 34.0
    tl, tv = c["title_pair"]
    cv.rect(x0, y, x0 + lw, y + rh, width=0.6, fill=_SHADE)
    cv.rect(x0 + lw, y, x1, y + rh, width=0.6)
    cv.text(x0 + 4, y + rh * 0.62, tl, parts.fit(cv, tl, 9.5, body, lw - 8), body)
    s, ls = cell_lines(cv, tv, 11.5, body, x1 - x0 - lw - 10, 2)
    for n, line in enumerate(ls):
        cv.text(x0 + lw + 5, y + (rh - len(ls) * s * 1.25) / 2 + (n + 0.8) * s * 1.25, line, s, body)
    y += rh
    for row in c["rows"]:
        for k, (label, value) in enumerate(row):
            lx = x0 + k * (lw + vw)
            cv.rect(lx, y, lx + lw, y + rh, width=0.6, fill=_SHADE)
            cv.rect(lx + lw, y, lx + lw + vw, y + rh, width=0.6)
            cv.text(lx + 4, y + rh * 0.62, label, parts.fit(cv, label, 9.5, body, lw - 8), body)
            s, ls = cell_lines(cv, value, 11, body, vw - 10, 2)
            for n, line in enumerate(ls):
                cv.text(lx + lw + 5, y + (rh - len(ls) * s * 1.25) / 2 + (n + 0.8) * s * 1.25, line, s, body)
        if len(row) == 1:
            cv.rect(x0 + lw + vw, y, x1, y + rh, width=0.6)
        y += rh
    parts.blocks(cv, x1 - 66, 0.90 * H - 66, 3.0, c["qr"])
    cv.text(x0, 0.93 * H, c["print_line"], 9, body, color=(80, 80, 80))
    parts.organizer_block(cv, c, 11, body)
    parts.validation_spot(cv, c, 10, body)


# ------------------------------------------------------------------------------- stamp_box_card


def plan_stampbox(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.85, brackets=0.6)
    v, lab = c["v"], c["lab"]
    w = _words()["stamp_box"]
    c["sentence"] = (f"{rng.choice(w['intro'])}{v['name']}（{v['unit']}）{rng.choice(w['verbs'])}{v['organizer']}"
                     f"举办的{v['project_title']}。")
    c["date_label"] = _strip(lab["date"])
    c["credit_item"] = f"{_strip(lab['credits'])}：{v['category']} {_credit_number(ctx)}"
    c["lines"] = [parts.join(lab[k], c["sep"], v[k]) for k in ("project_code", "mode", "certificate_no") if v[k]]
    return c


def draw_stampbox(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    body = fc["body"]
    parts.frame(cv, ink, 0.9, 0)
    cv.text(W / 2, 0.13 * H, c["title"], parts.fit(cv, c["title"], 22, fc["title"], 0.78 * W), fc["title"], "m",
            color=ink)
    x0, x1 = 0.12 * W, 0.88 * W
    y = parts.paragraph(cv, c["sentence"], x0, 0.22 * H, x1 - x0, 13.5, body, leading=2.0)
    # the date in a stamp-like box: double rule, its label in the top rule
    tw = cv.text_width(v["date"], 14, body)
    bw = min(x1 - x0, max(tw + 40, 160))
    bx0 = (W - bw) / 2
    cv.rect(bx0, y, bx0 + bw, y + 46, width=2.0, color=ink)
    cv.rect(bx0 + 4, y + 4, bx0 + bw - 4, y + 42, width=0.6, color=ink)
    cv.text(W / 2, y + 15, c["date_label"], 8, body, "m", color=ink)
    cv.text(W / 2, y + 34, v["date"], parts.fit(cv, v["date"], 14, body, bw - 16), body, "m", color=ink)
    y += 80
    cv.text(W / 2, y, c["credit_item"], parts.fit(cv, c["credit_item"], 18, body, x1 - x0), body, "m")
    y += 34
    for line in c["lines"]:
        cv.text(x0, y, line, parts.fit(cv, line, 11.5, body, x1 - x0), body)
        y += 22
    parts.organizer_block(cv, c, 12, body, date=v["issue"])
    parts.validation_spot(cv, c, 10, body)


# ------------------------------------------------------------------------------- sh_clause_card


def plan_clause(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.9)
    v, lab = c["v"], c["lab"]
    w = _words()["sh_clause"]
    c["head"], c["intro"] = rng.choice(w["heads"]), rng.choice(w["intros"])
    keys = ["name", "unit", "project_title", "project_code", "organizer", "date", "mode"]
    items = [parts.join(_strip(lab[k]), c["sep"], v[k]) for k in keys if v[k]]
    items.append(f"{_strip(lab['category'])}{c['sep']}{v['category']}，{_strip(lab['credits'])}{c['sep']}"
                 f"{v['credits']}")
    c["clauses"] = [f"{w['numerals'][i]}、{item}" for i, item in enumerate(items)]
    c["no_line"] = parts.join(lab["certificate_no"], c["sep"], v["certificate_no"])
    return c


def draw_clause(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    body, val = fc["body"], fc["value"]
    cv.text(0.08 * W, 0.07 * H, c["head"], 11, body, color=ink)
    cv.line(0.08 * W, 0.08 * H, 0.92 * W, 0.08 * H, width=1.4, color=ink)
    cv.text(W / 2, 0.14 * H, c["title"], parts.fit(cv, c["title"], 20, fc["title"], 0.84 * W), fc["title"], "m",
            color=ink)
    cv.text(0.92 * W, 0.14 * H + 24, c["no_line"], parts.fit(cv, c["no_line"], 10, body, 0.5 * W), body, "r")
    x0, x1 = 0.10 * W, 0.90 * W
    y = 0.14 * H + 56
    cv.text(x0, y, c["intro"], parts.fit(cv, c["intro"], 12.5, body, x1 - x0), body)
    y += 32
    step = min(34.0, (c["anchors"]["organizer"][1] - 0.08 * H - y) / max(1, len(c["clauses"])))
    for clause in c["clauses"]:
        s, ls = cell_lines(cv, clause, 12.5, val, x1 - x0 - 10, 2)
        for n, line in enumerate(ls):
            cv.text(x0 + (2 * s if n else 10), y + n * s * 1.3, line, s, val)
        y += step
    parts.organizer_block(cv, c, 12, body, date=v["issue"])
    parts.validation_spot(cv, c, 10, body)


# --------------------------------------------------------------------------- list_block_records


def plan_block_list(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.list_context(g, rng, ctx)
    w = _words()["block_list"]
    years = ctx["years"]
    c["heading"] = rng.choice(w["titles"])
    c["header"] = rng.choice(w["headers"]).format(name=ctx["name"], y=_span(years))
    lab = {k: rng.choice(w[k]) for k in ("code", "credits", "date", "mode")}
    c["date_fmt"] = rng.choice(("{m}月{d}日", "{mm}.{dd}")) if len(years) == 1 else "{y}年{m}月{d}日"
    c["cats"] = {cat: g.category(cat) for cat in _CATS}
    sep = c["sep"]
    c["blocks"] = [(f"{i}、{r['project_title']}",
                    f"{lab['code']}{sep}{r['project_code']}    {c['cats'][r['category']]}    "
                    f"{lab['credits']}{sep}{fmt_credits(r['credits'])}",
                    f"{lab['date']}{sep}{fmt_date(c['date_fmt'], _iso(r['date']))}    {lab['mode']}{sep}{r['mode']}")
                   for i, r in enumerate(ctx["rows"], start=1)]
    c["total"] = rng.choice(w["total"]).format(t=fmt_credits(ctx["sums"]["total"]))
    return c


def draw_block_list(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role, title = c["faces"]["body"], c["faces"]["title"]
    x0, x1 = 46.0, W - 46
    cv.text(W / 2, 0.07 * H, c["heading"], parts.fit(cv, c["heading"], 17, title, x1 - x0), title, "m")
    cv.text(x0, 0.07 * H + 34, c["header"], parts.fit(cv, c["header"], 11, role, x1 - x0), role)
    person = f"身份证号{c['sep']}{c['id_number']}    单位{c['sep']}{c['unit']}"
    cv.text(x0, 0.07 * H + 54, person, parts.fit(cv, person, 9.5, role, x1 - x0), role)
    y = 0.07 * H + 84
    step = min(58.0, (0.92 * H - 40 - y) / max(1, len(c["blocks"])))
    size = min(10.5, step / 4.2)
    for first, second, third in c["blocks"]:
        s, ls = cell_lines(cv, first, size + 0.5, role, x1 - x0, 1)
        cv.text(x0, y, ls[0], s, role)
        cv.text(x0 + 18, y + step * 0.3, second, parts.fit(cv, second, size, role, x1 - x0 - 18), role,
                color=(60, 60, 60))
        cv.text(x0 + 18, y + step * 0.58, third, parts.fit(cv, third, size, role, x1 - x0 - 18), role,
                color=(60, 60, 60))
        y += step
    cv.text(x1, y + 6, c["total"], 11, role, "r")


# --------------------------------------------------------------------------- sh_verify_numbered

_NW = [30, 200, 120, 60, 40, 90]


def plan_numbered(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.list_context(g, rng, ctx)
    w = _words()["sh_numbered"]
    c["heading"] = rng.choice(w["titles"])
    c["person"] = rng.choice(w["person"]).format(name=ctx["name"], id=ctx["id_number"], unit=ctx["unit"],
                                                 y=_span(ctx["years"]))
    c["columns"] = list(w["columns"])
    c["levels"] = {cat: g.level(cat) for cat in _CATS}
    c["date_fmt"] = rng.choice(("{y}-{mm}-{dd}", "{y}年{m}月{d}日", "{y}.{mm}.{dd}"))
    c["rows"] = [[f"{i}.", r["project_title"], r["project_code"], c["levels"][r["category"]],
                  fmt_credits(r["credits"]), fmt_date(c["date_fmt"], _iso(r["date"]))]
                 for i, r in enumerate(ctx["rows"], start=1)]
    c["total"] = rng.choice(w["total"]).format(t=fmt_credits(sum(r["credits"] for r in ctx["rows"])))
    return c


def draw_numbered(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role, title = c["faces"]["body"], c["faces"]["title"]
    x0, x1 = 36.0, W - 36
    cv.text(W / 2, 0.07 * H, c["heading"], parts.fit(cv, c["heading"], 17, title, x1 - x0), title, "m")
    s, ls = cell_lines(cv, c["person"], 10.5, role, x1 - x0, 2)
    y = 0.07 * H + 30
    for line in ls:
        cv.text(x0, y, line, s, role)
        y += s * 1.5
    k = (x1 - x0) / sum(_NW)
    ws = [x * k for x in _NW]
    xs = parts.edges(x0, ws)
    y += 8
    cv.line(x0, y, x1, y, width=1.2)
    for j, head in enumerate(c["columns"]):
        cv.text(xs[j] + 3, y + 15, head, parts.fit(cv, head, 9.5, role, ws[j] - 6), role)
    y += 22
    cv.line(x0, y, x1, y, width=0.6)
    for row in c["rows"]:
        cells = [cell_lines(cv, val, 9.5, role, ws[j] - 6, 2) for j, val in enumerate(row)]
        h = max(22.0, max(len(ls) * s * 1.3 for s, ls in cells) + 8)
        for j, (s, ls) in enumerate(cells):
            for n, line in enumerate(ls):
                cv.text(xs[j] + 3, y + 4 + (n + 1) * s * 1.3 - s * 0.3, line, s, role)
        y += h
        cv.line(x0, y, x1, y, width=0.3, color=_GREY)
    cv.line(x0, y, x1, y, width=1.2)
    cv.text(x1, y + 20, c["total"], 10.5, role, "r")
    cv.text(x0, y + 50, "验证人：", 10, role)
    cv.text(0.55 * W, y + 50, "验证单位（盖章）：", 10, role)


PLANNERS = {"label_above_grid": plan_grid, "dear_letter": plan_letter, "ribbon_right": plan_ribbon,
            "header_bar_ecert": plan_bar, "stamp_box_card": plan_stampbox, "sh_clause_card": plan_clause,
            "list_block_records": plan_block_list, "sh_verify_numbered": plan_numbered}
DRAWERS = {"label_above_grid": draw_grid, "dear_letter": draw_letter, "ribbon_right": draw_ribbon,
           "header_bar_ecert": draw_bar, "stamp_box_card": draw_stampbox, "sh_clause_card": draw_clause,
           "list_block_records": draw_block_list, "sh_verify_numbered": draw_numbered}
