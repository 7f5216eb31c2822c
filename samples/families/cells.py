"""Cell-, form- and system-printed certificate families.

* ``ecert_print`` — an e-certificate printed from a system: label/value lines, QR block,
  验证码, both the activity date and a 发证日期 and an 打印时间.
* ``fill_form`` — a fill-in form: a grid of 姓名 / 工作单位 / 项目名称 / 学分 … cells, values in a
  hand-like face, 主办单位（盖章） and 年 月 日 placeholders.
* ``two_column`` — label:value pairs in two columns, the title across.
* ``sh_municipal_table`` — Shanghai's system e-certificate (市级Ⅰ类, codes ``(沪)``), table rows.
* ``ecert_qr_table`` — a four-column table (two pairs a row), QR top right, print time top left.
* ``hospital_class2`` — a hospital's Class II credit card: hospital header, grid, 经办人.
"""

from __future__ import annotations

import random

from samples.families import parts
from samples.families.grammar import Grammar

_SYSTEMS = ["浙江省继续医学教育管理系统", "全国继续医学教育管理平台", "浙江省卫生健康委医学教育信息服务平台",
            "国家级继续医学教育项目网络平台"]
_SH_SYSTEMS = ["上海市继续医学教育学分管理系统", "上海市卫生健康委员会继续医学教育平台"]
_FIELDS = ["name", "project_title", "project_code", "category", "credits", "date", "mode", "organizer",
           "certificate_no", "issue", "print", "unit"]


def _base(g: Grammar, rng: random.Random, ctx: dict, *, issue: float, printed: float, hand: float = 0.0) -> dict:
    v = parts.printed(g, ctx, issue=issue, printed_p=printed, brackets=0.35)
    class1 = ctx["fields"]["category"] != "II类"
    return {"v": v, "lab": parts.labelled(g, [f for f in _FIELDS if f != "print"]) | {"print": g.label("print")},
            "sep": g.sep(), "faces": parts.faces(rng, hand), "anchors": ctx["anchors"],
            "title": g.cert_title(ctx["fields"]["category"]), "spot": g.validation_spot() if class1 else None,
            "qr": parts.qr(rng), "dates_printed": v["dates_truth"]}


def _pairs(c: dict, keys: list[str]) -> list[tuple[str, str]]:
    return [(c["lab"][k], c["v"][k]) for k in keys if c["v"].get(k)]


# ---------------------------------------------------------------------------- ecert_print


def plan_ecert(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _base(g, rng, ctx, issue=0.85, printed=1.0)
    keys = ["name", "unit"] + g.maybe_swap(["project_title", "project_code", "category", "credits", "date",
                                            "mode", "organizer"]) + ["certificate_no"]
    c["rows"] = _pairs(c, keys)
    if c["v"]["unit"] and rng.random() < 0.35:  # name and unit on one line: the unit label right after the name
        (ln, vn), (lu, vu) = c["rows"][0], c["rows"][1]
        c["rows"][:2] = [(ln, f"{vn}{rng.choice(('', ' ', '  '))}{lu}{c['sep']}{vu}")]
    c["system"] = rng.choice(_SYSTEMS)
    c["code"] = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(8))
    c["print_top"] = rng.random() < 0.5
    return c


def draw_ecert(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v = c["faces"], c["v"]
    pl = f"{c['lab']['print']}{c['sep']}{v['print']}"
    if c["print_top"]:
        cv.text(0.92 * W, 0.05 * H, pl, 9, "sans", "r")
    cv.text(W / 2, 0.12 * H, c["title"], 22, fc["title"], "m")
    cv.text(W / 2, 0.155 * H, f"（{c['system']}）", 10.5, fc["body"], "m")
    y = 0.23 * H
    for label, val in c["rows"]:
        text = parts.join(label, c["sep"], val)
        cv.text(0.14 * W, y, text, parts.fit(cv, text, 13, fc["body"], 0.74 * W), fc["body"])
        y += 27
    parts.blocks(cv, 0.12 * W, 0.70 * H, 2.8, c["qr"])
    cv.text(0.12 * W, 0.70 * H + 72, f"验证码：{c['code']}", 9, "sans")
    parts.organizer_block(cv, c, 12, fc["body"], date=(f"{c['lab']['issue']}{c['sep']}{v['issue']}"
                                                     if v["issue"] else None))
    if c["spot"]:
        cv.text(0.30 * W - 40, 0.86 * H + 40, c["spot"], 10.5, fc["body"])
    if not c["print_top"]:
        cv.text(0.92 * W, 0.95 * H, pl, 9, "sans", "r")


# ------------------------------------------------------------------------------ fill_form


def plan_form(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _base(g, rng, ctx, issue=0.9, printed=0.0, hand=0.85)
    v, lab = c["v"], c["lab"]
    c["org_label"] = lab["organizer"] + rng.choice(("（盖章）", "(盖章)", "（公章）", ""))
    c["rows"] = g.maybe_swap([
        [(lab["name"], 0), (v["name"], 1), (lab["unit"], 0), (v["unit"], 1)],
        [(lab["project_title"], 0), (v["project_title"], 1)],
        [(lab["project_code"], 0), (v["project_code"], 1), (lab["category"], 0), (v["category"], 1)],
        [(lab["date"], 0), (v["date"], 1), (lab["credits"], 0), (v["credits"], 1)],
        [(lab["mode"], 0), (v["mode"], 1), (lab["certificate_no"], 0), (v["certificate_no"], 1)],
    ], p=0.25)
    c["stamp_cell"] = rng.random() < 0.5
    # filled in by hand: each value sits a little off the line, a little larger or smaller
    c["hand"] = [(rng.uniform(-3.0, 2.0), rng.uniform(0, 12), rng.uniform(-1.0, 1.5)) for _ in range(24)]
    c["heading"] = rng.choice(("继续医学教育学分登记卡", "学分证明", c["title"]))
    return c


def draw_form(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v = c["faces"], c["v"]
    cv.text(W / 2, 0.11 * H, c["heading"], 22, fc["title"], "m")
    x0, x1 = 0.08 * W, 0.92 * W
    full = x1 - x0
    y, rh = 0.18 * H, max(30.0, 0.045 * H)
    quarter = [0.16, 0.34, 0.16, 0.34]
    cv.line(x0, y, x1, y)
    hand = iter(c["hand"])
    for row in c["rows"]:
        shares = quarter if len(row) == 4 else [0.16, 0.84]
        x = x0
        for (text, is_value), share in zip(row, shares):
            w = share * full
            role = fc["value"] if is_value else fc["body"]
            dy, dx, ds = next(hand) if is_value else (0.0, 0.0, 0.0)
            size = parts.fit(cv, text, (13 if is_value else 12) + ds, role, w - 10 - dx)
            cv.text(x + 5 + dx, y + rh * 0.5 + size * 0.36 + dy, text, size, role)
            cv.line(x, y, x, y + rh)
            x += w
        cv.line(x1, y, x1, y + rh)
        y += rh
        cv.line(x0, y, x1, y)
    # organizer row: the label (with its 盖章 placeholder) and the name; the seal lands over it
    ax, ay = c["anchors"]["organizer"]
    cv.text(x0 + 5, ay - 4, c["org_label"], 12, fc["body"])
    org_size = parts.fit(cv, v["organizer"], 13, fc["value"], 0.50 * full)
    cv.text(ax + 0.06 * W, ay - 4, v["organizer"], org_size, fc["value"], "r")
    if c["stamp_cell"]:
        cv.text(0.88 * W, ay + 22, "（盖章）", 11, fc["body"], "r")
    cv.text(0.88 * W, ay + 46, v["issue"] or "年    月    日", 12, fc["value"] if v["issue"] else fc["body"], "r")
    parts.validation_spot(cv, c, 11, fc["body"])


# ----------------------------------------------------------------------------- two_column


def plan_two(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _base(g, rng, ctx, issue=0.8, printed=0.2)
    keys = g.maybe_swap(["name", "category", "credits", "date", "project_code", "mode", "certificate_no", "unit"])
    pairs = _pairs(c, keys)
    half = (len(pairs) + 1) // 2
    c["left"], c["right"] = pairs[:half], pairs[half:]
    c["title_row"] = (c["lab"]["project_title"], c["v"]["project_title"])
    c["title_first"] = rng.random() < 0.5
    return c


def draw_two(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v = c["faces"], c["v"]
    cv.text(W / 2, 0.13 * H, c["title"], 24, fc["title"], "m")
    cv.line(0.10 * W, 0.17 * H, 0.90 * W, 0.17 * H, width=1.2)
    y0 = 0.25 * H
    step = 30 if H > W else 27
    ttext = f"{c['title_row'][0]}{c['sep']}{c['title_row'][1]}"
    ty = y0 if c["title_first"] else y0 + step * (len(c["left"]) + 0.5)
    if c["title_first"]:
        y0 += step * 1.5
    cv.text(0.10 * W, ty, ttext, parts.fit(cv, ttext, 13, fc["body"], 0.80 * W), fc["body"])
    for col, x in ((c["left"], 0.10 * W), (c["right"], 0.52 * W)):
        y = y0
        for label, val in col:
            text = parts.join(label, c["sep"], val)
            cv.text(x, y, text, parts.fit(cv, text, 13, fc["body"], 0.39 * W), fc["body"])
            y += step
    parts.organizer_block(cv, c, 12.5, fc["body"], label=f"{c['lab']['organizer']}{c['sep']}",
                          date=v["issue"])
    parts.validation_spot(cv, c, 11, fc["body"])
    if v["print"]:
        cv.text(0.10 * W, 0.95 * H, f"{c['lab']['print']}{c['sep']}{v['print']}", 9, "sans")


# ---------------------------------------------------------------------- sh_municipal_table


def plan_sh_table(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _base(g, rng, ctx, issue=0.7, printed=0.8)
    keys = ["name"] + g.maybe_swap(["project_title", "project_code", "category", "credits", "date", "mode",
                                    "organizer"]) + ["certificate_no"]
    c["rows"] = [list(p) for p in _pairs(c, keys)]
    c["system"] = rng.choice(_SH_SYSTEMS)
    return c


def draw_sh_table(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v = c["faces"], c["v"]
    cv.text(W / 2, 0.10 * H, c["title"], 21, fc["title"], "m")
    cv.text(W / 2, 0.14 * H, f"（{c['system']}）", 10.5, fc["body"], "m")
    x0 = 0.12 * W
    parts.grid(cv, x0, 0.19 * H, [0.20 * W, 0.56 * W], c["rows"], 32, 12.5, [fc["body"], fc["body"]])
    parts.organizer_block(cv, c, 12, fc["body"], label="发证单位：", date=v["issue"])
    parts.validation_spot(cv, c, 11, fc["body"])
    if v["print"]:
        cv.text(0.88 * W, 0.95 * H, f"{c['lab']['print']}{c['sep']}{v['print']}", 9, "sans", "r")


# -------------------------------------------------------------------------- ecert_qr_table


def plan_qr_table(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _base(g, rng, ctx, issue=0.9, printed=1.0)
    v, lab = c["v"], c["lab"]
    pairs = g.maybe_swap([("name", "unit"), ("project_code", "category"), ("credits", "mode"),
                          ("date", "certificate_no")])
    rows = [[lab["project_title"], v["project_title"], "", ""]]
    for a, b in pairs:
        rows.append([lab[a], v[a] or "", lab[b], v[b] or ""])
    rows.append([lab["organizer"], v["organizer"], "", ""])
    c["rows"] = rows
    c["system"] = rng.choice(_SYSTEMS)
    return c


def draw_qr_table(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v = c["faces"], c["v"]
    cv.text(0.08 * W, 0.05 * H, f"{c['lab']['print']}{c['sep']}{v['print']}", 9, "sans")
    parts.blocks(cv, 0.80 * W, 0.04 * H, 2.6, c["qr"])
    cv.text(W / 2, 0.15 * H, c["title"], 22, fc["title"], "m")
    cv.text(W / 2, 0.19 * H, c["system"], 10.5, fc["body"], "m")
    x0, widths = 0.08 * W, [0.14 * W, 0.31 * W, 0.14 * W, 0.25 * W]
    y, rh = 0.24 * H, 34.0
    for row in c["rows"]:
        if row[2] == "" and row[3] == "":  # a value across the row
            parts.grid(cv, x0, y, [widths[0], sum(widths[1:])], [row[:2]], rh, 12.5, [fc["body"]] * 2)
        else:
            parts.grid(cv, x0, y, widths, [row], rh, 12.5, [fc["body"]] * 4)
        y += rh
    parts.organizer_block(cv, c, 12, fc["body"], date=(f"{c['lab']['issue']}{c['sep']}{v['issue']}"
                                                     if v["issue"] else None))
    parts.validation_spot(cv, c, 11, fc["body"])
    cv.text(0.08 * W, 0.95 * H, "证书真伪请扫描右上角二维码验证", 9, "sans")


# ------------------------------------------------------------------------- hospital_class2


def plan_hospital(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _base(g, rng, ctx, issue=0.9, printed=0.0, hand=0.6)
    v, lab = c["v"], c["lab"]
    c["heading"] = f"{v['organizer']}"
    c["sub"] = rng.choice(("继续医学教育Ⅱ类学分证明", "继续医学教育学分登记卡", "院内继续医学教育学分证明"))
    c["rows"] = g.maybe_swap([[lab["name"], v["name"], lab["unit"], v["unit"]],
                              [lab["project_title"], v["project_title"], lab["category"], v["category"]],
                              [lab["date"], v["date"], lab["credits"], v["credits"]],
                              [lab["mode"], v["mode"], lab["project_code"], v["project_code"]]], p=0.2)
    c["no_line"] = parts.join(lab["certificate_no"], c["sep"], v["certificate_no"])
    return c


def draw_hospital(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v = c["faces"], c["v"]
    cv.text(W / 2, 0.10 * H, c["heading"], 18, fc["title"], "m")
    cv.text(W / 2, 0.10 * H + 26, c["sub"], 15, fc["title"], "m")
    cv.text(0.92 * W, 0.10 * H + 48, c["no_line"], 9.5, fc["body"], "r")
    x0 = 0.06 * W
    widths = [0.13 * W, 0.37 * W, 0.13 * W, 0.25 * W]
    bottom = parts.grid(cv, x0, 0.10 * H + 58, widths, c["rows"], max(26.0, 0.06 * H), 11.5,
                        [fc["body"], fc["value"], fc["body"], fc["value"]])
    cv.text(0.08 * W, bottom + 24, "经办人：", 11, fc["body"])
    parts.organizer_block(cv, c, 11.5, fc["body"], label="（盖章）", date=v["issue"])


PLANNERS = {"ecert_print": plan_ecert, "fill_form": plan_form, "two_column": plan_two,
            "sh_municipal_table": plan_sh_table, "ecert_qr_table": plan_qr_table, "hospital_class2": plan_hospital}
DRAWERS = {"ecert_print": draw_ecert, "fill_form": draw_form, "two_column": draw_two,
           "sh_municipal_table": draw_sh_table, "ecert_qr_table": draw_qr_table, "hospital_class2": draw_hospital}
