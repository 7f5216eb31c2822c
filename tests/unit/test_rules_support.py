"""Factories for the rules/policy/check tests: persons and credit records built from models."""

from __future__ import annotations

import datetime as dt
import itertools

from pipeline.models import CreditRecord, Person

_ids = itertools.count(1)


def person(**kw) -> Person:
    base = {"id_number": "330302198001011234", "name": "张三", "unit": "温州市人民医院",
            "unit_level": "州市级", "title_level": "中级", "specialty": "消化内科", "discipline_code": "04-05",
            "early_promotion": False, "covid_frontline": False, "mandatory_training_passed": True}
    base.update(kw)
    return Person(**base)


def rec(year: int, credits: float, category: str = "II类", *, mode: str = "面授", discipline: str = "04-05",
        date: dt.date | None = None, organizer: str = "某学会", title: str = "学术会议",
        entered: dt.date | None = None, code: str | None = None, rid: str | None = None,
        id_number: str = "330302198001011234") -> CreditRecord:
    date = date or dt.date(year, 3, 10)
    if code is None:
        suffix = {"I类国家级": "(国)", "I类省级": "(省)"}.get(category, "")
        code = f"{year}-{discipline}-{next(_ids) % 1000:03d}{suffix}" if suffix else ""
    return CreditRecord(record_id=rid or f"R{next(_ids):06d}", id_number=id_number, name="张三", year=year,
                        project_code=code, project_title=title, category=category, credits=credits,
                        date=date, mode=mode, organizer=organizer,
                        entered_on=entered or date + dt.timedelta(days=10))


def year_records(year: int, *, nat: float = 4, prov: float = 6, ii: float = 16, remote_nat: float = 0,
                 discipline: str = "04-05") -> list[CreditRecord]:
    """One year of a compliant person: 26 credits, Class I 10 (national 4), all face to face."""
    out = []
    if nat:
        out.append(rec(year, nat, "I类国家级", discipline=discipline))
    if remote_nat:
        out.append(rec(year, remote_nat, "I类国家级", mode="远程", discipline=discipline))
    if prov:
        out.append(rec(year, prov, "I类省级", discipline=discipline))
    if ii:
        out.append(rec(year, ii, "II类"))
    return out


def compliant(years) -> list[CreditRecord]:
    return [r for y in years for r in year_records(y)]


def test_factories_build_a_compliant_year():
    records = year_records(2019)
    assert sum(r.credits for r in records) == 26
    assert {r.category for r in records} == {"I类国家级", "I类省级", "II类"}
    assert records[0].project_code.startswith("2019-04-05-")
