"""Paragraph-like certificate families: the facts in a sentence, a few labelled lines around it.

* ``zhengming_body`` — 兹证明 + the name in the sentence, 特发此证, number as ``No.``/证书编号.
* ``landscape_card`` — a landscape card with a coloured band, label-spaced lines.
* ``a5_slip`` — a small A5 slip: one compact sentence, number at the foot (any category).
* ``logo_header`` — organizer's logo box and a multi-line header, the unit after the name.
* ``sh_municipal`` — Shanghai 市级 certificate (上海市继续医学教育 … 市级Ⅰ类学分, codes ``(沪)``).
"""

from __future__ import annotations

import random

from samples.families import parts
from samples.families.grammar import Grammar

_BORDERS = [(150, 110, 40), (30, 60, 120), (90, 90, 90), (140, 30, 30), (20, 90, 60)]


def _base(g: Grammar, rng: random.Random, ctx: dict, *, issue: float = 0.8, printed: float = 0.0,
          hand: float = 0.0, brackets: float = 0.6) -> dict:
    v = parts.printed(g, ctx, issue=issue, printed_p=printed, brackets=brackets)
    class1 = ctx["fields"]["category"] != "II类"
    return {"v": v, "lab": parts.labelled(g, ["name", "project_title", "project_code", "category", "credits",
                                              "date", "mode", "organizer", "certificate_no", "issue", "unit"]),
            "sep": g.sep(), "faces": parts.faces(rng, hand), "anchors": ctx["anchors"],
            "title": g.cert_title(ctx["fields"]["category"]), "spot": g.validation_spot() if class1 else None,
            "border": rng.choice(_BORDERS), "frame": rng.randrange(4), "closing": g.closing(),
            "dates_printed": v["dates_truth"], "no_bare": rng.random() < 0.2}


def _k(cv) -> float:
    return max(0.7, min(1.0, min(cv.w_pt, cv.h_pt) / 595.0))


def _no_line(c: dict) -> str:
    """The certificate number with its label, or bare (as some printers leave it)."""
    if c.get("no_bare"):
        return c["v"]["certificate_no"]
    return parts.join(c["lab"]["certificate_no"], c["sep"], c["v"]["certificate_no"])


# ------------------------------------------------------------------------- zhengming_body


def plan_zhengming(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _base(g, rng, ctx)
    v = c["v"]
    who = v["name"] + rng.choice(("同志", "", "同志"))
    when = rng.choice(("于{d}", "于{d}", "在{d}期间")).format(d=v["date"])
    verb = rng.choice(("经考核合格", "成绩合格", "完成全部课程，考核合格"))
    c["body"] = (f"兹证明{who}{when}参加由{v['organizer']}举办的{v['category']}继续医学教育项目"
                 f"{v['project_title']}（项目编号：{v['project_code']}）学习，{verb}，"
                 f"授予{v['category']}学分{v['credits'].removesuffix('分')}分。")
    c["zheng_own_line"] = rng.random() < 0.3
    return c


def draw_zhengming(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    k, fc = _k(cv), c["faces"]
    parts.frame(cv, c["border"], k, c["frame"])
    cv.text(W / 2, 0.17 * H, c["title"], 28 * k, fc["title"], "m")
    cv.text(0.88 * W, 0.24 * H, _no_line(c), 10.5 * k, fc["body"], "r")
    size, x0, width = 14.5 * k, 0.12 * W, 0.76 * W
    body = c["body"]
    y = 0.33 * H
    if c["zheng_own_line"]:
        cv.text(x0, y, "兹证明：", size, fc["body"])
        y += size * 1.9
        body = body.removeprefix("兹证明")
    y = parts.paragraph(cv, body, x0, y, width, size, fc["body"])
    cv.text(x0 + 2 * size, y + 0.2 * size, c["closing"], size, fc["body"])
    cv.text(x0, y + 2.4 * size, f"{c['lab']['mode']}{c['sep']}{c['v']['mode']}", 12 * k, fc["body"])
    parts.organizer_block(cv, c, 13 * k, fc["body"], date=c["v"]["issue"])
    parts.validation_spot(cv, c, 11.5 * k, fc["body"])


# ------------------------------------------------------------------------- landscape_card


def plan_card(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _base(g, rng, ctx)
    v, lab = c["v"], c["lab"]
    c["sep"] = rng.choice(("  ", "：", " ：", ":"))
    rows = [("name", v["name"]), ("project_title", v["project_title"]), ("project_code", v["project_code"]),
            ("category", v["category"]), ("credits", v["credits"]), ("date", v["date"]), ("mode", v["mode"])]
    head, rest = rows[:1], g.maybe_swap(rows[1:])
    c["rows"] = [(lab[k], val) for k, val in head + rest]
    c["band"] = rng.choice(_BORDERS)
    return c


def draw_card(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc = c["faces"]
    cv.rect(0.04 * W, 0.05 * H, 0.10 * W, 0.95 * H, width=0.5, color=c["band"], fill=c["band"])
    cv.rect(0.04 * W, 0.05 * H, 0.96 * W, 0.95 * H, width=1.2, color=c["band"])
    cv.text(0.55 * W, 0.16 * H, c["title"], 26, fc["title"], "m")
    cv.text(0.93 * W, 0.23 * H, _no_line(c), 10.5, fc["body"], "r")
    y, x0, xv = 0.32 * H, 0.16 * W, 0.30 * W
    for label, val in c["rows"]:
        if c["sep"].strip():
            text = parts.join(label, c["sep"], val)
            cv.text(x0, y, text, parts.fit(cv, text, 14, fc["body"], 0.76 * W), fc["body"])
        else:  # label and value in two aligned columns
            cv.text(x0, y, label, 14, fc["body"])
            cv.text(xv, y, val, parts.fit(cv, val, 14, fc["body"], 0.62 * W), fc["body"])
        y += 30
    parts.organizer_block(cv, c, 13, fc["body"], date=c["v"]["issue"])
    parts.validation_spot(cv, c, 11.5, fc["body"])


# ------------------------------------------------------------------------------- a5_slip


def plan_slip(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _base(g, rng, ctx, issue=0.6)
    v = c["v"]
    who = rng.choice(("学员{n}", "{n}同志", "{n}"))
    c["body"] = (f"{who.format(n=v['name'])}于{v['date']}参加由{v['organizer']}举办的{v['project_title']}"
                 f"（{v['project_code']}）{rng.choice(('培训', '学习', '项目学习'))}，考核合格，"
                 f"获{v['category']}学分{v['credits'].removesuffix('分')}分。")
    return c


def draw_slip(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc = c["faces"]
    parts.frame(cv, c["border"], 0.7, c["frame"] % 3)
    cv.text(W / 2, 0.16 * H, c["title"], 20, fc["title"], "m")
    y = parts.paragraph(cv, c["body"], 0.10 * W, 0.32 * H, 0.80 * W, 12.5, fc["body"], leading=1.8)
    cv.text(0.10 * W, y + 6, f"{c['lab']['mode']}{c['sep']}{c['v']['mode']}", 10.5, fc["body"])
    cv.text(0.10 * W, 0.90 * H, _no_line(c), 9.5, fc["body"])
    parts.organizer_block(cv, c, 11, fc["body"], date=c["v"]["issue"])
    parts.validation_spot(cv, c, 10, fc["body"])


# ---------------------------------------------------------------------------- logo_header


def plan_logo(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _base(g, rng, ctx)
    v, lab = c["v"], c["lab"]
    unit = f"（{v['unit']}）" if v["unit"] and rng.random() < 0.6 else ""
    c["body"] = (f"{v['name']}{unit}于{v['date']}参加本单位举办的{v['category']}继续医学教育项目：{v['project_title']}，"
                 f"{lab['project_code']}{v['project_code']}，{lab['mode']}{v['mode']}，成绩合格，"
                 f"授予学分{v['credits'].removesuffix('分')}分。")
    c["header"] = [v["organizer"], rng.choice(("继续医学教育办公室", "科教科", "继续教育部", ""))]
    c["logo_char"] = v["organizer"][0]
    return c


def draw_logo(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    k, fc = _k(cv), c["faces"]
    x, y = 0.10 * W, 0.06 * H
    s = 0.09 * min(W, H)
    cv.rect(x, y, x + s, y + s, width=1.5, color=c["border"])
    cv.text(x + s / 2, y + s * 0.68, c["logo_char"], s * 0.55, fc["title"], "m", color=c["border"])
    hx = x + s + 14
    cv.text(hx, y + s * 0.42, c["header"][0], 17 * k, fc["title"])
    if c["header"][1]:
        cv.text(hx, y + s * 0.92, c["header"][1], 11 * k, fc["body"])
    cv.line(0.08 * W, y + s + 10, 0.92 * W, y + s + 10, width=1.5, color=c["border"])
    cv.text(W / 2, y + s + 0.09 * H, c["title"], 24 * k, fc["title"], "m")
    cv.text(0.90 * W, y + s + 0.13 * H, _no_line(c), 10 * k, fc["body"], "r")
    yb = parts.paragraph(cv, c["body"], 0.12 * W, y + s + 0.20 * H, 0.76 * W, 14 * k, fc["body"])
    cv.text(0.14 * W + 28 * k, yb + 4, c["closing"], 14 * k, fc["body"])
    parts.organizer_block(cv, c, 12.5 * k, fc["body"], date=c["v"]["issue"])
    parts.validation_spot(cv, c, 11 * k, fc["body"])


# ---------------------------------------------------------------------------- sh_municipal


def plan_sh(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = _base(g, rng, ctx)
    v = c["v"]
    c["header"] = rng.choice(("上海市继续医学教育委员会", "上海市卫生健康委员会  上海市继续医学教育委员会", ""))
    c["body"] = (f"{v['name']}{rng.choice(('同志：', '同志', '：'))}于{v['date']}参加{v['category']}继续医学教育项目"
                 f"{v['project_title']}学习，项目编号：{v['project_code']}，经考核合格，授予"
                 f"{v['category']}学分{v['credits'].removesuffix('分')}分。")
    return c


def draw_sh(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    k, fc = _k(cv), c["faces"]
    parts.frame(cv, c["border"], k, c["frame"])
    if c["header"]:
        cv.text(W / 2, 0.12 * H, c["header"], 13 * k, fc["body"], "m")
    cv.text(W / 2, 0.20 * H, c["title"], 24 * k, fc["title"], "m")
    cv.text(0.12 * W, 0.27 * H, _no_line(c), 10.5 * k, fc["body"])
    y = parts.paragraph(cv, c["body"], 0.12 * W, 0.35 * H, 0.76 * W, 14.5 * k, fc["body"])
    cv.text(0.12 * W, y + 6, f"{c['lab']['mode']}{c['sep']}{c['v']['mode']}", 12 * k, fc["body"])
    parts.organizer_block(cv, c, 13 * k, fc["body"], label=f"{c['lab']['organizer']}{c['sep']}",
                          date=c["v"]["issue"])
    parts.validation_spot(cv, c, 11.5 * k, fc["body"])


PLANNERS = {"zhengming_body": plan_zhengming, "landscape_card": plan_card, "a5_slip": plan_slip,
            "logo_header": plan_logo, "sh_municipal": plan_sh}
DRAWERS = {"zhengming_body": draw_zhengming, "landscape_card": draw_card, "a5_slip": draw_slip,
           "logo_header": draw_logo, "sh_municipal": draw_sh}
