"""Design families: a grammar of certificate and list layouts (issue 14).

A *family* is one layout structure (a paragraph body, a cell grid, a system e-certificate,
a landscape card, Shanghai's 验证表 …); ``samples/config/families.yaml`` lists them, says
which categories each can carry and where its seals go, and splits them into
``development`` and ``heldout``. Within a family the grammar (:mod:`samples.families.grammar`)
varies label words, separators, field order, date roles and formats, numbers and faces.

Each family has a *planner* (``plan(g, rng, ctx) -> content``: every string the page will
print, decided before drawing, so truth can state it) and a *drawer*
(``draw(cv, content)``), in :mod:`~samples.families.body` (paragraph-like),
:mod:`~samples.families.cells` (cells, forms, e-certificates) and
:mod:`~samples.families.lists` (annual lists), :mod:`~samples.families.sheets` (held out in session 7),
:mod:`~samples.families.folios` and :mod:`~samples.families.ledgers` (held out in session 8),
:mod:`~samples.families.vouchers` (held out in session 9), :mod:`~samples.families.scrolls` (held out in session 10),
:mod:`~samples.families.plates` (held out in session 11),
:mod:`~samples.families.stacks` (held out in session 13),
:mod:`~samples.families.tiles` (held out since session 15),
:mod:`~samples.families.blocks` (lists printed as blocks of lines, development since session 14). The classic designs stay in
``samples/designs.py`` unchanged; ``classic`` selects exactly them.

Design names (``scan.design``) of the new families are ``<family>_<p|l|a5|m>`` (m: a phone screenshot, s: a narrow slip);
:func:`family_of` maps any design back to its family.
"""

from __future__ import annotations

import random
from functools import cache

from samples import config

# phone: a screenshot of a phone app (about 9:19.5), as an office receives e-certificates forwarded
# slip: a hospital system's narrow printed slip (105 mm wide), as a receipt printer gives it
SIZES = {"portrait": (595.0, 842.0), "landscape": (842.0, 595.0), "a5": (595.0, 420.0), "phone": (360.0, 780.0),
         "slip": (298.0, 640.0)}
SIZE_TAG = {"portrait": "p", "landscape": "l", "a5": "a5", "phone": "m", "slip": "s"}
SELECTIONS = ("classic", "dev", "heldout", "all")


@cache
def table() -> dict:
    return config.load("families")


def spec(family: str) -> dict:
    return table()["families"][family]


def split_of(family: str) -> str:
    t = table()
    for side in ("development", "heldout"):
        if family in t[side]["certificates"] or family in t[side]["lists"]:
            return side
    raise KeyError(f"family {family!r} is in neither split of samples/config/families.yaml")


def selected(selection: str, kind: str) -> list[str]:
    """Family names of ``kind`` (certificates | lists) in ``selection`` (classic | dev | heldout | all)."""
    t = table()
    if selection not in SELECTIONS:
        raise ValueError(f"--families {selection!r}: choose one of {', '.join(SELECTIONS)}")
    if selection == "classic":
        want = "certificate" if kind == "certificates" else "list"
        return [f for f in t["classic"] if spec(f)["kind"] == want]
    sides = {"dev": ["development"], "heldout": ["heldout"], "all": ["development", "heldout"]}[selection]
    return [f for side in sides for f in t[side][kind]]


def family_of(design: str) -> str:
    """The family of a ``scan.design`` (classic designs included)."""
    design = design.removesuffix("_destroyed")
    if design.startswith("cert_class2"):
        return "classic_table"
    if design.startswith("cert_"):
        return "classic_paragraph"
    if design in ("list_scan", "list_digital"):
        return "zhejiang_list"
    for name in sorted(table()["families"], key=len, reverse=True):
        if design == name or design.startswith(name + "_"):
            return name
    raise KeyError(f"no design family for design {design!r}")


def is_classic(design: str) -> bool:
    return spec(family_of(design))["module"] == "classic"


def certificate_family(rng: random.Random, selection: str, category: str, setting: str) -> str:
    """Pick a certificate family of the selection that can carry ``category`` in ``setting``.

    A setting's own families (Shanghai's 市级 certificates) take the categories they carry;
    other categories fall to the families open to any setting. An own family with ``own_share``
    below 1 (families.yaml) takes only that share, the rest falls to the families open to any
    setting (which print the setting's wording: 市级, ``(沪)`` codes, 沪继教 numbers).
    """
    names = selected(selection, "certificates")
    own = [f for f in names if spec(f)["setting"] == setting and category in spec(f)["categories"]]
    share = min((spec(f).get("own_share", 1.0) for f in own), default=1.0)
    if own and (share >= 1.0 or rng.random() < share):
        return rng.choice(own)
    pool = [f for f in names if spec(f)["setting"] == "any" and category in spec(f)["categories"]]
    if not pool:
        raise ValueError(f"no certificate family in {selection!r} carries {category}")
    return rng.choice(pool)


def list_family(rng: random.Random, selection: str, setting: str) -> str:
    names = [f for f in selected(selection, "lists") if spec(f)["setting"] == setting]
    if not names:
        raise ValueError(f"no list family in {selection!r} for the {setting} setting")
    return rng.choice(names)


def anchor(design: str, kind: str, size_pt: tuple[float, float]) -> tuple[float, float]:
    """Seal centre for a new family's design: data in families.yaml (fractions of the page)."""
    fx, fy = spec(family_of(design))["seals"][kind]
    return fx * size_pt[0], fy * size_pt[1]


def classic_dates(design: str, content: dict) -> list[dict]:
    """The dates a classic design prints, with their roles (as samples/designs.py draws them)."""
    import datetime as dt

    from samples.textfmt import cn_date, cn_range, cn_upper_date

    f = content["fields"]
    d0 = dt.date.fromisoformat(f["date"])
    if design.startswith("cert_class2"):
        text = d0.isoformat() if content.get("date_style") == "iso" else cn_date(d0)
        return [{"role": "activity", "date": d0.isoformat(), "text": text},
                {"role": "issue", "date": d0.isoformat(), "text": cn_date(d0)}]
    days = content["days"]
    end = d0 + dt.timedelta(days=max(0, days - 1))
    act = {"role": "activity", "date": d0.isoformat(), "text": cn_range(d0, days)}
    if days > 1:
        act["end"] = end.isoformat()
    issued = cn_upper_date(end) if content.get("issue_style") == "upper" else cn_date(end)
    return [act, {"role": "issue", "date": end.isoformat(), "text": issued}]


def _modules() -> dict:
    from samples.families import blocks, body, cells, folios, ledgers, lists, plates, scrolls, sheets, stacks, tiles, vouchers

    return {"body": body, "cells": cells, "lists": lists, "sheets": sheets, "folios": folios, "ledgers": ledgers,
            "vouchers": vouchers, "scrolls": scrolls, "plates": plates, "stacks": stacks,
            "blocks": blocks, "tiles": tiles}


def plan(family: str, g, rng: random.Random, ctx: dict) -> dict:
    """Content of one page of ``family`` (strings to print, truth extras); see the modules."""
    mod = _modules()[spec(family)["module"]]
    g.split = split_of(family)  # a held-out family's page may use the held-out vocabulary
    content = mod.PLANNERS[family](g, rng, ctx)
    content["design_family"] = family
    return content


def draw(cv, content: dict) -> None:
    family = content["design_family"]
    _modules()[spec(family)["module"]].DRAWERS[family](cv, content)
