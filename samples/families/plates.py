"""Certificate and list families of yet other builds (held out in session 11, development since session 13; issue 14).

Each differs in *build* from every family of ``body.py`` / ``cells.py`` / ``sheets.py`` / ``folios.py`` /
``vouchers.py`` / ``scrolls.py``:

* ``record_card`` — a continuing-education record card (继续医学教育登记卡): the person in a ruled block
  with the ID number in 18 digit boxes, the one activity as a one-row table (labels over their values),
  and two large stamp boxes at the foot, the organizer's on the left (its name and the issue date inside)
  and the CME office's on the right (Class II: a 备注 box). Table.
* ``kv_ecert`` — a system e-certificate whose fields are printed as ``key=value`` pairs in two columns
  (the title across both), a long grouped 验证码, a status line, the print time, a QR; English month
  dates on some pages (``12-14 May 2021``). E-certificate.
* ``name_banner`` — the holder's name alone in huge calligraphic type in the middle of a landscape
  certificate, one generic line under it, and **every other field in small type in a tinted footer band**
  (the credits as ``授予国家级Ⅰ类学分 4 分``); the seals above the band. Paragraph.
* ``photo_right`` — a landscape certificate with a photo box on the left and the fields on the right,
  either flush right (each ``label：value`` line ending at the margin) or aligned on the colon (labels
  right-aligned against a gutter, values after it). Table.
* ``dark_sidebar`` — an e-certificate with a dark sidebar down the left printing in white the QR, the
  verification code, the certificate number and the print time; the fields in zebra-striped rows on the
  right. E-certificate.
* ``sh_fill_sentence`` — Shanghai setting: the committee's printed sentence with blanks filled by hand
  (``____同志于____年__月__日至__日参加____举办的____``), the date filled part by part, the 市级 wording, a
  ``(沪)`` code in a blank; 市级Ⅰ类 only, ``own_share: 0.5``. Paragraph.

Lists (row truth in the records' words; rows in date order, as the stack follows the list):

* ``list_merged_credit`` — a Zhejiang annual list whose year stands only in a **boxed 年度 field** top right
  (dates ``05.12``), with the title and the code **in one cell** (the code under the title) and the
  category and credits **merged in one column** (``省级Ⅰ类 5.0``), a total row, a per-category line.
* ``sh_verify_ticked`` — a Shanghai 《I类学分验证表》 in portrait: the person in a two-row table (labels
  over values, the year among them), the organizer **under the title in the same cell**, a 验证 column
  ticked on every row (√ / 已验), a count-and-total line. Prints no 学习形式 (``mode: null``).

Planners decide every printed string (truth states them, ``dates_printed`` says each date's role);
drawers only place them. Family furniture comes from ``labels.yaml`` ``plate_words``.
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
_SHADE = (230, 233, 238)
_WHITE = (255, 255, 255)
_PEN = (28, 36, 92)          # a blue-black ballpoint, as forms are filled in
_CATS = ("I类国家级", "I类省级", "II类")
_NAME_FACES = ["kai", "gbkai", "wenkai_bold", "wenkai"]   # calligraphic faces for the name alone


def _words() -> dict:
    return labels()["plate_words"]


def _digits(rng: random.Random, n: int, alphabet: str = "0123456789") -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _credit_number(ctx: dict) -> str:
    return fmt_credits(ctx["fields"]["credits"])


def _iso(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def _span(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}—{years[-1]}"


# -------------------------------------------------------------------------------- record_card


def plan_card(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.85, hand=0.6)
    v, lab = c["v"], c["lab"]
    w = _words()
    c["head"] = rng.choice(w["card_heads"])
    c["no_line"] = parts.join(lab["certificate_no"], c["sep"], v["certificate_no"])
    c["person_head"], c["entry_head"] = rng.choice(w["card_person"]), rng.choice(w["card_entry"])
    c["person"] = [(lab["name"].removesuffix("."), v["name"]), (lab["unit"].removesuffix("."), v["unit"])]
    c["id_label"] = rng.choice(w["id_labels"])
    c["id_digits"] = ctx.get("id_number", "")
    keys = g.maybe_swap(["date", "project_code", "project_title", "category", "credits", "mode"], 0.25)
    c["entry"] = [(lab[k].removesuffix("."), v[k]) for k in keys]
    boxes = w["stamp_boxes"]
    c["org_box"] = rng.choice(boxes["organizer"])
    c["office_box"] = rng.choice(boxes["office"] if c["spot"] else boxes["none"])
    c["spot"] = None   # the office's stamp box is the validation spot
    c["result"] = f"{rng.choice(w['card_result'])}{c['sep']}合格"
    c["notes"] = rng.sample(w["card_notes"], rng.choice((2, 3)))
    return c


def draw_card(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    body, val = fc["body"], fc["value"]
    parts.frame(cv, ink, 0.8, 0)
    k = H / 595.0   # a portrait card spaces its rows out (the same build, taller)
    x0, x1 = 0.08 * W, 0.92 * W
    y = 0.085 * H + 14
    cv.text(W / 2, y, c["head"], parts.fit(cv, c["head"], 21, fc["title"], 0.7 * W), fc["title"], "m", color=ink)
    cv.text(W / 2, y + 20, c["title"], parts.fit(cv, c["title"], 10.5, body, 0.6 * W), body, "m", color=_GREY)
    cv.text(x1, y + 38, c["no_line"], parts.fit(cv, c["no_line"], 9.5, body, 0.45 * W), body, "r")
    # the person: name and unit in one ruled row, the ID number in 18 boxes under it
    y += 48 * k
    cv.text(x0, y, c["person_head"], 9, body, color=ink)
    y += 6
    rh = 26.0 * min(k, 1.25)
    lw = 0.14 * (x1 - x0)
    (nl, nv), (ul, uv) = c["person"]
    xs = [x0, x0 + lw, x0 + 0.42 * (x1 - x0), x0 + 0.42 * (x1 - x0) + lw, x1]
    for k, (a, b) in enumerate(zip(xs, xs[1:])):
        cv.rect(a, y, b, y + rh, width=0.7, color=ink, fill=_SHADE if k % 2 == 0 else None)
    for k, (text, face) in enumerate(((nl, body), (nv, val), (ul, body), (uv, val))):
        cv.text(xs[k] + 4, y + rh * 0.66, text, parts.fit(cv, text, 11, face, xs[k + 1] - xs[k] - 8), face)
    y += rh
    cv.rect(x0, y, x0 + lw, y + rh, width=0.7, color=ink, fill=_SHADE)
    cv.text(x0 + 4, y + rh * 0.66, c["id_label"], parts.fit(cv, c["id_label"], 11, body, lw - 8), body)
    box = (x1 - x0 - lw) / 18
    for i, ch in enumerate(c["id_digits"][:18]):
        bx = x0 + lw + i * box
        cv.rect(bx, y, bx + box, y + rh, width=0.5, color=ink)
        cv.text(bx + box / 2, y + rh * 0.68, ch, min(12.0, box * 0.8), val, "m")
    y += rh + 22 * k
    # the activity: a one-row table, labels over values
    cv.text(x0, y, c["entry_head"], 9, body, color=ink)
    y += 6
    weights = [min(max(len(value), len(label), 4), 20) for label, value in c["entry"]]
    xs = parts.edges(x0, [wt * (x1 - x0) / sum(weights) for wt in weights])
    box_top = c["anchors"]["organizer"][1] - 0.085 * H
    notes_y = box_top - 14 * len(c["notes"]) - 8          # the card's rules, small, just over the stamp boxes
    result_y = notes_y - 24
    vh = max(40.0, min(70.0 * k, result_y - 20 * k - (y + 20)))
    for j, (label, value) in enumerate(c["entry"]):
        cv.rect(xs[j], y, xs[j + 1], y + 20, width=0.7, color=ink, fill=_SHADE)
        cv.text((xs[j] + xs[j + 1]) / 2, y + 14, label, parts.fit(cv, label, 9.5, body, xs[j + 1] - xs[j] - 6),
                body, "m")
        cv.rect(xs[j], y + 20, xs[j + 1], y + 20 + vh, width=0.7, color=ink)
        s, lines = cell_lines(cv, value, 11.5, val, xs[j + 1] - xs[j] - 8, 3)
        top = y + 20 + (vh - len(lines) * s * 1.3) / 2
        for n, line in enumerate(lines):
            cv.text(xs[j] + 4, top + (n + 0.8) * s * 1.3, line, s, val)
    cv.text(x0, result_y, c["result"], 10.5, body)
    y = notes_y
    cv.text(x0, y, "说明：", 8.5, body, color=_GREY)
    for i, note in enumerate(c["notes"], start=1):
        line = f"{i}. {note}"
        cv.text(x0 + 30, y + (i - 1) * 14, line, parts.fit(cv, line, 8.5, body, x1 - x0 - 30), body, color=_GREY)
    # the stamp boxes: the seals go in them
    bw, bh = 0.36 * W, 0.17 * H
    for key, caption in (("organizer", c["org_box"]), ("cme_office", c["office_box"])):
        ax, ay = c["anchors"][key]
        bx0, by0 = max(x0, ax - bw / 2), ay - bh / 2
        bx1 = min(x1, bx0 + bw)
        cv.rect(bx0, by0, bx1, by0 + bh, width=0.9, color=ink)
        cv.text(bx0 + 6, by0 + 14, caption, parts.fit(cv, caption, 9.5, body, bx1 - bx0 - 12), body)
        if key == "organizer":
            org = v["organizer"]
            cv.text(bx1 - 6, by0 + bh - (24 if v["issue"] else 8), org,
                    parts.fit(cv, org, 11, body, bx1 - bx0 - 12), body, "r")
            if v["issue"]:
                cv.text(bx1 - 6, by0 + bh - 8, v["issue"], 10.5, body, "r")


# ---------------------------------------------------------------------------------- kv_ecert


def plan_kv(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    g.latin_months = rng.random() < 0.4   # some systems print the activity date with English months
    c = parts.content(g, rng, ctx, _INKS, issue=0.8, printed_p=1.0, brackets=0.3)
    v, lab = c["v"], c["lab"]
    w = _words()
    eq = rng.choice(w["kv_separators"])
    c["eq"] = eq
    keys = g.maybe_swap(["name", "unit", "certificate_no", "category", "credits", "project_code", "date", "mode",
                         "organizer", "issue"], 0.25)
    pairs = [f"{lab[k]}{eq}{v[k]}" for k in keys if v[k]]
    half = (len(pairs) + 1) // 2
    c["columns"] = [pairs[:half], pairs[half:]]
    c["title_pair"] = f"{lab['project_title']}{eq}{v['project_title']}"
    code = "-".join(_digits(rng, 4, "0123456789ABCDEF") for _ in range(8))
    c["code_line"] = f"{rng.choice(w['kv_code'])}{eq}{code}"
    c["status"] = rng.choice(w["kv_status"])
    c["system"] = rng.choice(w["kv_systems"])
    c["print_line"] = f"{lab['print']}{eq}{v['print']}"
    return c


def draw_kv(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, ink = c["faces"], c["ink"]
    role = fc["body"]
    cv.rect(0.05 * W, 0.04 * H, 0.95 * W, 0.075 * H, width=0.4, color=_SHADE, fill=_SHADE)
    cv.text(0.07 * W, 0.065 * H, c["system"], 9.5, role, color=(70, 70, 70))
    cv.text(0.93 * W, 0.065 * H, c["status"], 9, role, "r", color=(70, 70, 70))
    cv.text(W / 2, 0.14 * H, c["title"], parts.fit(cv, c["title"], 21, fc["title"], 0.84 * W), fc["title"], "m",
            color=ink)
    cv.line(0.08 * W, 0.165 * H, 0.92 * W, 0.165 * H, width=0.6, color=ink)
    x0, x1, mid = 0.08 * W, 0.92 * W, 0.51 * W
    y = 0.165 * H + 30
    s, lines = cell_lines(cv, c["title_pair"], 12, role, x1 - x0, 2)
    for line in lines:
        cv.text(x0, y, line, s, role)
        y += s * 1.5
    y += 10
    bottom = c["anchors"]["organizer"][1] - 0.10 * H
    rows = max(len(col) for col in c["columns"])
    step = min(34.0, (bottom - y) / max(1, rows))
    for x, col, width in ((x0, c["columns"][0], mid - x0 - 10), (mid, c["columns"][1], x1 - mid)):
        yy = y
        for pair in col:
            s, lines = cell_lines(cv, pair, 11.5, role, width, 2)
            for n, line in enumerate(lines):
                cv.text(x + (12 if n else 0), yy + n * s * 1.25, line, s, role)
            yy += step
    y += rows * step + 8
    cv.line(x0, y - 12, x1, y - 12, width=0.4, color=_GREY)
    cv.text(x0, y + 4, c["code_line"], parts.fit(cv, c["code_line"], 10.5, role, x1 - x0 - 90), role)
    parts.blocks(cv, x1 - 66, 0.88 * H - 66, 3.0, c["qr"])
    cv.text(x0, 0.93 * H, c["print_line"], 9, role, color=(80, 80, 80))
    parts.organizer_block(cv, c, 11, role)
    parts.validation_spot(cv, c, 10, role)


# ------------------------------------------------------------------------------- name_banner


def plan_banner(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.85, brackets=0.6)
    v, lab = c["v"], c["lab"]
    w = _words()["name_lines"]
    c["name_face"] = rng.choice(_NAME_FACES)
    c["above"], c["below"], c["seal_caption"] = rng.choice(w["above"]), rng.choice(w["below"]), rng.choice(w["seal"])
    c["credit_item"] = f"授予{v['category']}学分 {_credit_number(ctx)} 分"
    c["title_item"] = parts.join(lab["project_title"], c["sep"], v["project_title"])
    keys = g.maybe_swap(["project_code", "date", "mode", "organizer", "certificate_no", "issue"], 0.3)
    c["items"] = [c["credit_item"]] + [parts.join(lab[k], c["sep"], v[k]) for k in keys if v[k]]
    c["name_size"] = rng.choice((56.0, 62.0, 68.0))
    c["tint"] = rng.choice(((240, 234, 220), (228, 236, 242), (236, 240, 230)))
    return c


def draw_banner(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    body = fc["body"]
    parts.frame(cv, ink, 1.0, 0)
    cv.text(W / 2, 0.17 * H, c["title"], parts.fit(cv, c["title"], 26, fc["title"], 0.8 * W), fc["title"], "m",
            color=ink)
    cv.text(0.30 * W, 0.29 * H, c["above"], 14, body)
    size = parts.fit(cv, v["name"], c["name_size"], c["name_face"], 0.6 * W)
    cv.text(W / 2, 0.29 * H + 14 + size, v["name"], size, c["name_face"], "m")
    cv.text(W / 2, 0.29 * H + 44 + size, c["below"], parts.fit(cv, c["below"], 13, body, 0.7 * W), body, "m")
    ax, ay = c["anchors"]["organizer"]
    cv.text(min(0.92 * W, ax + 50), ay + 8, c["seal_caption"], 10, body, "r")
    parts.validation_spot(cv, c, 10, body)
    # the footer band: every other field, small
    m = 0.035 * min(W, H) + 12
    top, bot = 0.72 * H, 0.72 * H + 108
    cv.rect(m, top, W - m, bot, width=0.3, color=c["tint"], fill=c["tint"])
    x0, x1 = m + 14, W - m - 14
    y = top + 18
    cv.text(x0, y, c["title_item"], parts.fit(cv, c["title_item"], 10, body, x1 - x0), body)
    colw = (x1 - x0) / 3
    for i, item in enumerate(c["items"]):
        r, k = divmod(i, 3)
        cv.text(x0 + k * colw, y + 21 + r * 20, item, parts.fit(cv, item, 9.5, body, colw - 10), body)


# ------------------------------------------------------------------------------- photo_right


def plan_photo(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.85, hand=0.3)
    v, lab = c["v"], c["lab"]
    keys = ["name", "unit"] + g.maybe_swap(["project_title", "project_code", "category", "credits", "date", "mode"],
                                           0.3) + ["certificate_no"]
    c["fields"] = [(lab[k], v[k]) for k in keys if v[k]]
    c["align"] = rng.choice(("flush", "colon"))
    c["caption"] = rng.choice(_words()["photo_captions"])
    return c


def draw_photo(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    body, val = fc["body"], fc["value"]
    parts.frame(cv, ink, 1.0, 1)
    cv.text(W / 2, 0.15 * H, c["title"], parts.fit(cv, c["title"], 24, fc["title"], 0.8 * W), fc["title"], "m",
            color=ink)
    _photo_box(cv, 0.08 * W, 0.25 * H, 0.23 * W, 0.55 * H, c["caption"], body)
    x1 = 0.92 * W
    gutter = 0.50 * W
    y = 0.29 * H
    step = min(34.0, (0.70 * H - y) / max(1, len(c["fields"]) + 1))
    for label, value in c["fields"]:
        if c["align"] == "flush":
            line = parts.join(label, c["sep"], value)
            cv.text(x1, y, line, parts.fit(cv, line, 13, body, x1 - 0.28 * W), body, "r")
        else:
            cv.text(gutter, y, label + ("" if label.endswith(".") else c["sep"].strip() or "："),
                    parts.fit(cv, label, 13, body, gutter - 0.28 * W), body, "r")
            cv.text(gutter + 6, y, value, parts.fit(cv, value, 13, val, x1 - gutter - 6), val)
        y += step
    cv.text(x1, y + 4, c["closing"], 12, body, "r")
    parts.organizer_block(cv, c, 12, body, date=v["issue"])
    parts.validation_spot(cv, c, 10, body)


def _photo_box(cv, x0: float, y0: float, x1: float, y1: float, caption: str, role: str) -> None:
    """A photo box with a dashed inner frame and its caption in the middle (a photo is glued there)."""
    cv.rect(x0, y0, x1, y1, width=0.9)
    n = 24
    for i in range(n):
        a, b = i / n, (i + 0.5) / n
        for (px, py, qx, qy) in ((x0 + 6, y0 + 6, x1 - 6, y0 + 6), (x0 + 6, y1 - 6, x1 - 6, y1 - 6),
                                 (x0 + 6, y0 + 6, x0 + 6, y1 - 6), (x1 - 6, y0 + 6, x1 - 6, y1 - 6)):
            cv.line(px + (qx - px) * a, py + (qy - py) * a, px + (qx - px) * b, py + (qy - py) * b, width=0.4,
                    color=_GREY)
    cv.text((x0 + x1) / 2, (y0 + y1) / 2 + 4, caption, parts.fit(cv, caption, 10, role, x1 - x0 - 16), role, "m",
            color=_GREY)


# ------------------------------------------------------------------------------ dark_sidebar


def plan_sidebar(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.8, printed_p=1.0)
    v, lab = c["v"], c["lab"]
    w = _words()["sidebar"]
    c["side_head"] = rng.choice(w["heads"])
    c["side_ink"] = tuple(rng.choice(w["inks"]))
    code = _digits(rng, 16, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    c["code_label"], c["code"] = rng.choice(w["code"]), " ".join(code[i:i + 4] for i in range(0, 16, 4))
    c["note"] = rng.choice(w["notes"])
    c["no_label"] = lab["certificate_no"]
    c["print_label"] = lab["print"]
    if lab["project_code"].removesuffix(".") == c["no_label"].removesuffix("."):
        lab = dict(lab, project_code="项目编号")  # one word labels one field of a page (编号 in the sidebar and a row)
    keys = ["name", "unit"] + g.maybe_swap(["project_title", "project_code", "category", "credits", "date", "mode",
                                            "organizer"], 0.3) + ["issue"]
    c["rows"] = [(lab[k].removesuffix("."), v[k]) for k in keys if v[k]]
    return c


def draw_sidebar(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    body = fc["body"]
    sw = 0.30 * W
    cv.rect(0, 0, sw, H, width=0.1, color=c["side_ink"], fill=c["side_ink"])
    cx = sw / 2
    cv.text(cx, 0.08 * H, c["side_head"], parts.fit(cv, c["side_head"], 17, fc["title"], sw - 20), fc["title"], "m",
            color=_WHITE)
    q = 3.6
    cv.rect(cx - 21 * q / 2 - 6, 0.16 * H - 6, cx + 21 * q / 2 + 6, 0.16 * H + 21 * q + 6, width=0.1,
            color=_WHITE, fill=_WHITE)
    parts.blocks(cv, cx - 21 * q / 2, 0.16 * H, q, c["qr"])
    y = 0.16 * H + 21 * q + 30
    for label, value in ((c["code_label"], c["code"]), (c["no_label"], v["certificate_no"]),
                         (c["print_label"], v["print"])):
        cv.text(16, y, label, 9, body, color=(215, 220, 228))
        s, lines = cell_lines(cv, value, 11, body, sw - 30, 2)
        for n, line in enumerate(lines):
            cv.text(16, y + 16 + n * s * 1.3, line, s, body, color=_WHITE)
        y += 26 + len(lines) * s * 1.3
    cv.text(cx, 0.95 * H, c["note"], parts.fit(cv, c["note"], 8.5, body, sw - 16), body, "m", color=(215, 220, 228))
    # the fields, right of the sidebar, in zebra rows
    x0, x1 = sw + 0.04 * W, 0.95 * W
    cv.text((x0 + x1) / 2, 0.11 * H, c["title"], parts.fit(cv, c["title"], 19, fc["title"], x1 - x0), fc["title"],
            "m", color=ink)
    y = 0.16 * H
    rh = min(40.0, (c["anchors"]["organizer"][1] - 0.09 * H - y) / max(1, len(c["rows"])))
    lw = 0.26 * (x1 - x0)
    for i, (label, value) in enumerate(c["rows"]):
        if i % 2 == 0:
            cv.rect(x0, y, x1, y + rh, width=0.1, color=(244, 245, 248), fill=(244, 245, 248))
        cv.text(x0 + 6, y + rh * 0.62, label, parts.fit(cv, label, 9.5, body, lw - 10), body, color=(100, 100, 100))
        s, lines = cell_lines(cv, value, 12, body, x1 - x0 - lw - 8, 2)
        top = y + (rh - len(lines) * s * 1.25) / 2
        for n, line in enumerate(lines):
            cv.text(x0 + lw, top + (n + 0.8) * s * 1.25, line, s, body)
        y += rh
    ax, ay = c["anchors"]["organizer"]
    org = v["organizer"]
    cv.text(x1, ay + 4, org, parts.fit(cv, org, 11.5, body, x1 - x0), body, "r")
    parts.validation_spot(cv, c, 10, body)


# -------------------------------------------------------------------------- sh_fill_sentence


def _date_parts(start: str, days: int) -> tuple[list[tuple[str, str]], dict]:
    """The activity date as blanks and printed words (``2018年5月12日至14日``, each number a blank), with its truth."""
    d0 = _iso(start)
    end = d0 + dt.timedelta(days=max(0, days - 1))
    toks = [("blank", str(d0.year)), ("print", "年"), ("blank", str(d0.month)), ("print", "月"),
            ("blank", str(d0.day)), ("print", "日")]
    truth = {"role": "activity", "date": d0.isoformat()}
    if days > 1:
        toks.append(("print", "至"))
        if end.month != d0.month:
            toks += [("blank", str(end.month)), ("print", "月")]
        toks += [("blank", str(end.day)), ("print", "日")]
        truth["end"] = end.isoformat()
    truth["text"] = "".join(t for _, t in toks)
    return toks, truth


def plan_fill(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.content(g, rng, ctx, _INKS, issue=0.9, hand=1.0)
    v, lab = c["v"], c["lab"]
    w = _words()["sh_blank"]
    f = ctx["fields"]
    date_toks, act = _date_parts(f["date"], ctx["days"])
    c["dates_printed"] = [act] + [d for d in v["dates_truth"] if d["role"] != "activity"]
    c["header"] = rng.choice(w["heads"])
    c["no_line"] = parts.join(lab["certificate_no"], c["sep"], v["certificate_no"])
    c["tokens"] = ([("blank", v["name"]), ("print", rng.choice(("同志于", "同志（学员）于")))] + date_toks
                   + [("print", "参加"), ("blank", v["organizer"]), ("print", "举办的"), ("blank", v["project_title"]),
                      ("print", f"（{lab['project_code'].removesuffix('.')}："), ("blank", v["project_code"]),
                      ("print", "），以"), ("blank", v["mode"]), ("print", "方式学习，经考核合格，授予"),
                      ("blank", v["category"]), ("print", "学分"), ("blank", _credit_number(ctx)), ("print", "分。")])
    return c


def _flow(cv, tokens: list[tuple[str, str]], x0: float, x1: float, y: float, size: float, role: str, hand: str,
          lead: float) -> float:
    """A printed sentence with underlined blanks filled by hand, wrapped in [x0, x1]; returns the next baseline."""
    x, run, run_x = x0 + 2 * size, "", x0 + 2 * size

    def flush() -> None:
        nonlocal run
        if run:
            cv.text(run_x, y, run, size, role)
            run = ""

    for kind, text in tokens:
        if kind == "print":
            for ch in text:
                wch = cv.text_width(ch, size, role)
                if x + wch > x1:
                    flush()
                    y += size * lead
                    x = run_x = x0
                run += ch
                x += wch
            continue
        s = parts.fit(cv, text, size * 1.05, hand, x1 - x0 - 16)
        bw = max(cv.text_width(text, s, hand) + 18, 3 * size)
        flush()
        if x + bw > x1:
            y += size * lead
            x = x0
        cv.line(x, y + 4, x + bw, y + 4, width=0.6, color=_GREY)
        cv.text(x + bw / 2, y, text, s, hand, "m", color=_PEN)
        x += bw + 2
        run_x = x
    flush()
    return y + size * lead


def draw_fill(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    fc, v, ink = c["faces"], c["v"], c["ink"]
    body = fc["body"]
    parts.frame(cv, ink, 0.8, 1)
    cv.text(W / 2, 0.10 * H, c["header"], parts.fit(cv, c["header"], 12, body, 0.7 * W), body, "m", color=ink)
    cv.text(W / 2, 0.10 * H + 34, c["title"], parts.fit(cv, c["title"], 22, fc["title"], 0.82 * W), fc["title"], "m",
            color=ink)
    cv.text(0.90 * W, 0.10 * H + 58, c["no_line"], parts.fit(cv, c["no_line"], 10, body, 0.5 * W), body, "r")
    x0, x1 = 0.10 * W, 0.90 * W
    y = _flow(cv, c["tokens"], x0, x1, 0.10 * H + 100, 14, body, fc["value"], 2.3)
    cv.text(x0 + 28, y + 4, c["closing"], 14, body)
    parts.organizer_block(cv, c, 12, body, date=v["issue"])
    parts.validation_spot(cv, c, 10, body)


# -------------------------------------------------------------------------- the lists' grid


def _stack_grid(cv, x0: float, y0: float, widths: list[float], rows: list[list[list[str]]], size: float,
                role: str, *, pad: float = 4.0, min_h: float = 22.0) -> float:
    """A ruled table whose cells hold stacked parts (the first in ``size``, the others smaller and grey
    under it: a title over its code or organizer), each part wrapped. Returns the bottom."""
    xs = parts.edges(x0, widths)
    y = y0
    cv.line(xs[0], y, xs[-1], y)
    for row in rows:
        cells = []
        for j, stack in enumerate(row):
            lines = []
            for k, part in enumerate(stack):
                s, ls = cell_lines(cv, part, size if k == 0 else size - 1.5, role, widths[j] - 2 * pad, 2)
                lines += [(line, s, k) for line in ls]
            cells.append(lines)
        h = max(min_h, max(sum(s * 1.3 for _, s, _ in ls) for ls in cells) + 2 * pad)
        for j, lines in enumerate(cells):
            yy = y + (h - sum(s * 1.3 for _, s, _ in lines)) / 2
            for line, s, k in lines:
                yy += s * 1.3
                cv.text(xs[j] + pad, yy - s * 0.3, line, s, role, color=None if k == 0 else (90, 90, 90))
        for x in xs:
            cv.line(x, y, x, y + h)
        y += h
        cv.line(xs[0], y, xs[-1], y)
    return y


# ------------------------------------------------------------------------ list_merged_credit


def plan_merged_list(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.list_context(g, rng, ctx)
    w = _words()["merged_list"]
    years = ctx["years"]
    c["heading"] = rng.choice(w["titles"])
    c["year_label"], c["year_value"] = rng.choice(w["year_box"]), _span(years)
    c["titles"] = {k: rng.choice(v) for k, v in w["columns"].items()}
    c["total_word"], c["signer"] = rng.choice(w["total"]), rng.choice(w["signers"])
    # the year only in the box; a list of two years (LIST_MIXED_YEARS) prints it in the dates too
    c["date_fmt"] = rng.choice(("{mm}.{dd}", "{m}月{d}日", "{mm}-{dd}")) if len(years) == 1 else "{y}.{mm}.{dd}"
    c["cats"] = {cat: g.category(cat) for cat in _CATS}
    c["rows"] = [[[str(i)], [fmt_date(c["date_fmt"], _iso(r["date"]))], [r["project_title"], r["project_code"]],
                  [f"{c['cats'][r['category']]} {r['credits']:.1f}"], [r["mode"]]]
                 for i, r in enumerate(ctx["rows"], start=1)]
    return c


def draw_merged_list(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role, title = c["faces"]["body"], c["faces"]["title"]
    x0, x1 = 36.0, W - 36
    cv.text(W / 2, 0.065 * H, c["heading"], parts.fit(cv, c["heading"], 17, title, W - 200), title, "m")
    bx1, bx0 = x1, x1 - 84
    cv.rect(bx0, 0.065 * H + 8, bx1, 0.065 * H + 30, width=0.8)
    cv.text(bx0 - 6, 0.065 * H + 24, c["year_label"], 10, role, "r")
    cv.text((bx0 + bx1) / 2, 0.065 * H + 24, c["year_value"], parts.fit(cv, c["year_value"], 12, role, 78), role, "m")
    person = f"姓名{c['sep']}{c['name']}    身份证号{c['sep']}{c['id_number']}    单位{c['sep']}{c['unit']}"
    cv.text(x0, 0.065 * H + 48, person, parts.fit(cv, person, 9.5, role, x1 - x0), role)
    t = c["titles"]
    ws = [28, 62, 250, 112, 0]
    ws[-1] = (x1 - x0) - sum(ws)
    xs = parts.edges(x0, ws)
    y = 0.065 * H + 58
    heads = [t["seq"], t["date"], t["title_code"], t["cat_credits"], t["mode"]]
    cv.rect(x0, y, x1, y + 22, width=0.8, fill=_SHADE)
    for j, head in enumerate(heads):
        cv.text((xs[j] + xs[j + 1]) / 2, y + 15, head, parts.fit(cv, head, 9.5, role, ws[j] - 4), role, "m")
        cv.line(xs[j], y, xs[j], y + 22)
    cv.line(x1, y, x1, y + 22)
    y = _stack_grid(cv, x0, y + 22, ws, c["rows"], 9.5, role)
    s = c["sums"]
    cv.rect(x0, y, x1, y + 22, width=0.8)
    cv.text(xs[2] - 6, y + 15, c["total_word"], 10, role, "r")
    cv.text(xs[3] + 4, y + 15, f"{s['total']:.1f}", 10, role)
    y += 40
    tally = "；".join(f"{c['cats'][cat]} {fmt_credits(s[cat])}" for cat in _CATS)
    cv.text(x0, y, f"其中：{tally}", parts.fit(cv, f"其中：{tally}", 9.5, role, x1 - x0), role)
    cv.text(x0, y + 30, c["signer"], 10, role)
    cv.text(0.62 * W, y + 30, "单位（盖章）：", 10, role)


# -------------------------------------------------------------------------- sh_verify_ticked


def plan_ticked(g: Grammar, rng: random.Random, ctx: dict) -> dict:
    c = parts.list_context(g, rng, ctx)
    w = _words()["sh_ticked"]
    c["heading"] = rng.choice(w["titles"])
    c["person"] = list(zip(w["person"], [ctx["name"], ctx["id_number"], ctx["unit"], _span(ctx["years"])]))
    c["titles"] = {k: rng.choice(v) for k, v in w["columns"].items()}
    c["order"] = rng.choice((["seq", "project_code", "title_org", "date", "level", "credits", "check"],
                             ["seq", "date", "project_code", "title_org", "level", "credits", "check"]))
    c["mark"] = rng.choice(w["marks"])
    c["levels"] = {cat: g.level(cat) for cat in _CATS}
    c["date_fmt"] = rng.choice(("{y}年{mm}月{dd}日", "{y}.{m}.{d}", "{y}-{mm}-{dd}"))
    total = sum(r["credits"] for r in ctx["rows"])
    c["count"] = rng.choice(w["count"]).format(n=len(ctx["rows"]), t=fmt_credits(total))
    return c


_TW = {"seq": 26, "project_code": 118, "title_org": 196, "date": 80, "level": 68, "credits": 36, "check": 34}


def draw_ticked(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role, title = c["faces"]["body"], c["faces"]["title"]
    x0, x1 = 34.0, W - 34
    cv.text(W / 2, 0.07 * H, c["heading"], parts.fit(cv, c["heading"], 16, title, x1 - x0), title, "m")
    # the person: labels over values
    pw = [0.16, 0.30, 0.40, 0.14]
    xs = parts.edges(x0, [p * (x1 - x0) for p in pw])
    y = 0.07 * H + 16
    for j, (label, value) in enumerate(c["person"]):
        cv.rect(xs[j], y, xs[j + 1], y + 18, width=0.7, fill=_SHADE)
        cv.text((xs[j] + xs[j + 1]) / 2, y + 13, label, 9.5, role, "m")
        cv.rect(xs[j], y + 18, xs[j + 1], y + 40, width=0.7)
        cv.text(xs[j] + 4, y + 33, value, parts.fit(cv, value, 10, role, xs[j + 1] - xs[j] - 8), role)
    y += 54
    order = c["order"]
    ws = [_TW[k] for k in order]
    k = (x1 - x0) / sum(ws)
    ws = [x * k for x in ws]
    xs = parts.edges(x0, ws)
    t = c["titles"]
    cv.rect(x0, y, x1, y + 24, width=0.8, fill=_SHADE)
    for j, key in enumerate(order):
        cv.text((xs[j] + xs[j + 1]) / 2, y + 16, t[key], parts.fit(cv, t[key], 9.5, role, ws[j] - 4), role, "m")
        cv.line(xs[j], y, xs[j], y + 24)
    cv.line(x1, y, x1, y + 24)
    rows = []
    for i, r in enumerate(c["rows_in"], start=1):
        cell = {"seq": [str(i)], "project_code": [r["project_code"]],
                "title_org": [r["project_title"], r.get("organizer", "")],
                "date": [fmt_date(c["date_fmt"], _iso(r["date"]))], "level": [c["levels"][r["category"]]],
                "credits": [fmt_credits(r["credits"])], "check": [c["mark"]]}
        rows.append([cell[key] for key in order])
    y = _stack_grid(cv, x0, y + 24, ws, rows, 9.5, role)
    cv.text(x0, y + 22, c["count"], parts.fit(cv, c["count"], 10, role, x1 - x0), role)
    cv.text(0.55 * W, y + 50, "验证单位（盖章）：", 10, role)
    cv.text(x0, y + 50, "验证人：", 10, role)
    cv.text(x1, y + 78, "验证日期：      年    月    日", 10, role, "r")


PLANNERS = {"record_card": plan_card, "kv_ecert": plan_kv, "name_banner": plan_banner, "photo_right": plan_photo,
            "dark_sidebar": plan_sidebar, "sh_fill_sentence": plan_fill, "list_merged_credit": plan_merged_list,
            "sh_verify_ticked": plan_ticked}
DRAWERS = {"record_card": draw_card, "kv_ecert": draw_kv, "name_banner": draw_banner, "photo_right": draw_photo,
           "dark_sidebar": draw_sidebar, "sh_fill_sentence": draw_fill, "list_merged_credit": draw_merged_list,
           "sh_verify_ticked": draw_ticked}
