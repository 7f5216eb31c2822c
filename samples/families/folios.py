"""Certificate families of yet other builds (held out since session 8, issue 14).

Each differs in *build* from every family of ``body.py`` / ``cells.py`` / ``sheets.py``:

* ``hospital_letter`` — a letter on the organizer's letterhead (name, phone / post code line, a
  double rule), headed 学分证明 / 证明; one long sentence names the applicant *in the middle*, with
  the unit, department and job title around the name (``…医院心内科主治医师张三同志于…``), then
  特此证明 and a signature block (organizer, date, 经办人 and a phone number). Paragraph.
* ``mobile_screenshot`` — a phone screenshot of an app's e-certificate: a tall narrow page, a status
  bar (clock, 5G, battery), an app bar, cards whose label stands *above* the value in small grey type,
  a QR code and the app's buttons. E-certificate.
* ``photo_grid`` — a ruled 2×N grid with a photo box over the first rows; each cell holds
  "label value" (the value in another face); title and organizer rows across. Table / cells.
* ``emblem_two_panel`` — a wavy guilloche background and a round emblem (not red: no seal), the body
  in two panels: the sentence on the left, the number, category, credits and date of issue in a
  ruled box on the right. Paragraph.
* ``booklet_spread`` — a 培训合格证 booklet scanned open: the cover on the left (dark or pale, the
  cover word and the organizer), the fold, the inner page on the right (a photo box, numbered items
  一、姓名：… or a sentence). Paragraph-like.
* ``sh_leader_dots`` — Shanghai setting: the committee's header, 市级 wording, fields as lines with
  leader dots (``姓名……张三``), dashes (``姓名——张三``) or numbered items (``1. 姓名：``). Table-like.

Planners decide every printed string (truth states them, ``dates_printed`` says each date's role);
drawers only place them. Words come from the grammar (a held-out page draws the held-out vocabulary
of ``config/labels.yaml`` too), family words (departments, job titles …) from ``labels.yaml``
``folio_words``, faces from ``parts.faces`` (held-out faces included).
"""

from __future__ import annotations

import math
import random

from samples.families import parts
from samples.families.grammar import Grammar, labels
from samples.families.sheets import cell_lines

_INKS = [(30, 60, 120), (20, 90, 60), (150, 110, 40), (60, 60, 60), (40, 80, 130)]   # never a seal's red
_GREY = (130, 130, 130)
_CN_NUM = "一二三四五六七八九十"


def _words() -> dict:
    return labels()["folio_words"]


def _credits(v: dict) -> str:
    return v["credits"].removesuffix("分") + "分"


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _circle(cv, cx: float, cy: float, r: float, color, width: float = 1.0, n: int = 48) -> None:
    pts = [(cx + r * math.cos(2 * math.pi * i / n), cy + r * math.sin(2 * math.pi * i / n)) for i in range(n + 1)]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        cv.line(x0, y0, x1, y1, width=width, color=color)


def _lines(cv, text: str, x: float, y: float, size: float, role: str, width: float, lead: float = 1.5,
           max_lines: int = 3, align: str = "l") -> float:
    """``text`` wrapped in ``width`` (shrunk to ``max_lines``); returns the y after it."""
    size, lines = cell_lines(cv, text, size, role, width, max_lines=max_lines)
    for line in lines:
        cv.text(x, y, line, size, role, align)
        y += size * lead
    return y


def _photo(cv, x0: float, y0: float, x1: float, y1: float, caption: str, role: str) -> None:
    """A photo box: a frame, a head-and-shoulders outline in grey, a caption."""
    cv.rect(x0, y0, x1, y1, width=0.8)
    cx, w, h = (x0 + x1) / 2, x1 - x0, y1 - y0
    _circle(cv, cx, y0 + 0.36 * h, 0.16 * min(w, h), _GREY, 0.8, 28)
    cv.line(x0 + 0.18 * w, y1 - 0.08 * h, cx - 0.12 * w, y0 + 0.58 * h, width=0.8, color=_GREY)
    cv.line(cx + 0.12 * w, y0 + 0.58 * h, x1 - 0.18 * w, y1 - 0.08 * h, width=0.8, color=_GREY)
    if caption:
        cv.text(cx, y1 - 0.12 * h, caption, 7.5, role, "m", color=_GREY)


# -------------------------------------------------------------------------- hospital_letter


def plan_letter(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=1.0, brackets=0.6)
    v, lab, w = c["v"], c["lab"], _words()
    dept, job = rng.choice(w["departments"]), rng.choice(w["job_titles"])
    unit = v["unit"]
    who = rng.choice((f"{unit}{dept}{job}{v['name']}同志", f"{unit}{dept}{v['name']}（{job}）",
                      f"{v['name']}同志（{unit}{dept}{job}）", f"{unit}{dept}{job}{v['name']}"))
    lead = rng.choice(("兹证明", "兹有", "经核实，", "现证明"))
    where = rng.choice(("参加了由{o}主办的", "参加{o}举办的", "在{o}参加了"))
    c["head"] = rng.choice(w["letter_heads"])
    c["body"] = (f"{lead}{who}于{v['date']}{where.format(o=v['organizer'])}{v['category']}继续医学教育项目"
                 f"{v['project_title']}（{lab['project_code']}{c['sep']}{v['project_code']}），{lab['mode']}为"
                 f"{v['mode']}，经考核合格，{rng.choice(('授予', '获得', '获'))}学分{_credits(v)}，"
                 f"{lab['certificate_no']}{c['sep']}{v['certificate_no']}。")
    c["contact"] = (f"电话：0{rng.choice(('571', '577', '574', '21', '10'))}-{_digits(rng, 8)}    "
                    f"邮编：{rng.choice(('31', '32', '20', '10'))}{_digits(rng, 4)}")
    c["signer"] = f"{rng.choice(w['signers'])}：{rng.choice(('王', '李', '陈', '周', '林'))}老师    " \
                  f"联系电话：{rng.choice(('138', '139', '158', '177'))}{_digits(rng, 8)}"
    c["dept_line"] = rng.choice(("科教科", "继续教育处", "科研教育部", ""))
    c["salute"] = rng.random() < 0.4
    return c


def draw_letter(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    x0, x1 = 0.11 * W, 0.89 * W
    s = parts.fit(cv, v["organizer"], 22, fc["title"], x1 - x0)
    cv.text(W / 2, 0.08 * H, v["organizer"], s, fc["title"], "m", color=ink)
    cv.text(W / 2, 0.08 * H + 22, c["contact"], 8.5, fc["body"], "m", color=ink)
    cv.line(x0, 0.08 * H + 30, x1, 0.08 * H + 30, width=2.2, color=ink)
    cv.line(x0, 0.08 * H + 34, x1, 0.08 * H + 34, width=0.6, color=ink)
    cv.text(W / 2, 0.22 * H, c["head"], 22, fc["title"], "m")
    y = 0.30 * H
    if c["salute"]:
        cv.text(x0, y, "致有关单位：", 13, fc["body"])
        y += 28
    y = parts.paragraph(cv, c["body"], x0, y, x1 - x0, 13, fc["body"], leading=2.0)
    cv.text(x0 + 26, y + 4, c["closing"], 13, fc["body"])
    parts.organizer_block(cv, c, 13, fc["body"], date=v["issue"])
    if c["dept_line"]:
        ax, ay = c["anchors"]["organizer"]
        cv.text(min(0.93 * W, ax + 60), ay - 24, c["dept_line"], 11, fc["body"], "r")
    parts.validation_spot(cv, c, 10.5, fc["body"])
    cv.text(x0, 0.93 * H, c["signer"], 9.5, fc["body"])


# ------------------------------------------------------------------------ mobile_screenshot


def plan_mobile(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.9, printed_p=0.6, brackets=0.3)
    v = c["v"]
    keys = ["name", "unit"] + g.maybe_swap(["project_title", "project_code", "category", "credits", "date",
                                            "mode"]) + ["certificate_no"]
    c["cards"] = [(c["lab"][k], v[k]) for k in keys if v[k]]
    c["clock"] = f"{rng.randint(7, 22)}:{rng.randint(0, 59):02d}"
    c["battery"] = f"{rng.choice(('5G', '4G', 'WiFi'))}  {rng.randint(12, 99)}%"
    c["app"] = rng.choice(("电子证书", "证书详情", "我的学分证书", "学分凭证"))
    c["tail"] = [(c["lab"][k], v[k]) for k in ("issue", "print") if v[k]]
    c["qr_caption"] = rng.choice(("扫码验证证书真伪", "长按识别二维码查验", "扫一扫 验证真伪"))
    c["buttons"] = rng.choice((("下载证书", "分享"), ("保存图片", "转发"), ("下载PDF", "打印")))
    return c


def draw_mobile(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    role = fc["body"]
    cv.text(18, 20, c["clock"], 10, "sans_bold")
    cv.text(W - 18, 20, c["battery"], 9, "sans", "r")
    cv.text(18, 48, "‹", 16, "sans")
    cv.text(W / 2, 48, c["app"], 12.5, "sans_medium", "m")
    cv.line(0, 58, W, 58, width=0.5, color=(200, 200, 200))
    cv.rect(14, 68, W - 14, 112, width=0.5, color=ink, fill=(236, 242, 248))
    cv.text(W / 2, 96, c["title"], parts.fit(cv, c["title"], 15, fc["title"], W - 44), fc["title"], "m")
    ax, ay = c["anchors"]["organizer"]
    y, bottom = 132.0, ay - 44
    step = min(38.0, (bottom - y) / max(1, len(c["cards"])))
    for lab, val in c["cards"]:
        cv.text(24, y, lab, 8, role, color=_GREY)
        _lines(cv, val, 24, y + 14, 11.5, role, W - 48, lead=1.25, max_lines=2)
        y += step
        cv.line(24, y - 9, W - 24, y - 9, width=0.4, color=(215, 215, 215))
    lab = c["lab"]["organizer"]
    cv.text(24, ay - 18, lab, 8, role, color=_GREY)
    cv.text(24, ay - 2, v["organizer"], parts.fit(cv, v["organizer"], 11.5, role, W - 48), role)
    y = ay + 20
    for lab, val in c["tail"]:
        text = f"{lab}：{val}"
        cv.text(24, y, text, parts.fit(cv, text, 9, role, W - 48), role, color=(90, 90, 90))
        y += 15
    parts.validation_spot(cv, c, 9, role)
    qy = H - 150
    parts.blocks(cv, W - 24 - 21 * 3.0, qy, 3.0, c["qr"])
    cv.text(W - 24 - 31.5, qy + 76, c["qr_caption"], 7.5, role, "m", color=_GREY)
    for i, b in enumerate(c["buttons"]):
        x = 14 + i * (W - 28) / 2
        cv.rect(x + 4, H - 46, x + (W - 28) / 2 - 4, H - 20, width=0.6, color=ink)
        cv.text(x + (W - 28) / 4, H - 28, b, 10.5, "sans", "m", color=ink)


# ------------------------------------------------------------------------------ photo_grid


def plan_photo_grid(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.85, hand=0.5)
    v, lab = c["v"], c["lab"]
    faces = c["faces"]
    if faces["value"] == faces["body"]:  # values in another face than their labels
        faces["value"] = rng.choice([f for f in ("kai", "wenkai", "serif_bold", "sans_medium", "gbkai")
                                     if f != faces["body"]])
    pairs = [[("name", "unit")], g.maybe_swap([("project_code", "category"), ("date", "credits"),
                                              ("mode", "certificate_no")], 0.4)]
    rows = [list(p) for p in pairs[0] + pairs[1]]
    c["rows"] = [[(lab[k], v[k] or "") for k in row] for row in rows]
    c["wide"] = [(lab["project_title"], v["project_title"]), (lab["organizer"], v["organizer"])]
    c["photo_caption"] = rng.choice(("照片", "（照片）", "", "贴照片处"))
    c["stamp_note"] = rng.random() < 0.5
    return c


def draw_photo_grid(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v = c["faces"], c["v"]
    k = max(0.8, min(1.0, H / 842.0 + 0.15))
    cv.rect(0.05 * W, 0.04 * H, 0.95 * W, 0.96 * H, width=1.2, color=c["ink"])
    cv.text(W / 2, 0.11 * H, c["title"], 22 * k, fc["title"], "m")
    x0, x1 = 0.09 * W, 0.91 * W
    pw = 0.17 * (x1 - x0)
    top = 0.11 * H + 22
    rh = min(40.0, (c["anchors"]["organizer"][1] - 70 - top) / (len(c["rows"]) + 2))
    cw = (x1 - x0 - pw) / 2

    def cell(a, y, width, lab, val):
        cv.rect(a, y, a + width, y + rh, width=0.8)
        ls = 10 * k
        cv.text(a + 5, y + rh * 0.5 + ls * 0.36, lab, ls, fc["body"])
        lw = cv.text_width(lab, ls, fc["body"]) + 8
        if val:
            s = parts.fit(cv, val, 12 * k, fc["value"], width - lw - 10)
            cv.text(a + 5 + lw, y + rh * 0.5 + s * 0.36, val, s, fc["value"])

    y = top
    for i, row in enumerate(c["rows"]):
        a = x0 + pw
        for lab, val in row:
            cell(a, y, cw * 2 / len(row), lab, val)
            a += cw * 2 / len(row)
        y += rh
    _photo(cv, x0, top, x0 + pw, y, c["photo_caption"], fc["body"])
    for lab, val in c["wide"]:
        cell(x0, y, x1 - x0, lab, val)
        y += rh
    cv.text(x0 + 24, y + 28, c["closing"], 12, fc["body"])
    parts.organizer_block(cv, c, 12, fc["body"], date=v["issue"])
    parts.validation_spot(cv, c, 10, fc["body"])
    if c["stamp_note"]:
        cv.text(W / 2, 0.94 * H, "（照片处加盖钢印有效）", 8.5, fc["body"], "m", color=_GREY)


# ------------------------------------------------------------------------ emblem_two_panel


def plan_emblem(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.9, brackets=0.7)
    v, lab = c["v"], c["lab"]
    c["greeting"] = rng.choice(("{n}同志：", "{n}：", "{n} 同志")).format(n=v["name"])
    verb = rng.choice(("参加", "参加了", "完成了"))
    c["body"] = (f"你于{v['date']}{verb}{v['organizer']}举办的{v['project_title']}，{lab['mode']}{c['sep']}"
                 f"{v['mode']}，经考核成绩合格，{c['closing']}")
    box = [("project_code", v["project_code"]), ("category", v["category"]), ("credits", v["credits"]),
           ("certificate_no", v["certificate_no"])]
    c["box"] = [(lab[k], val) for k, val in g.maybe_swap(box, 0.3)]
    if v["issue"]:
        c["box"].append((lab["issue"], v["issue"]))
    c["box_head"] = rng.choice(("证书信息", "学分信息", ""))
    c["waves"] = [(rng.uniform(8, 22), rng.uniform(60, 140), rng.uniform(0, 6.3)) for _ in range(3)]
    c["motto"] = rng.choice(("CME", "继教", "医"))
    return c


def draw_emblem(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    pale = tuple(int(255 - (255 - ch) * 0.22) for ch in ink)
    for amp, period, phase in c["waves"]:  # guilloche: interlaced sine bands over the whole page
        for j in range(7):
            y0 = 0.1 * H + j * 0.13 * H
            xs = [W * i / 90 for i in range(91)]
            ys = [y0 + amp * math.sin(2 * math.pi * x / period + phase + j) for x in xs]
            for a, b, ya, yb in zip(xs, xs[1:], ys, ys[1:]):
                cv.line(a, ya, b, yb, width=0.5, color=pale)
    cv.rect(0.04 * W, 0.05 * H, 0.96 * W, 0.95 * H, width=2.4, color=ink)
    ex, ey, er = W / 2, 0.13 * H, 0.055 * H
    _circle(cv, ex, ey, er, ink, 1.6)
    _circle(cv, ex, ey, er * 0.78, ink, 0.8)
    cv.text(ex, ey + 5, c["motto"], 13, "serif_bold", "m", color=ink)
    cv.text(W / 2, 0.13 * H + er + 34, c["title"], 24, fc["title"], "m")
    lx0, lx1, rx0, rx1 = 0.08 * W, 0.56 * W, 0.61 * W, 0.92 * W
    top = 0.36 * H
    cv.text(lx0, top, c["greeting"], 14, fc["body"])
    parts.paragraph(cv, c["body"], lx0, top + 30, lx1 - lx0, 13.5, fc["body"], leading=1.9)
    y = top - 14
    rows = len(c["box"]) + (1 if c["box_head"] else 0)
    cv.rect(rx0, y, rx1, y + 26 * rows + 10, width=0.9, color=ink)
    y += 20
    if c["box_head"]:
        cv.text((rx0 + rx1) / 2, y, c["box_head"], 11, fc["title"], "m", color=ink)
        y += 26
    for lab, val in c["box"]:
        text = parts.join(lab, c["sep"], val)
        cv.text(rx0 + 10, y, text, parts.fit(cv, text, 11, fc["body"], rx1 - rx0 - 20), fc["body"])
        y += 26
    parts.organizer_block(cv, c, 12.5, fc["body"])
    parts.validation_spot(cv, c, 10.5, fc["body"])


# ------------------------------------------------------------------------- booklet_spread


def plan_booklet(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.9, brackets=0.5)
    v, lab = c["v"], c["lab"]
    c["cover"] = rng.choice(_words()["booklet_covers"])
    c["dark"] = rng.random() < 0.5
    c["numbered"] = rng.random() < 0.6
    keys = ["name", "unit"] + g.maybe_swap(["project_title", "project_code", "category", "credits", "date",
                                            "mode"], 0.3)
    items = [(lab[k], v[k]) for k in keys if v[k]]
    if c["numbered"]:
        c["items"] = [f"{_CN_NUM[i]}、{la}：{val}" for i, (la, val) in enumerate(items)]
    else:
        c["items"] = [f"{v['name']}{rng.choice(('同志', ''))}于{v['date']}参加{v['organizer']}举办的"
                      f"{v['category']}继续医学教育项目{v['project_title']}（{v['project_code']}）"
                      f"{lab['mode']}{v['mode']}，考核合格，授予学分{_credits(v)}。"]
    c["no_line"] = parts.join(lab["certificate_no"], c["sep"], v["certificate_no"])
    c["org_label"] = rng.choice(("发证单位：", "", "培训单位："))
    return c


def draw_booklet(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    mid = W / 2
    fg = (230, 200, 120) if c["dark"] else ink
    if c["dark"]:
        cv.rect(0.02 * W, 0.03 * H, mid - 4, 0.97 * H, width=0.5, color=ink, fill=ink)
    else:
        cv.rect(0.02 * W, 0.03 * H, mid - 4, 0.97 * H, width=1.0, color=ink)
        cv.rect(0.05 * W, 0.07 * H, mid - 0.03 * W, 0.93 * H, width=0.6, color=ink)
    _circle(cv, mid / 2, 0.30 * H, 0.08 * H, fg, 1.6)
    _circle(cv, mid / 2, 0.30 * H, 0.06 * H, fg, 0.8)
    cv.text(mid / 2, 0.30 * H + 6, "医", 20, "serif_bold", "m", color=fg)
    cover = " ".join(c["cover"])
    cv.text(mid / 2, 0.56 * H, cover, parts.fit(cv, cover, 34, fc["title"], mid * 0.8), fc["title"], "m", color=fg)
    cv.text(mid / 2, 0.84 * H, v["organizer"], parts.fit(cv, v["organizer"], 13, fc["body"], mid * 0.8),
            fc["body"], "m", color=fg)
    for i in range(6):  # the fold's shadow
        g = 150 + i * 18
        cv.line(mid - 3 + i, 0.02 * H, mid - 3 + i, 0.98 * H, width=0.9, color=(g, g, g))
    x0, x1 = mid + 0.05 * W, 0.95 * W
    cv.text((x0 + x1) / 2, 0.11 * H, c["title"], parts.fit(cv, c["title"], 18, fc["title"], x1 - x0), fc["title"], "m")
    cv.text(x1, 0.17 * H, c["no_line"], 9.5, fc["body"], "r")
    pw, ph = 0.075 * W, 0.15 * H
    _photo(cv, x0, 0.20 * H, x0 + pw, 0.20 * H + ph, "", fc["body"])
    y = 0.22 * H
    if c["numbered"]:
        for i, item in enumerate(c["items"]):
            left = x0 + pw + 12 if i < 4 else x0
            y = _lines(cv, item, left, y, 11.5, fc["body"], x1 - left, lead=1.45, max_lines=2) + 5
    else:
        y = parts.paragraph(cv, c["items"][0], x0 + pw + 12, y, x1 - x0 - pw - 12, 12, fc["body"], leading=1.8)
    parts.organizer_block(cv, c, 11.5, fc["body"], label=c["org_label"], date=v["issue"])
    parts.validation_spot(cv, c, 9.5, fc["body"])


# --------------------------------------------------------------------------- sh_leader_dots


def plan_leader(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.85, printed_p=0.3)
    v, lab = c["v"], c["lab"]
    c["style"] = rng.choice(("dots", "dash", "numbered"))
    c["header"] = rng.choice(("上海市继续医学教育委员会", "上海市卫生健康委员会  上海市继续医学教育委员会", "上海市医学继续教育"))
    keys = ["name", "unit"] + g.maybe_swap(["project_title", "project_code", "category", "credits", "date",
                                            "mode", "organizer"], 0.3) + ["certificate_no"]
    c["items"] = [(lab[k], v[k]) for k in keys if v[k]]
    c["leader"] = rng.choice(("……", "·", "."))
    tail = [(lab[k], v[k]) for k in ("issue", "print") if v[k]]
    c["tail"] = [f"{la}{c['sep']}{val}" for la, val in tail]
    return c


def draw_leader(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc = c["faces"]
    role = fc["body"]
    cv.rect(0.05 * W, 0.04 * H, 0.95 * W, 0.96 * H, width=1.0, color=c["ink"])
    cv.text(W / 2, 0.09 * H, c["header"], 12, role, "m", color=c["ink"])
    cv.text(W / 2, 0.09 * H + 34, c["title"], parts.fit(cv, c["title"], 21, fc["title"], 0.84 * W), fc["title"], "m")
    x0, x1 = 0.12 * W, 0.88 * W
    lw = 0.24 * (x1 - x0)
    y = 0.09 * H + 74
    step = min(30.0, (c["anchors"]["organizer"][1] - 60 - y) / max(1, len(c["items"])))
    size = min(12.5, step * 0.48)
    for i, (lab, val) in enumerate(c["items"]):
        if c["style"] == "numbered":
            text = f"{i + 1}. {lab}：{val}"
            cv.text(x0, y, text, parts.fit(cv, text, size, role, x1 - x0), role)
        elif c["style"] == "dash":
            text = f"{lab}——{val}"
            cv.text(x0, y, text, parts.fit(cv, text, size, role, x1 - x0), role)
        else:
            cv.text(x0, y, lab, size, role)
            vs = parts.fit(cv, val, size, role, x1 - x0 - lw - 4)
            vw = cv.text_width(val, vs, role)
            gap0 = x0 + cv.text_width(lab, size, role) + 3
            unit = max(1.0, cv.text_width(c["leader"], size, role))
            n = max(1, int((x1 - vw - 4 - gap0) / unit))
            cv.text(gap0, y, c["leader"] * n, size, role, color=(110, 110, 110))
            cv.text(x1, y, val, vs, role, "r")
        y += step
    for line in c["tail"]:
        cv.text(x0, y + 4, line, 10, role)
        y += 18
    parts.organizer_block(cv, c, 12, role)
    parts.validation_spot(cv, c, 10.5, role)


PLANNERS = {"hospital_letter": plan_letter, "mobile_screenshot": plan_mobile, "photo_grid": plan_photo_grid,
            "emblem_two_panel": plan_emblem, "booklet_spread": plan_booklet, "sh_leader_dots": plan_leader}
DRAWERS = {"hospital_letter": draw_letter, "mobile_screenshot": draw_mobile, "photo_grid": draw_photo_grid,
           "emblem_two_panel": draw_emblem, "booklet_spread": draw_booklet, "sh_leader_dots": draw_leader}
