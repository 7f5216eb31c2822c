"""The sample generator: determinism, truth agreeing with records and with the pixels."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter, defaultdict
from pathlib import Path

import cv2
import fitz
import numpy as np
import pytest
from PIL import Image

from samples.generate import generate, parse_years

ALL_CODES = {"CERT_UNMATCHED", "RECORD_NO_CERT", "FIELD_MISMATCH", "ORDER_MISMATCH", "STAMP_MISSING",
             "CME_STAMP_MISSING", "DUPLICATE_CERT", "LIST_MIXED_YEARS", "LIST_MISSING", "PAGE_UNREADABLE",
             "FILE_INVALID", "APPLICANT_UNRESOLVED"}
RECORD_FLAGS = {"CERT_UNMATCHED", "FIELD_MISMATCH", "RECORD_NO_CERT"}
CERT_FIELDS = ("name", "project_code", "project_title", "category", "credits", "date", "mode", "organizer",
               "certificate_no")
YEARS = list(range(2018, 2023))


# ----------------------------------------------------------------------------- helpers


def gb11643_ok(id_number: str) -> bool:
    """Independent GB 11643 check (not the generator's code)."""
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    if len(id_number) != 18 or not id_number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(id_number[:17], weights))
    return "10X98765432"[total % 11] == id_number[17]


def read_csv(path: Path, encoding: str) -> list[dict]:
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.DictReader(fh))


def credits_by_id(out: Path, truth: dict) -> dict[str, dict]:
    rows = read_csv(out / "records" / "credits.csv", truth["generator"]["records_encoding"])
    return {r["记录编号"]: r for r in rows}


def record_as_fields(r: dict) -> dict:
    return {"name": r["姓名"], "project_code": r["项目编号"], "project_title": r["项目名称"],
            "category": r["学分类别"], "credits": float(r["学分"]), "date": r["日期"], "mode": r["学习形式"],
            "organizer": r["主办单位"], "certificate_no": r["证书编号"]}


def window_of(out: Path, truth: dict) -> dict[str, list[int]]:
    """Each person's audited years: the whole window, or its last four for a person promoted early."""
    persons = read_csv(out / "records" / "persons.csv", truth["generator"]["records_encoding"])
    years = truth["generator"]["years"]
    return {p["身份证号"]: years[-4:] if p["提前晋升"] == "是" else years for p in persons}


def pages_of(applicant: dict):
    for doc in applicant["documents"]:
        for page in doc["pages"]:
            yield doc["path"], page


def readable_pages(path: Path) -> int:
    """Pages pymupdf can open in ``path``; 0 for an empty, corrupt or non-PDF file."""
    try:
        doc = fitz.open(path)
    except (fitz.FileDataError, fitz.EmptyFileError):
        return 0
    return doc.page_count if doc.is_pdf else 0


def lis_length(seq: list) -> int:
    import bisect

    tails: list = []
    for x in seq:
        i = bisect.bisect_left(tails, x)
        if i == len(tails):
            tails.append(x)
        else:
            tails[i] = x
    return len(tails)


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def dry20(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("dry20")
    truth = generate(out, seed=11, applicants=20, profile="realistic", years=YEARS, render=False)
    return out, truth


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("rendered")
    truth = generate(out, seed=4, applicants=3, profile="realistic", years=[2021, 2022],
                     max_certs_per_year=3)
    return out, truth


# ------------------------------------------------------------------------------- tests


def test_parse_years() -> None:
    assert parse_years("2018-2022") == [2018, 2019, 2020, 2021, 2022]
    assert parse_years("2022") == [2022]
    assert parse_years("2021,2019") == [2019, 2021]


def test_same_seed_same_output_other_seed_differs(tmp_path: Path) -> None:
    kw = {"applicants": 2, "profile": "realistic", "years": [2022], "max_certs_per_year": 2}
    generate(tmp_path / "a", seed=3, **kw)
    generate(tmp_path / "b", seed=3, **kw)
    generate(tmp_path / "c", seed=4, render=False, **kw)
    generate(tmp_path / "d", seed=3, render=False, **kw)
    a, b = tmp_path / "a", tmp_path / "b"
    assert (a / "truth.json").read_bytes() == (b / "truth.json").read_bytes()
    assert (a / "truth.json").read_bytes() == (tmp_path / "d" / "truth.json").read_bytes()  # dry run agrees
    assert (a / "truth.json").read_bytes() != (tmp_path / "c" / "truth.json").read_bytes()
    for name in ("persons.csv", "credits.csv"):
        assert (a / "records" / name).read_bytes() == (b / "records" / name).read_bytes()
    files_a = sorted(p.relative_to(a) for p in (a / "submissions").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in (b / "submissions").rglob("*") if p.is_file())
    assert files_a == files_b and files_a
    for rel in files_a:
        assert hashlib.sha256((a / rel).read_bytes()).digest() == hashlib.sha256((b / rel).read_bytes()).digest(), rel


def test_records_encoding_follows_seed(tmp_path: Path) -> None:
    seen = {}
    for seed in (0, 1, 2):
        out = tmp_path / str(seed)
        truth = generate(out, seed=seed, applicants=1, profile="clean", years=[2022], render=False)
        enc = truth["generator"]["records_encoding"]
        raw = (out / "records" / "persons.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") == (enc == "utf-8-sig")
        text = raw.decode(enc)
        assert text.lstrip("\ufeff").startswith("身份证号,姓名,单位")
        seen[seed] = enc
    assert set(seen.values()) == {"utf-8", "utf-8-sig", "gbk"}


def test_every_flag_code_in_a_20_applicant_realistic_set(dry20) -> None:
    _, truth = dry20
    codes = Counter(f["code"] for a in truth["applicants"] for f in a["flags"])
    assert ALL_CODES <= set(codes), ALL_CODES - set(codes)
    with_defects = sum(1 for a in truth["applicants"] if a["flags"])
    assert 10 <= with_defects <= 17  # about two thirds


def test_persons_have_valid_ids_and_contract_headers(dry20) -> None:
    out, truth = dry20
    enc = truth["generator"]["records_encoding"]
    persons = read_csv(out / "records" / "persons.csv", enc)
    assert list(persons[0]) == ["身份证号", "姓名", "单位", "单位级别", "职称级别", "专业", "学科代码", "提前晋升",
                                "抗疫一线", "全员培训"]
    for p in persons:
        assert gb11643_ok(p["身份证号"]), p
        assert p["单位级别"] in {"省级", "州市级", "县级", "乡镇", "村"}
    credits = read_csv(out / "records" / "credits.csv", enc)
    assert list(credits[0])[:4] == ["记录编号", "身份证号", "姓名", "年度"]
    ids = [c["记录编号"] for c in credits]
    assert len(ids) == len(set(ids))
    known = {p["身份证号"] for p in persons}
    assert all(c["身份证号"] in known for c in credits)
    for pid in truth["persons_without_bundle"]:
        assert pid in known
        assert all(a["id_number"] != pid for a in truth["applicants"])
    # two persons of the same name in different units, both with bundles
    names = Counter(a["name"] for a in truth["applicants"] if a["name"])
    dup = [n for n, k in names.items() if k == 2]
    assert dup
    units = {a["unit"] for a in truth["applicants"] if a["name"] == dup[0]}
    assert len(units) == 2


def test_certificates_agree_with_records_except_mismatched_field(dry20) -> None:
    assert check_certificates_agree(dry20) > 100


def check_certificates_agree(pair) -> int:
    """Certificates equal their records except a designed FIELD_MISMATCH; returns how many were checked."""
    out, truth = pair
    recs = credits_by_id(out, truth)
    checked = 0
    for a in truth["applicants"]:
        mismatch = {(f["path"], f["page"]): f["field"] for f in a["flags"] if f["code"] == "FIELD_MISMATCH"}
        for path, page in pages_of(a):
            if page["kind"] != "certificate" or page["record_id"] is None:
                continue
            rec = record_as_fields(recs[page["record_id"]])
            assert rec["name"] == a["name"]
            cert = page["certificate"]
            diff = {k for k in CERT_FIELDS if cert[k] != rec[k]}
            expected = {mismatch[(path, page["page"])]} if (path, page["page"]) in mismatch else set()
            assert diff == expected, (path, page["page"], diff)
            checked += 1
    return checked


def test_lists_and_forms_match_records(dry20) -> None:
    out, truth = dry20
    recs = list(credits_by_id(out, truth).values())
    by_person = defaultdict(list)
    for r in recs:
        by_person[r["身份证号"]].append(r)
    n_lists = 0
    for a in truth["applicants"]:
        if a["id_number"] is None:
            continue
        mine = by_person[a["id_number"]]
        for _, page in pages_of(a):
            if page["kind"] == "annual_list":
                lst = page["annual_list"]
                want = sorted((r for r in mine if int(r["年度"]) in lst["years"]), key=lambda r: r["日期"])
                got = [(row["seq"], row["date"], row["project_code"], row["credits"]) for row in lst["rows"]]
                assert got == [(i, r["日期"], r["项目编号"], float(r["学分"])) for i, r in enumerate(want, 1)]
                n_lists += 1
            if page["kind"] == "registration_form":
                totals = page["registration_form"]["totals"]
                assert sorted(int(y) for y in totals) == window_of(out, truth)[a["id_number"]]
                for y in window_of(out, truth)[a["id_number"]]:
                    assert totals[str(y)] == pytest.approx(sum(float(r["学分"]) for r in mine if int(r["年度"]) == y))
    assert n_lists >= 60


def test_flag_conventions_and_verdicts(dry20) -> None:
    out, truth = dry20
    recs = list(credits_by_id(out, truth).values())
    for a in truth["applicants"]:
        codes = [f["code"] for f in a["flags"]]
        page_flags = defaultdict(set)
        for f in a["flags"]:
            if "page" in f:
                page_flags[(f["path"], f["page"])].add(f["code"])
        for key, cs in page_flags.items():
            assert not {"STAMP_MISSING", "CME_STAMP_MISSING"} <= cs, key
        for path, page in pages_of(a):
            cs = page_flags.get((path, page["page"]), set())
            if page["kind"] == "unreadable":
                assert "PAGE_UNREADABLE" in cs
            if page["kind"] != "certificate":
                continue
            kinds = sorted(s["kind"] for s in page["certificate"]["stamps"])
            class1 = page["certificate"]["category"] != "II类"
            if "STAMP_MISSING" in cs:
                assert kinds == []
            elif "CME_STAMP_MISSING" in cs:
                assert "organizer" in kinds and "cme_office" not in kinds and class1
            elif class1:
                assert "cme_office" in kinds and "organizer" in kinds
            if "DUPLICATE_CERT" in cs:
                assert page["record_id"] is None and "CERT_UNMATCHED" not in cs
        if a["id_number"] is None:
            assert "APPLICANT_UNRESOLVED" in codes and not RECORD_FLAGS & set(codes)
        # designed rule failures recomputed from the records alone
        mine = [r for r in recs if r["身份证号"] == a["id_number"]]
        fails = []
        if a["id_number"] is not None:
            window = window_of(out, truth)[a["id_number"]]
            if window != YEARS:  # promoted early: four years, no list missing for the first
                assert not any(f["code"] == "LIST_MISSING" and f["year"] not in window for f in a["flags"])
            if any(sum(float(r["学分"]) for r in mine if int(r["年度"]) == y) < 25 for y in window):
                fails.append("annual_min_credits")
            if sum(float(r["学分"]) for r in mine if r["学分类别"] == "I类国家级") < 10:
                fails.append("national_class1_min")
        assert sorted(a["designed_rule_failures"]) == sorted(fails)
        errors = [c for c in codes if c not in ("PAGE_UNREADABLE", "STAMP_PROVINCE_MISMATCH")]
        want = "fail" if fails else ("needs_review" if errors else "pass")
        assert a["verdict"] == want, a["applicant_key"]


def test_a_20_applicant_set_has_every_verdict(dry20) -> None:
    _, truth = dry20
    assert {a["verdict"] for a in truth["applicants"]} == {"pass", "fail", "needs_review"}


def test_order_flags_are_the_minimal_moves(dry20) -> None:
    check_order_flags(dry20)


def check_order_flags(pair) -> int:
    """ORDER_MISMATCH flags are exactly the minimal moves; returns how many there are."""
    out, truth = pair
    recs = credits_by_id(out, truth)
    n_order = 0
    for a in truth["applicants"]:
        if a["id_number"] is None:
            continue
        flagged = {(f["path"], f["page"]) for f in a["flags"] if f["code"] == "ORDER_MISMATCH"}
        n_order += len(flagged)
        # list position of each record: by year of its list section, then date
        seq, keys, _section_year = [], [], None
        for path, page in pages_of(a):
            if page["kind"] == "annual_list":
                page["annual_list"]["years"][0]
            if page["kind"] == "certificate" and page["record_id"]:
                r = recs[page["record_id"]]
                seq.append((int(r["年度"]), r["日期"]))
                keys.append((path, page["page"]))
        kept = [s for s, k in zip(seq, keys) if k not in flagged]
        assert kept == sorted(kept), a["applicant_key"]
        assert len(seq) - lis_length(seq) == len(flagged), a["applicant_key"]
    return n_order


def test_the_20_applicant_set_has_order_defects(dry20) -> None:
    assert check_order_flags(dry20) >= 1


def test_files_in_contract_layout_and_page_counts(rendered) -> None:
    out, truth = rendered
    sub = out / "submissions"
    on_disk = {p.relative_to(sub).as_posix() for p in sub.rglob("*") if p.is_file()}
    in_truth = {d["path"] for a in truth["applicants"] for d in a["documents"]}
    assert on_disk == in_truth
    for a in truth["applicants"]:
        assert a["applicant_key"].count("/") == 1
        for d in a["documents"]:
            assert d["path"].startswith(a["applicant_key"] + "/")
            path = sub / d["path"]
            if d["invalid"]:
                assert d["pages"] == [] and readable_pages(path) == 0, d["path"]
                continue
            if path.suffix == ".pdf":
                assert fitz.open(path).page_count == len(d["pages"])
            else:
                assert len(d["pages"]) == 1
                with Image.open(path) as im:
                    assert round(im.info["dpi"][0]) == d["pages"][0]["scan"]["dpi"]


def _page_image(out: Path, path: str, page: dict) -> tuple[np.ndarray, float]:
    """The stored page as an RGB array and its px-per-point scale."""
    full = out / "submissions" / path
    if full.suffix == ".pdf":
        doc = fitz.open(full)
        pg = doc[page["page"] - 1]
        xref = pg.get_images()[0][0]
        data = doc.extract_image(xref)["image"]
        img = Image.open(io.BytesIO(data)).convert("RGB")
        return np.asarray(img), img.width / pg.rect.width
    img = Image.open(full).convert("RGB")
    return np.asarray(img), page["scan"]["dpi"] / 72.0


def test_seal_boxes_lie_in_the_page_and_cover_the_red_ink(rendered) -> None:
    out, truth = rendered
    n_colour = 0
    for a in truth["applicants"]:
        for path, page in pages_of(a):
            if page["kind"] != "certificate":
                continue
            arr, s = _page_image(out, path, page)
            h, w = arr.shape[:2]
            stamps = page["certificate"]["stamps"]
            for st in stamps:
                x0, y0, x1, y1 = st["bbox"]
                assert 0 <= x0 < x1 <= w / s + 0.5 and 0 <= y0 < y1 <= h / s + 0.5
            if page["scan"]["color"] != "color":
                continue
            n_colour += 1
            # seal red by hue (OpenCV hue 0..180: red wraps around 0), not the gold borders' orange
            hsv = cv2.cvtColor(np.ascontiguousarray(arr), cv2.COLOR_RGB2HSV).astype(int)
            hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
            red = ((hue <= 8) | (hue >= 168)) & (sat > 25) & (val > 110)
            inside = np.zeros_like(red)
            for st in stamps:
                x0, y0, x1, y1 = (v * s for v in st["bbox"])
                box = red[int(y0):int(np.ceil(y1)), int(x0):int(np.ceil(x1))]
                assert box.mean() > 0.03, (path, page["page"], st)  # the box holds red ink
                inside[max(0, int(y0) - 3):int(np.ceil(y1)) + 3, max(0, int(x0) - 3):int(np.ceil(x1)) + 3] = True
            # and no red ink outside the boxes: truth agrees with what is drawn
            # (a few JPEG-fringe pixels allowed; an undeclared seal has thousands)
            assert red[~inside].sum() <= 0.01 * red.sum() + 3e-4 * red.size, (path, page["page"])
    assert n_colour >= 1


def test_text_layer_lists_carry_their_rows(tmp_path: Path) -> None:
    kw = {"applicants": 2, "profile": "clean", "years": [2021, 2022], "max_certs_per_year": 2}

    def has_digital_list(truth: dict) -> bool:
        return any(p["kind"] == "annual_list" and p["scan"]["text_layer"]
                   for a in truth["applicants"] for _, p in pages_of(a))

    seed = next(s for s in range(100) if has_digital_list(generate(tmp_path / "dry", seed=s, render=False, **kw)))
    out = tmp_path / "t"
    truth = generate(out, seed=seed, **kw)
    found = 0
    for a in truth["applicants"]:
        for path, page in pages_of(a):
            if page["kind"] == "annual_list" and page["scan"]["text_layer"]:
                text = fitz.open(out / "submissions" / path)[page["page"] - 1].get_text()
                assert "年度继续医学教育学分登记表" in text
                for row in page["annual_list"]["rows"]:
                    assert row["project_code"] in text and row["date"] in text
                found += 1
    assert found >= 1


@pytest.mark.parametrize("profile,seed,max_certs", [
    ("clean", 4, 3), ("clean", 10, 3), ("harsh", 2, 3), ("harsh", 7, None), ("realistic", 12, 2),
])
def test_consistency_holds_across_seeds_and_profiles(tmp_path: Path, profile: str, seed: int,
                                                      max_certs: int | None) -> None:
    truth = generate(tmp_path, seed=seed, applicants=20, profile=profile, years=YEARS, render=False,
                     max_certs_per_year=max_certs)
    pair = (tmp_path, truth)
    test_certificates_agree_with_records_except_mismatched_field(pair)
    test_lists_and_forms_match_records(pair)
    test_flag_conventions_and_verdicts(pair)
    test_order_flags_are_the_minimal_moves(pair)
    test_persons_have_valid_ids_and_contract_headers(pair)


def test_truth_pieces_parse_as_the_pipeline_models(dry20) -> None:
    from pipeline.models import AnnualList, CertificateFields, RegistrationForm

    _, truth = dry20
    kinds = Counter()
    for a in truth["applicants"]:
        for _, page in pages_of(a):
            kinds[page["kind"]] += 1
            if page["kind"] == "certificate":
                cert = CertificateFields.model_validate(page["certificate"])
                assert cert.date and cert.category and cert.credits and cert.credits > 0
            elif page["kind"] == "annual_list":
                lst = AnnualList.model_validate(page["annual_list"])
                assert lst.rows and all(r.category for r in lst.rows)
            elif page["kind"] == "registration_form":
                form = RegistrationForm.model_validate(page["registration_form"])
                assert set(form.totals) == set(YEARS)
    assert set(kinds) == {"certificate", "annual_list", "registration_form", "other", "unreadable"}


def test_partial_window_set_expects_the_audit_of_the_whole_window(tmp_path: Path) -> None:
    """A --years 2022 set is still audited over wenzhou-2023's 2018-2022 window."""
    truth = generate(tmp_path / "part", seed=5, applicants=2, profile="clean", years=[2022],
                     max_certs_per_year=2, render=False)
    for applicant in truth["applicants"]:
        missing = sorted(f["year"] for f in applicant["flags"] if f["code"] == "LIST_MISSING")
        assert {2018, 2019, 2020, 2021} <= set(missing)
        if applicant["id_number"] is not None:  # no credits at all in 2018-2021
            assert "annual_min_credits" in applicant["designed_rule_failures"]
            assert applicant["verdict"] == "fail"


# ------------------------------------------------------------------ design families (issue 14)


def _family_sets(tmp_path: Path, selection: str, **kw) -> tuple[Path, dict]:
    out = tmp_path / selection
    truth = generate(out, seed=kw.pop("seed", 21), applicants=kw.pop("applicants", 20), profile="realistic",
                     render=False, families=selection, **kw)
    return out, truth


class _RecordingCanvas:
    """A canvas that keeps what is drawn: the text, and whether everything lies on the page."""

    def __init__(self, size_pt: tuple[float, float]):
        self.w_pt, self.h_pt = size_pt
        self.texts: list[tuple[float, float, str, float]] = []
        self.shapes = 0

    def text(self, x, y, s, size, role="serif", align="l", color=None) -> None:
        from samples.fonts import FONTS

        assert role in FONTS, role
        w = self.text_width(s, size, role)
        x0 = x - (w / 2 if align == "m" else w if align == "r" else 0)
        self.texts.append((x0, x0 + w, y, s, size))

    def text_width(self, s, size, role="serif") -> float:
        from samples.fonts import font, font_for

        return font(font_for(role, s), max(4, round(size))).getlength(s)

    def line(self, *a, **k) -> None:
        self.shapes += 1

    def rect(self, *a, **k) -> None:
        self.shapes += 1

    def blocks(self, *a, **k) -> None:
        self.shapes += 1

    def joined(self) -> str:
        return "".join(t[3] for t in self.texts).replace(" ", "")


_CN = "零一二三四五六七八九"


def _cn(n: int) -> str:
    """Chinese numerals of 0..99, written out here (not the generator's code)."""
    if n < 10:
        return _CN[n]
    return ("" if n // 10 == 1 else _CN[n // 10]) + "十" + (_CN[n % 10] if n % 10 else "")


def _credits_forms(c: float) -> set[str]:
    """The ways a page may print ``c`` credits: 6 / 7.5, 六分 / 七点五分, capital 陆分 / 叁学分."""
    arabic = str(int(c)) if c.is_integer() else str(c)
    words = _cn(int(c)) + ("" if c.is_integer() else "点" + "〇一二三四五六七八九"[round((c - int(c)) * 10)])
    capital = words.translate(str.maketrans("零一二三四五六七八九十", "零壹贰叁肆伍陆柒捌玖拾"))
    return {arabic, words + "分", capital + "分", capital + "学分"}


def _plans(selection: str, policy: str = "wenzhou-2023"):
    from samples.plan import plan_set

    years = [2018] if policy == "shanghai-2018" else YEARS
    return plan_set(seed=23, applicants=20, profile="realistic", years=years, policy=policy,
                    families=selection)


def test_the_split_file_lists_every_family_once_with_every_broad_kind_on_both_sides() -> None:
    from samples import families as fam
    from samples.families import blocks, body, cells, folios, ledgers, lists, plates, scrolls, sheets, stacks, tiles, vouchers

    t = fam.table()
    dev = t["development"]["certificates"] + t["development"]["lists"]
    held = t["heldout"]["certificates"] + t["heldout"]["lists"]
    assert sorted(dev + held) == sorted(t["families"]) and not set(dev) & set(held)
    assert len(t["development"]["certificates"]) + len(t["heldout"]["certificates"]) >= 12
    assert len(t["development"]["lists"]) + len(t["heldout"]["lists"]) >= 3
    for side in (dev, held):
        assert {"paragraph", "table", "ecert", "list"} <= {fam.spec(f)["broad"] for f in side}
        for cat in ("I类国家级", "I类省级", "II类"):  # each side can print every category
            assert any(cat in fam.spec(f).get("categories", []) and fam.spec(f)["setting"] == "any"
                       for f in side)
        assert any(fam.spec(f)["setting"] == "shanghai" and fam.spec(f)["kind"] == "list" for f in side)
    assert set(t["classic"]) <= set(dev)
    drawn = {**body.DRAWERS, **cells.DRAWERS, **lists.DRAWERS, **sheets.DRAWERS, **folios.DRAWERS, **ledgers.DRAWERS,
             **vouchers.DRAWERS, **scrolls.DRAWERS, **plates.DRAWERS, **stacks.DRAWERS, **blocks.DRAWERS,
             **tiles.DRAWERS}
    for name, spec in t["families"].items():
        if spec["module"] != "classic":
            assert name in drawn, name
            if spec["kind"] == "certificate":
                assert set(spec["seals"]) == {"organizer", "cme_office"}


@pytest.mark.parametrize("selection", ["dev", "heldout"])
def test_every_family_prints_its_truth(selection: str) -> None:
    """Every certificate and list of each family is drawn (on a recording canvas) with every truth
    value on it: name, code, title, credits, mode, organizer, number, each dated role's text."""
    from samples.designs import draw_page
    from samples.families import spec as family_spec

    sp = _plans(selection)
    seen = Counter()
    for ap in sp.applicants:
        for f in ap.files:
            for page in f.pages:
                if page.kind not in ("certificate", "annual_list") or not page.scan.family:
                    continue
                cv = _RecordingCanvas(page.size_pt)
                draw_page(cv, page.kind, page.design, page.content)
                text = cv.joined()
                for x0, x1, y, s, size in cv.texts:  # every line lies wholly on the page
                    assert -1 <= x0 and x1 <= page.size_pt[0] + 1 and size <= y <= page.size_pt[1], \
                        (page.design, s, x0, x1, y)
                seen[page.scan.family] += 1
                if page.kind == "annual_list":
                    for row in page.truth["rows"]:
                        assert row["project_code"] in text and row["project_title"] in text
                    continue
                t = page.truth
                for k in ("name", "project_code", "project_title", "mode", "organizer", "certificate_no"):
                    assert t[k].replace(" ", "") in text, (page.design, k, t[k])
                for d in page.extra_truth["dates_printed"]:
                    assert d["text"].replace(" ", "") in text, (page.design, d)
                assert any(f in text for f in _credits_forms(t["credits"])), (page.design, t["credits"])
                assert "（盖章）" not in t["organizer"] and "(盖章)" not in t["organizer"]
    from samples.families import selected

    want = set(selected(selection, "certificates") + selected(selection, "lists"))
    want = {f for f in want if family_spec(f)["setting"] in ("any", "zhejiang")}
    assert want <= set(seen), want - set(seen)


@pytest.mark.parametrize("selection", ["dev", "heldout"])
def test_family_sets_agree_with_records_and_say_which_date_is_the_activity(tmp_path: Path, selection: str) -> None:
    pair = _family_sets(tmp_path, selection, years=YEARS)
    _, truth = pair
    assert truth["generator"]["families"] == selection
    test_certificates_agree_with_records_except_mismatched_field(pair)
    test_lists_and_forms_match_records(pair)
    test_flag_conventions_and_verdicts(pair)
    test_order_flags_are_the_minimal_moves(pair)
    from pipeline.models import AnnualList, CertificateFields

    from samples.families import split_of

    side = {"dev": "development", "heldout": "heldout"}[selection]
    roles = Counter()
    for a in truth["applicants"]:
        for _, page in pages_of(a):
            if page["kind"] in ("certificate", "annual_list"):
                assert split_of(page["scan"]["family"]) == side
            if page["kind"] == "annual_list":
                AnnualList.model_validate(page["annual_list"])
            if page["kind"] != "certificate":
                continue
            CertificateFields.model_validate({k: v for k, v in page["certificate"].items() if k != "stamps"})
            dates = page["dates_printed"]
            activity = [d for d in dates if d["role"] == "activity"]
            assert len(activity) == 1 and activity[0]["date"] == page["certificate"]["date"]
            roles.update(d["role"] for d in dates)
            roles.update("range" for d in activity if "end" in d)
    assert {"activity", "issue", "print", "range"} <= set(roles)


def test_classic_is_byte_identical_to_the_committed_clean_set(tmp_path: Path) -> None:
    """--families classic (the default) reproduces samples/data/clean (made before the families) byte for byte."""
    out = tmp_path / "clean"
    generate(out, seed=1, applicants=2, profile="clean", years=YEARS, max_certs_per_year=3, max_dpi=150,
             jpeg_quality=55)
    ref = Path(__file__).resolve().parents[2] / "samples" / "data" / "clean"
    files = sorted(p.relative_to(ref) for p in ref.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    for rel in files:
        assert (out / rel).read_bytes() == (ref / rel).read_bytes(), rel


def test_shanghai_setting_truth_and_records_agree_with_its_policy(tmp_path: Path) -> None:
    from samples.families import spec as family_spec

    out, truth = _family_sets(tmp_path, "heldout", policy="shanghai-2018")
    assert truth["generator"]["policy"] == "shanghai-2018" and truth["generator"]["years"] == [2018]
    enc = truth["generator"]["records_encoding"]
    persons = read_csv(out / "records" / "persons.csv", enc)
    assert persons and all(p["身份证号"].startswith("31") and gb11643_ok(p["身份证号"]) for p in persons)
    recs = credits_by_id(out, truth)
    assert all(r["年度"] == "2018" for r in recs.values())
    for r in recs.values():
        assert r["项目编号"].endswith("(沪)") == (r["学分类别"] == "I类省级"), r
    by_person = defaultdict(list)
    for r in recs.values():
        by_person[r["身份证号"]].append(r)
    from samples.families import selected

    own = [f for f in selected("heldout", "certificates") if family_spec(f)["setting"] == "shanghai"
           and "I类省级" in family_spec(f)["categories"]]
    exclusive = all(family_spec(f).get("own_share", 1.0) >= 1.0 for f in own)
    kinds, fams, failures, provincial = Counter(), Counter(), Counter(), Counter()
    for a in truth["applicants"]:
        failures.update(a["designed_rule_failures"])
        for path, page in pages_of(a):
            kinds[page["kind"]] += 1
            if page["kind"] == "certificate":
                cert = page["certificate"]
                assert cert["category"] in ("I类国家级", "I类省级")  # Class I originals only
                fams[page["scan"]["family"]] += 1
                if cert["category"] == "I类省级":  # 市级 certificates: a Shanghai family of the split,
                    # or also one open to any setting where the Shanghai family has an own_share below 1
                    where = family_spec(page["scan"]["family"])["setting"]
                    assert where == "shanghai" if exclusive else where in ("shanghai", "any")
                    provincial[where] += 1
            if page["kind"] == "annual_list" and a["id_number"]:
                fams[page["scan"]["family"]] += 1
                want = sorted((r for r in by_person[a["id_number"]] if r["学分类别"] != "II类"),
                              key=lambda r: r["日期"])
                rows = page["annual_list"]["rows"]
                assert [(r["project_code"], r["category"], r["mode"]) for r in rows] == \
                    [(r["项目编号"], r["学分类别"], None) for r in want]
    assert "registration_form" not in kinds
    shanghai = {f for f in fams if family_spec(f)["setting"] == "shanghai"}
    assert {family_spec(f)["kind"] for f in shanghai} == {"certificate", "list"}
    assert provincial["shanghai"] and (exclusive or provincial["any"]), provincial
    assert set(failures) <= {"annual_min_credits"}  # Shanghai 2018 has no national Class I minimum
    for a in truth["applicants"]:  # the verdict follows Shanghai's rules: 25 credits in 2018
        if a["id_number"] is None:
            continue
        total = sum(float(r["学分"]) for r in by_person[a["id_number"]])
        assert a["designed_rule_failures"] == (["annual_min_credits"] if total < 25 else [])
        errors = [f for f in a["flags"] if f["code"] not in ("PAGE_UNREADABLE", "STAMP_PROVINCE_MISMATCH")]
        assert a["verdict"] == ("fail" if total < 25 else "needs_review" if errors else "pass")
    assert check_certificates_agree((out, truth)) > 30


def test_shanghai_needs_the_design_families(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="--families"):
        generate(tmp_path, seed=1, applicants=1, profile="clean", policy="shanghai-2018", render=False)


def test_each_family_renders_a_page(tmp_path: Path) -> None:
    """One page of every family through the real scan path (small dpi), with ink where text is."""
    from samples.scan import render_scan

    from samples.families import table
    from samples.plan import plan_set

    done = {}
    # a second Shanghai seed: with many list families one seed's 20 Shanghai lists may miss one
    for seed, policy in ((23, "wenzhou-2023"), (23, "shanghai-2018"), (24, "shanghai-2018"), (25, "shanghai-2018")):
        if set(done) == set(table()["families"]):
            break
        years = [2018] if policy == "shanghai-2018" else YEARS
        sp = plan_set(seed=seed, applicants=20, profile="realistic", years=years, policy=policy,
                      families="all", seals="all")
        for ap in sp.applicants:
            for f in ap.files:
                for page in f.pages:
                    fam = page.scan.family
                    if fam and fam not in done and page.kind in ("certificate", "annual_list") \
                            and not page.scan.text_layer:
                        page.scan.dpi, page.scan.blur, page.scan.noise = 72, 0.0, 0.0
                        img = np.asarray(render_scan(page).convert("L"))
                        done[fam] = float((img < 128).mean())
    assert set(done) == set(table()["families"]), set(table()["families"]) - set(done)
    # a booklet's dark cover fills half its spread: below 0.6 for it, 0.35 for the others
    assert all(0.002 < ink < (0.6 if fam == "booklet_spread" else 0.35) for fam, ink in done.items()), done


def test_family_sets_are_deterministic_and_keep_the_seeds_records(tmp_path: Path) -> None:
    """Same seed and selection, same bytes; other selections of the seed keep its persons and defects."""
    kw = {"seed": 8, "applicants": 2, "profile": "clean", "years": [2022], "max_certs_per_year": 1}
    generate(tmp_path / "a", families="heldout", **kw)
    generate(tmp_path / "b", families="heldout", **kw)
    a, b = tmp_path / "a", tmp_path / "b"
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    dev = generate(tmp_path / "c", families="dev", render=False, **kw)
    held = json.loads((a / "truth.json").read_text(encoding="utf-8"))
    classic = generate(tmp_path / "d", render=False, **kw)
    for t in (dev, classic):
        assert [(x["applicant_key"], x["id_number"], sorted(f["code"] for f in x["flags"])) for x in t["applicants"]] \
            == [(x["applicant_key"], x["id_number"], sorted(f["code"] for f in x["flags"])) for x in held["applicants"]]


@pytest.mark.parametrize("years", [[2019, 2020, 2021, 2022, 2023], [2018, 2019, 2020, 2021, 2022], [2022]])
def test_the_audit_window_is_the_policys_five_years(tmp_path: Path, years: list[int]) -> None:
    """A Wenzhou set documenting 2023 (January to June) is audited over 2019-2023, as the policy
    reads its lists: no LIST_MISSING for 2018, no annual minimum for the half year."""
    from pipeline.rules.loader import load_policy

    truth = generate(tmp_path, seed=4, applicants=20, profile="realistic", years=years, render=False,
                     families="dev")
    from pipeline.models import Person

    policy = load_policy("wenzhou-2023")
    recs = list(credits_by_id(tmp_path, truth).values())
    assert all("2023-01-01" <= r["日期"] <= "2023-06-30" for r in recs if r["年度"] == "2023")
    early = {pid for pid, w in window_of(tmp_path, truth).items() if len(w) < len(years)}
    for a in truth["applicants"]:
        person = Person(id_number=a["id_number"] or "", name=a["name"] or "", early_promotion=a["id_number"] in early)
        window = policy.window_years(person=person, list_years=years)
        missing = {f["year"] for f in a["flags"] if f["code"] == "LIST_MISSING"}
        listed = {y for _, p in pages_of(a) if p["kind"] == "annual_list" for y in p["annual_list"]["years"]}
        assert set(window) - set(years) <= missing <= set(window)  # lists lacking in the window only
        assert not missing & listed
        if a["id_number"] is None:
            continue
        mine = [r for r in recs if r["身份证号"] == a["id_number"]]
        fails = []
        if any(sum(float(r["学分"]) for r in mine if int(r["年度"]) == y) < 25 for y in window if y != 2023):
            fails.append("annual_min_credits")
        if sum(float(r["学分"]) for r in mine if r["学分类别"] == "I类国家级" and int(r["年度"]) in window) < 10:
            fails.append("national_class1_min")
        assert sorted(a["designed_rule_failures"]) == sorted(fails), a["applicant_key"]


def test_persons_promoted_early_document_four_years(tmp_path: Path) -> None:
    """Design-family sets over the whole window promote some persons a year early (提前晋升 是):
    their bundles hold the last four years, audited over four as the policy reads them."""
    from pipeline.models import Person
    from pipeline.rules.loader import load_policy

    out, truth = _family_sets(tmp_path, "heldout", years=YEARS)
    windows = window_of(out, truth)
    early = {pid for pid, w in windows.items() if w != YEARS}
    assert early
    policy = load_policy("wenzhou-2023")
    for a in truth["applicants"]:
        if a["id_number"] not in early:
            continue
        listed = sorted({y for _, p in pages_of(a) if p["kind"] == "annual_list" for y in p["annual_list"]["years"]}
                        | {f["year"] for f in a["flags"] if f["code"] == "LIST_MISSING"})
        assert listed == YEARS[-4:]
        person = Person(id_number=a["id_number"], name=a["name"], early_promotion=True)
        assert policy.window_years(person=person, list_years=listed) == YEARS[-4:]
    recs = credits_by_id(out, truth).values()
    assert all(int(r["年度"]) >= YEARS[1] for r in recs if r["身份证号"] in early)
    classic = generate(tmp_path / "classic", seed=21, applicants=20, profile="realistic", years=YEARS,
                       render=False)
    assert all(p["提前晋升"] != "是" for p in read_csv(tmp_path / "classic" / "records" / "persons.csv",
                                                     classic["generator"]["records_encoding"]))


def test_born_digital_lists_of_every_family_carry_their_rows() -> None:
    """Each list family drawn on a PDF page (text layer, as a quarter of lists are) has its rows' text."""
    import random

    from samples.canvas import PdfCanvas
    from samples.designs import draw_page
    from samples.families import SIZES, plan, spec, table
    from samples.families.grammar import Grammar

    rows = [{"seq": i, "date": f"2021-0{i}-1{i}", "project_code": f"2021-04-01-10{i}(省)", "project_title": t,
             "category": c, "credits": float(i + 3), "mode": "面授", "organizer": "浙江省医学会"}
            for i, (t, c) in enumerate([("心力衰竭规范化管理", "I类省级"), ("医院感染预防与控制", "II类"),
                                        ("急诊胸痛中心建设与管理", "I类国家级")], start=1)]
    ctx = {"years": [2021], "name": "王芳", "id_number": "330302198001011234", "unit": "温州市人民医院",
           "rows": rows, "sums": {"total": 15.0, "I类国家级": 6.0, "I类省级": 4.0, "II类": 5.0},
           "print_date": "2023-08-25"}
    lists = [f for f, s in table()["families"].items() if s["kind"] == "list" and s["module"] != "classic"]
    assert len(lists) >= 3
    for fam in lists:
        rng = random.Random(fam)
        content = plan(fam, Grammar(rng, spec(fam)["setting"]), rng, ctx)
        doc = fitz.open()
        size = SIZES[spec(fam).get("sizes", ["portrait"])[0]]
        page = doc.new_page(width=size[0], height=size[1])
        cv = PdfCanvas(page, (20, 20, 20))
        cv.w_pt, cv.h_pt = size
        draw_page(cv, "annual_list", f"{fam}_digital", content)
        text = page.get_text().replace(" ", "")
        for r in rows:
            assert r["project_code"] in text and r["project_title"] in text, (fam, r["project_code"])
