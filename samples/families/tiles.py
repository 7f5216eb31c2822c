"""Certificate and list families of yet other builds (held out since session 15, issue 14).

Each differs in *build* from every family of the earlier modules (body … stacks, blocks):

* ``footer_table_card`` — the name alone large in the middle, one generic sentence, and **every other field in
  a ruled footer table** (two tiers: a shaded row of labels over a row of values), the seals above it. Table.
* ``english_label_form`` — a ruled form whose labels are **English only** (Attendee, Lecture Topic …) beside
  Chinese values, a Chinese title over an English line. Table.
* ``notice_wrapped_cert`` — an A4 whose certificate stands **in a box in the middle of a notice**: the organizer's
  heading and an opening paragraph above it, numbered 须知 rules (no dates, no numbers) under it. Paragraph.
* ``fullwidth_card`` — landscape: the sentence with **every date in full-width digits** (２０２１年５月１２日), the
  credits **only in capital numerals** on their own line (``学分数：肆分``). Paragraph.
* ``browser_print_ecert`` — an e-certificate **printed from a web browser**: the print time and page title in
  the browser's header line, the page address and ``1/1`` in its footer, the fields in a light two-column grid,
  a QR beside the title. E-certificate.
* ``sh_bracket_card`` — Shanghai setting: the committee's sentence with **every filled value in 【】**, 市级
  wording, ``(沪)`` codes; 市级Ⅰ类 only, ``own_share: 0.5``. Paragraph.

Lists (rows in date order, as the certificates follow them):

* ``list_two_up`` — a Zhejiang list printed **two-up**: the rows run down a left table and go on in a right one
  (each with its head), the project cell holding the title over ``code · mode``, dates with the weekday
  ``5月12日(三)``.
* ``sh_verify_fullwidth`` — a Shanghai 《I类学分验证表》 typed in a word processor: **seq, dates and credits in
  full-width digits** (codes as the system prints them), the person in a ruled box, a signature block. No 学习形式
  (``mode: null``).

Planners decide every printed string (truth states them); drawers only place them. Family furniture comes
from ``labels.yaml`` ``tile_words``.
"""

from __future__ import annotations

import datetime as dt
import random

from samples.families import parts
from samples.families.grammar import Grammar, fmt_date, labels
from samples.families.sheets import cell_lines, credits_words
from samples.textfmt import fmt_credits

_INKS = [(28, 60, 110), (30, 96, 80), (120, 76, 28), (70, 70, 70), (96, 48, 120)]   # never a seal's red
_GREY = (110, 110, 110)
_SHADE = (230, 233, 238)
_CATS = ("I类国家级", "I类省级", "II类")
_FULL = str.maketrans("0123456789.", "０１２３４５６７８９．")
_WEEK = "一二三四五六日"


def _words() -> dict:
    return labels()["tile_words"]


def full(text: str) -> str:
    """``text`` with its ASCII digits (and points) in full width."""
    return text.translate(_FULL)


def _strip(label: str) -> str:
    return label.removesuffix(".")


def _iso(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def _span(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}—{years[-1]}"


# ----------------------------------------------------------------------------- footer_table_card


def plan_footer(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.85, brackets=0.6)
    v, lab = c["v"], c["lab"]
    w = _words()
    c["line"] = rng.choice(w["footer_lines"])
    tiers = [g.maybe_swap(["project_title", "project_code", "date"], 0.3),
             g.maybe_swap(["category", "credits", "mode", "unit"], 0.3)]
    c["tiers"] = [[(_strip(lab[k]), v[k]) for k in keys if v[k]] for keys in tiers]
    c["no_line"] = parts.join(lab["certificate_no"], c["sep"], v["certificate_no"])
    return c


def draw_footer(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    body, val = fc["body"], fc["value"]
    parts.frame(cv, ink, 0.9, 1)
    cv.text(W / 2, 0.13 * H, c["title"], parts.fit(cv, c["title"], 22, fc["title"], 0.8 * W), fc["title"], "m",
            color=ink)
    cv.text(0.92 * W, 0.13 * H + 22, c["no_line"], parts.fit(cv, c["no_line"], 9.5, body, 0.5 * W), body, "r")
    cv.text(W / 2, 0.30 * H, v["name"], 34, fc["title"], "m")
    cv.text(W / 2, 0.30 * H + 40, c["line"], parts.fit(cv, c["line"], 14, body, 0.8 * W), body, "m")
    cv.text(W / 2, 0.30 * H + 66, c["closing"], 12, body, "m")
    parts.organizer_block(cv, c, 11.5, body, date=v["issue"])
    parts.validation_spot(cv, c, 10, body)
    x0, x1 = 0.07 * W, 0.93 * W
    y = 0.66 * H
    for tier in c["tiers"]:
        n = len(tier)
        weights = [2.4 if len(value) > 14 else 1.0 for _, value in tier]
        widths = [(x1 - x0) * wt / sum(weights) for wt in weights]
        xs = parts.edges(x0, widths)
        for j, (label, value) in enumerate(tier):
            cv.rect(xs[j], y, xs[j + 1], y + 18, width=0.6, color=ink, fill=_SHADE)
            cv.rect(xs[j], y + 18, xs[j + 1], y + 52, width=0.6, color=ink)
            cv.text((xs[j] + xs[j + 1]) / 2, y + 13, label, parts.fit(cv, label, 9, body, widths[j] - 6), body, "m")
            s, ls = cell_lines(cv, value, 11, val, widths[j] - 8, 2)
            for k, line in enumerate(ls):
                cv.text((xs[j] + xs[j + 1]) / 2, y + 18 + (34 - len(ls) * s * 1.25) / 2 + (k + 0.85) * s * 1.25,
                        line, s, val, "m")
        y += 52 + (10 if n else 0)


# ---------------------------------------------------------------------------- english_label_form


def plan_english(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.85, hand=0.4)
    v = c["v"]
    w = _words()
    c["sub"] = rng.choice(w["english_subtitles"])
    keys = ["name", "unit"] + g.maybe_swap(["project_title", "project_code", "category", "credits", "date", "mode",
                                            "organizer"], 0.25) + ["certificate_no", "issue"]
    c["rows"] = [(rng.choice(w["english"][k]), v[k]) for k in keys if v[k]]
    return c


def draw_english(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    body, val = fc["body"], fc["value"]
    cv.text(W / 2, 0.10 * H, c["title"], parts.fit(cv, c["title"], 21, fc["title"], 0.82 * W), fc["title"], "m",
            color=ink)
    cv.text(W / 2, 0.10 * H + 22, c["sub"], parts.fit(cv, c["sub"], 10, body, 0.8 * W), body, "m", color=_GREY)
    x0, x1 = 0.08 * W, 0.92 * W
    xm = x0 + 0.30 * (x1 - x0)
    y = 0.17 * H
    bottom = c["anchors"]["organizer"][1] - 0.08 * H
    rh = min(34.0, (bottom - y) / max(1, len(c["rows"])))
    cv.rect(x0, y, x1, y + rh * len(c["rows"]), width=1.2, color=ink)
    for label, value in c["rows"]:
        cv.line(x0, y + rh, x1, y + rh, width=0.5, color=ink)
        cv.line(xm, y, xm, y + rh, width=0.5, color=ink)
        cv.text(x0 + 6, y + rh * 0.62, label, parts.fit(cv, label, 10.5, body, xm - x0 - 10), body)
        s, ls = cell_lines(cv, value, 12, val, x1 - xm - 12, 2)
        for k, line in enumerate(ls):
            cv.text(xm + 8, y + (rh - len(ls) * s * 1.25) / 2 + (k + 0.85) * s * 1.25, line, s, val)
        y += rh
    cv.text(x0, y + 20, c["closing"], 11.5, body)
    parts.organizer_block(cv, c, 11.5, body)
    parts.validation_spot(cv, c, 10, body)


# --------------------------------------------------------------------------- notice_wrapped_cert


def plan_notice(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.9, brackets=0.7)
    v, lab, sep = c["v"], c["lab"], c["sep"]
    w = _words()["notice"]
    c["heading"] = rng.choice(w["headings"])
    c["opening"] = rng.choice(w["openings"])
    c["rules_head"] = rng.choice(w["rules_heads"])
    c["rules"] = [f"{i}、{r}" for i, r in zip("一二三四", rng.sample(w["rules"], 3))]
    c["sentence"] = (f"{v['name']}（{v['unit']}）于{v['date']}参加由{v['organizer']}举办的{v['project_title']}"
                     f"（{_strip(lab['project_code'])}{sep}{v['project_code']}），{_strip(lab['mode'])}{sep}{v['mode']}，"
                     f"经考核合格，授予{v['category']}学分{fmt_credits(ctx['fields']['credits'])}分。")
    c["no_line"] = parts.join(lab["certificate_no"], sep, v["certificate_no"])
    return c


def draw_notice(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    body = fc["body"]
    x0, x1 = 0.10 * W, 0.90 * W
    cv.text(W / 2, 0.07 * H, c["heading"], parts.fit(cv, c["heading"], 15, fc["title"], x1 - x0), fc["title"], "m")
    parts.paragraph(cv, c["opening"], x0, 0.07 * H + 30, x1 - x0, 10.5, body, leading=1.7)
    by0, by1 = 0.20 * H, 0.70 * H
    cv.rect(x0 - 8, by0, x1 + 8, by1, width=1.6, color=ink)
    cv.text(W / 2, by0 + 34, c["title"], parts.fit(cv, c["title"], 19, fc["title"], x1 - x0 - 20), fc["title"], "m",
            color=ink)
    cv.text(x1, by0 + 56, c["no_line"], parts.fit(cv, c["no_line"], 9.5, body, 0.5 * W), body, "r")
    y = parts.paragraph(cv, c["sentence"], x0 + 6, by0 + 92, x1 - x0 - 12, 13, body, leading=2.0)
    cv.text(x0 + 32, y + 2, c["closing"], 13, body)
    parts.organizer_block(cv, c, 11.5, body, date=v["issue"])
    parts.validation_spot(cv, c, 10, body)
    y = by1 + 30
    cv.text(x0, y, c["rules_head"], 11, fc["title"])
    for rule in c["rules"]:
        y = parts.paragraph(cv, rule, x0, y + 22, x1 - x0, 9.5, body, indent=0.0, leading=1.6) - 9.5 * 1.6


# ------------------------------------------------------------------------------- fullwidth_card


def plan_fullwidth(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.85, brackets=0.5)
    v, lab, sep = c["v"], c["lab"], c["sep"]
    for d in c["dates_printed"]:   # every date typed in full-width digits: the truth's text is what is printed
        d["text"] = full(d["text"])
    v["date"] = full(v["date"])
    v["issue"] = full(v["issue"]) if v["issue"] else None
    w = _words()["fullwidth"]
    c["sentence"] = (f"{rng.choice(w['intros'])}{v['name']}同志于{v['date']}参加{v['organizer']}举办的"
                     f"{v['project_title']}（{_strip(lab['project_code'])}{sep}{v['project_code']}），"
                     f"{_strip(lab['mode'])}为{v['mode']}，经考核合格，{rng.choice(w['verbs'])}{v['category']}学分。")
    capital = credits_words(ctx["fields"]["credits"], capital=True)
    c["credit_line"] = f"{_strip(lab['credits'])}{sep}{capital}{rng.choice(w['units'])}"
    c["capital"] = capital
    c["no_line"] = parts.join(lab["certificate_no"], sep, v["certificate_no"])
    return c


def draw_fullwidth(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    body = fc["body"]
    parts.frame(cv, ink, 1.0, 0)
    cv.text(W / 2, 0.17 * H, c["title"], parts.fit(cv, c["title"], 24, fc["title"], 0.8 * W), fc["title"], "m",
            color=ink)
    x0, x1 = 0.12 * W, 0.88 * W
    cv.text(x1, 0.17 * H + 26, c["no_line"], parts.fit(cv, c["no_line"], 10, body, 0.5 * W), body, "r")
    y = parts.paragraph(cv, c["sentence"], x0, 0.17 * H + 70, x1 - x0, 14, body, leading=2.0)
    cv.text(W / 2, y + 14, c["credit_line"], 20, fc["title"], "m", color=ink)
    cv.text(x0 + 28, y + 50, c["closing"], 13, body)
    parts.organizer_block(cv, c, 12, body, date=v["issue"])
    parts.validation_spot(cv, c, 10, body)


# -------------------------------------------------------------------------- browser_print_ecert


def plan_browser(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.8, printed_p=1.0)
    v, lab, sep = c["v"], c["lab"], c["sep"]
    w = _words()["browser"]
    c["page_title"] = rng.choice(w["page_titles"])
    c["url"] = rng.choice(w["urls"]).format(n=rng.randint(100000, 999999))
    c["pager"] = rng.choice(w["pagers"])
    keys = ["name", "unit"] + g.maybe_swap(["project_code", "category", "credits", "date", "mode", "organizer"], 0.3) \
        + ["certificate_no", "issue"]
    c["cells"] = [(_strip(lab[k]), v[k]) for k in keys if v[k]]
    c["title_line"] = parts.join(lab["project_title"], sep, v["project_title"])
    return c


def draw_browser(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    body = fc["body"]
    # the browser's own header and footer lines, small
    cv.text(0.04 * W, 0.025 * H, v["print"], 7.5, "sans")
    cv.text(0.58 * W, 0.025 * H, c["page_title"], parts.fit(cv, c["page_title"], 7.5, "sans", 0.38 * W, 5.5), "sans", "m")
    cv.text(0.04 * W, 0.982 * H, c["url"], parts.fit(cv, c["url"], 7.5, "sans", 0.8 * W, 5.5), "sans")
    cv.text(0.96 * W, 0.982 * H, c["pager"], 7.5, "sans", "r")
    x0, x1 = 0.08 * W, 0.92 * W
    cv.rect(x0 - 10, 0.06 * H, x1 + 10, 0.93 * H, width=0.4, color=(190, 190, 196))
    cv.rect(x0 - 10, 0.06 * H, x1 + 10, 0.06 * H + 6, width=0.1, color=ink, fill=ink)
    cv.text(x0, 0.13 * H, c["title"], parts.fit(cv, c["title"], 18, fc["title"], 0.62 * W), fc["title"], color=ink)
    parts.blocks(cv, x1 - 64, 0.075 * H + 4, 3.0, c["qr"])
    s, ls = cell_lines(cv, c["title_line"], 12, body, 0.66 * W, 2)
    y = 0.13 * H + 30
    for line in ls:
        cv.text(x0, y, line, s, body)
        y += s * 1.5
    y = max(y + 10, 0.075 * H + 82)
    colw = (x1 - x0) / 2
    for i, (label, value) in enumerate(c["cells"]):
        r, k = divmod(i, 2)
        cx, cy = x0 + k * colw, y + r * 40
        cv.rect(cx, cy, cx + colw - 6, cy + 36, width=0.3, color=(200, 200, 206))
        cv.text(cx + 5, cy + 11, label, 7.5, body, color=_GREY)
        s2, l2 = cell_lines(cv, value, 11, body, colw - 18, 1)
        cv.text(cx + 5, cy + 28, l2[0], s2, body)
    parts.organizer_block(cv, c, 11, body)
    parts.validation_spot(cv, c, 10, body)


# ------------------------------------------------------------------------------- sh_bracket_card


def plan_bracket(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.9, brackets=0.0)
    v, lab, sep = c["v"], c["lab"], c["sep"]
    w = _words()["sh_bracket"]
    c["head"] = rng.choice(w["heads"])
    c["sentence"] = (f"学员【{v['name']}】（【{v['unit']}】）于【{v['date']}】参加由【{v['organizer']}】举办的"
                     f"{rng.choice(w['kinds'])}【{v['project_title']}】（{_strip(lab['project_code'])}【{v['project_code']}】），"
                     f"{_strip(lab['mode'])}【{v['mode']}】，经考核合格，授予【{v['category']}】学分"
                     f"【{fmt_credits(ctx['fields']['credits'])}】分。")
    c["no_line"] = parts.join(lab["certificate_no"], sep, f"【{v['certificate_no']}】")
    return c


def draw_bracket(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    body, val = fc["body"], fc["value"]
    cv.text(W / 2, 0.07 * H, c["head"], 12, fc["title"], "m", color=ink)
    cv.line(0.1 * W, 0.08 * H, 0.9 * W, 0.08 * H, width=0.6, color=ink)
    cv.line(0.1 * W, 0.08 * H + 3, 0.9 * W, 0.08 * H + 3, width=0.6, color=ink)
    cv.text(W / 2, 0.16 * H, c["title"], parts.fit(cv, c["title"], 20, fc["title"], 0.84 * W), fc["title"], "m",
            color=ink)
    x0, x1 = 0.11 * W, 0.89 * W
    cv.text(x1, 0.16 * H + 26, c["no_line"], parts.fit(cv, c["no_line"], 10, body, 0.6 * W), body, "r")
    y = parts.paragraph(cv, c["sentence"], x0, 0.16 * H + 72, x1 - x0, 13.5, val, leading=2.1)
    cv.text(x0 + 27, y + 4, c["closing"], 13.5, body)
    parts.organizer_block(cv, c, 12, body, date=v["issue"])
    parts.validation_spot(cv, c, 10, body)


# ----------------------------------------------------------------------------------- list_two_up


def _weekday_date(d: dt.date, one_year: bool) -> str:
    wk = _WEEK[d.weekday()]
    return f"{d.month}月{d.day}日({wk})" if one_year else f"{d.year}-{d.month:02d}-{d.day:02d}({wk})"


def plan_two_up(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.list_context(g, rng, ctx)
    w = _words()["two_up"]
    years = ctx["years"]
    c["heading"] = rng.choice(w["titles"]).format(y=_span(years))
    c["columns"] = [rng.choice(w["columns"][k]) for k in ("seq", "date", "project", "category", "credits")]
    cats = {cat: g.category(cat) for cat in _CATS}
    one = len(years) == 1
    c["rows"] = [[str(i), _weekday_date(_iso(r["date"]), one), r["project_title"],
                  f"{r['project_code']} · {r['mode']}", cats[r["category"]], fmt_credits(r["credits"])]
                 for i, r in enumerate(ctx["rows"], start=1)]
    c["split"] = (len(c["rows"]) + 1) // 2
    c["total"] = rng.choice(w["total"]).format(t=fmt_credits(ctx["sums"]["total"]))
    return c


_TW = [18, 62, 118, 52, 26]


def draw_two_up(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role, title = c["faces"]["body"], c["faces"]["title"]
    cv.text(W / 2, 0.06 * H, c["heading"], parts.fit(cv, c["heading"], 16, title, 0.86 * W), title, "m")
    person = f"姓名{c['sep']}{c['name']}    身份证号{c['sep']}{c['id_number']}    单位{c['sep']}{c['unit']}"
    cv.text(0.04 * W, 0.06 * H + 26, person, parts.fit(cv, person, 9, role, 0.92 * W), role)
    halves = [c["rows"][:c["split"]], c["rows"][c["split"]:]]
    gap = 10.0
    hw = (0.92 * W - gap) / 2
    k = hw / sum(_TW)
    ws = [x * k for x in _TW]
    bottom = 0.06 * H + 44
    for h, rows in enumerate(halves):
        x0 = 0.04 * W + h * (hw + gap)
        xs = parts.edges(x0, ws)
        y = 0.06 * H + 44
        cv.rect(x0, y, x0 + hw, y + 18, width=0.6, fill=_SHADE)
        for j, head in enumerate(c["columns"]):
            cv.text(xs[j] + 2, y + 12.5, head, parts.fit(cv, head, 8, role, ws[j] - 4, 5.0), role)
        y += 18
        rh = min(40.0, (0.90 * H - y) / max(1, len(halves[0])))
        for row in rows:
            seq, date, ttl, code_mode, cat, credits = row
            cells = [seq, date, None, cat, credits]
            for j, val in enumerate(cells):
                if val is not None:
                    cv.text(xs[j] + 2, y + rh * 0.55, val, parts.fit(cv, val, 8, role, ws[j] - 4, 4.5), role)
            s, ls = cell_lines(cv, ttl, 8, role, ws[2] - 4, 2, floor=4.5)
            for n, line in enumerate(ls):
                cv.text(xs[2] + 2, y + 2 + (n + 1) * s * 1.15, line, s, role)
            cv.text(xs[2] + 2, y + rh - 3, code_mode, parts.fit(cv, code_mode, 6.5, role, ws[2] - 4, 4.0), role,
                    color=(80, 80, 80))
            y += rh
            cv.line(x0, y, x0 + hw, y, width=0.3)
        for x in xs:
            cv.line(x, 0.06 * H + 44, x, y, width=0.4)
        bottom = max(bottom, y)
    cv.text(0.96 * W, bottom + 20, c["total"], 10.5, role, "r")


# ---------------------------------------------------------------------------- sh_verify_fullwidth


_FW = [26, 90, 170, 120, 50, 34, 84]


def plan_fullwidth_list(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.list_context(g, rng, ctx)
    w = _words()["sh_fullwidth"]
    c["heading"] = rng.choice(w["titles"])
    c["person"] = list(zip(w["person"], [ctx["name"], ctx["id_number"], ctx["unit"], full(_span(ctx["years"]))]))
    c["columns"] = list(w["columns"])
    c["levels"] = {cat: g.level(cat) for cat in _CATS}
    c["date_fmt"] = rng.choice(("{y}年{m}月{d}日", "{y}.{mm}.{dd}", "{y}-{mm}-{dd}"))
    c["rows"] = [[full(str(i)), r["project_code"], r["project_title"], r["organizer"], c["levels"][r["category"]],
                  full(fmt_credits(r["credits"])), full(fmt_date(c["date_fmt"], _iso(r["date"])))]
                 for i, r in enumerate(ctx["rows"], start=1)]
    c["total"] = rng.choice(w["total"]).format(t=full(fmt_credits(sum(r["credits"] for r in ctx["rows"]))))
    c["signers"] = list(w["signers"])
    return c


def draw_fullwidth_list(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role, title = c["faces"]["body"], c["faces"]["title"]
    x0, x1 = 34.0, W - 34
    cv.text(W / 2, 0.07 * H, c["heading"], parts.fit(cv, c["heading"], 17, title, x1 - x0), title, "m")
    y = 0.07 * H + 20
    pw = (x1 - x0) / len(c["person"])
    for i, (label, value) in enumerate(c["person"]):
        px = x0 + i * pw
        cv.rect(px, y, px + pw, y + 34, width=0.6)
        cv.text(px + 4, y + 12, label, 8, role, color=_GREY)
        cv.text(px + 4, y + 28, value, parts.fit(cv, value, 10, role, pw - 8, 5.0), role)
    y += 46
    k = (x1 - x0) / sum(_FW)
    ws = [x * k for x in _FW]
    xs = parts.edges(x0, ws)
    top = y
    cv.line(x0, y, x1, y, width=0.8)
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
        cv.line(x0, y, x1, y, width=0.4)
    for x in xs:
        cv.line(x, top, x, y, width=0.4)
    cv.text(x1, y + 20, c["total"], 10.5, role, "r")
    for i, signer in enumerate(c["signers"]):
        cv.text(x0 + i * 0.34 * W, y + 52, signer, 10, role)


PLANNERS = {"footer_table_card": plan_footer, "english_label_form": plan_english,
            "notice_wrapped_cert": plan_notice, "fullwidth_card": plan_fullwidth,
            "browser_print_ecert": plan_browser, "sh_bracket_card": plan_bracket,
            "list_two_up": plan_two_up, "sh_verify_fullwidth": plan_fullwidth_list}
DRAWERS = {"footer_table_card": draw_footer, "english_label_form": draw_english,
           "notice_wrapped_cert": draw_notice, "fullwidth_card": draw_fullwidth,
           "browser_print_ecert": draw_browser, "sh_bracket_card": draw_bracket,
           "list_two_up": draw_two_up, "sh_verify_fullwidth": draw_fullwidth_list}
