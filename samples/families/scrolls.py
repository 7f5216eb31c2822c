"""Certificate and list families of yet other builds (held out in session 10, development since session 11; issue 14).

Each differs in *build* from every family of ``body.py`` / ``cells.py`` / ``sheets.py`` / ``folios.py`` /
``vouchers.py``:

* ``vertical_scroll`` — an honour certificate set vertically (竖排): the title and the sentence in
  columns read top to bottom, right to left; every date in words (二〇二一年五月十二日); the organizer
  and the issue date in the left-most columns under the seal; only the codes in a horizontal footer.
  Paragraph.
* ``checkbox_form`` — a registration form whose category is given only by a ticked box among printed
  options (``√ Ⅰ类（国家级）  □ Ⅰ类（省级）  □ Ⅱ类``), the mode the same way (面授 / 远程). Table.
* ``banded_grid`` — values in a ruled grid whose labels stand in a shaded header row *above* each
  value row, in two to four bands of different column counts (学员信息 / 项目信息 / 学分信息). Table.
* ``id_barcode`` — an e-certificate headed by a barcode strip with the certificate number spaced
  under it, the holder's 18-digit ID number beside the name, a QR code, the print time. E-certificate.
* ``capital_card`` — a card where every date is written in words and the credits only in capital
  numerals (陆分 / 叁学分), as on a receipt, in a ruled amount box. Paragraph.
* ``sh_checkbox_slip`` — Shanghai setting: the committee's 学分登记表（学员联） as a check-box form
  (□ 国家级Ⅰ类 √ 市级Ⅰ类), ``(沪)`` codes; 市级Ⅰ类 only, ``own_share: 0.5``. Table.

Lists (row truth in the records' words; rows in date order, as the stack follows the list):

* ``list_footer_year`` — a Zhejiang annual list whose year stands **only in the page footer** (title
  and dates without it), each record over two printed lines (date / code / category / credits, then
  the title and mode indented under them), a tally per category and a total after the rows.
* ``sh_verify_vertical`` — a Shanghai 《I类学分验证表》 with its columns in another order (学分 / 级别
  first, or 级别 / 学分 after 序号), narrow column titles set vertically in a tall header whose 项目 group
  spans 名称 / 编号, the year in the title. Prints no 学习形式 (``mode: null``).

Planners decide every printed string (truth states them, ``dates_printed`` says each date's role);
drawers only place them. Family furniture comes from ``labels.yaml`` ``scroll_words``.
"""

from __future__ import annotations

import datetime as dt
import random

from samples.families import parts
from samples.families.grammar import Grammar, fmt_date, labels
from samples.families.sheets import barcode, cell_lines, credits_words, wrapped_grid
from samples.textfmt import fmt_credits

_INKS = [(30, 50, 100), (40, 90, 70), (110, 70, 30), (60, 60, 60), (80, 50, 110)]   # never a seal's red
_GREY = (120, 120, 120)
_SHADE = (228, 232, 238)
_CATS = ("I类国家级", "I类省级", "II类")


def _words() -> dict:
    return labels()["scroll_words"]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _credits(v: dict) -> str:
    return v["credits"].removesuffix("分") + "分"


def _word_content(g: Grammar, rng: random.Random, ctx: dict, **kw) -> dict:
    """``parts.content`` with every date in words (activity and issue; no print time)."""
    c = parts.content(g, rng, ctx, _INKS, issue=0.0, **kw)
    f = ctx["fields"]
    words = g.word_dates(f["date"], ctx["days"], issue=0.9)
    c["v"].update(date=words["activity"], issue=words["issue"], print=None, dates_truth=words["truth"])
    c["dates_printed"] = words["truth"]
    return c


# ----------------------------------------------------------------------------- vertical_scroll


def _columns(text: str, per: int) -> list[str]:
    return [text[i:i + per] for i in range(0, len(text), per)]


def plan_vertical(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _word_content(g, rng, ctx, brackets=0.8)
    v, lab = c["v"], c["lab"]
    for d in c["dates_printed"]:   # the dates stand in columns: their truth text as printed there
        d["text"] = d["text"].translate(VERTICAL_FORMS)
    v["date"] = v["date"].translate(VERTICAL_FORMS)
    v["issue"] = v["issue"] and v["issue"].translate(VERTICAL_FORMS)
    w = _words()
    c["head"] = rng.choice(w["honour_heads"])
    c["address"] = f"{v['name']}{rng.choice(('同志：', '同志', '：'))}"
    c["body"] = (f"{rng.choice(('你于', '于', '该同志于'))}{v['date']}参加{v['organizer']}举办的{v['project_title']}，"
                 f"{lab['mode']}{v['mode']}，{rng.choice(w['honour_verbs'])}，授予{v['category']}学分{_credits(v)}。")
    c["footer"] = [parts.join(lab["project_code"], c["sep"], v["project_code"]),
                   parts.join(lab["certificate_no"], c["sep"], v["certificate_no"])]
    c["size"] = rng.choice((17.0, 18.0, 19.0))
    return c


# brackets and stops in a vertical column take their vertical presentation forms, as vertical type sets them
VERTICAL_FORMS = str.maketrans({"（": "︵", "）": "︶", "《": "︽", "》": "︾", "，": "︐", "。": "︒", "：": "︓",
                                "、": "︑", "—": "︱", "(": "︵", ")": "︶"})


def _vcol(cv, x: float, y: float, text: str, size: float, role: str, color=None) -> float:
    """One column, characters top to bottom, centred on x; returns the next y."""
    for ch in text.translate(VERTICAL_FORMS):
        cv.text(x, y, ch, size, role, "m", color=color)
        y += size * 1.08
    return y


def draw_vertical(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    parts.frame(cv, ink, 1.0, 0)
    size = c["size"]
    top, bottom = 0.16 * H, 0.80 * H
    per = max(8, int((bottom - top) / (size * 1.08)))
    pitch = size * 1.65
    x = 0.88 * W
    _vcol(cv, x, top + 10, c["head"], size * 1.9, fc["title"], color=ink)   # the head, large, right-most
    x -= size * 3.2
    _vcol(cv, x, top, c["address"], size, fc["body"])
    x -= pitch
    for col in _columns(c["body"], per):
        _vcol(cv, x, top, col, size, fc["body"])
        x -= pitch
    _vcol(cv, x, top + size * 2.2, c["closing"], size, fc["body"])
    # the organizer and the issue date, left, under the organizer's seal
    ax, ay = c["anchors"]["organizer"]
    osize = min(size, (bottom - 0.22 * H) / max(1, len(v["organizer"])) / 1.08)
    _vcol(cv, ax + osize * 0.9, 0.22 * H, v["organizer"], osize, fc["body"])
    if v["issue"]:
        _vcol(cv, ax - osize * 0.9, 0.22 * H + osize * 2, v["issue"], osize * 0.95, fc["body"])
    for i, line in enumerate(c["footer"]):
        cv.text(0.08 * W + i * 0.42 * W, 0.905 * H, line, 9.5, fc["body"], color=(70, 70, 70))
    parts.validation_spot(cv, c, 10, fc["body"])


# ------------------------------------------------------------------ checkbox_form / sh_checkbox_slip


def plan_checkbox(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.8, hand=0.4)
    v, lab = c["v"], c["lab"]
    w = _words()
    f = ctx["fields"]
    cats = list(_CATS) if rng.random() < 0.7 else [k for k in _CATS if k != "II类"] + ["II类"]
    c["options"] = [(g.category(k), k == f["category"]) for k in cats]
    modes = ["面授", "远程"] if rng.random() < 0.5 else ["远程", "面授"]
    c["modes"] = [(m, m == f["mode"]) for m in modes]
    c["box_field"] = rng.choice(w["checkbox_field"])
    c["mode_field"] = rng.choice(w["mode_field"])
    c["tick"] = w["tick"]
    keys = ["name", "unit"] + g.maybe_swap(["project_title", "project_code", "date", "credits", "organizer"], 0.3) \
        + ["certificate_no"]
    c["rows"] = [(lab[k].removesuffix("."), v[k]) for k in keys if v[k]]
    c["head"] = rng.choice(w["checkbox_heads"])
    c["header"] = None
    return c


def plan_sh_checkbox(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = plan_checkbox(g, rng, ctx)
    c["head"] = rng.choice(_words()["sh_checkbox_heads"])
    c["header"] = f"编号 {_digits(rng, 10)}"
    return c


def _boxes(cv, x: float, y: float, options: list[tuple[str, bool]], size: float, role: str, tick: str,
           right: float) -> list[tuple[float, float]]:
    """Check boxes with their words on one line from x; the ticked one gets a tick in its box."""
    at = []
    gap = (right - x) / max(1, len(options))
    for i, (word, ticked) in enumerate(options):
        bx = x + i * gap
        cv.rect(bx, y - size * 0.85, bx + size, y + size * 0.15, width=0.7)
        if ticked:
            cv.text(bx + size * 0.5, y, tick, size * 1.1, role, "m")
        cv.text(bx + size * 1.4, y, word, parts.fit(cv, word, size, role, gap - size * 1.7), role)
        at.append((bx, y))
    return at


def draw_checkbox(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    y = 0.08 * H
    if c["header"]:
        cv.text(0.92 * W, y, c["header"], 8.5, fc["body"], "r", color=_GREY)
    cv.text(W / 2, y + 26, c["head"], parts.fit(cv, c["head"], 20, fc["title"], 0.84 * W), fc["title"], "m")
    cv.text(W / 2, y + 46, c["title"], parts.fit(cv, c["title"], 11, fc["body"], 0.8 * W), fc["body"], "m",
            color=_GREY)
    x0, x1 = 0.09 * W, 0.91 * W
    lw = 0.22 * (x1 - x0)
    rows = c["rows"] + [(c["box_field"], None), (c["mode_field"], None)]
    top = y + 64
    rh = min(44.0, (c["anchors"]["organizer"][1] - 70 - top) / len(rows))
    size = min(12.0, rh * 0.42)
    for i, (lab, val) in enumerate(rows):
        yy = top + i * rh
        cv.rect(x0, yy, x0 + lw, yy + rh, width=0.8, color=ink, fill=_SHADE)
        cv.rect(x0 + lw, yy, x1, yy + rh, width=0.8, color=ink)
        base = yy + rh * 0.5 + size * 0.36
        cv.text(x0 + 6, base, lab, parts.fit(cv, lab, size, fc["body"], lw - 12), fc["body"])
        if val is not None:
            cv.text(x0 + lw + 8, base, val, parts.fit(cv, val, size, fc["value"], x1 - x0 - lw - 16), fc["value"])
        elif lab == c["box_field"]:
            _boxes(cv, x0 + lw + 8, base, c["options"], size, fc["body"], c["tick"], x1 - 6)
        else:
            _boxes(cv, x0 + lw + 8, base, c["modes"], size, fc["body"], c["tick"], x0 + lw + 0.5 * (x1 - x0))
    parts.organizer_block(cv, c, 12, fc["body"], date=v["issue"])
    parts.validation_spot(cv, c, 10, fc["body"])


# -------------------------------------------------------------------------------- banded_grid


def plan_banded(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.85)
    v, lab = c["v"], c["lab"]
    bands = [["name", "unit", "certificate_no"], ["project_title", "project_code"],
             ["category", "credits", "date", "mode"], ["organizer", "issue"]]
    if rng.random() < 0.5:  # three bands: the project's and the credit's in one
        bands = [bands[0], ["project_title", "project_code", "date"], ["category", "credits", "mode", "organizer"]]
    titles = _words()["band_titles"] + [""]   # the fourth band (organizer, issue) has no title
    named = rng.random() < 0.6
    c["bands"] = [(titles[i] if named else "", [(lab[k].removesuffix("."), v[k]) for k in keys if v[k]])
                  for i, keys in enumerate(bands)]
    return c


def draw_banded(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, ink = c["faces"], c["ink"]
    parts.frame(cv, ink, 1.0, 1)
    cv.text(W / 2, 0.14 * H, c["title"], parts.fit(cv, c["title"], 22, fc["title"], 0.8 * W), fc["title"], "m")
    x0, x1 = 0.09 * W, 0.91 * W
    y = 0.14 * H + 26
    hh = 18.0
    vh = min(52.0, (c["anchors"]["organizer"][1] - 60 - y) / max(1, len(c["bands"])) - hh - 8)
    for band, cells in c["bands"]:
        if band:
            cv.text(x0, y + 10, band, 9, fc["body"], color=ink)
            y += 14
        weights = [3.0 if len(val) > 16 else 1.6 if len(val) > 8 else 1.0 for _, val in cells]
        k = (x1 - x0) / sum(weights)
        xs = parts.edges(x0, [wt * k for wt in weights])
        for j, (lab, val) in enumerate(cells):
            cv.rect(xs[j], y, xs[j + 1], y + hh, width=0.7, color=ink, fill=_SHADE)
            cv.text((xs[j] + xs[j + 1]) / 2, y + hh * 0.7, lab, parts.fit(cv, lab, 9, fc["body"], xs[j + 1] - xs[j] - 6),
                    fc["body"], "m")
            cv.rect(xs[j], y + hh, xs[j + 1], y + hh + vh, width=0.7, color=ink)
            s, lines = cell_lines(cv, val, min(12.0, vh * 0.4), fc["value"], xs[j + 1] - xs[j] - 8, 2)
            top = y + hh + (vh - len(lines) * s * 1.25) / 2
            for n, line in enumerate(lines):
                cv.text(xs[j] + 4, top + (n + 0.8) * s * 1.25, line, s, fc["value"])
        y += hh + vh + 8
    in_grid = any(val == c["v"]["issue"] for _, cells in c["bands"] for _, val in cells)
    parts.organizer_block(cv, c, 12, fc["body"], date=None if in_grid else c["v"]["issue"])
    parts.validation_spot(cv, c, 10, fc["body"])


# --------------------------------------------------------------------------------- id_barcode


def plan_barcode(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.7, printed_p=1.0, brackets=0.3)
    v, lab = c["v"], c["lab"]
    w = _words()
    c["system"] = rng.choice(w["barcode_systems"])
    c["id_line"] = f"{rng.choice(w['id_labels'])}{c['sep']}{ctx.get('id_number', '')}"
    c["bars"] = [rng.choice((1, 1, 2, 3)) for _ in range(70)]
    c["spaced"] = " ".join(v["certificate_no"])
    keys = ["unit"] + g.maybe_swap(["project_title", "project_code", "category", "credits", "date", "mode",
                                    "organizer"], 0.3)
    c["items"] = [parts.join(lab[k], c["sep"], v[k]) for k in keys if v[k]]
    c["name_line"] = parts.join(lab["name"], c["sep"], v["name"])
    c["tail"] = [parts.join(lab[k], c["sep"], v[k]) for k in ("issue", "print") if v[k]]
    c["note"] = rng.choice(w["barcode_notes"])
    return c


def draw_barcode(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, ink = c["faces"], c["ink"]
    role = fc["body"]
    cv.rect(0.05 * W, 0.03 * H, 0.95 * W, 0.97 * H, width=0.6, color=_GREY)
    cv.text(0.08 * W, 0.06 * H, c["system"], 9, role, color=_GREY)
    barcode(cv, 0.16 * W, 0.075 * H, 0.05 * H, c["bars"], unit=(0.68 * W) / sum(c["bars"]))
    cv.text(W / 2, 0.075 * H + 0.05 * H + 12, c["spaced"], parts.fit(cv, c["spaced"], 9.5, role, 0.7 * W), role, "m")
    cv.text(W / 2, 0.21 * H, c["title"], parts.fit(cv, c["title"], 20, fc["title"], 0.84 * W), fc["title"], "m",
            color=ink)
    x0, x1 = 0.12 * W, 0.88 * W
    y = 0.27 * H
    cv.text(x0, y, c["name_line"], 14, fc["value"])
    cv.text(x1, y, c["id_line"], parts.fit(cv, c["id_line"], 11, role, 0.45 * W), role, "r")
    cv.line(x0, y + 6, x1, y + 6, width=0.5, color=_GREY)
    y += 28
    step = min(26.0, (c["anchors"]["organizer"][1] - 90 - y) / max(1, len(c["items"])))
    for item in c["items"]:
        cv.text(x0, y, item, parts.fit(cv, item, 11.5, role, x1 - x0), role)
        y += step
    for item in c["tail"]:
        cv.text(x0, y + 4, item, 9.5, role, color=(80, 80, 80))
        y += 15
    parts.blocks(cv, x1 - 64, 0.86 * H - 64, 3.0, c["qr"])
    cv.text(x1, 0.86 * H + 12, c["note"], 8, role, "r", color=_GREY)
    parts.organizer_block(cv, c, 11.5, role)
    parts.validation_spot(cv, c, 10, role)


# ------------------------------------------------------------------------------- capital_card


def plan_capital(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _word_content(g, rng, ctx, brackets=0.6)
    v, lab = c["v"], c["lab"]
    w = _words()
    f = ctx["fields"]
    cap = credits_words(f["credits"], capital=True)
    c["amount"] = f"{cap}{rng.choice(w['capital_units'])}"
    c["amount_label"] = rng.choice(w["capital_words"])
    c["body"] = (f"{v['name']}{rng.choice(('同志', ''))}于{v['date']}参加{v['organizer']}举办的{v['project_title']}"
                 f"（{lab['project_code']}{c['sep']}{v['project_code']}），{lab['mode']}{c['sep']}{v['mode']}，"
                 f"经考核合格，授予{v['category']}学分{c['amount']}。")
    c["no_line"] = parts.join(lab["certificate_no"], c["sep"], v["certificate_no"])
    return c


def draw_capital(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    cv.rect(0.04 * W, 0.06 * H, 0.96 * W, 0.94 * H, width=1.2, color=ink)
    cv.line(0.04 * W, 0.18 * H, 0.96 * W, 0.18 * H, width=0.6, color=ink)
    cv.text(W / 2, 0.145 * H, c["title"], parts.fit(cv, c["title"], 20, fc["title"], 0.8 * W), fc["title"], "m",
            color=ink)
    cv.text(0.93 * W, 0.22 * H + 6, c["no_line"], parts.fit(cv, c["no_line"], 9.5, fc["body"], 0.5 * W),
            fc["body"], "r")
    x0, x1 = 0.09 * W, 0.91 * W
    y = parts.paragraph(cv, c["body"], x0, 0.32 * H, x1 - x0, 13, fc["body"], leading=1.9)
    bx0, bx1 = x0, x0 + 0.55 * (x1 - x0)
    cv.rect(bx0, y, bx1, y + 26, width=0.8, color=ink)
    cv.line(bx0 + 0.38 * (bx1 - bx0), y, bx0 + 0.38 * (bx1 - bx0), y + 26, width=0.6, color=ink)
    cv.text(bx0 + 6, y + 17, c["amount_label"], 10.5, fc["body"])
    cv.text(bx0 + 0.38 * (bx1 - bx0) + 10, y + 18, c["amount"], 14, fc["value"])
    parts.organizer_block(cv, c, 12, fc["body"], date=v["issue"])
    parts.validation_spot(cv, c, 10, fc["body"])


# ---------------------------------------------------------------------------- list_footer_year


def _iso(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def plan_footer_list(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.list_context(g, rng, ctx)
    w = _words()["footer_list"]
    years = ctx["years"]
    c["heading"] = rng.choice(w["titles"])
    span = str(years[0]) if len(years) == 1 else f"{years[0]}—{years[-1]}"
    c["footer"] = rng.choice(w["footers"]).format(y=span)
    c["tally_word"] = rng.choice(w["tally"])
    c["heads"] = rng.choice(w["heads"])
    # the year only in the footer; a list of two years (LIST_MIXED_YEARS) prints it in the dates too
    c["date_fmt"] = rng.choice(("{mm}月{dd}日", "{m}.{d}", "{mm}-{dd}")) if len(years) == 1 else "{y}-{mm}-{dd}"
    c["cats"] = {cat: g.category(cat) for cat in _CATS}
    c["lines"] = [(f"{i}. {fmt_date(c['date_fmt'], _iso(r['date']))}", r["project_code"], c["cats"][r["category"]],
                   f"{fmt_credits(r['credits'])}分", f"{r['project_title']}（{r['mode']}）")
                  for i, r in enumerate(ctx["rows"], start=1)]
    return c


def draw_footer_list(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role, title = c["faces"]["body"], c["faces"]["title"]
    cv.text(W / 2, 0.07 * H, c["heading"], parts.fit(cv, c["heading"], 17, title, W - 80), title, "m")
    person = f"姓名{c['sep']}{c['name']}    身份证号{c['sep']}{c['id_number']}    单位{c['sep']}{c['unit']}"
    cv.text(40, 0.07 * H + 30, person, parts.fit(cv, person, 9.5, role, W - 80), role)
    xs = [40, 150, 330, 450, W - 40]
    y = 0.07 * H + 46
    cv.line(40, y, W - 40, y, width=1.0)
    size = 9.5
    *firsts, cr_head, second_head = c["heads"]   # the two-line head: line 1's columns, then line 2's
    for x, head in zip(xs, firsts):
        cv.text(x, y + 13, head, size, role)
    cv.text(xs[-1], y + 13, cr_head, size, role, "r")
    cv.text(62, y + 27, second_head, size, role, color=(60, 60, 60))
    y += 34
    cv.line(40, y, W - 40, y, width=0.8)
    n = max(1, len(c["lines"]))
    step = min(40.0, (0.86 * H - 90 - y) / n)
    for first, code, cat, cr, second in c["lines"]:
        y += step * 0.45
        for x, val in zip(xs, (first, code, cat)):
            cv.text(x, y, val, size, role)
        cv.text(xs[-1], y, cr, size, role, "r")
        s, ls = cell_lines(cv, second, size, role, W - 80 - 22, 1)
        cv.text(62, y + step * 0.42, ls[0], s, role, color=(60, 60, 60))
        y += step * 0.55
        for k in range(int((W - 80) / 6)):   # a dotted rule between records
            cv.line(40 + k * 6, y, 42 + k * 6, y, width=0.4, color=_GREY)
    s = c["sums"]
    y += 22
    tally = "；".join(f"{c['cats'][cat]} {fmt_credits(s[cat])}分" for cat in _CATS)
    cv.text(40, y, f"{c['tally_word']}：{tally}", parts.fit(cv, tally, 9.5, role, W - 160), role)
    cv.text(40, y + 20, f"合计：{fmt_credits(s['total'])}分", 10, role)
    cv.line(40, 0.95 * H - 14, W - 40, 0.95 * H - 14, width=0.4, color=_GREY)
    cv.text(W / 2, 0.95 * H, c["footer"], 9, role, "m", color=(70, 70, 70))


# -------------------------------------------------------------------------- sh_verify_vertical


def plan_sh_vertical(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.list_context(g, rng, ctx)
    w = _words()["sh_vertical"]
    years = ctx["years"]
    span = str(years[0]) if len(years) == 1 else f"{years[0]}—{years[-1]}"
    c["heading"] = rng.choice(w["titles"]).format(y=span)
    c["order"] = rng.choice(w["orders"])
    c["titles"] = {k: rng.choice(v) for k, v in w["columns"].items()}
    c["group"] = rng.choice(w["group"])
    c["sum_word"] = rng.choice(w["sums"])
    c["levels"] = {cat: g.level(cat) for cat in _CATS}
    c["date_fmt"] = rng.choice(("{y}.{mm}.{dd}", "{y}年{m}月{d}日", "{y}/{m}/{d}"))
    return c


_NARROW = ("seq", "credits", "level")
_VW = {"seq": 26, "credits": 34, "level": 60, "project_title": 230, "project_code": 130, "organizer": 170,
       "date": 90}


def draw_sh_vertical(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role, title = c["faces"]["body"], c["faces"]["title"]
    cv.text(W / 2, 0.08 * H, c["heading"], parts.fit(cv, c["heading"], 17, title, W - 60), title, "m")
    person = f"姓名{c['sep']}{c['name']}      身份证号{c['sep']}{c['id_number']}      单位{c['sep']}{c['unit']}"
    cv.text(30, 0.08 * H + 28, person, parts.fit(cv, person, 10, role, W - 60), role)
    order = c["order"]
    ws = [_VW[k] for k in order]
    k = (W - 60) / sum(ws)
    ws = [x * k for x in ws]
    xs = parts.edges(30, ws)
    y0 = 0.08 * H + 40
    hh = 56.0
    t = c["titles"]
    cv.line(xs[0], y0, xs[-1], y0)
    grouped = [j for j, key in enumerate(order) if key in ("project_title", "project_code")]
    adjacent = len(grouped) == 2 and grouped[1] == grouped[0] + 1
    for j, key in enumerate(order):
        cx = (xs[j] + xs[j + 1]) / 2
        if key in _NARROW:   # a narrow column's title set vertically down the tall header
            yy = y0 + (hh - len(t[key]) * 10.5) / 2 + 9
            for ch in t[key]:
                cv.text(cx, yy, ch, 9.5, role, "m")
                yy += 10.5
        elif adjacent and j in grouped:
            cv.text(cx, y0 + hh * 0.5 + 20, t[key], 9.5, role, "m")
        else:
            cv.text(cx, y0 + hh / 2 + 3.5, t[key], 9.5, role, "m")
    if adjacent:   # the 项目 group spans 名称 / 编号 over their titles
        a, b = xs[grouped[0]], xs[grouped[1] + 1]
        cv.text((a + b) / 2, y0 + hh * 0.25 + 4, c["group"], 9.5, role, "m")
        cv.line(a, y0 + hh * 0.45, b, y0 + hh * 0.45)
        cv.line(xs[grouped[1]], y0 + hh * 0.45, xs[grouped[1]], y0 + hh)
    for j, x in enumerate(xs):
        if not (adjacent and j == grouped[1]):
            cv.line(x, y0, x, y0 + hh)
    rows = []
    for i, r in enumerate(c["rows_in"], start=1):
        cell = {"seq": str(i), "credits": fmt_credits(r["credits"]), "level": c["levels"][r["category"]],
                "project_title": r["project_title"], "project_code": r["project_code"],
                "organizer": r.get("organizer", ""), "date": fmt_date(c["date_fmt"], _iso(r["date"]))}
        rows.append([cell[key] for key in order])
    y = wrapped_grid(cv, 30, y0 + hh, ws, rows, 9.0, [role] * len(ws), pad=3, max_lines=2, min_h=22)
    total = sum(r["credits"] for r in c["rows_in"])
    cv.text(30, y + 20, f"{c['sum_word']}{c['sep']}{fmt_credits(total)}", 10, role)
    cv.text(0.55 * W, y + 20, "验证单位（盖章）：", 10, role)
    cv.text(W - 30, y + 46, "经办人：            年    月    日", 10, role, "r")


PLANNERS = {"vertical_scroll": plan_vertical, "checkbox_form": plan_checkbox, "banded_grid": plan_banded,
            "id_barcode": plan_barcode, "capital_card": plan_capital, "sh_checkbox_slip": plan_sh_checkbox,
            "list_footer_year": plan_footer_list, "sh_verify_vertical": plan_sh_vertical}
DRAWERS = {"vertical_scroll": draw_vertical, "checkbox_form": draw_checkbox, "banded_grid": draw_banded,
           "id_barcode": draw_barcode, "capital_card": draw_capital, "sh_checkbox_slip": draw_checkbox,
           "list_footer_year": draw_footer_list, "sh_verify_vertical": draw_sh_vertical}
