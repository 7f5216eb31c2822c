"""Certificate families of other builds (held out since session 7, issue 14).

Each differs in *build* from every family of ``body.py`` / ``cells.py``, not only in words:

* ``bilingual_cert`` — labels in Chinese with English beside or under them (``姓名 Name``,
  ``学分 Credits``), an English subtitle; table-like label/value lines.
* ``underline_form`` — a form whose labels sit *under* the value line (``______ / 姓名``) or in a
  right-hand column after the value; values in a hand-like face; the organizer on a signature line.
* ``counterfoil_stub`` — a certificate with its counterfoil (存根) beside a dashed cut line: the
  number, name, title, credits and date repeated on the stub; the main part a sentence.
* ``decorative_centred`` — an ornamented border, the name alone in a large face, the body sentence
  centred over 3-4 lines, credits in Chinese numerals (六分 / 陆分) or with 学时 beside them.
* ``system_row_print`` — a system print-out: a header row of column titles and one value row
  (序号 / 项目名称 / 项目编号 / 学分 …, wrapped cells), a QR code or a barcode, a print
  timestamp and a page footer.
* ``sh_cell_card`` — Shanghai setting: a system-printed card (QR, print time) of cells, each label small in its cell's corner and
  the value large under it; 市级 wording, codes ``(沪)``, 沪继教 numbers.

Planners decide every printed string (truth states them, ``dates_printed`` says each date's role);
drawers only place them. Words come from the grammar (a held-out page also draws the held-out
vocabulary of ``config/labels.yaml``), faces from ``parts.faces`` (held-out faces included).
"""

from __future__ import annotations

import random

from samples.families import parts
from samples.families.grammar import Grammar
from samples.textfmt import _cn_number, fmt_credits

_INKS = [(150, 110, 40), (30, 60, 120), (120, 30, 30), (20, 90, 60), (90, 60, 120)]
_SYSTEMS = ["继续医学教育学分管理平台", "卫生健康人才继续教育服务平台", "医学继续教育学分登记系统",
            "继续医学教育项目管理与学分授予系统"]
_CAPITAL = dict(zip("零一二三四五六七八九十", "零壹贰叁肆伍陆柒捌玖拾"))


def credits_words(credits: float, capital: bool = False) -> str:
    """Credits in Chinese numerals: 6 -> 六 (capital: 陆), 7.5 -> 七点五, 12 -> 十二."""
    whole = int(credits)
    text = _cn_number(whole) if whole else "零"
    if credits != whole:
        text += "点" + "〇一二三四五六七八九"[round((credits - whole) * 10)]
    if capital:
        text = "".join(_CAPITAL.get(ch, ch) for ch in text)
    return text


def cell_lines(cv, text: str, size: float, role: str, width: float, max_lines: int = 3,
               floor: float = 6.5) -> tuple[float, list[str]]:
    """The size and lines of ``text`` wrapped in a cell ``width`` wide, shrunk to fit ``max_lines``."""
    while True:
        lines = parts.wrap(cv, text, size, role, width)
        wide = max((cv.text_width(s, size, role) for s in lines), default=0.0)
        if (len(lines) <= max_lines and wide <= width) or size <= floor:
            return size, lines
        size -= 0.5


def wrapped_grid(cv, x0: float, y0: float, widths: list[float], rows: list[list[str]], size: float,
                 roles: list[str], *, pad: float = 4.0, max_lines: int = 3, lead: float = 1.3,
                 min_h: float = 20.0) -> float:
    """A ruled table whose cells wrap their text (each row as tall as its tallest cell). Returns the bottom."""
    xs = parts.edges(x0, widths)
    y = y0
    cv.line(xs[0], y, xs[-1], y)
    for row in rows:
        cells = [cell_lines(cv, val, size, roles[j], widths[j] - 2 * pad, max_lines) for j, val in enumerate(row)]
        h = max(min_h, max(len(ls) * s * lead for s, ls in cells) + 2 * pad)
        for j, (s, ls) in enumerate(cells):
            top = y + (h - len(ls) * s * lead) / 2
            for k, line in enumerate(ls):
                cv.text(xs[j] + pad, top + (k + 0.8) * s * lead, line, s, roles[j])
        for x in xs:
            cv.line(x, y, x, y + h)
        y += h
        cv.line(xs[0], y, xs[-1], y)
    return y


def dashed(cv, x0: float, y0: float, x1: float, y1: float, dash: float = 5.0) -> None:
    import math

    n = max(1, int(math.hypot(x1 - x0, y1 - y0) / (2 * dash)))
    for i in range(n):
        a, b = (2 * i) / (2 * n), (2 * i + 1) / (2 * n)
        cv.line(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a, x0 + (x1 - x0) * b, y0 + (y1 - y0) * b, width=0.7)


def barcode(cv, x: float, y: float, h: float, bars: list[int], unit: float = 1.1) -> None:
    """A barcode-like strip: ``bars`` alternate bar / gap widths in units."""
    for i, w in enumerate(bars):
        if i % 2 == 0:
            cv.rect(x, y, x + w * unit, y + h, width=0.1, color=(25, 25, 25), fill=(25, 25, 25))
        x += w * unit


# -------------------------------------------------------------------------- bilingual_cert


def plan_bilingual(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.85)
    v, lab = c["v"], c["lab"]
    keys = ["name", "unit"] + g.maybe_swap(["project_title", "project_code", "category", "credits", "date",
                                            "mode"]) + ["certificate_no"]
    zh = dict(lab, certificate_no="证书编号" if lab["certificate_no"] == "No." else lab["certificate_no"])
    c["rows"] = [(zh[k], g.english(k), v[k]) for k in keys if v[k]]
    c["stacked"] = rng.random() < 0.5      # English under the Chinese label, or beside it
    c["english_title"] = rng.choice(("Certificate of Continuing Medical Education", "CME Credit Certificate",
                                     "Continuing Medical Education Credit Certificate"))
    c["org_label"] = f"{lab['organizer']} {g.english('organizer')}{c['sep']}"
    c["issue_line"] = f"{lab['issue']} {g.english('issue')}{c['sep']}{v['issue']}" if v["issue"] else None
    return c


def draw_bilingual(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc = c["faces"]
    cv.rect(0.05 * W, 0.04 * H, 0.95 * W, 0.96 * H, width=1.4, color=c["ink"])
    cv.text(W / 2, 0.11 * H, c["title"], 24, fc["title"], "m")
    cv.text(W / 2, 0.11 * H + 24, c["english_title"], 12, "serif_light", "m", color=c["ink"])
    y, x0 = 0.11 * H + 62, 0.12 * W
    step = 33 if c["stacked"] else 26 if H < W else 29
    for zh, en, val in c["rows"]:
        if c["stacked"]:
            cv.text(x0, y, zh, 12.5, fc["body"])
            cv.text(x0, y + 11, en, 7.5, "serif_light")
            xv = x0 + 0.20 * W
            cv.text(xv, y + 2, val, parts.fit(cv, val, 13.5, fc["body"], 0.86 * W - xv), fc["body"])
        else:
            text = f"{zh} {en}{c['sep']}{val}"
            cv.text(x0, y, text, parts.fit(cv, text, 13, fc["body"], 0.76 * W), fc["body"])
        y += step
    parts.organizer_block(cv, c, 12, fc["body"], label=c["org_label"], date=c["issue_line"])
    if c["spot"]:
        ax, ay = c["anchors"]["cme_office"]
        cv.text(max(0.07 * W, ax - 70), ay - 20, c["spot"] + " CME Validation", 10, fc["body"])


# -------------------------------------------------------------------------- underline_form


def plan_underline(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.9, hand=0.8)
    v, lab = c["v"], c["lab"]
    c["right"] = rng.random() < 0.4        # labels in a right-hand column instead of under the line
    pairs = [[("name", v["name"]), ("unit", v["unit"])], [("project_title", v["project_title"])],
             [("project_code", v["project_code"]), ("category", v["category"])],
             [("date", v["date"]), ("credits", v["credits"])],
             [("mode", v["mode"]), ("certificate_no", v["certificate_no"])]]
    pairs = [[(k, val) for k, val in row if val] for row in pairs[:1] + g.maybe_swap(pairs[1:], 0.3)]
    wrap = rng.choice(("{}", "（{}）", "{}"))
    c["rows"] = [[(wrap.format(lab[k]), val) for k, val in row] for row in pairs if row]
    c["org_caption"] = rng.choice(("{}（签章）", "{}（盖章）", "{}")).format(lab["organizer"])
    c["issue_caption"] = rng.choice(("日期", "年 月 日", lab["issue"]))
    c["heading"] = rng.choice((c["title"], "继续医学教育学分登记证明", "学分登记表"))
    c["hand"] = [(rng.uniform(-2.0, 1.0), rng.uniform(0, 10)) for _ in range(16)]
    return c


def draw_underline(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v = c["faces"], c["v"]
    cv.text(W / 2, 0.10 * H, c["heading"], 22, fc["title"], "m")
    x0, x1 = 0.10 * W, 0.90 * W
    hand = iter(c["hand"])
    y = 0.20 * H
    if c["right"]:  # value cell, then its label to the right
        widths = [0.58 * W, 0.22 * W]
        flat = [(lab, val) for row in c["rows"] for lab, val in row]
        for lab, val in flat:
            dy, dx = next(hand)
            cv.rect(x0, y, x0 + widths[0], y + 30, width=0.7)
            cv.rect(x0 + widths[0], y, x1, y + 30, width=0.7)
            s = parts.fit(cv, val, 13, fc["value"], widths[0] - 12 - dx)
            cv.text(x0 + 6 + dx, y + 20 + dy, val, s, fc["value"])
            cv.text(x0 + widths[0] + 8, y + 19, lab, parts.fit(cv, lab, 11.5, fc["body"], widths[1] - 12), fc["body"])
            y += 30
    else:  # the value on a line, its label centred under the line
        for row in c["rows"]:
            span = (x1 - x0) / len(row)
            for i, (lab, val) in enumerate(row):
                dy, dx = next(hand)
                a, b = x0 + i * span + 6, x0 + (i + 1) * span - 6
                s = parts.fit(cv, val, 13.5, fc["value"], b - a - 8 - dx)
                cv.text(a + 4 + dx, y + dy, val, s, fc["value"])
                cv.line(a, y + 5, b, y + 5, width=0.7)
                cv.text((a + b) / 2, y + 19, lab, 9.5, fc["body"], "m")
            y += 48
    ax, ay = c["anchors"]["organizer"]
    a, b = ax - 0.22 * W, min(0.94 * W, ax + 0.16 * W)
    s = parts.fit(cv, v["organizer"], 13, fc["value"], b - a - 6)
    cv.text((a + b) / 2, ay - 2, v["organizer"], s, fc["value"], "m")
    cv.line(a, ay + 4, b, ay + 4, width=0.7)
    cv.text((a + b) / 2, ay + 17, c["org_caption"], 9.5, fc["body"], "m")
    if v["issue"]:
        cv.text((a + b) / 2, ay + 44, v["issue"], 12, fc["value"], "m")
        cv.line(a + 30, ay + 49, b - 30, ay + 49, width=0.7)
        cv.text((a + b) / 2, ay + 61, c["issue_caption"], 9, fc["body"], "m")
    parts.validation_spot(cv, c, 10.5, fc["body"])


# ------------------------------------------------------------------------- counterfoil_stub


def plan_stub(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.85)
    v, lab = c["v"], c["lab"]
    c["stub_left"] = rng.random() < 0.7
    c["stub_head"] = rng.choice(("存  根", "存根联", "（存根）"))
    c["stub"] = [("No." if lab["certificate_no"] == "No." else lab["certificate_no"], v["certificate_no"]),
                 (lab["name"], v["name"]), (lab["project_title"], v["project_title"]),
                 (lab["credits"], v["credits"]), (lab["date"], v["date"])]
    greet = rng.choice(("{n}同志：", "{n}：", "{n}同志"))
    verb = rng.choice(("成绩合格", "经考核合格", "完成规定学时，考核合格"))
    c["greeting"] = greet.format(n=v["name"])
    c["body"] = (f"你于{v['date']}参加{v['organizer']}举办的{v['category']}继续医学教育项目{v['project_title']}"
                 f"（{v['project_code']}）{rng.choice(('学习', '培训'))}，{verb}，授予学分"
                 f"{v['credits'].removesuffix('分')}分。")
    c["mode_line"] = f"{lab['mode']}{c['sep']}{v['mode']}"
    c["no_main"] = parts.join(lab["certificate_no"], c["sep"], v["certificate_no"])
    return c


def draw_stub(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v = c["faces"], c["v"]
    k = max(0.72, min(1.0, H / 595.0))
    cut = 0.31 * W if c["stub_left"] else 0.69 * W
    sx0, sx1 = (0.05 * W, cut - 12) if c["stub_left"] else (cut + 12, 0.95 * W)
    mx0, mx1 = (cut + 22, 0.94 * W) if c["stub_left"] else (0.06 * W, cut - 22)
    cv.rect(0.03 * W, 0.04 * H, 0.97 * W, 0.96 * H, width=1.0, color=c["ink"])
    dashed(cv, cut, 0.05 * H, cut, 0.95 * H)
    for i, ch in enumerate("骑缝线"):
        cv.text(cut - 5, 0.45 * H + i * 14, ch, 8, fc["body"], color=(120, 120, 120))
    # the counterfoil: the same facts, compact
    cv.text((sx0 + sx1) / 2, 0.12 * H, c["stub_head"], 14 * k, fc["title"], "m")
    y = 0.22 * H
    for lab, val in c["stub"]:
        text = f"{lab}{val}" if lab.endswith(".") else f"{lab}：{val}"
        size, lines = cell_lines(cv, text, 9.5 * k, fc["body"], sx1 - sx0, max_lines=3)
        for line in lines:
            cv.text(sx0, y, line, size, fc["body"])
            y += size * 1.55
        y += 6 * k
    # the certificate
    cv.text((mx0 + mx1) / 2, 0.14 * H, c["title"], 22 * k, fc["title"], "m")
    cv.text(mx1, 0.22 * H, c["no_main"], 10 * k, fc["body"], "r")
    size = 13.5 * k
    cv.text(mx0, 0.31 * H, c["greeting"], size, fc["body"])
    y = parts.paragraph(cv, c["body"], mx0, 0.31 * H + size * 1.9, mx1 - mx0, size, fc["body"], leading=1.8)
    cv.text(mx0, y + 2, c["mode_line"], 11 * k, fc["body"])
    cv.text(mx0 + 2 * size, y + size * 1.8, c["closing"], size, fc["body"])
    parts.organizer_block(cv, c, 12 * k, fc["body"], date=v["issue"])
    parts.validation_spot(cv, c, 10 * k, fc["body"])


# ----------------------------------------------------------------------- decorative_centred


def plan_decorative(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.9, brackets=0.7)
    v, lab = c["v"], c["lab"]
    credits = ctx["fields"]["credits"]
    style = rng.choice(("arabic", "cn", "capital"))
    amount = (f"{fmt_credits(credits)}分" if style == "arabic"
              else f"{credits_words(credits, capital=style == 'capital')}分")
    hours = ""
    if rng.random() < 0.5:
        per = rng.choice((2, 3, 4))
        hours = rng.choice(("（{h}学时）", "，计{h}学时")).format(h=fmt_credits(credits * per))
    c["credits_text"] = amount
    c["lead"] = rng.choice(("授予", "兹授予", "", "兹证明"))
    c["name_line"] = v["name"] + rng.choice(("  同志", " 同志", ""))
    c["body"] = (f"于{v['date']}参加由{v['organizer']}举办的{v['project_title']}（{lab['project_code']}"
                 f"{c['sep']}{v['project_code']}）{rng.choice(('学习', '培训班'))}，{lab['mode']}{v['mode']}，"
                 f"经考核合格，授予{v['category']}学分{amount}{hours}。")
    c["no_line"] = parts.join(lab["certificate_no"], c["sep"], v["certificate_no"])
    c["ornament"] = rng.randrange(3)
    return c


_NO_LINE_START = "，。、；：）》」』！？"


def _wrap_cn(cv, text: str, size: float, role: str, width: float) -> list[str]:
    """Wrapped lines, no line starting with closing punctuation (it stays at the end of the line before)."""
    lines = parts.wrap(cv, text, size, role, width)
    for i in range(1, len(lines)):
        while lines[i] and lines[i][0] in _NO_LINE_START:
            lines[i - 1] += lines[i][0]
            lines[i] = lines[i][1:]
    return [ln for ln in lines if ln]


def _corner(cv, x: float, y: float, dx: int, dy: int, s: float, color, style: int) -> None:
    if style == 0:
        cv.rect(min(x, x + dx * s), min(y, y + dy * s), max(x, x + dx * s), max(y, y + dy * s), width=1.2,
                color=color)
    for i in range(1 + (style == 1) * 2):
        d = s * (1.4 + 0.5 * i)
        cv.line(x, y + dy * d, x + dx * d, y, width=1.0, color=color)


def draw_decorative(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, col = c["faces"], c["v"], c["ink"]
    k = max(0.7, min(1.0, min(W, H) / 595.0))
    m = 0.04 * min(W, H) + 4
    cv.rect(m, m, W - m, H - m, width=4.0 * k, color=col)
    cv.rect(m + 9, m + 9, W - m - 9, H - m - 9, width=0.8, color=col)
    for (x, y, dx, dy) in ((m + 9, m + 9, 1, 1), (W - m - 9, m + 9, -1, 1), (m + 9, H - m - 9, 1, -1),
                           (W - m - 9, H - m - 9, -1, -1)):
        _corner(cv, x, y, dx, dy, 18 * k, col, c["ornament"])
    cv.text(W / 2, 0.17 * H, c["title"], 30 * k, fc["title"], "m", color=col)
    y = 0.28 * H
    if c["lead"]:
        cv.text(W / 2, y, c["lead"], 13 * k, fc["body"], "m")
        y += 32 * k
    cv.text(W / 2, y + 6 * k, c["name_line"], 30 * k, fc["title"], "m")
    y += 52 * k
    size = 14 * k
    width = 0.68 * W
    lines = _wrap_cn(cv, c["body"], size, fc["body"], width)
    while len(lines) > 4 and size > 10:
        size -= 0.5
        lines = _wrap_cn(cv, c["body"], size, fc["body"], width)
    for line in lines:
        cv.text(W / 2, y, line, size, fc["body"], "m")
        y += size * 1.85
    cv.text(W / 2, y + 4, c["closing"], size, fc["body"], "m")
    cv.text(0.10 * W + 10, H - m - 24, c["no_line"], 9.5 * k, fc["body"])
    parts.organizer_block(cv, c, 13 * k, fc["body"], date=v["issue"])
    parts.validation_spot(cv, c, 10.5 * k, fc["body"])


# ------------------------------------------------------------------------- system_row_print


def plan_row_print(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.6, printed_p=1.0, brackets=0.3)
    v, lab = c["v"], c["lab"]
    cols = g.maybe_swap(["project_title", "project_code", "category", "credits", "date", "mode"], 0.35)
    if rng.random() < 0.6:
        cols.append("organizer")
    share = {"project_title": 0.25, "project_code": 0.17, "category": 0.11, "credits": 0.06, "date": 0.15,
             "mode": 0.07, "organizer": 0.19}
    c["cols"] = [("序号", 0.05)] + [(lab[k], share[k]) for k in cols]
    c["row"] = ["1"] + [v[k] for k in cols]
    c["person"] = [(lab["name"], v["name"]), (lab["unit"], v["unit"]),
                   (lab["certificate_no"], v["certificate_no"])]
    c["system"] = rng.choice(_SYSTEMS)
    c["code"] = rng.random() < 0.5       # QR code, else a barcode
    c["bars"] = [rng.choice((1, 1, 2, 3)) for _ in range(57)]
    c["footer"] = rng.choice(("第 1 页  共 1 页", "第1页/共1页", "- 1 -"))
    c["note"] = rng.choice(("本证书由{s}生成，扫码可查验真伪", "注：本凭证仅作学分登记之用，请妥善保存", "打印件与电子证书具有同等效力"))
    return c


def draw_row_print(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v = c["faces"], c["v"]
    mono = "sans_mono"
    cv.text(0.06 * W, 0.05 * H, c["system"], 10, fc["body"])
    cv.text(0.94 * W, 0.05 * H, f"{c['lab']['print']}{c['sep']}{v['print']}", 9, mono, "r")
    cv.line(0.06 * W, 0.05 * H + 6, 0.94 * W, 0.05 * H + 6, width=1.2)
    cv.text(W / 2, 0.14 * H, c["title"], 21, fc["title"], "m")
    y = 0.14 * H + 36
    x = 0.06 * W
    for lab, val in c["person"]:
        if not val:
            continue
        text = parts.join(lab, c["sep"], val)
        s = parts.fit(cv, text, 11, fc["body"], 0.44 * W)
        if x + cv.text_width(text, s, fc["body"]) > 0.94 * W:
            x, y = 0.06 * W, y + 20
        cv.text(x, y, text, s, fc["body"])
        x += cv.text_width(text, s, fc["body"]) + 24
    width = 0.88 * W
    widths = [share * width / sum(sh for _, sh in c["cols"]) for _, share in c["cols"]]
    head = [lab for lab, _ in c["cols"]]
    bottom = wrapped_grid(cv, 0.06 * W, y + 14, widths, [head], 10, [fc["body"]] * len(head), max_lines=2)
    bottom = wrapped_grid(cv, 0.06 * W, bottom, widths, [c["row"]], 10.5, [mono if i in (0,) else fc["body"]
                                                                          for i in range(len(head))],
                          max_lines=4, min_h=30)
    note = c["note"].format(s=c["system"])
    cv.text(0.06 * W, bottom + 20, note, parts.fit(cv, note, 9.5, fc["body"], 0.60 * W), fc["body"])
    if v["issue"]:
        cv.text(0.06 * W, bottom + 38, f"{c['lab']['issue']}{c['sep']}{v['issue']}", 10.5, fc["body"])
    if c["code"]:
        parts.blocks(cv, 0.06 * W, bottom + 50, 2.6, parts.qr(random.Random(v["certificate_no"])))
    else:
        barcode(cv, 0.06 * W, bottom + 52, 30, c["bars"])
        cv.text(0.06 * W, bottom + 94, v["certificate_no"], 8.5, mono)
    parts.organizer_block(cv, c, 12, fc["body"], date=None)
    parts.validation_spot(cv, c, 10.5, fc["body"])
    cv.text(W / 2, 0.96 * H, c["footer"], 9, mono, "m")


# ---------------------------------------------------------------------------- sh_cell_card


def plan_sh_card(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.8, printed_p=0.7)
    v, lab = c["v"], c["lab"]
    c["qr_top"] = rng.random() < 0.6
    c["header"] = rng.choice(("上海市继续医学教育委员会", "上海市卫生健康委员会", "上海市继续医学教育委员会办公室  制"))
    pairs = g.maybe_swap([("name", "unit"), ("project_code", "category"), ("date", "credits"),
                          ("mode", "certificate_no")], 0.3)
    rows = [[("project_title", v["project_title"])]]
    rows[:0] = [[(a, v[a]), (b, v[b])] for a, b in pairs[:1]]
    rows += [[(a, v[a]), (b, v[b])] for a, b in pairs[1:]]
    rows.append([("organizer", v["organizer"])])
    c["rows"] = [[(lab[k], val or "") for k, val in row] for row in rows]
    c["no_line"] = parts.join(lab["certificate_no"], c["sep"], v["certificate_no"])
    c["print_line"] = f"{lab['print']}{c['sep']}{v['print']}" if v["print"] else None
    c["org_label"] = rng.choice(("发证单位：", "颁证单位：", ""))
    return c


def draw_sh_card(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v = c["faces"], c["v"]
    if c["qr_top"]:
        parts.blocks(cv, 0.06 * W, 0.025 * H, 2.0, c["qr"])
    cv.text(W / 2, 0.08 * H, c["header"], 12, fc["body"], "m", color=c["ink"])
    cv.text(W / 2, 0.08 * H + 32, c["title"], 20, fc["title"], "m")
    cv.text(0.92 * W, 0.08 * H + 56, c["no_line"], 10, fc["body"], "r")
    x0, x1 = 0.08 * W, 0.92 * W
    y, rh = 0.08 * H + 66, 44.0 if H > W else 38.0
    for row in c["rows"]:
        span = (x1 - x0) / len(row)
        for i, (lab, val) in enumerate(row):
            a = x0 + i * span
            cv.rect(a, y, a + span, y + rh, width=0.8)
            cv.text(a + 4, y + 10, lab, 7.5, fc["body"], color=(90, 90, 90))
            if val:
                s = parts.fit(cv, val, 13.5, fc["body"], span - 16)
                cv.text(a + 10, y + rh - 10, val, s, fc["body"])
        y += rh
    parts.organizer_block(cv, c, 12, fc["body"], label=c["org_label"], date=v["issue"])
    parts.validation_spot(cv, c, 10.5, fc["body"])
    if c["print_line"]:
        cv.text(0.08 * W, 0.96 * H, c["print_line"], 8.5, "sans_mono")


PLANNERS = {"bilingual_cert": plan_bilingual, "underline_form": plan_underline, "counterfoil_stub": plan_stub,
            "decorative_centred": plan_decorative, "system_row_print": plan_row_print,
            "sh_cell_card": plan_sh_card}
DRAWERS = {"bilingual_cert": draw_bilingual, "underline_form": draw_underline, "counterfoil_stub": draw_stub,
           "decorative_centred": draw_decorative, "system_row_print": draw_row_print,
           "sh_cell_card": draw_sh_card}
