"""Plan a generated set: persons, records, bundles, defects and the truth they imply.

Everything random is drawn here from one ``random.Random(seed)``; each page
gets its own seed for the pixel-level noise of rendering.
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import random
from dataclasses import dataclass, field

from samples import config
from samples import families as design_families
from samples.designs import CERT_TITLES, seal_anchor
from samples.families.grammar import Grammar
from samples.fonts import FAMILIES
from samples.people import (
    CATEGORY_CLASS2,
    CATEGORY_NATIONAL,
    CATEGORY_PROVINCIAL,
    SamplePerson,
    SampleRecord,
    designable_failures,
    failed_rules,
    make_name,
    make_person,
    make_records,
)
from samples.seal_styles import province_mismatch, restyle
from samples.seals import SealSpec
from samples.spec import FileSpec, PageSpec, ScanSpec

log = logging.getLogger(__name__)

FLAG_CODES = ("CERT_UNMATCHED", "RECORD_NO_CERT", "FIELD_MISMATCH", "ORDER_MISMATCH", "STAMP_MISSING",
              "CME_STAMP_MISSING", "DUPLICATE_CERT", "LIST_MIXED_YEARS", "LIST_MISSING", "PAGE_UNREADABLE",
              "FILE_INVALID", "APPLICANT_UNRESOLVED")
WARNING_CODES = {"PAGE_UNREADABLE", "STAMP_PROVINCE_MISMATCH"}
PORTRAIT = (595.0, 842.0)
LANDSCAPE = (842.0, 595.0)
A5_LANDSCAPE = (595.0, 420.0)


@dataclass
class ApplicantPlan:
    key: str
    person: SamplePerson
    resolved: bool
    records: list[SampleRecord]
    files: list[FileSpec] = field(default_factory=list)
    years: list[int] = field(default_factory=list)  # the years this bundle documents (early promotion: fewer)
    flags: list[dict] = field(default_factory=list)  # bundle-level flags (no page)
    designed_rule_failures: list[str] = field(default_factory=list)


@dataclass
class SetPlan:
    seed: int
    profile: str
    policy: str
    years: list[int]
    persons: list[SamplePerson]
    records: list[SampleRecord]
    applicants: list[ApplicantPlan]
    persons_without_bundle: list[str]
    records_encoding: str
    families: str = "classic"  # design-family selection (samples/families/); classic: the two old designs
    seals: str = "classic"  # seal split (samples/seal_styles.py); classic: today's two seals


@dataclass(eq=False)
class _Cert:
    record: SampleRecord
    record_id: str | None
    fields: dict
    seals: str = "normal"  # normal | organizer_only | none
    flags: list[dict] = field(default_factory=list)
    copy_of: _Cert | None = None
    locked: bool = False  # already carries a defect


def _fields(r: SampleRecord) -> dict:
    return {"name": r.name, "project_code": r.project_code, "project_title": r.project_title,
            "category": r.category, "credits": float(r.credits), "date": r.date, "mode": r.mode,
            "organizer": r.organizer, "certificate_no": r.certificate_no}


# ----------------------------------------------------------------------------- defects


def assign_defects(rng: random.Random, n: int, years: list[int]) -> list[set[str]]:
    dcfg = config.generator()["defects"]
    sets: list[set[str]] = [set() for _ in range(n)]
    n_def = round(dcfg["share_of_applicants"] * n)
    if n_def == 0:
        return sets
    defective = rng.sample(range(n), n_def)
    codes = [c for c in FLAG_CODES if c != "APPLICANT_UNRESOLVED"]
    if len(years) < 2:
        codes.remove("LIST_MIXED_YEARS")
    rng.shuffle(codes)
    if n_def >= 3:
        sets[defective[0]].add("APPLICANT_UNRESOLVED")
        defective = defective[1:]
    for j, code in enumerate(codes):
        sets[defective[j % len(defective)]].add(code)
    for idx in defective:
        for _ in range(dcfg["extra_defect_tries"]):
            if rng.random() < dcfg["extra_defect_p"]:
                sets[idx].add(rng.choice(codes))
    return sets


# ------------------------------------------------------------------------------- scans


class _Scanner:
    def __init__(self, rng: random.Random, profile: str, overrides: dict | None = None):
        self.rng = rng
        self.p = config.generator()["profiles"][profile]
        self.overrides = overrides or {}

    def scan(self, design: str) -> ScanSpec:
        rng, p = self.rng, self.p
        colors = list(p["color"].items())
        color = rng.choices([c for c, _ in colors], weights=[w for _, w in colors])[0]
        dpi = rng.choice(p["dpi"])
        if color == "bw" and p.get("bw_dpi"):
            dpi = p["bw_dpi"]
        skew = round(rng.uniform(-p["skew"], p["skew"]), 2) if p["skew"] else 0.0
        rotation = 180 if rng.random() < p["rotate180_p"] else 0
        turns = self.overrides.get("turn_rng")
        if p.get("rotate90_p") and turns is not None and turns.random() < p["rotate90_p"]:
            rotation = turns.choice((90, 270))
        edge = rng.choice(("left", "right", "top", "bottom")) if rng.random() < p["dark_edge_p"] else None
        blur = round(rng.uniform(0.6, 1.4), 2) if rng.random() < p["blur_p"] else 0.0
        quality = rng.randint(*p["jpeg_quality"])
        if self.overrides.get("max_dpi"):
            dpi = min(dpi, self.overrides["max_dpi"])
        if self.overrides.get("jpeg_quality"):
            quality = min(quality, self.overrides["jpeg_quality"])
        return ScanSpec(color=color, dpi=dpi, rotation=rotation, skew=skew, design=design,
                        jpeg_quality=quality, blur=blur,
                        noise=round(rng.uniform(*p["noise_sigma"]), 1), dark_edge=edge)

    def seed(self) -> int:
        return self.rng.getrandbits(32)


# ------------------------------------------------------------------------------ seals


def _organizer_seal(rng: random.Random, prof: dict, design: str, size: tuple[float, float],
                    organizer: str) -> SealSpec:
    r = config.generator()["render"]
    voc = config.vocab()
    ax, ay = seal_anchor(design, "organizer", size, organizer)
    d = rng.uniform(*r["round_seal_diameter_pt"])
    alpha = rng.uniform(*prof["seal_alpha"])
    if rng.random() < prof["seal_pale_p"]:
        alpha *= 0.45
    s = SealSpec(kind="organizer", shape="round", cx=ax + rng.uniform(-12, 12), cy=ay + rng.uniform(-10, 10),
                 w=d, h=d, angle=rng.uniform(-r["seal_rotation_deg"], r["seal_rotation_deg"]),
                 outer_text=organizer, centre_text=rng.choice(voc["organizer_seal_bottoms"]),
                 color=tuple(rng.choice(r["seal_red"])), alpha=round(alpha, 3))
    if rng.random() < prof["seal_double_p"]:
        s.double = (round(rng.uniform(-5, 5), 1), round(rng.uniform(2, 6), 1))
    if rng.random() < prof["seal_cut_p"]:
        s.cx = size[0] - s.w * rng.uniform(0.2, 0.4)  # runs off the right edge
    return s


def _cme_seal(rng: random.Random, prof: dict, design: str, size: tuple[float, float],
              organizer_seal: SealSpec | None, setting: str = "zhejiang") -> SealSpec:
    r = config.generator()["render"]
    v = rng.choice([s for s in config.vocab()["cme_office_seals"] if s.get("setting", "zhejiang") == setting])
    w, h = rng.choice(r["oval_seal_pt"] if v["shape"] == "oval" else r["rect_seal_pt"])
    ax, ay = seal_anchor(design, "cme_office", size)
    alpha = rng.uniform(*prof["seal_alpha"])
    if rng.random() < prof["seal_pale_p"]:
        alpha *= 0.45
    s = SealSpec(kind="cme_office", shape=v["shape"], cx=ax + rng.uniform(-12, 12),
                 cy=ay + rng.uniform(-8, 8), w=w, h=h, angle=rng.uniform(-8, 8), outer_text=v["outer"],
                 centre_text=v["centre"], color=tuple(rng.choice(r["seal_red"])), alpha=round(alpha, 3))
    if organizer_seal is not None and rng.random() < prof["seal_overlap_p"]:
        s.cx = organizer_seal.cx - organizer_seal.w * 0.55
        s.cy = organizer_seal.cy + organizer_seal.h * 0.25
    return s


# ------------------------------------------------------------------------------ pages


class _PageMaker:
    def __init__(self, rng: random.Random, profile: str, person: SamplePerson, years: list[int],
                 overrides: dict | None = None):
        self.rng = rng
        self.scanner = _Scanner(rng, profile, overrides)
        self.prof = config.generator()["profiles"][profile]
        self.person = person
        self.years = years
        self.family = rng.choice(FAMILIES)
        d = overrides or {}
        # design families (--families, samples/families/): their own stream, so records, defects and
        # scans of a seed stay the same under every selection
        self.families, self.design_rng = d.get("families", "classic"), d.get("design_rng")
        self.setting = d.get("setting", "zhejiang")
        o = overrides or {}
        self.seal_split, self.seal_rng = o.get("seals", "classic"), o.get("seal_rng")
        self.policy = o.get("policy", "default")

    @property
    def setting_cfg(self) -> dict:
        return config.generator()["settings"].get(self.setting, {})

    def submits(self, r: SampleRecord) -> bool:
        """Whether the bundle carries this record's certificate and list row (Shanghai: Class I only)."""
        cats = self.setting_cfg.get("submitted_categories")
        return cats is None or r.category in cats

    def certificate(self, c: _Cert) -> PageSpec:
        rng = self.rng
        f = c.fields
        if f["category"] == CATEGORY_CLASS2:
            design, size = "cert_class2", PORTRAIT
        else:
            tag = "national" if f["category"] == CATEGORY_NATIONAL else "provincial"
            fmt = rng.choices(("p", "l", "a5"), weights=(0.45, 0.4, 0.15))[0]
            design, size = f"cert_{tag}_{fmt}", {"p": PORTRAIT, "l": LANDSCAPE, "a5": A5_LANDSCAPE}[fmt]
        content = {"fields": f, "days": c.record.days, "family": rng.choice(FAMILIES),
                   "title": rng.choice(CERT_TITLES[f["category"]]),
                   "border_color": rng.choice([(150, 110, 40), (30, 60, 120), (90, 90, 90)]),
                   "issue_style": rng.choice(("upper", "arabic", "arabic")),
                   "date_style": rng.choice(("iso", "cn")),
                   "qr": [[rng.random() < 0.5 for _ in range(21)] for _ in range(21)]}
        dates_printed = None
        if self.families != "classic":
            design, size, content, dates_printed = self._family_certificate(c, design, size, content)
        scan = self.scanner.scan(design)
        if self.families != "classic":
            scan.family = design_families.family_of(design)
        prof = dict(self.prof)
        if scan.color == "bw":  # a pale seal would vanish in a bw scan: truth could not be seen
            prof["seal_pale_p"] = 0.0
        seals: list[SealSpec] = []
        if c.seals != "none":
            org = _organizer_seal(rng, prof, design, size, f["organizer"])
            seals.append(org)
            if c.seals == "normal" and f["category"] != CATEGORY_CLASS2:
                seals.append(_cme_seal(rng, prof, design, size, org, self.setting))
        if self.seal_split != "classic":  # same places, new styles (samples/seal_styles.py)
            seals = restyle(self.seal_rng, seals, split=self.seal_split, policy=self.policy,
                            organizer=f["organizer"], page_size=size, bw=scan.color == "bw")
        if scan.color == "bw":  # a bw scanner turns red ink black: full strength, or the seal dissolves
            for s in seals:
                s.alpha = 1.0
        truth = dict(f)
        return PageSpec(kind="certificate", design=design, size_pt=size, scan=scan,
                        seed=self.scanner.seed(), content=content, truth=truth, seals=seals,
                        record_id=c.record_id, flags=list(c.flags),
                        extra_truth={"dates_printed": dates_printed} if dates_printed else {})

    def _family_certificate(self, c: _Cert, design: str, size: tuple[float, float],
                            content: dict) -> tuple[str, tuple[float, float], dict, list[dict]]:
        """A certificate of a design family of the selection (the classic ones keep their page)."""
        drng, f = self.design_rng, c.fields
        fam = design_families.certificate_family(drng, self.families, f["category"], self.setting)
        spec = design_families.spec(fam)
        if spec["module"] == "classic":
            return design, size, content, design_families.classic_dates(design, content)
        size_name = drng.choice(spec["sizes"])
        size = design_families.SIZES[size_name]
        design = f"{fam}_{design_families.SIZE_TAG[size_name]}"
        ctx = {"fields": f, "days": c.record.days, "unit": self.person.unit, "id_number": self.person.id_number,
               "anchors": {k: design_families.anchor(design, k, size) for k in ("organizer", "cme_office")}}
        content = design_families.plan(fam, Grammar(drng, self.setting), drng, ctx)
        return design, size, content, content["dates_printed"]

    def annual_list(self, years: list[int], records: list[SampleRecord]) -> PageSpec:
        rows = []
        for i, r in enumerate(sorted(records, key=lambda r: r.date), start=1):
            rows.append({"seq": i, "date": r.date, "project_code": r.project_code,
                         "project_title": r.project_title, "category": r.category,
                         "credits": float(r.credits), "mode": r.mode})
        sums = {cat: sum(r.credits for r in records if r.category == cat)
                for cat in (CATEGORY_NATIONAL, CATEGORY_PROVINCIAL, CATEGORY_CLASS2)}
        sums["total"] = sum(r.credits for r in records)
        content = {"years": years, "name": self.person.name, "id_number": self.person.id_number,
                   "unit": self.person.unit, "rows": rows, "sums": sums,
                   "print_date": config.generator()["print_date"]}
        truth = {"years": years, "name": self.person.name, "id_number": self.person.id_number, "rows": rows}
        if self.rng.random() < self.prof["text_layer_list_p"]:
            scan = ScanSpec(color="color", dpi=72, text_layer=True, design="list_digital")
            design = "list_digital"
        else:
            design = "list_scan"
            scan = self.scanner.scan(design)
        size = PORTRAIT
        if self.families != "classic":
            fam = design_families.list_family(self.design_rng, self.families, self.setting)
            if design_families.spec(fam)["module"] != "classic":
                ctx = dict(content, rows=[dict(row, organizer=r.organizer) for row, r in
                                          zip(rows, sorted(records, key=lambda r: r.date))])
                content = design_families.plan(fam, Grammar(self.design_rng, self.setting), self.design_rng, ctx)
                design = scan.design = f"{fam}_{design.split('_')[-1]}"
                size = design_families.SIZES[design_families.spec(fam).get("sizes", ["portrait"])[0]]
                if not design_families.spec(fam).get("prints_mode", True):
                    truth["rows"] = [dict(row, mode=None) for row in rows]
            scan.family = fam
        return PageSpec(kind="annual_list", design=design, size_pt=size, scan=scan,
                        seed=self.scanner.seed(), content=content, truth=truth)

    def registration_form(self, records: list[SampleRecord]) -> PageSpec:
        p = self.person
        rows, totals = [], {}
        from samples.textfmt import fmt_credits
        grand = {CATEGORY_NATIONAL: 0.0, CATEGORY_PROVINCIAL: 0.0, CATEGORY_CLASS2: 0.0}
        for y in self.years:
            by = {cat: sum(r.credits for r in records if r.year == y and r.category == cat) for cat in grand}
            for cat in grand:
                grand[cat] += by[cat]
            total = sum(by.values())
            totals[str(y)] = float(total)
            rows.append([str(y)] + [fmt_credits(by[c]) for c in grand] + [fmt_credits(total)])
        total_row = ["合计"] + [fmt_credits(grand[c]) for c in grand] + [fmt_credits(sum(grand.values()))]
        birth = dt.date.fromisoformat(p.birth)
        content = {"name": p.name, "gender": "女" if p.female else "男", "birth": f"{birth.year}.{birth.month:02d}",
                   "specialty": p.specialty, "title_level": p.title_level, "unit": p.unit,
                   "id_number": p.id_number, "rows": rows, "total_row": total_row, "family": self.family}
        truth = {"name": p.name, "id_number": p.id_number, "unit": p.unit, "totals": totals}
        return PageSpec(kind="registration_form", design="form_wenzhou", size_pt=PORTRAIT,
                        scan=self.scanner.scan("form_wenzhou"), seed=self.scanner.seed(),
                        content=content, truth=truth)

    def other(self, variant: str) -> PageSpec:
        p = self.person
        content = {"variant": variant, "name": p.name, "unit": p.unit, "id_number": p.id_number,
                   "years": f"{self.years[0]}-{self.years[-1]}", "family": self.family}
        design = f"other_{variant}"
        return PageSpec(kind="other", design=design, size_pt=PORTRAIT, scan=self.scanner.scan(design),
                        seed=self.scanner.seed(), content=content)

    def unreadable(self, c: _Cert | None) -> PageSpec:
        if c is not None:
            page = self.certificate(c)
            page.kind, page.truth, page.record_id, page.seals = "unreadable", None, None, []
            page.scan.destroyed = True
            page.scan.design = page.design = page.design + "_destroyed"
            page.flags = [{"code": "PAGE_UNREADABLE"}]
            return page
        page = PageSpec(kind="unreadable", design="blank", size_pt=PORTRAIT, scan=self.scanner.scan("blank"),
                        seed=self.scanner.seed(), flags=[{"code": "PAGE_UNREADABLE"}])
        return page


# ----------------------------------------------------------------------------- bundles


def number_split(families: str) -> str:
    """Whose certificate-number formats a set's records take: held-out ones only in a held-out set
    (a record's number is drawn before its page's family is chosen, so `all` keeps the dev ones)."""
    return "heldout" if families == "heldout" else "development"


def _fake_record(rng: random.Random, person: SamplePerson, year: int, serials: set[str],
                 pm: _PageMaker | None = None) -> SampleRecord:
    """A certificate's data with no credit record behind it (CERT_UNMATCHED)."""
    numbers = pm.design_rng if pm is not None and pm.families != "classic" else None
    recs = make_records(rng, person, [year], fail_rule=None, max_per_year=1, serials=serials,
                        setting=pm.setting if pm is not None else "zhejiang", numbers=numbers,
                        number_split=number_split(pm.families if pm is not None else "classic"))
    r = recs[0]
    r.record_id = ""
    return r


def _mismatch(rng: random.Random, c: _Cert, serials: set[str]) -> str:
    f = c.fields
    fld = rng.choice(("credits", "date", "project_title", "project_code"))
    if fld == "credits":
        f["credits"] = float(f["credits"] + rng.choice((1, 2, 4))) if f["credits"] < 8 else f["credits"] - 2
    elif fld == "date":
        f["date"] = (dt.date.fromisoformat(f["date"]) + dt.timedelta(days=rng.choice((-1, 1)))).isoformat()
    elif fld == "project_title":
        pool = [t for ts in config.vocab()["titles"].values() for t in ts if t != f["project_title"]]
        f["project_title"] = rng.choice(sorted(set(pool)))
    else:
        head, tail = f["project_code"].rsplit("-", 1)
        serial = int(tail[:3])
        f["project_code"] = f"{head}-{(serial % 999) + 1:03d}{tail[3:]}"
    return fld


def plan_bundle(rng: random.Random, ap: ApplicantPlan, defects: set[str], profile: str, years: list[int],
                serials: set[str], *, overrides: dict | None = None) -> None:
    """Fill ``ap.files`` and ``ap.flags``: the stack of pages, split into files, with defects."""
    pm = _PageMaker(rng, profile, ap.person, years, overrides)
    sections: dict[int, list[_Cert]] = {}
    for y in years:
        sections[y] = [_Cert(record=r, record_id=r.record_id if ap.resolved else None, fields=_fields(r))
                       for r in ap.records if r.year == y and pm.submits(r)]
    flags: list[dict] = []

    def free(pred=lambda c: True) -> list[_Cert]:
        return [c for y in years for c in sections[y] if not c.locked and c.copy_of is None and pred(c)]

    missing_year = mixed_year = None
    if "LIST_MIXED_YEARS" in defects and len(years) >= 2:
        mixed_year = rng.choice(years[:-1])
    if "LIST_MISSING" in defects:
        cands = [y for y in years if y not in (mixed_year, (mixed_year or 0) + 1)]
        if cands:
            missing_year = rng.choice(cands)
            flags.append({"code": "LIST_MISSING", "year": missing_year})
    if "CERT_UNMATCHED" in defects:
        y = rng.choice(years)
        r = _fake_record(rng, ap.person, y, serials, pm)
        sections[y].append(_Cert(record=r, record_id=None, fields=_fields(r), locked=True,
                                 flags=[{"code": "CERT_UNMATCHED"}]))
    if "RECORD_NO_CERT" in defects and free():
        c = rng.choice(free())
        sections[c.record.year].remove(c)
        flags.append({"code": "RECORD_NO_CERT", "record_id": c.record_id})
    if "FIELD_MISMATCH" in defects and free():
        c = rng.choice(free())
        c.locked = True
        fld = _mismatch(rng, c, serials)
        c.flags.append({"code": "FIELD_MISMATCH", "record_id": c.record_id, "field": fld})
    if "STAMP_MISSING" in defects and free():
        c = rng.choice(free())
        c.locked, c.seals = True, "none"
        c.flags.append({"code": "STAMP_MISSING", "record_id": c.record_id})
    if "CME_STAMP_MISSING" in defects and free(lambda c: c.fields["category"] != CATEGORY_CLASS2):
        c = rng.choice(free(lambda c: c.fields["category"] != CATEGORY_CLASS2))
        c.locked, c.seals = True, "organizer_only"
        c.flags.append({"code": "CME_STAMP_MISSING", "record_id": c.record_id})
    if "DUPLICATE_CERT" in defects and free():
        c = rng.choice(free())
        c.locked = True
        dup = _Cert(record=c.record, record_id=None, fields=dict(c.fields), seals=c.seals, copy_of=c,
                    locked=True, flags=[{"code": "DUPLICATE_CERT"}])
        sec = sections[c.record.year]
        sec.insert(sec.index(c) + 1, dup)
    if "ORDER_MISMATCH" in defects:
        _inject_order(rng, sections, years, {missing_year, mixed_year, (mixed_year or 0) + 1} - {None}, ap)

    stack: list[PageSpec] = []
    lead = rng.random()
    if lead < 0.2:
        stack.append(pm.other("cover"))
    if pm.setting_cfg.get("registration_form", True):
        stack.append(pm.registration_form(ap.records))
    for y in years:
        if y == missing_year or (mixed_year is not None and y == mixed_year + 1):
            pass
        elif y == mixed_year:
            page = pm.annual_list([y, y + 1], [r for r in ap.records if r.year in (y, y + 1) and pm.submits(r)])
            page.flags.append({"code": "LIST_MIXED_YEARS"})
            stack.append(page)
        else:
            stack.append(pm.annual_list([y], [r for r in ap.records if r.year == y and pm.submits(r)]))
        stack.extend(pm.certificate(c) for c in sections[y])
    if 0.2 <= lead < 0.4:
        stack.append(pm.other("pledge"))
    if "PAGE_UNREADABLE" in defects:
        pos = rng.randint(1, len(stack))
        victim = rng.choice(free()) if free() and rng.random() < 0.5 else None
        if victim is not None:
            victim = copy.deepcopy(victim)
            victim.flags = []
        stack.insert(pos, pm.unreadable(victim))
    ap.files = _split_files(rng, stack, pm.prof, ap)
    if "FILE_INVALID" in defects:
        fmt = rng.choice(("zero", "truncated", "textpdf"))
        name = f"{len(ap.files) + 1}.pdf" if len(ap.files) > 1 else rng.choice(("补充材料.pdf", "扫描件2.pdf"))
        ap.files.append(FileSpec(name=name, fmt=fmt))
        flags.append({"code": "FILE_INVALID", "path": f"{ap.key}/{name}"})
    if not ap.resolved:
        flags.insert(0, {"code": "APPLICANT_UNRESOLVED"})
    ap.flags = flags


def _inject_order(rng: random.Random, sections: dict[int, list[_Cert]], years: list[int],
                  avoid: set[int], ap: ApplicantPlan) -> None:
    """Move one certificate so the minimal set restoring list order is exactly that certificate."""
    def movable(y: int) -> list[_Cert]:
        return [c for c in sections[y] if c.record_id is not None and c.copy_of is None and not c.locked]

    ok_years = [y for y in years if y not in avoid]
    dups = {id(c.copy_of) for y in years for c in sections[y] if c.copy_of is not None}

    def displacement(c: _Cert) -> int:
        """How far ``c`` sits from its list place among all matched certificates of the stack."""
        stack = [x for y in years for x in sections[y] if x.record_id is not None and x.copy_of is None]
        ranked = sorted(stack, key=lambda x: (x.record.year, x.record.date))
        return abs(stack.index(c) - ranked.index(c))

    if len(ok_years) >= 2 and rng.random() < 0.3:
        dst = rng.choice(ok_years)
        pool = [c for y in ok_years if y != dst for c in movable(y) if id(c) not in dups]
        rng.shuffle(pool)
        for c in pool:
            src = sections[c.record.year]
            home = src.index(c)
            src.remove(c)
            spots = []
            for pos in range(len(sections[dst]) + 1):
                sections[dst].insert(pos, c)
                if displacement(c) >= 2:
                    spots.append(pos)
                sections[dst].remove(c)
            if spots:
                sections[dst].insert(rng.choice(spots), c)
                c.flags.append({"code": "ORDER_MISMATCH", "record_id": c.record_id})
                return
            src.insert(home, c)

    def matched(y: int) -> list[_Cert]:
        return [c for c in sections[y] if c.record_id is not None and c.copy_of is None]

    def can_move(y: int) -> list[_Cert]:  # movable certificates that have a place >= 2 away
        m = matched(y)
        return [c for c in movable(y) if m.index(c) >= 2 or m.index(c) <= len(m) - 3]

    cands = [y for y in ok_years if can_move(y)]
    if not cands:
        log.info("%s: no year with room for an order defect; skipped", ap.key)
        return
    y = rng.choice(cands)
    sec, m = sections[y], matched(y)
    c = rng.choice(can_move(y))
    a = m.index(c)
    b = rng.choice([b for b in range(len(m)) if abs(a - b) >= 2])
    sec.remove(c)
    rest = [i for i, x in enumerate(sec) if x in m]
    pos = rest[b] if b < len(rest) else rest[-1] + 1
    sec.insert(pos, c)
    c.flags.append({"code": "ORDER_MISMATCH", "record_id": c.record_id})


def _split_files(rng: random.Random, stack: list[PageSpec], prof: dict, ap: ApplicantPlan) -> list[FileSpec]:
    """One PDF, or (multi-file profiles) PDFs cut at lists and at random, some pages as images."""
    if rng.random() >= prof["multi_file_p"]:
        return [FileSpec(name=rng.choice(("学分材料.pdf", f"{ap.person.name}.pdf", "scan.pdf")), fmt="pdf",
                         pages=stack)]
    chunks: list[tuple[bool, list[PageSpec]]] = []  # (is a single-page image file, pages)
    for i, page in enumerate(stack):
        is_image = not page.scan.text_layer and rng.random() < prof["image_file_p"]
        boundary = i > 0 and (page.kind == "annual_list" or rng.random() < 0.3)
        if is_image:
            chunks.append((True, [page]))
        elif boundary or not chunks or chunks[-1][0]:
            chunks.append((False, [page]))
        else:
            chunks[-1][1].append(page)
    files = []
    for n, (is_image, pages) in enumerate(chunks, start=1):
        if is_image:
            ext = "png" if pages[0].scan.color == "bw" else "jpg"
            files.append(FileSpec(name=f"{n}.{ext}", fmt=ext, pages=pages))
        else:
            files.append(FileSpec(name=f"{n}.pdf", fmt="pdf", pages=pages))
    return files


# ---------------------------------------------------------------------------------- set


def plan_set(*, seed: int, applicants: int, profile: str, years: list[int], policy: str,
             max_certs_per_year: int | None = None, max_dpi: int | None = None,
             jpeg_quality: int | None = None, families: str = "classic", seals: str = "classic") -> SetPlan:
    gcfg = config.generator()
    if profile not in gcfg["profiles"]:
        raise ValueError(f"unknown profile {profile!r}; choose one of {sorted(gcfg['profiles'])} "
                         "(samples/config/generator.yaml)")
    if policy not in gcfg["policies"]:
        raise ValueError(f"unknown policy {policy!r} for the generator; add it under `policies:` in "
                         "samples/config/generator.yaml")
    if applicants < 1:
        raise ValueError(f"--applicants {applicants}: need at least 1")
    rng = random.Random(seed)
    # Quarter turns come from their own stream, so adding them left every other draw of a seed as it was.
    turns = random.Random(f"{seed}:quarter-turns")
    # Design families (--families) and their certificate numbers: own streams too.
    drng, numbers = random.Random(f"{seed}:designs"), random.Random(f"{seed}:numbers")
    design_families.selected(families, "certificates")  # an unknown selection fails before planning
    setting = gcfg["policies"][policy].get("setting", "zhejiang")
    if setting != "zhejiang" and families == "classic":
        raise ValueError(f"--policy {policy} makes {setting} bundles, whose certificates and lists are "
                         "design families: add --families dev, heldout or all")
    numbers_rng = numbers if families != "classic" else None
    # Early promotion (a four-year window), design families only and over the whole window: own stream.
    full_window = list(range(gcfg["policies"][policy]["window"][0], gcfg["policies"][policy]["window"][1] + 1))
    early_rng = (random.Random(f"{seed}:early-promotion") if families != "classic" and years == full_window
                 and gcfg["policies"][policy].get("early_promotion_years") else None)
    # Seal styles too (--seals): the pages, records and defects of a seed are the same under every split.
    seal_rng = random.Random(f"{seed}:seals")
    if seals != "classic":
        from samples.seal_styles import styles
        styles(seals)  # an unknown split fails here, before anything is planned
    defects = assign_defects(rng, applicants, years)
    voc = config.vocab_for(setting)
    names: set[str] = set()
    ids: set[str] = set()
    serials: set[str] = set()
    plans: list[ApplicantPlan] = []
    fail_p = gcfg["credits"]["failing_person_p"]
    resolved_idx = [i for i in range(applicants) if "APPLICANT_UNRESOLVED" not in defects[i]]
    pair = resolved_idx[:2] if gcfg["defects"]["same_name_pair"] and applicants >= 3 else []
    for i in range(applicants):
        resolved = "APPLICANT_UNRESOLVED" not in defects[i]
        if pair and i == pair[1]:
            first = plans[pair[0]].person
            unit = rng.choice([u for u in voc["units"] if u["name"] != first.unit])
            person = make_person(rng, first.name, ids, unit, setting=setting)
        else:
            name = make_name(rng, names)
            names.add(name)
            person = make_person(rng, name, ids, setting=setting)
        pyears = years
        if resolved and early_rng is not None and early_rng.random() < gcfg["defects"]["early_promotion_p"]:
            person.early_promotion = True  # promoted a year early: the last four years only
            pyears = years[-gcfg["policies"][policy]["early_promotion_years"]:]
        fail_rule = None
        if resolved and rng.random() < fail_p:
            fail_rule = rng.choice(designable_failures(policy))
        recs = make_records(rng, person, pyears, fail_rule=fail_rule, max_per_year=max_certs_per_year,
                            serials=serials, setting=setting, numbers=numbers_rng,
                            number_split=number_split(families))
        plans.append(ApplicantPlan(key=f"{person.unit}/{person.name}", person=person, resolved=resolved,
                                   records=recs, years=pyears))
    n_without = gcfg["defects"]["persons_without_bundle"] if applicants >= 3 else 1
    loose: list[tuple[SamplePerson, list[SampleRecord]]] = []
    for _ in range(n_without):
        name = make_name(rng, names)
        names.add(name)
        person = make_person(rng, name, ids, setting=setting)
        loose.append((person, make_records(rng, person, years, fail_rule=None,
                                           max_per_year=max_certs_per_year, serials=serials,
                                           setting=setting, numbers=numbers_rng,
                                           number_split=number_split(families))))
    # record ids: persons in records order, then by date
    persons: list[SamplePerson] = []
    records: list[SampleRecord] = []
    owners = [(ap.person, ap.records) for ap in plans if ap.resolved] + loose
    for person, recs in owners:
        persons.append(person)
        for r in recs:
            r.record_id = f"R{len(records) + 1:06d}"
            records.append(r)
    for i, ap in enumerate(plans):
        if ap.resolved:
            ap.designed_rule_failures = [f for f in failed_rules(ap.records, ap.years, policy,
                                                                 early=ap.person.early_promotion)]
        plan_bundle(rng, ap, defects[i], profile, ap.years, serials,
                    overrides={"max_dpi": max_dpi, "jpeg_quality": jpeg_quality, "turn_rng": turns, "families": families, "design_rng": drng, "setting": setting,
                               "seals": seals, "seal_rng": seal_rng, "policy": policy})
    encodings = gcfg["records_encodings"]
    return SetPlan(seed=seed, profile=profile, policy=policy, years=years, persons=persons, records=records,
                   applicants=plans, persons_without_bundle=[p.id_number for p, _ in loose],
                   records_encoding=encodings[seed % len(encodings)], families=families, seals=seals)


# -------------------------------------------------------------------------------- truth


def _outside_years(sp: SetPlan, ap: ApplicantPlan) -> list[dict]:
    """A set generated for part of the policy's window (``--years 2022``) still gets audited
    over the whole window: each window year without material is a true LIST_MISSING. A set
    documenting an optional later year (``--years 2019-2023``, Wenzhou) is audited over the
    five years ending there (people.audit_window), so 2018 is no missing list; a person promoted
    a year early over four."""
    from samples.people import audit_window

    years = ap.years or sp.years
    window = audit_window(sp.policy, years, early=ap.person.early_promotion and ap.resolved)
    return [{"code": "LIST_MISSING", "year": y} for y in window if y not in years]


def truth_of(sp: SetPlan) -> dict:
    from samples.scan import stored_bbox

    applicants = []
    for ap in sp.applicants:
        documents, flags = [], []
        for f in ap.files:
            path = f"{ap.key}/{f.name}"
            pages = []
            for no, page in enumerate(f.pages, start=1):
                entry: dict = {"page": no, "kind": page.kind, "scan": page.scan.truth()}
                if page.kind == "certificate":
                    body = dict(page.truth or {})
                    body["stamps"] = []
                    for s in page.seals:
                        box = stored_bbox(s.bbox(), page.size_pt, page.scan.skew, page.scan.rotation)
                        if box is not None:
                            body["stamps"].append(s.truth(box))
                    if province_mismatch(sp.policy, body.get("category"), body.get("organizer") or "", page.seals):
                        flags.append({"code": "STAMP_PROVINCE_MISMATCH", "path": path, "page": no})
                    entry["certificate"] = body
                    entry["record_id"] = page.record_id
                    entry.update(page.extra_truth)
                elif page.kind in ("annual_list", "registration_form"):
                    entry[page.kind] = page.truth
                pages.append(entry)
                for fl in page.flags:
                    flag = {"code": fl["code"], "path": path, "page": no}
                    if not ap.resolved and fl["code"] in ("CERT_UNMATCHED", "FIELD_MISMATCH"):
                        continue
                    if fl.get("record_id") and ap.resolved:
                        flag["record_id"] = fl["record_id"]
                    if fl.get("field"):
                        flag["field"] = fl["field"]
                    flags.append(flag)
            documents.append({"path": path, "invalid": f.invalid, "pages": pages})
        all_flags = list(ap.flags) + flags + _outside_years(sp, ap)
        if any(f["code"] not in WARNING_CODES for f in all_flags):
            verdict = "needs_review"
        else:
            verdict = "pass"
        if ap.designed_rule_failures:
            verdict = "fail"
        applicants.append({
            "applicant_key": ap.key,
            "id_number": ap.person.id_number if ap.resolved else None,
            "name": ap.person.name if ap.resolved else None,
            "unit": ap.person.unit,
            "documents": documents,
            "flags": all_flags,
            "designed_rule_failures": list(ap.designed_rule_failures),
            "verdict": verdict,
        })
    generator = {"seed": sp.seed, "profile": sp.profile, "applicants": len(sp.applicants),
                 "policy": sp.policy, "years": sp.years, "records_encoding": sp.records_encoding}
    if sp.seals != "classic":  # classic truth stays byte-identical to before
        generator["seals"] = sp.seals
    truth = {
        "schema": "cme-audit/truth@1",
        "generator": generator,
        "applicants": applicants,
        "persons_without_bundle": sp.persons_without_bundle,
    }
    if sp.families != "classic":  # classic truth stays byte-identical to before
        truth["generator"]["families"] = sp.families
    return truth
