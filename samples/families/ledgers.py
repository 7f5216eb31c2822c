"""Annual-list families printed from other systems (held out since session 8, issue 14).

* ``list_system_export`` — a Zhejiang-style annual list exported from another credit system: the
  columns in another order and worded otherwise (学分 first, 项目级别 / 批准编号 / 课程名称 / 主办者 …),
  the year *either* only in the title (dates printed ``05-12`` or ``5月12日``) *or* only in the date
  column (a title without a year); a person line with 人员编号; a footer with totals per category and
  overall (``国家级Ⅰ类 10 分；… 共计 28 分``), the export time and 共 1 页.
* ``sh_verify_landscape`` — a Shanghai 验证表 on a landscape page with other column titles and order
  (学习日期 / 项目代码 / 课程名称 / 主办方 / 项目类别 / 学分值), a ruled person box, a total and the
  验证单位 / 验证日期 lines.

Row truth stays in the records' words (category, ISO start date); the 验证表 prints no 学习形式, so
its rows have ``mode: null`` (families.yaml ``prints_mode: false``). Column words are the families' own
(``labels.yaml`` ``ledger_words``); category words come from the grammar (held-out words on a held-out
page).
"""

from __future__ import annotations

import datetime as dt
import random

from samples.families import parts
from samples.families.grammar import Grammar, fmt_date, labels
from samples.families.sheets import wrapped_grid
from samples.textfmt import fmt_credits


def _words() -> dict:
    return labels()["ledger_words"]


def _date(fmt: str, iso: str) -> str:
    return fmt_date(fmt, dt.date.fromisoformat(iso))


def _ytxt(years: list[int]) -> str:
    return f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"


# ------------------------------------------------------------------------ list_system_export


def plan_export(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.list_context(g, rng, ctx)
    w = _words()["export"]
    c["order"] = rng.choice(w["orders"])
    c["titles"] = {k: rng.choice(v) for k, v in w["columns"].items()}
    # the year in the title only (dates without it), or in the date column only; a list of two years
    # (LIST_MIXED_YEARS) always prints it in the dates
    c["year_in_title"] = len(ctx["years"]) == 1 and rng.random() < 0.5
    if c["year_in_title"]:
        c["heading"] = rng.choice(w["titles_with_year"]).format(y=_ytxt(ctx["years"]))
        c["date_fmt"] = rng.choice(("{mm}-{dd}", "{m}月{d}日", "{mm}.{dd}"))
    else:
        c["heading"] = rng.choice(w["titles_without_year"])
        c["date_fmt"] = rng.choice(("{y}{mm}{dd}", "{y}-{m}-{d}", "{y}年{mm}月{dd}日"))
    c["cats"] = {cat: g.category(cat) for cat in ("I类国家级", "I类省级", "II类")}
    c["staff_no"] = "".join(rng.choice("0123456789") for _ in range(8))
    c["system"] = rng.choice(w["systems"])
    c["total_word"] = rng.choice(("共计", "总计", "合计"))
    return c


def draw_export(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role = c["faces"]["body"]
    cv.text(30, 0.035 * H, c["system"], 8.5, role, color=(110, 110, 110))
    cv.text(W / 2, 0.075 * H, c["heading"], parts.fit(cv, c["heading"], 16, c["faces"]["title"], W - 60),
            c["faces"]["title"], "m")
    person = (f"人员编号{c['sep']}{c['staff_no']}   姓名{c['sep']}{c['name']}   身份证号{c['sep']}{c['id_number']}"
              f"   单位{c['sep']}{c['unit']}")
    cv.text(30, 0.11 * H, person, parts.fit(cv, person, 9.5, role, W - 60), role)
    widths = {"credits": 34, "category": 86, "project_code": 104, "project_title": 150, "date": 76,
              "organizer": 100, "mode": 40}
    ws = [widths[k] for k in c["order"]]
    k = (W - 60) / sum(ws)
    ws = [x * k for x in ws]
    rows = [[c["titles"][key] for key in c["order"]]]
    for r in c["rows_in"]:
        cell = {"credits": fmt_credits(r["credits"]), "category": c["cats"][r["category"]],
                "project_code": r["project_code"], "project_title": r["project_title"],
                "date": _date(c["date_fmt"], r["date"]), "organizer": r.get("organizer", ""), "mode": r["mode"]}
        rows.append([cell[key] for key in c["order"]])
    y = wrapped_grid(cv, 30, 0.13 * H, ws, rows, 8.5, [role] * len(ws), pad=3, max_lines=3, min_h=20)
    s = c["sums"]
    parts_ = [f"{c['cats'][cat]} {fmt_credits(s[cat])} 分" for cat in ("I类国家级", "I类省级", "II类") if s[cat]]
    foot = "；".join(parts_) + f"；{c['total_word']} {fmt_credits(s['total'])} 分"
    cv.text(30, y + 22, foot, parts.fit(cv, foot, 10, role, W - 60), role)
    cv.text(30, y + 44, f"导出时间{c['sep']}{c['print_date']}", 9, role)
    cv.text(W / 2, H - 24, "共 1 页  第 1 页", 8.5, role, "m")


# ------------------------------------------------------------------------ sh_verify_landscape


def plan_sh_landscape(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.list_context(g, rng, ctx)
    w = _words()["sh_verify"]
    c["levels"] = {r["category"]: g.level(r["category"]) for r in ctx["rows"]}
    c["titles"] = {k: rng.choice(v) for k, v in w["columns"].items()}
    c["order"] = rng.choice(w["orders"])
    c["heading"] = rng.choice(w["titles"])
    c["date_fmt"] = rng.choice(("{y}/{m}/{d}", "{y}.{mm}.{dd}", "{y}年{m}月{d}日"))
    return c


def draw_sh_landscape(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role = c["faces"]["body"]
    cv.text(W / 2, 0.08 * H, c["heading"], 17, c["faces"]["title"], "m")
    cv.text(W / 2, 0.08 * H + 22, f"（{_ytxt(c['years'])}年度）", 11, role, "m")
    y = parts.grid(cv, 30, 0.08 * H + 36, [70, 190, 80, 200, 70, W - 60 - 610],
                   [["姓名", c["name"], "身份证号", c["id_number"], "工作单位", c["unit"]]], 22, 9.5, [role] * 6,
                   pad=4)
    widths = {"date": 76, "project_code": 110, "project_title": 200, "organizer": 150, "level": 70, "credits": 46}
    ws = [widths[k] for k in c["order"]]
    k = (W - 60) / sum(ws)
    ws = [x * k for x in ws]
    rows = [[c["titles"][key] for key in c["order"]]]
    for r in c["rows_in"]:
        cell = {"date": _date(c["date_fmt"], r["date"]), "project_code": r["project_code"],
                "project_title": r["project_title"], "organizer": r.get("organizer", ""),
                "level": c["levels"][r["category"]], "credits": fmt_credits(r["credits"])}
        rows.append([cell[key] for key in c["order"]])
    y = wrapped_grid(cv, 30, y + 10, ws, rows, 9.0, [role] * len(ws), pad=3, max_lines=2, min_h=20)
    total = sum(r["credits"] for r in c["rows_in"])
    cv.text(30, y + 20, f"Ⅰ类学分小计{c['sep']}{fmt_credits(total)}", 10, role)
    cv.text(0.55 * W, y + 20, "验证单位（盖章）：", 10, role)
    cv.text(W - 30, y + 46, "验证日期：      年    月    日", 10, role, "r")


PLANNERS = {"list_system_export": plan_export, "sh_verify_landscape": plan_sh_landscape}
DRAWERS = {"list_system_export": draw_export, "sh_verify_landscape": draw_sh_landscape}
