"""Seal styles of the sample generator (``--seals``): every style renders inside its box, truth
says kind / shape / text / province / style, both authorities in every shape, classic unchanged."""

from __future__ import annotations

import hashlib
import io
import re
import json
import random
from collections import Counter
from pathlib import Path

import cv2
import fitz
import numpy as np
import pytest
from PIL import Image

from samples import config as samples_config
from samples import seal_styles
from samples.generate import generate
from samples.plan import plan_set
from samples.scan import render_scan
from samples.seals import SealSpec, _seal_mask, seal_image

YEARS = list(range(2018, 2023))
ORGANIZERS = ("温州医科大学附属第一医院", "中华医学会", "浙江省护理学会", "复旦大学附属中山医院", "温州市卫生健康委员会")
CME_WORDS = ("继续医学教育", "继续教育")
# what an office seal says it does (the last four: held-out styles since session 8); organizers never
VALIDATES = ("验证", "审核", "登记", "审验", "核验", "确认", "认定")

# Digests of the generator before --seals existed (commit 783d88a), for `classic` regressions.
CLASSIC_TRUTH_SHA = "fe8c213ae94daee088c40e789f11ca701f2607da86b6c2b2fb564534206270d2"
CLASSIC_MASK_SHA = "cbe19ea40f118e4656044fca13f60d53220d1824854642ed3d0fdb0a1951daff"
CLASSIC_PAGES_SHA = "13a422af2925f65e51aa71e195b9d44c1f675b39b590ab68335b02a948cd9b71"


def red_of(arr: np.ndarray) -> np.ndarray:
    """Seal red by hue (OpenCV hue 0..180 wraps around 0), as tests/unit/test_generator.py."""
    hsv = cv2.cvtColor(np.ascontiguousarray(arr), cv2.COLOR_RGB2HSV).astype(int)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    return ((hue <= 8) | (hue >= 168)) & (sat > 25) & (val > 110)


def stamps_of(truth: dict):
    for a in truth["applicants"]:
        for d in a["documents"]:
            for p in d["pages"]:
                if p["kind"] == "certificate":
                    for s in p["certificate"]["stamps"]:
                        yield d["path"], p, s


@pytest.fixture(scope="module")
def dry_all(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("seals_all")
    return generate(out, seed=11, applicants=20, profile="realistic", years=YEARS, render=False, seals="all")


# --------------------------------------------------------------------------- the catalogue


def test_split_covers_every_form_for_both_authorities_on_both_sides() -> None:
    names = [s["name"] for s in seal_styles.styles("all")]
    assert len(names) == len(set(names))
    dev, held = seal_styles.styles("dev"), seal_styles.styles("heldout")
    assert {s["name"] for s in dev}.isdisjoint(s["name"] for s in held)
    assert len(dev) + len(held) == len(names)
    for side in (dev, held):
        for kind in ("cme_office", "organizer"):
            assert {s["form"] for s in side if s["kind"] == kind} == {"round", "oval", "rect", "bar"}, kind
            rounds = [s for s in side if s["kind"] == kind and s["form"] == "round"]
            assert any(s.get("star") in (True, "maybe") for s in rounds), (kind, "round with a star")
            assert any(s.get("star") in (False, "maybe") for s in rounds), (kind, "round without a star")
            assert any(s.get("rings") in (2, "maybe") for s in rounds), (kind, "double-ring round")
    with pytest.raises(ValueError):
        seal_styles.styles("classicx")


def test_split_resolution() -> None:
    assert seal_styles.resolve_split(None) == "classic"
    assert seal_styles.resolve_split(None, "heldout") == "heldout"
    assert seal_styles.resolve_split("dev", "heldout") == "dev"
    assert seal_styles.resolve_split(None, "classic") == "classic"
    with pytest.raises(ValueError):
        seal_styles.resolve_split("round")


@pytest.mark.parametrize("style", [s["name"] for s in seal_styles.styles("all")])
def test_every_style_renders_inside_its_box(style: str) -> None:
    st = seal_styles.style(style)
    for k in range(2):  # two draws of the style's random choices, the second as drawn for a bw scan
        rng = random.Random(f"{style}:{k}")
        spec = seal_styles.seal_of_style(rng, st, cx=200, cy=200, organizer=ORGANIZERS[k], policy="wenzhou-2023",
                                         bw=k == 1)
        assert (spec.look.stroke > 0) == (k == 1) and (k == 0 or spec.look.gradient is None)
        spec.alpha = 0.9
        img = np.asarray(seal_image(spec, 100 / 72, np.random.default_rng(k)))
        red = red_of(img)
        margin = 6 - 2  # seal_image pads the analytic box by 6 px; allow 2 px of antialiasing
        assert red.sum() > 0.03 * red.size, (style, "no ink")
        inside = np.zeros_like(red)
        inside[margin:-margin, margin:-margin] = True
        assert red[~inside].sum() <= 3, (style, k, int(red[~inside].sum()))
        # ink reaches the box on every side: the box is tight, not just large
        rows, cols = np.where(red)
        assert rows.min() <= 6 + 0.06 * red.shape[0] and rows.max() >= red.shape[0] - 7 - 0.06 * red.shape[0]
        assert cols.min() <= 6 + 0.06 * red.shape[1] and cols.max() >= red.shape[1] - 7 - 0.06 * red.shape[1]


def test_seal_texts_say_their_authority() -> None:
    for st in seal_styles.styles("all"):
        for k in range(4):
            rng = random.Random(f"text:{st['name']}:{k}")
            s = seal_styles.seal_of_style(rng, st, cx=0, cy=0, organizer=ORGANIZERS[k], policy="wenzhou-2023")
            if st["kind"] == "organizer":  # the ring names the organizer, or (a ring of its own) the centre
                named = s.centre_text if "ring" in seal_styles.catalogue()["text_sets"][st["texts"]] else s.outer_text
                assert named == ORGANIZERS[k] and s.province is None
                assert not any(v in s.centre_text for v in VALIDATES), s.centre_text
            else:
                assert s.province and s.province in s.outer_text or any(
                    s.outer_text.startswith(c) for r in seal_styles.catalogue()["regions"]
                    if r["province"] == s.province for c in r.get("cities", []))
                assert any(v in s.text() for v in VALIDATES), s.text()
            assert s.text().startswith(s.outer_text)


def test_office_region_follows_the_setting() -> None:
    rng = random.Random(3)
    sh = Counter(seal_styles.office_region(rng, "shanghai-2018", "复旦大学附属中山医院") for _ in range(400))
    assert sh.most_common(1)[0][0] == "上海市" and sh["上海市"] > 300
    far = Counter(seal_styles.office_region(rng, "shanghai-2018", "北京协和医院") for _ in range(400))
    assert far["北京市"] >= 30  # a project held in Beijing: sometimes Beijing's office stamps it
    wz = Counter(seal_styles._province_of(seal_styles.office_region(rng, "wenzhou-2023", "中华医学会"))
                 for _ in range(400))
    assert wz["浙江省"] > 300 and len(wz) > 2
    picks = Counter(seal_styles._pick(rng, "all", "cme_office", "shanghai-2018")["form"] for _ in range(400))
    assert picks["round"] > max(picks["oval"], picks["rect"], picks["bar"])  # Shanghai's seal is usually round


# ------------------------------------------------------------------------------ the truth


def test_truth_carries_text_province_shape_style(dry_all) -> None:
    known = {s["name"]: s for s in seal_styles.styles("all")}
    provinces = {r["province"] for r in seal_styles.catalogue()["regions"]}
    assert dry_all["generator"]["seals"] == "all"
    n = 0
    for _, page, s in stamps_of(dry_all):
        n += 1
        st = known[s["style"]]
        assert s["kind"] == st["kind"] and s["form"] == st["form"]
        assert s["shape"] == ("rect" if st["form"] == "bar" else st["form"])
        assert s["text"].startswith(s["ring_text"]) and s["ring_text"]
        if s["kind"] == "organizer":
            own_ring = "ring" in seal_styles.catalogue()["text_sets"][st["texts"]]
            named = s["centre_text"] if own_ring else s["ring_text"]
            assert named == page["certificate"]["organizer"] and s["province"] is None
        else:
            assert s["province"] in provinces
        x0, y0, x1, y1 = s["bbox"]
        assert x1 > x0 and y1 > y0
    assert n > 300


def test_both_authorities_in_every_shape(dry_all) -> None:
    seen = Counter((s["kind"], s["form"]) for _, _, s in stamps_of(dry_all))
    for kind in ("cme_office", "organizer"):
        for form in ("round", "oval", "rect", "bar"):
            assert seen[(kind, form)] >= 5, (kind, form, seen)
        stars = {s["star"] for _, _, s in stamps_of(dry_all) if s["kind"] == kind and s["form"] == "round"}
        assert stars == {True, False}, kind
    assert {s["rings"] for _, _, s in stamps_of(dry_all)} == {1, 2}
    assert len({s["province"] for _, _, s in stamps_of(dry_all) if s["kind"] == "cme_office"}) >= 4


def test_a_split_draws_only_its_styles_and_keeps_the_pages(tmp_path: Path) -> None:
    kw = {"seed": 6, "applicants": 4, "profile": "realistic", "years": [2021, 2022], "render": False}
    classic = generate(tmp_path / "c", **kw)
    held = generate(tmp_path / "h", seals="heldout", **kw)
    names = {s["name"] for s in seal_styles.styles("heldout")}
    assert {s["style"] for _, _, s in stamps_of(held)} <= names
    # the same pages, records, flags and seal counts: only the seals differ
    for name in ("persons.csv", "credits.csv"):
        assert (tmp_path / "c" / "records" / name).read_bytes() == (tmp_path / "h" / "records" / name).read_bytes()

    def strip(t: dict) -> dict:
        t = json.loads(json.dumps(t))
        t["generator"].pop("seals", None)
        for _, _, s in stamps_of(t):
            for k in list(s):
                if k != "kind":
                    del s[k]
        return t

    assert strip(classic) == strip(held)
    assert "seals" not in classic["generator"]


def test_seals_follow_the_design_families_unless_given(tmp_path: Path) -> None:
    kw = {"seed": 2, "applicants": 2, "profile": "realistic", "years": [2022], "render": False}
    held = generate(tmp_path / "h", families="heldout", **kw)
    assert held["generator"]["seals"] == "heldout"
    names = {s["name"] for s in seal_styles.styles("heldout")}
    assert {s["style"] for _, _, s in stamps_of(held)} <= names
    pinned = generate(tmp_path / "c", families="heldout", seals="classic", **kw)
    assert "seals" not in pinned["generator"]
    assert all(set(s) == {"kind", "bbox"} for _, _, s in stamps_of(pinned))


def test_shanghai_setting_stamps_shanghais_office(tmp_path: Path) -> None:
    truth = generate(tmp_path / "sh", seed=3, applicants=12, profile="realistic", policy="shanghai-2018",
                     families="heldout", render=False)
    cme = [s for _, _, s in stamps_of(truth) if s["kind"] == "cme_office"]
    provinces = Counter(s["province"] for s in cme)
    assert len(cme) >= 15 and provinces["上海市"] >= 0.6 * len(cme)
    assert all(s["ring_text"].startswith("上海市") for s in cme if s["province"] == "上海市")
    forms = Counter(s["form"] for s in cme)
    assert forms["round"] == max(forms.values())


def test_defects_keep_their_seals(dry_all) -> None:
    for a in dry_all["applicants"]:
        flagged = {(f["path"], f["page"]): f["code"] for f in a["flags"] if "page" in f}
        for d in a["documents"]:
            for p in d["pages"]:
                if p["kind"] != "certificate":
                    continue
                kinds = [s["kind"] for s in p["certificate"]["stamps"]]
                code = flagged.get((d["path"], p["page"]))
                if code == "STAMP_MISSING":
                    assert kinds == []
                elif code == "CME_STAMP_MISSING":
                    assert kinds == ["organizer"]


# ------------------------------------------------------------------------- rendered pages


def _page_image(out: Path, path: str, page: dict) -> tuple[np.ndarray, float]:
    full = out / "submissions" / path
    if full.suffix == ".pdf":
        doc = fitz.open(full)
        pg = doc[page["page"] - 1]
        data = doc.extract_image(pg.get_images()[0][0])["image"]
        img = Image.open(io.BytesIO(data)).convert("RGB")
        return np.asarray(img), img.width / pg.rect.width
    img = Image.open(full).convert("RGB")
    return np.asarray(img), page["scan"]["dpi"] / 72.0


def test_rendered_seal_boxes_cover_the_red_ink(tmp_path: Path) -> None:
    out = tmp_path / "r"
    truth = generate(out, seed=8, applicants=2, profile="realistic", years=[2022], max_certs_per_year=4,
                     max_dpi=100, seals="all")
    n = 0
    for a in truth["applicants"]:
        for d in a["documents"]:
            for page in d["pages"]:
                if page["kind"] != "certificate" or page["scan"]["color"] != "color":
                    continue
                arr, s = _page_image(out, d["path"], page)
                red = red_of(arr)
                inside = np.zeros_like(red)
                for st in page["certificate"]["stamps"]:
                    x0, y0, x1, y1 = (v * s for v in st["bbox"])
                    assert red[int(y0):int(np.ceil(y1)), int(x0):int(np.ceil(x1))].mean() > 0.02, st
                    inside[max(0, int(y0) - 3):int(np.ceil(y1)) + 3, max(0, int(x0) - 3):int(np.ceil(x1)) + 3] = True
                    n += 1
                assert red[~inside].sum() <= 0.01 * red.sum() + 3e-4 * red.size, (d["path"], page["page"])
    assert n >= 2


def test_styled_output_is_deterministic(tmp_path: Path) -> None:
    kw = {"seed": 9, "applicants": 1, "profile": "realistic", "years": [2022], "max_certs_per_year": 2,
          "max_dpi": 72, "seals": "heldout"}
    for name in ("a", "b"):
        generate(tmp_path / name, **kw)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert any(f.suffix in (".pdf", ".jpg", ".png") for f in files)
    for rel in files:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


# ------------------------------------------------------------------------------- classic


def test_classic_is_todays_output(tmp_path: Path) -> None:
    kw = {"seed": 5, "applicants": 3, "profile": "realistic", "years": [2021, 2022], "render": False}
    generate(tmp_path / "a", **kw)
    generate(tmp_path / "b", seals="classic", **kw)
    a, b = (tmp_path / x / "truth.json" for x in "ab")
    assert a.read_bytes() == b.read_bytes()
    assert hashlib.sha256(a.read_bytes()).hexdigest() == CLASSIC_TRUTH_SHA
    h = hashlib.sha256()
    for shape, w, hh in (("round", 118, 118), ("oval", 132, 88), ("rect", 155, 60)):
        s = SealSpec(kind="x", shape=shape, cx=0, cy=0, w=w, h=hh, angle=0,
                     outer_text="浙江省继续医学教育委员会办公室", centre_text="学分验证章")
        h.update(_seal_mask(s, 2.0).tobytes())
    assert h.hexdigest() == CLASSIC_MASK_SHA
    sp = plan_set(seed=5, applicants=3, profile="realistic", years=[2021, 2022], policy="wenzhou-2023",
                  max_certs_per_year=2, max_dpi=100)
    pages = [p for ap in sp.applicants for f in ap.files for p in f.pages if p.kind == "certificate" and p.seals]
    h = hashlib.sha256()
    for p in pages[:4]:
        h.update(render_scan(p).tobytes())
    assert h.hexdigest() == CLASSIC_PAGES_SHA


def test_every_organizer_the_generator_draws_has_a_province() -> None:
    """Truth's STAMP_PROVINCE_MISMATCH needs the project's province: an organizer without one
    (同济大学附属同济医院, session 11) took a 落地章 of any province with no flag in the truth, where
    the tool (rightly) flags a Shanghai project stamped in 长沙."""
    names: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            names.append(node)
        elif isinstance(node, list):
            for x in node:
                walk(x)
        elif isinstance(node, dict):
            for x in node.values():
                walk(x)

    voc = samples_config.vocab()
    walk([voc["organizers"], *(setting.get("organizers", {}) for setting in voc["settings"].values())])
    institutions = [n for n in names if re.search(r"[\u4e00-\u9fff]{4}", n)]
    assert institutions
    assert [n for n in institutions if seal_styles.organizer_province(n) is None] == []
