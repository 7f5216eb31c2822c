"""Page designs: where things go on each kind of page, drawn on a canvas.

Positions are fractions of the page so that the planner can place seals over
the organizer line and date without drawing anything (see :func:`seal_anchor`).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from samples.families.parts import wrap
from samples.textfmt import cn_date, cn_range, cn_upper_date, fmt_credits

CERT_TITLES = {
    "I类国家级": ["国家级继续医学教育项目学分证书", "国家级继续医学教育学分证书"],
    "I类省级": ["省级继续医学教育项目学分证书", "浙江省继续医学教育项目学分证书"],
    "II类": ["继续医学教育Ⅱ类学分证书", "浙江省继续医学教育电子学分证书"],
}
_BODY = {
    "I类国家级": ("{name}同志于{when}参加《{title}》（项目编号：{code}）学习，经考核合格，"
                 "授予国家级继续医学教育Ⅰ类学分{credits}分。"),
    "I类省级": ("{name}同志于{when}参加省级继续医学教育项目《{title}》（项目编号：{code}）学习，"
               "成绩合格，授予省级继续医学教育Ⅰ类学分{credits}分。"),
}

# where the seals go, as fractions of (width, height) of the upright page
SEAL_ANCHORS = {
    "paragraph": {"organizer": (0.70, 0.72), "cme_office": (0.27, 0.81)},
    "table": {"organizer": (0.68, 0.69), "cme_office": (0.30, 0.80)},
}


ORG_LINE_X = {"paragraph": (0.42, 13.0), "table": (0.45, 12.0)}  # start (fraction of W), font size pt


def seal_anchor(design: str, kind: str, size_pt: tuple[float, float], organizer: str = "") -> tuple[float, float]:
    """Centre for a seal: the organizer's over the end of the organizer line and the date.

    The interface between page designs and seal styles (samples/seals.py, samples/seal_styles.py):
    a design family's seal spots are data in samples/config/families.yaml."""
    if not design.startswith("cert_"):
        from samples import families

        return families.anchor(design, kind, size_pt)
    layout = "table" if design.startswith("cert_class2") else "paragraph"
    fx, fy = SEAL_ANCHORS[layout][kind]
    if kind == "organizer" and organizer:
        x0, size = ORG_LINE_X[layout]
        size *= text_scale(size_pt)
        return x0 * size_pt[0] + size * (5 + len(organizer)) * 0.72, fy * size_pt[1]
    return fx * size_pt[0], fy * size_pt[1]


def text_scale(size_pt: tuple[float, float]) -> float:
    """Font scale of a page design: 1 on A4, smaller on A5."""
    return max(0.7, min(1.0, min(size_pt) / 595.0))


def draw_certificate_paragraph(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    k = text_scale((W, H))
    f = c["fields"]
    title_role, body_role = c["family"]
    d0 = dt.date.fromisoformat(f["date"])
    bc = tuple(c["border_color"])
    m = 0.04 * W
    cv.rect(m, m, W - m, H - m, width=3.0 * k, color=bc)
    cv.rect(m + 6 * k, m + 6 * k, W - m - 6 * k, H - m - 6 * k, width=0.8, color=bc)
    cv.text(W / 2, 0.17 * H, c["title"], (0.045 * min(W, 1.3 * H) if W < H else 30) * k, title_role, "m")
    cv.text(W - 0.12 * W, 0.25 * H, f"证书编号：{f['certificate_no']}", 11 * k, "sans", "r")
    body = _BODY[f["category"]].format(name=f["name"], when=cn_range(d0, c["days"]), title=f["project_title"],
                                       code=f["project_code"], credits=fmt_credits(f["credits"]))
    size = 15.0 * k
    x0, width = 0.12 * W, 0.76 * W
    y = 0.33 * H
    for i, line in enumerate(wrap(cv, body, size, body_role, width, 2 * size)):
        cv.text(x0 + (2 * size if i == 0 else 0), y, line, size, body_role)
        y += size * 1.9
    cv.text(0.14 * W, 0.58 * H, f"学习形式：{f['mode']}", 13 * k, body_role)
    cv.text(0.42 * W, 0.70 * H, f"主办单位：{f['organizer']}", 13 * k, body_role)
    end = d0 + dt.timedelta(days=max(0, c["days"] - 1))
    issued = cn_upper_date(end) if c.get("issue_style") == "upper" else cn_date(end)
    cv.text(0.55 * W, 0.70 * H + 26 * k, issued, 13 * k, body_role)
    if f["category"] != "II类":
        cv.text(0.12 * W, 0.78 * H, "学分验证：", 12 * k, body_role)


def draw_certificate_table(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    f = c["fields"]
    title_role, body_role = c["family"]
    cv.text(W / 2, 0.12 * H, c["title"], 24, title_role, "m")
    cv.text(W / 2, 0.16 * H, "（浙江省卫生健康委医学教育信息服务平台）", 11, "sans", "m")
    d0 = dt.date.fromisoformat(f["date"])
    rows = [("姓名", f["name"]), ("项目名称", f["project_title"]), ("项目编号", f["project_code"]),
            ("学分类别", "Ⅱ类"), ("学分", fmt_credits(f["credits"])),
            ("日期", d0.isoformat() if c.get("date_style") == "iso" else cn_date(d0)),
            ("学习形式", f["mode"]), ("主办单位", f["organizer"]), ("证书编号", f["certificate_no"])]
    x0, x1, xl = 0.12 * W, 0.88 * W, 0.34 * W
    y, rh = 0.22 * H, 34.0
    cv.line(x0, y, x1, y)
    for label, value in rows:
        cv.text(x0 + 10, y + rh * 0.65, label, 13, body_role)
        cv.text(xl + 10, y + rh * 0.65, value, 13, body_role)
        y += rh
        cv.line(x0, y, x1, y)
    cv.line(x0, 0.22 * H, x0, y)
    cv.line(xl, 0.22 * H, xl, y)
    cv.line(x1, 0.22 * H, x1, y)
    cv.text(0.45 * W, 0.66 * H, f"发证单位：{f['organizer']}", 12, body_role)
    cv.text(0.55 * W, 0.66 * H + 24, cn_date(d0), 12, body_role)
    if hasattr(cv, "blocks"):
        cv.blocks(0.12 * W, 0.64 * H, 3.0, np.asarray(c["qr"], dtype=bool))


_LIST_COLS = [("序号", 30), ("日期", 66), ("项目编号", 112), ("项目名称", 172), ("学分类别", 62),
              ("学分", 38), ("学习形式", 55)]


def draw_annual_list(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    years = c["years"]
    ytxt = f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"
    cv.text(W / 2, 0.07 * H, f"{ytxt}年度继续医学教育学分登记表", 17, "sans_bold", "m")
    cv.text(30, 0.11 * H, f"姓名：{c['name']}", 10.5, "sans")
    cv.text(140, 0.11 * H, f"身份证号：{c['id_number']}", 10.5, "sans")
    cv.text(330, 0.11 * H, f"单位：{c['unit']}", 10.5, "sans")
    x, y, rh = 30.0, 0.13 * H, 22.0
    xs = [x]
    for _, w in _LIST_COLS:
        xs.append(xs[-1] + w)
    cv.line(xs[0], y, xs[-1], y)
    for (label, _), cx in zip(_LIST_COLS, xs):
        cv.text(cx + 3, y + 15, label, 9.5, "sans")
    y += rh
    cv.line(xs[0], y, xs[-1], y)
    for r in c["rows"]:
        vals = [str(r["seq"]), r["date"], r["project_code"], r["project_title"], r["category"],
                fmt_credits(r["credits"]), r["mode"]]
        for v, cx in zip(vals, xs):
            cv.text(cx + 3, y + 15, v, 9.0, "sans")
        y += rh
        cv.line(xs[0], y, xs[-1], y)
    for cx in xs:
        cv.line(cx, 0.13 * H, cx, y)
    sums = c["sums"]
    cv.text(30, y + 22, f"合计：{fmt_credits(sums['total'])}分（I类国家级 {fmt_credits(sums['I类国家级'])} 分，"
            f"I类省级 {fmt_credits(sums['I类省级'])} 分，II类 {fmt_credits(sums['II类'])} 分）", 10, "sans")
    cv.text(30, H - 40, "浙江省卫生健康委医学教育信息服务平台", 9, "sans")
    cv.text(W - 30, H - 40, f"打印日期：{c['print_date']}", 9, "sans", "r")


def draw_registration_form(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role = c["family"][1]
    cv.text(W / 2, 0.07 * H, "温州市卫生系统中高级卫生技术人员", 16, c["family"][0], "m")
    cv.text(W / 2, 0.07 * H + 24, "继续医学教育学分登记汇总表", 16, c["family"][0], "m")
    x0, x1 = 40.0, W - 40
    y = 0.14 * H
    cv.text(x0, y, f"姓名：{c['name']}", 12, role)
    cv.text(0.40 * W, y, f"性别：{c['gender']}", 12, role)
    cv.text(0.62 * W, y, f"出生年月：{c['birth']}", 12, role)
    y += 26
    cv.text(x0, y, f"现从事专业：{c['specialty']}", 12, role)
    cv.text(0.50 * W, y, f"专业职称：{c['title_level']}", 12, role)
    y += 26
    cv.text(x0, y, f"所在单位名称：{c['unit']}", 12, role)
    y += 26
    cv.text(x0, y, f"学员身份证号码：{c['id_number']}", 12, role)
    y += 22
    cv.text(x0, y + 16, "各年度获得学分汇总：", 12, role)
    y += 26
    cols = [("年度", 80), ("I类国家级", 95), ("I类省级", 95), ("II类", 95), ("合计", 80)]
    xs = [x0]
    for _, w in cols:
        xs.append(xs[-1] + w)
    top, rh = y, 28.0
    cv.line(xs[0], y, xs[-1], y)
    for (label, _), cx in zip(cols, xs):
        cv.text(cx + 6, y + 19, label, 11.5, role)
    y += rh
    cv.line(xs[0], y, xs[-1], y)
    for row in c["rows"] + [c["total_row"]]:
        for v, cx in zip(row, xs):
            cv.text(cx + 6, y + 19, v, 11.5, role)
        y += rh
        cv.line(xs[0], y, xs[-1], y)
    for cx in xs:
        cv.line(cx, top, cx, y)
    y += 40
    for label in ("医疗卫生机构审核意见", "县（市、区）卫健局审核意见", "市继续医学教育委员会审核意见"):
        cv.rect(x0, y, x1, y + 70, width=0.8)
        cv.text(x0 + 8, y + 22, label, 11, role)
        cv.text(x1 - 12, y + 60, "盖章    年    月    日", 11, role, "r")
        y += 70


def draw_other(cv, c: dict) -> None:
    W, H = cv.w_pt, cv.h_pt
    role = c["family"][1]
    if c["variant"] == "cover":
        cv.text(W / 2, 0.30 * H, "继续医学教育学分审核材料", 28, c["family"][0], "m")
        cv.text(0.25 * W, 0.50 * H, f"姓    名：{c['name']}", 16, role)
        cv.text(0.25 * W, 0.50 * H + 36, f"工作单位：{c['unit']}", 16, role)
        cv.text(0.25 * W, 0.50 * H + 72, f"审核年度：{c['years']}", 16, role)
        return
    cv.text(W / 2, 0.10 * H, "承  诺  书", 22, c["family"][0], "m")
    text = (f"本人{c['name']}，身份证号码{c['id_number']}，工作单位{c['unit']}。本人承诺所提供的继续医学教育"
            "学分证书、年度学分登记表等材料均真实有效，如有造假或经他人举报而影响职称晋升的，一切后果自负。")
    y = 0.18 * H
    for i, line in enumerate(wrap(cv, text, 14, role, 0.76 * W, 28)):
        cv.text(0.12 * W + (28 if i == 0 else 0), y, line, 14, role)
        y += 30
    cv.text(0.55 * W, 0.60 * H, "承诺人签名：", 14, role)
    cv.text(0.55 * W, 0.60 * H + 34, "2023年  月  日", 14, role)


def draw_page(cv, kind: str, design: str, content: dict) -> None:
    if "design_family" in content:  # a design family of samples/families/
        from samples import families

        families.draw(cv, content)
    elif kind == "certificate" or (kind == "unreadable" and design.startswith("cert")):
        if design.startswith("cert_class2"):
            draw_certificate_table(cv, content)
        else:
            draw_certificate_paragraph(cv, content)
    elif kind == "annual_list":
        draw_annual_list(cv, content)
    elif kind == "registration_form":
        draw_registration_form(cv, content)
    elif kind == "other":
        draw_other(cv, content)
