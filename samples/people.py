"""Persons and their credit records, designed against the default policy.

Every person's records are built to pass the policy's checks (annual minimum,
national Class I minimum over the window, remote share, Class II entered in
time) unless the person is chosen to fail one; :func:`failed_rules` then says,
from the records alone, which rules really fail.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import asdict, dataclass, field

from samples import config
from samples.ids import make_id

CATEGORY_NATIONAL = "I类国家级"
CATEGORY_PROVINCIAL = "I类省级"
CATEGORY_CLASS2 = "II类"
_CODE_SUFFIX = {CATEGORY_NATIONAL: "国", CATEGORY_PROVINCIAL: "省", CATEGORY_CLASS2: "市"}
_CERT_PREFIX = {CATEGORY_NATIONAL: "GJ{y}I", CATEGORY_PROVINCIAL: "ZJ{y}I", CATEGORY_CLASS2: "ZJ{y}II"}
_ORG_KEY = {CATEGORY_NATIONAL: "national", CATEGORY_PROVINCIAL: "provincial", CATEGORY_CLASS2: "class2"}


def _suffix(category: str, setting: str) -> str:
    """Project-code suffix: (国) (省) (市); a setting may rename one (Shanghai's 市级: (沪))."""
    own = config.generator()["settings"].get(setting, {}).get("code_suffix", {})
    return own.get(category, _CODE_SUFFIX[category])


@dataclass
class SamplePerson:
    id_number: str
    name: str
    female: bool
    birth: str
    unit: str
    unit_level: str
    title_level: str
    specialty: str
    discipline_code: str
    early_promotion: bool = False
    covid_frontline: bool = False
    mandatory_training: bool | None = True


@dataclass
class SampleRecord:
    record_id: str
    id_number: str
    name: str
    year: int
    project_code: str
    project_title: str
    category: str
    credits: float
    date: str  # ISO, first day
    mode: str
    organizer: str
    certificate_no: str
    entered_on: str
    days: int = 1  # activity length, for the printed date range (not exported)
    extra: dict = field(default_factory=dict)

    def export_row(self) -> dict:
        row = asdict(self)
        row.pop("days")
        row.pop("extra")
        return row


def make_name(rng: random.Random, taken: set[str]) -> str:
    voc = config.vocab()
    for _ in range(1000):
        given = "".join(rng.choice(voc["given_chars"]) for _ in range(rng.choice((1, 2, 2))))
        name = rng.choice(voc["surnames"]) + given
        if name not in taken:
            return name
    raise RuntimeError("ran out of distinct names; enlarge samples/config/vocab.yaml")


def make_person(rng: random.Random, name: str, ids_taken: set[str],
                unit: dict | None = None, setting: str = "zhejiang") -> SamplePerson:
    voc = config.vocab_for(setting)
    unit = unit or rng.choice(voc["units"])
    spec = rng.choice(voc["specialties"])
    female = rng.random() < 0.6
    while True:
        birth = dt.date(rng.randint(1968, 1990), rng.randint(1, 12), rng.randint(1, 28))
        id_number = make_id(rng, rng.choice(voc["region_codes"]), birth, female)
        if id_number not in ids_taken:
            ids_taken.add(id_number)
            break
    return SamplePerson(
        id_number=id_number, name=name, female=female, birth=birth.isoformat(),
        unit=unit["name"], unit_level=unit["level"], title_level=rng.choice(voc["title_levels"]),
        specialty=spec["name"], discipline_code=spec["code"],
        early_promotion=False, covid_frontline=rng.random() < 0.2,
        mandatory_training=rng.choice((True, True, True, None)))


def _title(rng: random.Random, discipline: str, setting: str = "zhejiang") -> str:
    titles = config.vocab_for(setting)["titles"]
    pool = list(titles.get(discipline.split("-")[0], [])) * 2 + list(titles["general"])
    return rng.choice(pool)


def optional_span(policy: str, year: int) -> tuple[dt.date, dt.date] | None:
    """The in-year span of a policy's optional year (Wenzhou 2023: January to June), else None."""
    span = (config.generator()["policies"][policy].get("optional_years") or {}).get(year)
    return None if span is None else (dt.date.fromisoformat(span[0]), dt.date.fromisoformat(span[1]))


def audit_window(policy: str, years: list[int], early: bool = False) -> list[int]:
    """The years a set of ``years`` is audited over: the policy's window, or, when the set documents
    an optional later year (Wenzhou 2023), a window of the same length ending there (2019-2023);
    ``early`` (a person promoted a year early): the policy's shorter window, ending alike."""
    pol = config.generator()["policies"][policy]
    first, last = pol["window"]
    later = [y for y in years if optional_span(policy, y) is not None and y > last]
    if later:
        first, last = first + max(later) - last, max(later)
    if early and pol.get("early_promotion_years"):
        first = last - pol["early_promotion_years"] + 1
    return list(range(first, last + 1))


def _distinct_dates(rng: random.Random, year: int, n: int,
                    span_of: tuple[dt.date, dt.date] | None = None) -> list[dt.date]:
    start = dt.date(year, 1, 5)
    span = (dt.date(year, 12, 20) - start).days
    if span_of is not None:  # an optional year counts only inside its span; activities end in it
        span = (span_of[1] - dt.timedelta(days=5) - start).days
    days = sorted(rng.sample(range(0, span, 3), n))
    return [start + dt.timedelta(days=d) for d in days]


def make_records(rng: random.Random, person: SamplePerson, years: list[int], *,
                 fail_rule: str | None, max_per_year: int | None,
                 serials: set[str], setting: str = "zhejiang",
                 numbers: random.Random | None = None, number_split: str = "development") -> list[SampleRecord]:
    """Design one person's credit records (record_id left blank).

    ``setting`` picks the vocabulary (Shanghai units, organizers, code suffixes); ``numbers``
    (design families only) rewrites certificate numbers into the grammar's formats from its own
    stream, after the classic draws, so every other value of a seed stays as it was;
    ``number_split`` "heldout" adds the held-out number formats (``--families heldout`` only).
    """
    from samples.families.grammar import certificate_number

    cfg = config.generator()["credits"]
    voc = config.vocab_for(setting)
    policy = next(n for n, p in config.generator()["policies"].items() if p.get("setting", "zhejiang") == setting)
    partial = {y: optional_span(policy, y) for y in years}
    full_years = [y for y in years if partial.get(y) is None]
    n_nat = min(cfg["national_years"], len(years))
    nat_years = set(rng.sample(years, n_nat))
    short_year = rng.choice(full_years or years) if fail_rule == "annual_min_credits" else None
    if fail_rule == "national_class1_min":
        nat_years = set(rng.sample(years, 1))
    out: list[SampleRecord] = []
    for year in years:
        target = rng.uniform(*cfg["failing_short_year"]) if year == short_year else rng.uniform(
            *cfg["annual_target"])
        if partial.get(year) is not None:  # half a year of material
            target = rng.uniform(*cfg["optional_year_target"])
        items: list[tuple[str, float]] = []
        if year in nat_years:
            if fail_rule == "national_class1_min":
                c = float(rng.choice((3, 4, 5, 6)))
            elif n_nat == 1:
                c = 10.0
            else:
                c = float(rng.randint(*cfg["national_credits"]))
            items.append((CATEGORY_NATIONAL, c))
        for _ in range(rng.randint(*cfg["provincial_per_year"])):
            items.append((CATEGORY_PROVINCIAL, float(rng.randint(*cfg["provincial_credits"]))))
        while sum(c for _, c in items) < target:
            items.append((CATEGORY_CLASS2, float(rng.choice(cfg["class2_credits"]))))
        if max_per_year is not None and len(items) > max_per_year:
            firsts, rest = [], []
            for cat in (CATEGORY_NATIONAL, CATEGORY_CLASS2, CATEGORY_PROVINCIAL):
                of_cat = [it for it in items if it[0] == cat]
                firsts += of_cat[:1]
                rest += of_cat[1:]
            items = (firsts + rest)[:max_per_year]
            for k in range(len(items) - 1, -1, -1):  # fewer, bigger items still reach the target
                lack = target - sum(c for _, c in items)
                if lack <= 0 or year == short_year:
                    break
                cat, c = items[k]
                cap = cfg["max_item_credits"]["class2" if cat == CATEGORY_CLASS2 else "class1"]
                items[k] = (cat, min(cap, c + float(int(lack + 1))))
        if year == short_year:
            while sum(c for _, c in items) >= config.generator()["policies"]["wenzhou-2023"][
                    "annual_min_credits"] and len(items) > 1:
                items.pop()
        rng.shuffle(items)
        dates = _distinct_dates(rng, year, len(items), partial.get(year))
        n_remote = 0
        for (cat, credits), date in zip(items, dates):
            mode = "面授"
            if cat != CATEGORY_CLASS2 and n_remote == 0 and rng.random() < cfg["remote_class1_p"]:
                mode, n_remote = "远程", 1
            if cat == CATEGORY_CLASS2:
                mode = "远程" if rng.random() < 0.3 else "面授"
                entered = min(date + dt.timedelta(days=rng.randint(0, 20)), dt.date(year, 12, 31))
            else:
                entered = min(date + dt.timedelta(days=rng.randint(10, 60)), dt.date(year + 1, 3, 31))
            while True:
                serial = rng.randint(1, 999)
                code = f"{year}-{person.discipline_code}-{serial:03d}({_suffix(cat, setting)})"
                cert_no = _CERT_PREFIX[cat].format(y=year) + f"{rng.randint(0, 9999999):07d}"
                if numbers is not None:
                    cert_no = certificate_number(numbers, year, cat, setting, number_split)
                if code not in serials and cert_no not in serials:
                    serials.update((code, cert_no))
                    break
            out.append(SampleRecord(
                record_id="", id_number=person.id_number, name=person.name, year=year,
                project_code=code, project_title=_title(rng, person.discipline_code, setting),
                category=cat, credits=credits, date=date.isoformat(), mode=mode,
                organizer=rng.choice(voc["organizers"][_ORG_KEY[cat]]), certificate_no=cert_no,
                entered_on=entered.isoformat(),
                days=1 if cat == CATEGORY_CLASS2 else rng.choice((1, 2, 3))))
    out.sort(key=lambda r: r.date)
    # keep remote Class I within the policy's share (not a designed failure)
    limit = config.generator()["policies"]["wenzhou-2023"]["remote_class1_max_share"]
    class1 = [r for r in out if r.category != CATEGORY_CLASS2]
    for r in class1:
        remote = sum(x.credits for x in class1 if x.mode == "远程")
        if remote <= limit * sum(x.credits for x in class1):
            break
        r.mode = "面授"
    return out


def designable_failures(policy: str) -> tuple[str, ...]:
    """The rules a person can be designed to fail under ``policy`` (those it checks)."""
    pol = config.generator()["policies"][policy]
    return tuple(r for r in ("annual_min_credits", "national_class1_min") if r in pol)


def failed_rules(records: list[SampleRecord], years: list[int], policy: str, early: bool = False) -> list[str]:
    """The policy checks these records fail (optimistic: every record counts; a rule the
    policy does not have in samples/config/generator.yaml is not checked)."""
    pol = config.generator()["policies"][policy]
    # the audit covers the policy's whole window, even when the set was made for part of it; an
    # optional year (Wenzhou 2023, January to June) moves the window and has no annual minimum
    years = sorted(set(years) | set(audit_window(policy, years, early)))
    failed: list[str] = []
    by_year = {y: sum(r.credits for r in records if r.year == y) for y in years
               if optional_span(policy, y) is None}
    if any(v < pol["annual_min_credits"] for v in by_year.values()):
        failed.append("annual_min_credits")
    national = sum(r.credits for r in records if r.category == CATEGORY_NATIONAL and r.year in years)
    if "national_class1_min" in pol and national < pol["national_class1_min"]:
        failed.append("national_class1_min")
    class1 = [r for r in records if r.category != CATEGORY_CLASS2 and r.year in years]
    remote = sum(r.credits for r in class1 if r.mode == "远程")
    total1 = sum(r.credits for r in class1)
    if "remote_class1_max_share" in pol and total1 and remote / total1 > pol["remote_class1_max_share"]:
        failed.append("remote_class1_max_share")
    return failed
