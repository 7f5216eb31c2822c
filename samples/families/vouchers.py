"""Certificate and list families of yet other builds (held out in session 9, development since session 10, issue 14).

Each differs in *build* from every family of ``body.py`` / ``cells.py`` / ``sheets.py`` / ``folios.py``:

* ``value_label_table`` — a vertical key/value table whose labels stand *after* their values: in a
  narrow column to the right of each value, or in small type *under* the value's line. Table.
* ``his_receipt`` — a narrow slip printed by a hospital information system: a header with the
  system's name and a 流水号, fields as ``[F01] 姓名 ……`` lines with field codes, dashed rules, a
  barcode, the print time. E-certificate.
* ``watermark_serial`` — a certificate with a big pale diagonal watermark across the page and the
  certificate number only in the footer (with a verification line). Paragraph.
* ``jieye_photo`` — a 结业证书: a photo box, the name alone in a large decorative face, the sentence
  after it without the name. Paragraph.
* ``quarter_wrapped`` — a title wrapped over two or three lines at odd places, the credit period
  (``2022年第3季度``) in a header box and the activity date further down in a field line. Paragraph.
* ``english_first_card`` — a bilingual card with the English first: an English title over a small
  Chinese one, ``Name / 姓名`` lines, the English label before the Chinese. Table-like.
* ``sh_register_slip`` — Shanghai setting: the committee's 学分登记 slip as a vertical key/value table
  with the labels after the values (市级 wording, ``(沪)`` codes). Table.

Lists (row truth in the records' words; rows in date order, as the stack follows the list):

* ``list_banner_running`` — a Zhejiang annual list printed from the provincial system: the year only
  in a shaded banner (dates printed without it), a running-total column, per-category subtotal
  block and the platform's footer.
* ``sh_verify_merged`` — a Shanghai 《I类学分验证表》 on a landscape page with merged cells: a two-level
  header (项目信息 over 编号 / 名称, 学分信息 over 级别 / 学分) and the level cell merged down over
  consecutive rows of one level; the year only in a banner. Prints no 学习形式 (``mode: null``).

Planners decide every printed string (truth states them, ``dates_printed`` says each date's role,
the credit period's role is ``period``); drawers only place them. Family furniture comes from
``labels.yaml`` ``voucher_words``.
"""

from __future__ import annotations

import random

from samples.families import parts
from samples.families.grammar import Grammar, fmt_date, labels
from samples.families.sheets import cell_lines, wrapped_grid
from samples.textfmt import fmt_credits

_INKS = [(25, 55, 110), (30, 95, 75), (120, 80, 30), (70, 70, 70), (90, 40, 110)]   # never a seal's red
_GREY = (125, 125, 125)


def _words() -> dict:
    return labels()["voucher_words"]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _credits(v: dict) -> str:
    return v["credits"].removesuffix("分") + "分"


def _keys(g: Grammar) -> list[str]:
    return ["name", "unit"] + g.maybe_swap(["project_title", "project_code", "category", "credits", "date",
                                            "mode", "organizer"], 0.3) + ["certificate_no"]


# -------------------------------------------------------------------------- value_label_table


def plan_value_label(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.85, hand=0.3)
    v, lab = c["v"], c["lab"]
    # a label after its value is a word: no abbreviation that expects a value after it (No.)
    c["rows"] = [(v[k], "证书编号" if lab[k].endswith(".") else lab[k]) for k in _keys(g) if v[k]]
    c["under"] = rng.random() < 0.5            # labels under the values; else in a column to their right
    c["header"] = None
    return c


def plan_sh_slip(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = plan_value_label(g, rng, ctx)
    c["header"] = rng.choice(_words()["sh_headers"])
    c["slip_no"] = f"登记序号 {_digits(rng, 8)}"
    return c


def draw_value_label(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    y = 0.08 * H
    if c["header"]:
        cv.text(W / 2, y, c["header"], 12, fc["body"], "m", color=ink)
        cv.text(0.92 * W, y + 16, c["slip_no"], 8.5, fc["body"], "r", color=_GREY)
        y += 30
    cv.text(W / 2, y + 14, c["title"], parts.fit(cv, c["title"], 21, fc["title"], 0.84 * W), fc["title"], "m")
    x0, x1 = 0.10 * W, 0.90 * W
    top = y + 36
    bottom = c["anchors"]["organizer"][1] - 58
    rh = min(44.0 if c["under"] else 32.0, (bottom - top) / max(1, len(c["rows"])))
    vs = min(12.5, rh * 0.36)
    if c["under"]:  # each value on a rule, its label in small grey type under the rule
        for i, (val, lab) in enumerate(c["rows"]):
            yy = top + i * rh + rh * 0.52
            cv.text(x0 + 4, yy, val, parts.fit(cv, val, vs, fc["value"], x1 - x0 - 8), fc["value"])
            cv.line(x0, yy + 4, x1, yy + 4, width=0.6, color=_GREY)
            cv.text(x0 + 4, yy + 4 + vs * 0.95, lab, vs * 0.68, fc["body"], color=_GREY)
    else:  # a ruled two-column table: value cell left, label cell right
        lw = 0.24 * (x1 - x0)
        xs = [x0, x1 - lw, x1]
        for i, (val, lab) in enumerate(c["rows"]):
            yy = top + i * rh
            cv.rect(xs[0], yy, xs[1], yy + rh, width=0.8, color=ink)
            cv.rect(xs[1], yy, xs[2], yy + rh, width=0.8, color=ink, fill=(240, 243, 247))
            s = parts.fit(cv, val, vs, fc["value"], xs[1] - xs[0] - 12)
            cv.text(xs[0] + 6, yy + rh * 0.5 + s * 0.36, val, s, fc["value"])
            ls = parts.fit(cv, lab, vs * 0.9, fc["body"], lw - 10)
            cv.text(xs[2] - 6, yy + rh * 0.5 + ls * 0.36, lab, ls, fc["body"], "r")
    parts.organizer_block(cv, c, 12, fc["body"], date=v["issue"])
    parts.validation_spot(cv, c, 10, fc["body"])


# ------------------------------------------------------------------------------ his_receipt


def plan_receipt(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.6, printed_p=1.0, brackets=0.2)
    v, lab = c["v"], c["lab"]
    w = _words()
    code = rng.choice(w["field_codes"])
    keys = _keys(g)
    c["lines"] = [(code.format(i=i + 1), lab[k], v[k]) for i, k in enumerate(k for k in keys if v[k])]
    c["system"] = rng.choice(w["his_systems"])
    c["serial"] = f"流水号：{_digits(rng, 12)}"
    c["tail"] = [(lab[k], v[k]) for k in ("issue", "print") if v[k]]
    c["bars"] = [rng.choice((0.6, 1.0, 1.6, 2.2)) for _ in range(44)]
    c["note"] = rng.choice(w["receipt_notes"])
    return c


def draw_receipt(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc = c["faces"]
    role = fc["body"]
    x0, x1 = 16.0, W - 16.0
    cv.text(W / 2, 30, c["system"], parts.fit(cv, c["system"], 10.5, role, x1 - x0), role, "m")
    cv.text(W / 2, 52, c["title"], parts.fit(cv, c["title"], 14, fc["title"], x1 - x0), fc["title"], "m")
    cv.text(x0, 70, c["serial"], 7.5, role, color=_GREY)
    dash = "-" * int((x1 - x0) / max(1.0, cv.text_width("-", 8, role)))
    cv.text(x0, 82, dash, 8, role, color=_GREY)
    y = 100.0
    bottom = c["anchors"]["organizer"][1] - 40
    step = min(30.0, (bottom - y) / max(1, len(c["lines"])))
    for code, lab, val in c["lines"]:
        head = f"{code} {lab}"
        cv.text(x0, y, head, 8, role, color=(80, 80, 80))
        size, lines = cell_lines(cv, val, 9.5, role, x1 - x0 - 10, max_lines=2)
        for k, line in enumerate(lines):
            cv.text(x0 + 10, y + 11 + k * size * 1.2, line, size, role)
        y += step
    cv.text(x0, y, dash, 8, role, color=_GREY)
    y += 14
    for lab, val in c["tail"]:
        text = f"{lab}：{val}"
        cv.text(x0, y, text, parts.fit(cv, text, 8.5, role, x1 - x0), role)
        y += 13
    parts.organizer_block(cv, c, 9.5, role)
    parts.validation_spot(cv, c, 8.5, role)
    bx, by = x0 + 6, H - 62
    for wdt in c["bars"]:  # a barcode
        cv.rect(bx, by, bx + wdt, by + 28, width=0.2, color=(20, 20, 20), fill=(20, 20, 20))
        bx += wdt + 1.6
        if bx > x1 - 6:
            break
    cv.text(W / 2, H - 22, c["note"], 7.5, role, "m", color=_GREY)


# ------------------------------------------------------------------------- watermark_serial


def plan_watermark(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.9, brackets=0.6)
    v, lab = c["v"], c["lab"]
    c["mark"] = rng.choice(_words()["watermarks"])
    lead = rng.choice(("兹证明", "", "经审核，"))
    c["body"] = (f"{lead}{v['name']}{rng.choice(('同志', ''))}（{v['unit']}）于{v['date']}参加"
                 f"{v['organizer']}举办的{v['project_title']}（{lab['project_code']}{c['sep']}{v['project_code']}），"
                 f"{lab['mode']}{c['sep']}{v['mode']}，经考核合格，授予{v['category']}学分{_credits(v)}。")
    c["footer"] = parts.join(lab["certificate_no"], c["sep"], v["certificate_no"])
    c["verify"] = rng.choice(_words()["verify_lines"])
    return c


def draw_watermark(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    pale = tuple(int(255 - (255 - ch) * 0.16) for ch in ink)
    size = 0.085 * min(W, H)
    for row in range(3):  # the watermark: its characters laid along a diagonal, three times
        x, y = 0.08 * W + row * 0.3 * W, 0.85 * H
        for ch in c["mark"] * 8:
            cv.text(x, y, ch, size, fc["title"], color=pale)
            x, y = x + size * 0.78, y - size * 0.62
            if x + size > W * 0.96 or y < 0.1 * H:
                break
    cv.rect(0.04 * W, 0.05 * H, 0.96 * W, 0.95 * H, width=1.4, color=ink)
    cv.text(W / 2, 0.17 * H, c["title"], parts.fit(cv, c["title"], 26, fc["title"], 0.8 * W), fc["title"], "m")
    x0, x1 = 0.12 * W, 0.88 * W
    y = parts.paragraph(cv, c["body"], x0, 0.32 * H, x1 - x0, 14, fc["body"], leading=2.0)
    cv.text(x0 + 28, y + 6, c["closing"], 14, fc["body"])
    parts.organizer_block(cv, c, 13, fc["body"], date=v["issue"])
    parts.validation_spot(cv, c, 10.5, fc["body"])
    cv.line(0.08 * W, 0.905 * H, 0.92 * W, 0.905 * H, width=0.5, color=_GREY)
    cv.text(0.08 * W, 0.93 * H, c["footer"], 9, fc["body"], color=(70, 70, 70))
    cv.text(0.92 * W, 0.93 * H, c["verify"], 8, fc["body"], "r", color=_GREY)


# ------------------------------------------------------------------------------ jieye_photo


def plan_jieye(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.9, brackets=0.7)
    v, lab = c["v"], c["lab"]
    c["title"] = rng.choice(_words()["jieye_titles"])
    c["name_face"] = rng.choice(_words()["name_faces"])
    c["suffix"] = rng.choice(("同志：", "", "  同志"))
    c["body"] = (f"于{v['date']}参加{v['organizer']}举办的{v['category']}继续医学教育项目{v['project_title']}"
                 f"（{v['project_code']}），{lab['mode']}{v['mode']}，完成全部学习内容，考核合格，准予结业，"
                 f"授予学分{_credits(v)}。")
    c["lines"] = [parts.join(lab["certificate_no"], c["sep"], v["certificate_no"])]
    c["caption"] = rng.choice(("照片", "（一寸照片）", ""))
    return c


def draw_jieye(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    parts.frame(cv, ink, 1.0, 0)
    size = parts.fit(cv, c["title"], 34, fc["title"], 0.6 * W)
    cv.text(W / 2, 0.16 * H, c["title"], size, fc["title"], "m", color=ink)
    x0, x1 = 0.12 * W, 0.88 * W
    pw, ph = 0.11 * W, 0.19 * H
    px0, py0 = x1 - pw, 0.24 * H
    cv.rect(px0, py0, x1, py0 + ph, width=0.8)
    cv.text(px0 + pw / 2, py0 + ph / 2, c["caption"], 8, fc["body"], "m", color=_GREY)
    name_size = min(40.0, 0.065 * H)
    cv.text(x0, 0.24 * H + name_size, v["name"], name_size, c["name_face"])
    if c["suffix"]:
        cv.text(x0 + cv.text_width(v["name"], name_size, c["name_face"]) + 6, 0.24 * H + name_size,
                c["suffix"], 14, fc["body"])
    y = parts.paragraph(cv, c["body"], x0, 0.24 * H + name_size + 34, px0 - x0 - 14, 13.5, fc["body"],
                        leading=1.9)
    y = max(y, py0 + ph + 20)
    for line in c["lines"]:
        cv.text(x0, y + 6, line, 11, fc["body"])
        y += 20
    parts.organizer_block(cv, c, 12.5, fc["body"], date=v["issue"])
    parts.validation_spot(cv, c, 10.5, fc["body"])


# --------------------------------------------------------------------------- quarter_wrapped


def plan_quarter(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.8)
    v, lab = c["v"], c["lab"]
    period = g.period(ctx["fields"]["date"])
    c["period"] = f"{rng.choice(_words()['period_labels'])}{c['sep']}{period['text']}"
    c["dates_printed"] = c["dates_printed"] + [period["truth"]]
    title = c["title"].replace(" ", "")
    n = rng.choice((2, 3)) if len(title) >= 9 else 2
    cuts = sorted(rng.sample(range(2, len(title) - 1), n - 1))   # anywhere, even inside a word
    c["title_lines"] = [title[a:b] for a, b in zip([0] + cuts, cuts + [len(title)])]
    c["items"] = [parts.join(lab[k], c["sep"], v[k]) for k in _keys(g) if v[k]]
    return c


def draw_quarter(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    cv.rect(0.06 * W, 0.04 * H, 0.94 * W, 0.96 * H, width=1.0, color=ink)
    cv.rect(0.62 * W, 0.07 * H, 0.90 * W, 0.07 * H + 24, width=0.8, color=ink)
    cv.text(0.76 * W, 0.07 * H + 16, c["period"], parts.fit(cv, c["period"], 10.5, fc["body"], 0.26 * W),
            fc["body"], "m")
    y = 0.15 * H
    for line in c["title_lines"]:
        cv.text(W / 2, y, line, parts.fit(cv, line, 24, fc["title"], 0.8 * W), fc["title"], "m")
        y += 32
    x0, x1 = 0.14 * W, 0.86 * W
    y += 16
    step = min(30.0, (c["anchors"]["organizer"][1] - 50 - y) / max(1, len(c["items"])))
    for item in c["items"]:
        cv.text(x0, y, item, parts.fit(cv, item, 12.5, fc["body"], x1 - x0), fc["body"])
        y += step
    parts.organizer_block(cv, c, 12, fc["body"], date=v["issue"])
    parts.validation_spot(cv, c, 10, fc["body"])


# ------------------------------------------------------------------------ english_first_card


def plan_english(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    g.latin_months = True   # its dates may be English ones (12 May 2021)
    c = parts.content(g, rng, ctx, _INKS, issue=0.85, brackets=0.3)
    v, lab = c["v"], c["lab"]
    c["en_title"] = rng.choice(_words()["english_titles"])
    keys = [k for k in _keys(g) if v[k]]
    c["rows"] = [(g.english(k), lab[k], v[k]) for k in keys]
    c["slash"] = rng.choice((" / ", " ", "/"))
    c["tail"] = [(g.english("issue"), lab["issue"], v["issue"])] if v["issue"] else []
    return c


def draw_english(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, ink = c["faces"], c["ink"]
    cv.rect(0.04 * W, 0.05 * H, 0.96 * W, 0.95 * H, width=2.0, color=ink)
    cv.rect(0.04 * W, 0.05 * H, 0.96 * W, 0.05 * H + 12, width=0.5, color=ink, fill=ink)
    cv.text(W / 2, 0.15 * H, c["en_title"], parts.fit(cv, c["en_title"], 22, "serif_bold", 0.86 * W), "serif_bold",
            "m", color=ink)
    cv.text(W / 2, 0.15 * H + 24, c["title"], parts.fit(cv, c["title"], 13, fc["title"], 0.8 * W), fc["title"], "m")
    x0, x1 = 0.10 * W, 0.90 * W
    y = 0.15 * H + 56
    step = min(28.0, (c["anchors"]["organizer"][1] - 46 - y) / max(1, len(c["rows"]) + len(c["tail"])))
    lw = 0.30 * (x1 - x0)
    for en, zh, val in c["rows"] + c["tail"]:
        label = f"{en}{c['slash']}{zh}"
        cv.text(x0, y, label, parts.fit(cv, label, 10.5, fc["body"], lw - 6), fc["body"], color=(80, 80, 80))
        cv.text(x0 + lw, y, val, parts.fit(cv, val, 12.5, fc["value"], x1 - x0 - lw), fc["value"])
        cv.line(x0 + lw, y + 4, x1, y + 4, width=0.4, color=(190, 190, 190))
        y += step
    parts.organizer_block(cv, c, 12, fc["body"])
    parts.validation_spot(cv, c, 10, fc["body"])


# ----------------------------------------------------------------------- list_banner_running


def _common(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    return {"years": ctx["years"], "name": ctx["name"], "id_number": ctx["id_number"], "unit": ctx["unit"],
            "rows_in": ctx["rows"], "sums": ctx["sums"], "print_date": ctx["print_date"], "sep": g.sep(),
            "faces": parts.faces(rng, 0.0, g.split)}


def _banner(years: list[int]) -> str:
    return f"{years[0]} 年 度" if len(years) == 1 else f"{years[0]}—{years[-1]} 年 度"


def plan_banner(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _common(g, rng, ctx)
    w = _words()["banner_list"]
    c["heading"] = rng.choice(w["titles"])
    c["platform"] = rng.choice(w["platforms"])
    c["titles"] = {k: rng.choice(v) for k, v in w["columns"].items()}
    c["order"] = rng.choice(w["orders"])
    # the year only in the banner; a list of two years (LIST_MIXED_YEARS) prints it in the dates too
    c["date_fmt"] = rng.choice(("{mm}/{dd}", "{m}月{d}日", "{mm}-{dd}")) if len(ctx["years"]) == 1 \
        else "{y}/{mm}/{dd}"
    c["cats"] = {cat: g.category(cat) for cat in ("I类国家级", "I类省级", "II类")}
    return c


def draw_banner(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role, title = c["faces"]["body"], c["faces"]["title"]
    cv.text(30, 0.035 * H, c["platform"], 8.5, role, color=_GREY)
    cv.text(W / 2, 0.07 * H, c["heading"], parts.fit(cv, c["heading"], 16, title, W - 60), title, "m")
    cv.rect(30, 0.085 * H, W - 30, 0.085 * H + 22, width=0.5, color=(60, 90, 140), fill=(214, 224, 240))
    cv.text(W / 2, 0.085 * H + 16, _banner(c["years"]), 13, title, "m")
    person = f"姓名{c['sep']}{c['name']}    身份证号{c['sep']}{c['id_number']}    单位{c['sep']}{c['unit']}"
    cv.text(30, 0.085 * H + 40, person, parts.fit(cv, person, 9.5, role, W - 60), role)
    widths = {"seq": 26, "date": 54, "project_code": 104, "project_title": 150, "category": 78, "mode": 44,
              "credits": 34, "running": 40}
    ws = [widths[k] for k in c["order"]]
    k = (W - 60) / sum(ws)
    ws = [x * k for x in ws]
    rows = [[c["titles"][key] for key in c["order"]]]
    run = 0.0
    for i, r in enumerate(c["rows_in"], start=1):
        run += r["credits"]
        cell = {"seq": str(i), "date": fmt_date(c["date_fmt"], _iso(r["date"])), "project_code": r["project_code"],
                "project_title": r["project_title"], "category": c["cats"][r["category"]], "mode": r["mode"],
                "credits": fmt_credits(r["credits"]), "running": fmt_credits(run)}
        rows.append([cell[key] for key in c["order"]])
    y = wrapped_grid(cv, 30, 0.085 * H + 52, ws, rows, 8.5, [role] * len(ws), pad=3, max_lines=3, min_h=20)
    s = c["sums"]
    y += 12
    cv.rect(30, y, W / 2, y + 18 * 4 + 6, width=0.6)
    yy = y + 16
    for cat in ("I类国家级", "I类省级", "II类"):
        cv.text(38, yy, f"{c['cats'][cat]}：{fmt_credits(s[cat])}", 9.5, role)
        yy += 18
    cv.text(38, yy, f"合计：{fmt_credits(s['total'])}", 9.5, role)
    cv.text(W - 30, H - 26, f"打印日期{c['sep']}{c['print_date']}", 8.5, role, "r")


def _iso(iso: str):
    import datetime as dt

    return dt.date.fromisoformat(iso)


# -------------------------------------------------------------------------- sh_verify_merged


def plan_sh_merged(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _common(g, rng, ctx)
    w = _words()["sh_merged"]
    c["heading"] = rng.choice(w["titles"])
    c["groups"] = {k: rng.choice(v) for k, v in w["groups"].items()}
    c["titles"] = {k: rng.choice(v) for k, v in w["columns"].items()}
    c["levels"] = {r["category"]: g.level(r["category"]) for r in ctx["rows"]}
    c["date_fmt"] = rng.choice(("{m}月{d}日", "{mm}.{dd}")) if len(ctx["years"]) == 1 else "{y}.{mm}.{dd}"
    return c


def draw_sh_merged(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role, title = c["faces"]["body"], c["faces"]["title"]
    cv.text(W / 2, 0.07 * H, c["heading"], 17, title, "m")
    cv.rect(W / 2 - 70, 0.07 * H + 8, W / 2 + 70, 0.07 * H + 28, width=0.5, fill=(232, 232, 232))
    cv.text(W / 2, 0.07 * H + 23, _banner(c["years"]), 11, role, "m")
    person = f"姓名{c['sep']}{c['name']}      身份证号{c['sep']}{c['id_number']}      工作单位{c['sep']}{c['unit']}"
    cv.text(30, 0.07 * H + 50, person, parts.fit(cv, person, 10, role, W - 60), role)
    # columns: 序号 | 日期 | [项目信息: 编号 名称] | 主办单位 | [学分信息: 级别 学分]
    ws = [30, 70, 120, 250, 170, 80, 50]
    k = (W - 60) / sum(ws)
    ws = [x * k for x in ws]
    xs = parts.edges(30, ws)
    y0 = 0.07 * H + 62
    h1, h2 = 18.0, 18.0
    t = c["titles"]
    cv.line(xs[0], y0, xs[-1], y0)
    for j, key in ((0, "seq"), (1, "date"), (4, "organizer")):   # merged down over both header rows
        cv.text((xs[j] + xs[j + 1]) / 2, y0 + (h1 + h2) / 2 + 3.5, t[key], 9, role, "m")
    cv.text((xs[2] + xs[4]) / 2, y0 + h1 / 2 + 3.5, c["groups"]["project"], 9, role, "m")
    cv.text((xs[5] + xs[7]) / 2, y0 + h1 / 2 + 3.5, c["groups"]["credit"], 9, role, "m")
    cv.line(xs[2], y0 + h1, xs[4], y0 + h1)
    cv.line(xs[5], y0 + h1, xs[7], y0 + h1)
    for j, key in ((2, "project_code"), (3, "project_title"), (5, "level"), (6, "credits")):
        cv.text((xs[j] + xs[j + 1]) / 2, y0 + h1 + h2 / 2 + 3.5, t[key], 9, role, "m")
    for x in (xs[0], xs[1], xs[2], xs[4], xs[5], xs[7]):
        cv.line(x, y0, x, y0 + h1 + h2)
    for x in (xs[3], xs[6]):
        cv.line(x, y0 + h1, x, y0 + h1 + h2)
    y = y0 + h1 + h2
    cv.line(xs[0], y, xs[-1], y)
    rows = c["rows_in"]
    tops = []
    for i, r in enumerate(rows, start=1):
        vals = [str(i), fmt_date(c["date_fmt"], _iso(r["date"])), r["project_code"], r["project_title"],
                r.get("organizer", ""), "", fmt_credits(r["credits"])]
        cells = [cell_lines(cv, val, 9.0, role, ws[j] - 6, 2) for j, val in enumerate(vals)]
        h = max(20.0, max(len(ls) * s * 1.3 for s, ls in cells) + 6)
        for j, (s, ls) in enumerate(cells):
            top = y + (h - len(ls) * s * 1.3) / 2
            for kk, line in enumerate(ls):
                cv.text(xs[j] + 3, top + (kk + 0.8) * s * 1.3, line, s, role)
        tops.append((y, h))
        y += h
        cv.line(xs[0], y, xs[5], y)
        cv.line(xs[6], y, xs[7], y)
    # the level column: one merged cell per run of rows of one level
    i = 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and c["levels"][rows[j + 1]["category"]] == c["levels"][rows[i]["category"]]:
            j += 1
        top, bot = tops[i][0], tops[j][0] + tops[j][1]
        cv.line(xs[5], bot, xs[6], bot)
        cv.text((xs[5] + xs[6]) / 2, (top + bot) / 2 + 3.5, c["levels"][rows[i]["category"]], 9, role, "m")
        i = j + 1
    for x in xs:
        cv.line(x, y0 + h1 + h2, x, y)
    total = sum(r["credits"] for r in rows)
    cv.text(30, y + 20, f"合计{c['sep']}{fmt_credits(total)} 学分", 10, role)
    cv.text(0.55 * W, y + 20, "验证单位（盖章）：", 10, role)
    cv.text(W - 30, y + 46, f"验证时间{c['sep']}      年    月    日", 10, role, "r")


PLANNERS = {"value_label_table": plan_value_label, "his_receipt": plan_receipt, "watermark_serial": plan_watermark,
            "jieye_photo": plan_jieye, "quarter_wrapped": plan_quarter, "english_first_card": plan_english,
            "sh_register_slip": plan_sh_slip, "list_banner_running": plan_banner, "sh_verify_merged": plan_sh_merged}
DRAWERS = {"value_label_table": draw_value_label, "his_receipt": draw_receipt, "watermark_serial": draw_watermark,
           "jieye_photo": draw_jieye, "quarter_wrapped": draw_quarter, "english_first_card": draw_english,
           "sh_register_slip": draw_value_label, "list_banner_running": draw_banner, "sh_verify_merged": draw_sh_merged}
