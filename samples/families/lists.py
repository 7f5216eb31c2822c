"""Annual-list families beside the classic Zhejiang list (``samples/designs.py``).

* ``list_alt_columns`` — other column order and labels (项目名称 before 项目编号, 类别 worded
  国家级Ⅰ类 …, 举办日期 last but one), a 学员信息 line.
* ``list_summary_grid`` — landscape grid with a 主办单位 column and a totals row.
* ``sh_verify_plain`` / ``sh_verify_table`` — Shanghai's 《I类学分验证表》: 主办单位 / 项目编号 /
  项目名称 / 学习时间 / 级别 / 学分, 级别 words 国家级 / 市级 (the records' I类国家级 / I类省级);
  plain (no rules, 序号 column) or a ruled table with the unit's 审核意见 box.
* ``list_subtotal_wrapped`` (held out since session 7) — a personal summary with another column
  order (项目编号 before 项目名称, 学分 after 学分类别, 开始日期 last), two-line column titles
  (学分 / 类别), titles wrapped in their cells, 小计 rows per category and a 合计 row, a person box.
* ``sh_verify_reordered`` (held out since session 7) — a 验证表 whose columns are titled and ordered
  otherwise (序号 / 项目名称 / 项目编号 / 项目级别 / 授予学分 / 举办单位 / 举办日期), wrapped cells,
  a 合计 row, and the signature lines of the unit's check.

Row truth stays in the records' words (category, ISO start date); a list that prints no
学习形式 has ``mode: null`` in its rows.
"""

from __future__ import annotations

import datetime as dt
import random

from samples.families import parts
from samples.families.grammar import Grammar, fmt_date
from samples.textfmt import fmt_credits

_DATE_FORMATS = ["{y}-{mm}-{dd}", "{y}.{mm}.{dd}", "{y}/{m}/{d}", "{y}年{m}月{d}日"]


def _date(fmt: str, iso: str) -> str:
    return fmt_date(fmt, dt.date.fromisoformat(iso))


def _common(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    return {"years": ctx["years"], "name": ctx["name"], "id_number": ctx["id_number"], "unit": ctx["unit"],
            "rows_in": ctx["rows"], "sums": ctx["sums"], "print_date": ctx["print_date"],
            "date_fmt": rng.choice(_DATE_FORMATS), "sep": g.sep(), "faces": parts.faces(rng)}


def _ytxt(years: list[int]) -> str:
    return f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"


# -------------------------------------------------------------------------- list_alt_columns


def plan_alt(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _common(g, rng, ctx)
    c["heading"] = rng.choice(("{y}年度继续医学教育学分明细", "继续医学教育学分登记表（{y}年度）", "{y}年继续医学教育学分汇总清单"))
    c["labels"] = [("序号", 28), (rng.choice(("项目名称", "课程名称")), 176), (rng.choice(("项目编号", "项目代码")), 112),
                   (rng.choice(("类别", "学分类别")), 62), (rng.choice(("学分", "学分数")), 36),
                   (rng.choice(("举办日期", "日期", "学习时间")), 70), (rng.choice(("形式", "学习形式")), 46)]
    c["cats"] = {r["category"]: g.category(r["category"]) for r in ctx["rows"]}
    return c


def draw_alt(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role = c["faces"]["body"]
    cv.text(W / 2, 0.07 * H, c["heading"].format(y=_ytxt(c["years"])), 16, c["faces"]["title"], "m")
    cv.text(30, 0.11 * H, f"学员{c['sep']}{c['name']}    单位{c['sep']}{c['unit']}    身份证{c['sep']}{c['id_number']}",
            10, role)
    widths = [w for _, w in c["labels"]]
    rows = [[lab for lab, _ in c["labels"]]]
    for r in c["rows_in"]:
        rows.append([str(r["seq"]), r["project_title"], r["project_code"], c["cats"][r["category"]],
                     fmt_credits(r["credits"]), _date(c["date_fmt"], r["date"]), r["mode"]])
    y = parts.grid(cv, 30, 0.13 * H, widths, rows, 22, 9.0, [role] * len(widths), pad=3)
    cv.text(30, y + 22, f"本年度合计{c['sep']}{fmt_credits(c['sums']['total'])}学分", 10, role)
    cv.text(W - 30, H - 40, f"打印日期：{c['print_date']}", 9, role, "r")


# ------------------------------------------------------------------------- list_summary_grid


def plan_grid(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _common(g, rng, ctx)
    c["organizers"] = [r.get("organizer", "") for r in ctx["rows"]]
    c["heading"] = rng.choice(("{y}年度继续医学教育学分登记表", "继续医学教育项目学分登记（{y}）"))
    return c


def draw_grid(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role = c["faces"]["body"]
    cv.text(W / 2, 0.08 * H, c["heading"].format(y=_ytxt(c["years"])), 16, c["faces"]["title"], "m")
    cv.text(30, 0.13 * H, f"姓名{c['sep']}{c['name']}", 10.5, role)
    cv.text(0.30 * W, 0.13 * H, f"身份证号{c['sep']}{c['id_number']}", 10.5, role)
    cv.text(0.62 * W, 0.13 * H, f"工作单位{c['sep']}{c['unit']}", 10.5, role)
    labels = [("日期", 72), ("项目编号", 118), ("项目名称", 190), ("主办单位", 150), ("学分类别", 66), ("学分", 40),
              ("学习形式", 56)]
    rows = [[lab for lab, _ in labels]]
    for r, org in zip(c["rows_in"], c["organizers"]):
        rows.append([_date(c["date_fmt"], r["date"]), r["project_code"], r["project_title"], org, r["category"],
                     fmt_credits(r["credits"]), r["mode"]])
    s = c["sums"]
    rows.append(["合计", "", "", "", "", fmt_credits(s["total"]), ""])
    parts.grid(cv, 30, 0.16 * H, [w for _, w in labels], rows, 22, 9.0, [role] * len(labels), pad=3)
    cv.text(W - 30, H - 30, f"打印时间{c['sep']}{c['print_date']}", 9, role, "r")


# ------------------------------------------------------------------------------ Shanghai 验证表


def plan_sh(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _common(g, rng, ctx)
    c["levels"] = {r["category"]: g.level(r["category"]) for r in ctx["rows"]}
    c["organizers"] = [r.get("organizer", "") for r in ctx["rows"]]
    c["title"] = rng.choice(("{y}年度I类学分验证表", "《I类学分验证表》（{y}年度）", "上海市继续医学教育I类学分验证表"))
    c["date_fmt"] = rng.choice(("{y}.{mm}.{dd}", "{y}-{mm}-{dd}", "{y}年{m}月{d}日"))
    return c


def _sh_rows(c: dict) -> list[list[str]]:
    rows = []
    for r, org in zip(c["rows_in"], c["organizers"]):
        rows.append([org, r["project_code"], r["project_title"], _date(c["date_fmt"], r["date"]),
                     c["levels"][r["category"]], fmt_credits(r["credits"])])
    return rows


_SH_COLS = [("主办单位", 120), ("项目编号", 110), ("项目名称", 160), ("学习时间", 78), ("级别", 50), ("学分", 36)]


def draw_sh_table(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role = c["faces"]["body"]
    cv.text(W / 2, 0.07 * H, c["title"].format(y=_ytxt(c["years"])), 16, c["faces"]["title"], "m")
    cv.text(30, 0.11 * H, f"姓名{c['sep']}{c['name']}", 10.5, role)
    cv.text(0.30 * W, 0.11 * H, f"单位{c['sep']}{c['unit']}", 10.5, role)
    cv.text(0.68 * W, 0.11 * H, f"身份证号{c['sep']}{c['id_number']}", 9.5, role)
    rows = [[lab for lab, _ in _SH_COLS]] + _sh_rows(c)
    y = parts.grid(cv, 22, 0.13 * H, [w for _, w in _SH_COLS], rows, 24, 9.0, [role] * 6, pad=3)
    cv.text(30, y + 24, f"I类学分合计{c['sep']}{fmt_credits(sum(r['credits'] for r in c['rows_in']))}分", 10, role)
    cv.rect(30, y + 40, W - 30, y + 110, width=0.8)
    cv.text(38, y + 60, "单位审核意见：", 10.5, role)
    cv.text(W - 40, y + 100, "（单位验证审核章）    年    月    日", 10, role, "r")


def draw_sh_plain(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role = c["faces"]["body"]
    cv.text(W / 2, 0.07 * H, c["title"].format(y=_ytxt(c["years"])), 16, c["faces"]["title"], "m")
    cv.text(30, 0.11 * H, f"姓名{c['sep']}{c['name']}  身份证号{c['sep']}{c['id_number']}  单位{c['sep']}{c['unit']}",
            10, role)
    cols = [("序号", 26)] + _SH_COLS
    k = min(1.0, (W - 60) / sum(w for _, w in cols))
    cols = [(lab, w * k) for lab, w in cols]
    xs = [30.0]
    for _, w in cols:
        xs.append(xs[-1] + w)
    y = 0.15 * H
    for (lab, _), x in zip(cols, xs):
        cv.text(x, y, lab, 9.5, role)
    cv.line(30, y + 6, xs[-1], y + 6, width=1.0)
    for i, row in enumerate(_sh_rows(c), start=1):
        y += 22
        for (val, x), (_, w) in zip(zip([str(i)] + row, xs), cols):
            cv.text(x, y, val, parts.fit(cv, val, 9.0, role, w - 4), role)
    cv.line(30, y + 8, xs[-1], y + 8, width=1.0)
    cv.text(W - 30, H - 40, f"打印日期：{c['print_date']}", 9, role, "r")


# -------------------------------------------------------------------- list_subtotal_wrapped

_SUBTOTAL_ORDERS = [
    ["seq", "project_code", "project_title", "mode", "category", "credits", "date"],
    ["seq", "category", "project_title", "project_code", "date", "credits", "mode"],
]
_SUBTOTAL_TITLES = {"seq": ["序号"], "project_code": ["项目编号", "项目编码"], "project_title": ["项目名称", "课程名称"],
                    "mode": ["学习形式", "授课方式"], "category": ["学分类别", "学分类型"], "credits": ["学分", "学分数"],
                    "date": ["开始日期", "举办日期", "学习日期"]}
_SUBTOTAL_WIDTHS = {"seq": 26, "project_code": 104, "project_title": 150, "mode": 38, "category": 62,
                    "credits": 34, "date": 62}


def plan_subtotal(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _common(g, rng, ctx)
    c["order"] = rng.choice(_SUBTOTAL_ORDERS)
    c["titles"] = {k: rng.choice(v) for k, v in _SUBTOTAL_TITLES.items()}
    c["cats"] = {cat: g.category(cat) for cat in ("I类国家级", "I类省级", "II类")}
    c["heading"] = rng.choice(("{y}年度继续医学教育学分汇总表（个人）", "个人继续医学教育学分明细（{y}年度）",
                               "{y}年度继续医学教育个人学分记录"))
    c["maker"] = rng.choice(("制表单位：{u}科教科", "经办：{u}继续教育办公室", "审核单位：{u}"))
    return c


def _two_line(title: str) -> str:
    """Column titles of four characters print on two lines (学分 / 类别)."""
    return f"{title[:2]}\n{title[2:]}" if len(title) == 4 else title


def draw_subtotal(cv, c: dict) -> None:
    from samples.families.sheets import wrapped_grid

    W, H = cv.w_pt, cv.h_pt
    role = c["faces"]["body"]
    cv.text(W / 2, 0.06 * H, c["heading"].format(y=_ytxt(c["years"])), 15, c["faces"]["title"], "m")
    x0 = 30.0
    widths = [_SUBTOTAL_WIDTHS[k] for k in c["order"]]
    k = (W - 2 * x0) / sum(widths)
    widths = [w * k for w in widths]
    y = parts.grid(cv, x0, 0.08 * H, [70 * k, 150 * k, 70 * k, sum(widths) - 290 * k],
                   [["姓名", c["name"], "身份证号", c["id_number"]], ["工作单位", c["unit"], "", ""]], 20, 9.5,
                   [role] * 4, pad=4)
    # the header row: two-line titles drawn line by line inside one ruled row
    xs = parts.edges(x0, widths)
    top, hh = y + 10, 30.0
    cv.line(xs[0], top, xs[-1], top)
    for key, x, w in zip(c["order"], xs, widths):
        lines = _two_line(c["titles"][key]).split("\n")
        for i, line in enumerate(lines):
            cv.text(x + w / 2, top + hh / 2 + 3.5 + (i - (len(lines) - 1) / 2) * 11, line, 9, role, "m")
        cv.line(x, top, x, top + hh)
    cv.line(xs[-1], top, xs[-1], top + hh)
    vals = []
    for r in c["rows_in"]:
        cell = {"seq": str(r["seq"]), "project_code": r["project_code"], "project_title": r["project_title"],
                "mode": r["mode"], "category": c["cats"][r["category"]], "credits": fmt_credits(r["credits"]),
                "date": _date(c["date_fmt"], r["date"])}
        vals.append([cell[k] for k in c["order"]])
    bottom = wrapped_grid(cv, x0, top + hh, widths, vals, 8.5, [role] * len(widths), pad=3, max_lines=3,
                          min_h=20)
    # 小计 per category present, then 合计: the label across the first columns, the sum under 学分
    ci = c["order"].index("credits")
    label_w = sum(widths[:ci])
    y = bottom
    sums = [(f"{c['cats'][cat]}小计", c["sums"][cat]) for cat in ("I类国家级", "I类省级", "II类")
            if any(r["category"] == cat for r in c["rows_in"])]
    for label, value in sums + [("合计", c["sums"]["total"])]:
        cv.rect(x0, y, x0 + label_w, y + 20, width=0.7)
        cv.rect(x0 + label_w, y, xs[ci + 1], y + 20, width=0.7)
        cv.rect(xs[ci + 1], y, xs[-1], y + 20, width=0.7)
        cv.text(x0 + label_w - 6, y + 14, label, 9, role, "r")
        cv.text(xs[ci] + 3, y + 14, fmt_credits(value), 9, role)
        y += 20
    cv.text(x0, y + 22, c["maker"].format(u=c["unit"]), 9, role)
    cv.text(W - 30, y + 22, f"打印日期{c['sep']}{c['print_date']}", 9, role, "r")
    cv.text(W / 2, H - 24, "第 1 页", 8.5, role, "m")


# ---------------------------------------------------------------------- sh_verify_reordered

_SH_REORDERED = [("seq", ["序号"], 24), ("project_title", ["项目名称"], 130), ("project_code", ["项目编号", "项目代码"], 92),
                 ("level", ["项目级别", "学分级别"], 50), ("credits", ["授予学分", "学分数"], 40),
                 ("organizer", ["举办单位", "主办机构"], 110), ("date", ["举办日期", "举办时间"], 66)]


def plan_sh_reordered(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _common(g, rng, ctx)
    c["levels"] = {r["category"]: g.level(r["category"]) for r in ctx["rows"]}
    c["organizers"] = [r.get("organizer", "") for r in ctx["rows"]]
    c["titles"] = [rng.choice(t) for _, t, _ in _SH_REORDERED]
    c["title"] = rng.choice(("上海市继续医学教育Ⅰ类学分验证表", "继续医学教育Ⅰ类学分验证表", "Ⅰ类学分验证登记表"))
    c["date_fmt"] = rng.choice(("{y}.{m}.{d}", "{y}/{mm}/{dd}", "{y}年{mm}月{dd}日"))
    return c


def draw_sh_reordered(cv, c: dict) -> None:
    from samples.families.sheets import wrapped_grid

    W, H = cv.w_pt, cv.h_pt
    role = c["faces"]["body"]
    cv.text(W / 2, 0.06 * H, c["title"], 16, c["faces"]["title"], "m")
    cv.text(W / 2, 0.06 * H + 20, f"（{_ytxt(c['years'])}年度）", 11, role, "m")
    cv.text(30, 0.06 * H + 44, f"单位{c['sep']}{c['unit']}", 10, role)
    cv.text(W - 30, 0.06 * H + 44, f"姓名{c['sep']}{c['name']}    身份证号{c['sep']}{c['id_number']}", 10, role, "r")
    widths = [w for _, _, w in _SH_REORDERED]
    k = (W - 60) / sum(widths)
    widths = [w * k for w in widths]
    rows = [c["titles"]]
    for r, org in zip(c["rows_in"], c["organizers"]):
        cell = {"seq": str(r["seq"]), "project_title": r["project_title"], "project_code": r["project_code"],
                "level": c["levels"][r["category"]], "credits": fmt_credits(r["credits"]), "organizer": org,
                "date": _date(c["date_fmt"], r["date"])}
        rows.append([cell[key] for key, _, _ in _SH_REORDERED])
    total = sum(r["credits"] for r in c["rows_in"])
    rows.append(["", "合计", "", "", fmt_credits(total), "", ""])
    y = wrapped_grid(cv, 30, 0.06 * H + 56, widths, rows, 8.5, [role] * len(widths), pad=3, max_lines=3)
    cv.text(30, y + 30, "本人签名：", 10, role)
    cv.text(0.40 * W, y + 30, "单位审核人：", 10, role)
    cv.text(W - 30, y + 30, "审核日期：    年    月    日", 10, role, "r")
    cv.text(30, y + 60, "单位验证章：", 10, role)


PLANNERS = {"list_subtotal_wrapped": plan_subtotal, "sh_verify_reordered": plan_sh_reordered,
            "list_alt_columns": plan_alt, "list_summary_grid": plan_grid, "sh_verify_plain": plan_sh,
            "sh_verify_table": plan_sh}
DRAWERS = {"list_subtotal_wrapped": draw_subtotal, "sh_verify_reordered": draw_sh_reordered,
           "list_alt_columns": draw_alt, "list_summary_grid": draw_grid, "sh_verify_plain": draw_sh_plain,
           "sh_verify_table": draw_sh_table}
