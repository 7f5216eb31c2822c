"""Seal styles (families) from ``samples/config/seals.yaml``, and the styled seal of a page.

A style is shape x authority x text set, e.g. ``cme_round_star_office`` (a round CME office
seal with a star, "浙江省继续医学教育委员会办公室" over "学分验证章") or ``org_oval_office``
(an organizer's oval seal). Each style is ``dev`` or ``heldout``; ``--seals dev|heldout|all``
draws every seal of a set from that side of the split (``classic``: today's two seals, this
module unused).

Choices and why:

* A styled seal *restyles* the classic seal the planner already placed: it keeps the classic
  seal's place, ink colour, strength, double strike and cut-off, and draws everything else
  (style, texts, size, angle, look) from the set's own seal stream (``"{seed}:seals"``). So
  ``--seals classic`` output stays byte-identical, and the same seed gives the same pages,
  records and defects under every ``--seals``: only the seals differ (a before/after pair).
* The 落地章's office follows the setting (``settings`` by ``--policy``): mostly the home
  office (浙江省 / 温州市; 上海市 in Shanghai), otherwise the province where the project was
  held (the organizer's, ``organizer_regions``), else any region. Truth's ``province`` says
  whose office it is, so a policy can check it.
* Authority is never given away by shape: both authorities come in round (with and without a
  star), oval, rectangular and bar forms, single and double ring, on both sides of the split.
"""

from __future__ import annotations

import random
from functools import cache

from samples import config
from samples.fonts import FONTS
from samples.seals import SealLook, SealSpec

SPLITS = ("classic", "dev", "heldout", "all")


@cache
def catalogue() -> dict:
    """The parsed ``samples/config/seals.yaml``."""
    return config.load("seals")


def styles(split: str, kind: str | None = None) -> list[dict]:
    """The styles of ``split`` (``dev``, ``heldout`` or ``all``), of one authority if ``kind``."""
    if split not in ("dev", "heldout", "all"):
        raise ValueError(f"--seals {split!r}: choose one of {', '.join(SPLITS)}")
    return [s for s in catalogue()["styles"]
            if (split == "all" or s["split"] == split) and (kind is None or s["kind"] == kind)]


def style(name: str) -> dict:
    for s in catalogue()["styles"]:
        if s["name"] == name:
            return s
    raise KeyError(f"no seal style {name!r} in samples/config/seals.yaml")


def resolve_split(seals: str | None, families: str | None = None) -> str:
    """The seal split of a run: ``--seals`` when given; else it follows ``--families``
    (dev / heldout / all), else ``classic``."""
    if seals is not None:
        if seals not in SPLITS:
            raise ValueError(f"--seals {seals!r}: choose one of {', '.join(SPLITS)}")
        return seals
    return families if families in ("dev", "heldout", "all") else "classic"


def _province_of(region: str) -> str:
    for r in catalogue()["regions"]:
        if region == r["province"] or region in r.get("cities", []):
            return r["province"]
    raise KeyError(f"region {region!r} is not in seals.yaml `regions`")


def organizer_province(organizer: str) -> str | None:
    """The province an organizer is in, by the first keyword of ``organizer_regions`` it contains."""
    for entry in catalogue()["organizer_regions"]:
        if any(k in organizer for k in entry["keys"]):
            return entry["province"]
    return None


def province_mismatch(policy: str, category: str | None, organizer: str, seals: list[SealSpec]) -> bool:
    """Truth's STAMP_PROVINCE_MISMATCH: in a setting whose policy checks the 落地章's province
    (``settings.<policy>.province_check``: the categories), a certificate whose CME office seals all
    come from another province than the one the project was held in (its organizer's,
    :func:`organizer_province`). No flag where the organizer's province is unknown or no office
    seal is on the page (that is CME_STAMP_MISSING's case)."""
    cat = catalogue()
    setting = cat["settings"].get(policy, cat["settings"]["default"])
    if category not in (setting.get("province_check") or []):
        return False
    held = organizer_province(organizer)
    offices = {s.province for s in seals if s.kind == "cme_office" and s.province}
    return held is not None and bool(offices) and held not in offices


def office_region(rng: random.Random, policy: str, organizer: str) -> str:
    """The region whose CME office stamps the 落地章 (a region or city name of ``regions``)."""
    cat = catalogue()
    setting = cat["settings"].get(policy, cat["settings"]["default"])
    if rng.random() < setting["home_p"]:
        return rng.choice(setting["home"])
    held = organizer_province(organizer)
    if held is None or rng.random() < 0.3:
        held = rng.choice(cat["regions"])["province"]
    entry = next(r for r in cat["regions"] if r["province"] == held)
    if entry.get("cities") and rng.random() < 0.35:
        return rng.choice(entry["cities"])
    return held


def _any_region(rng: random.Random) -> str:
    """Any region of ``regions``, a province or one of its cities."""
    entry = rng.choice(catalogue()["regions"])
    return rng.choice([entry["province"], *entry.get("cities", [])])


def _serial(rng: random.Random) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(13))


def make_look(rng: random.Random, st: dict, *, bw: bool = False) -> SealLook:
    cat = catalogue()
    form = st["form"]
    star = st.get("star", False)
    if star == "maybe":
        star = rng.random() < 0.5
    faces = cat["fonts"][st["split"]]  # every name, installed or not: a seed plans alike everywhere
    unknown = [f for f in faces if f not in FONTS]
    if unknown:
        raise KeyError(f"seals.yaml fonts {unknown} are not faces of samples/fonts.py")
    rings = st.get("rings", 1)
    if rings == "maybe":
        rings = rng.choice((1, 2))
    look = SealLook(form=form, rings=int(rings), star=bool(star), font=rng.choice(faces),
                    border=round(rng.uniform(*st.get("border_frac", cat["border_frac"])), 4),
                    text_scale=round(rng.uniform(*cat["ring_text_scale"]), 3))
    if form in ("round", "oval"):
        look.span = round(rng.uniform(*st.get("ring_span_deg", cat["ring_span_deg"][form])), 1)
        look.offset = round(rng.uniform(-cat["ring_offset_deg"], cat["ring_offset_deg"]), 1)
    look.squash = round(rng.uniform(0.72, 1.0), 3) if rng.random() < 0.5 else 1.0
    if rng.random() < st.get("serial", 0.0):
        look.serial = _serial(rng)
    if not bw and rng.random() < cat["gradient_p"]:
        look.gradient = (round(rng.uniform(0, 360), 1), round(rng.uniform(0.25, 0.55), 2))
    if bw:  # a bw scanner's threshold eats thin strokes: red ink scans as solid black
        look.stroke = cat["bw_stroke"]
    if "centre_lines" in st:  # a style whose centre always runs over that many lines (session 10)
        look.centre_lines = int(st["centre_lines"])
    # session 14: a band across the middle (two parallel lines, the centre text between), or every text in
    # straight lines inside the outline (no ring text); drawn only for styles that have the keys
    if "band_p" in st and rng.random() < st["band_p"]:
        look.band = True
    if "lines_p" in st and rng.random() < st["lines_p"]:
        look.layout = "lines"
    return look


def _size(rng: random.Random, form: str, own: list | None = None) -> tuple[float, float]:
    """A seal's size (points): the form's ranges of ``size_pt``, or a style's own (``size_pt`` in the
    style: ovals flatter or rounder than the common ones, session 14)."""
    sz = own or catalogue()["size_pt"][form]
    if form == "round":
        d = round(rng.uniform(*sz[0]), 1)
        return d, d
    return round(rng.uniform(*sz[0]), 1), round(rng.uniform(*sz[1]), 1)


def seal_of_style(rng: random.Random, st: dict, *, cx: float, cy: float, organizer: str = "",
                  policy: str = "default", region: str | None = None, bw: bool = False) -> SealSpec:
    """A seal of style ``st`` centred at (cx, cy): texts, size, angle and look drawn from ``rng``.
    An organizer seal's ring is ``organizer``; a CME office seal's region is ``region`` or the
    setting's choice (:func:`office_region`)."""
    cat = catalogue()
    texts = cat["text_sets"][st["texts"]]
    centre = rng.choice(texts["centre"])
    province = None
    if st["kind"] == "cme_office":
        if region is None and "region_any_p" in st and rng.random() < st["region_any_p"]:
            region = _any_region(rng)  # a style stamped by offices of any region (session 14)
        region = region or office_region(rng, policy, organizer)
        ring = rng.choice(texts["ring"]).format(region=region)
        province = _province_of(region)
    elif "ring" in texts:  # a ring of its own (an English one): the organizer's name in the centre
        ring = rng.choice(texts["ring"])
        centre = centre.format(organizer=organizer)
    else:
        ring = organizer
    w, h = _size(rng, st["form"], st.get("size_pt"))
    if "angle_deg" in st:  # a style turned hard: |angle| in its own range, either way (session 10)
        lo, hi = st["angle_deg"]
        angle = round(rng.choice((-1, 1)) * rng.uniform(lo, hi), 2)
    else:
        lim = cat["angle_deg"][st["form"]]
        angle = round(rng.uniform(-lim, lim), 2)
    return SealSpec(kind=st["kind"], shape="rect" if st["form"] == "bar" else st["form"], cx=cx, cy=cy,
                    w=w, h=h, angle=angle, outer_text=ring, centre_text=centre,
                    look=make_look(rng, st, bw=bw), style=st["name"], province=province)


def _pick(rng: random.Random, split: str, kind: str, policy: str) -> dict:
    cat = catalogue()
    pool = styles(split, kind)
    weight = cat["settings"].get(policy, cat["settings"]["default"]).get("shape_weight", {})
    ws = [s.get("weight", 1.0) * (weight.get(s["form"], 1.0) if kind == "cme_office" else 1.0) for s in pool]
    return rng.choices(pool, weights=ws)[0]


def _strike(rng: random.Random, st: dict, base: SealSpec, bw: bool) -> tuple[float, tuple | None]:
    """The alpha and double strike of a restyled seal: the classic seal's, or a style's own
    (``pale_p``, ``double_p`` in seals.yaml, styles of session 9 and later) beyond the profile's
    (never pale in bw, where it would vanish). A style without them draws nothing here, so the
    other styles' seals are the same as before."""
    alpha, double = base.alpha, base.double
    if "pale_p" in st and rng.random() < st["pale_p"] and alpha > 0.5 and not bw:
        alpha = round(alpha * 0.5, 3)
    if "double_p" in st and rng.random() < st["double_p"] and double is None:
        double = (round(rng.uniform(-5, 5), 1), round(rng.uniform(2, 6), 1))
    return alpha, double


def restyle(rng: random.Random, seals: list[SealSpec], *, split: str, policy: str, organizer: str,
            page_size: tuple[float, float], bw: bool = False) -> list[SealSpec]:
    """The styled seals of a certificate whose classic seals are ``seals`` (same places, ink,
    double strikes and cut-offs; new style, texts, size, angle and look)."""
    out: list[SealSpec] = []
    org = next((s for s in seals if s.kind == "organizer"), None)
    W, H = page_size
    for base in seals:
        st = _pick(rng, split, base.kind, policy)
        cx, cy = base.cx, base.cy
        over_p = st.get("over_text_p", catalogue()["over_text_p"])
        over = base.kind == "cme_office" and org is not None and rng.random() < over_p
        new = seal_of_style(rng, st, cx=cx, cy=cy, organizer=organizer, policy=policy, bw=bw)
        alpha, double = _strike(rng, st, base, bw)
        new.double = double if double != base.double else None  # a new double strike counts in the box
        if over:  # partly over the organizer line and the date, beside the organizer's seal
            new.cx = org.cx - org.w * rng.uniform(0.75, 1.05)
            new.cy = org.cy + org.h * rng.uniform(-0.15, 0.3)
        cut = base.kind == "organizer" and base.cx + base.w * 0.45 > W  # the classic seal runs off
        hw, hh = (v / 2 + 4 for v in (new.bbox()[2] - new.bbox()[0], new.bbox()[3] - new.bbox()[1]))
        edge = "edge_p" in st and rng.random() < st["edge_p"]
        if edge:  # stamped over the sheet's side edge: about half of it off the page (truth box clipped)
            new.cx = rng.choice((0.0, W)) + rng.uniform(-0.1, 0.1) * hw
        elif not cut:
            new.cx = min(max(new.cx, hw), W - hw)
        new.cy = min(max(new.cy, hh), H - hh)
        new.color, new.alpha, new.double = base.color, alpha, double
        if "inks" in st:  # a style's own ink (purple-red: a stamp pad going violet)
            new.color = tuple(rng.choice(st["inks"]))
        out.append(new)
    return out
