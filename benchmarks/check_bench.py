"""Time the records-only audit (``run_check``) on a synthetic export.

    python -m benchmarks.check_bench [--persons 10000] [--records 10] [--policy NAME ...] [--seed 7]

Builds ``--persons`` people with about ``--records`` credit records each (in
memory, seeded), runs ``run_check`` once per policy and prints a markdown table:
persons, records, wall and CPU seconds (wall time suffers when other jobs share
the machine), persons per second and the verdict counts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from dataclasses import dataclass

from pipeline.check import run_check
from pipeline.models import CreditRecord, Person
from pipeline.rules import load_policy

UNIT_LEVELS = ["省级", "州市级", "县级", "乡镇", "村"]
TITLE_LEVELS = ["初级", "中级", "副高", "正高"]
CATEGORIES = ["I类国家级", "I类省级", "II类", "II类"]
YEARS = list(range(2018, 2023))
DEFAULT_POLICIES = ["wenzhou-2023", "jinhua-2020", "shanghai-2018", "yunnan-2020"]


@dataclass
class SyntheticExport:
    persons: list[Person]
    credits: list[CreditRecord]


def synthesize(n_persons: int, records_per_person: int, seed: int) -> SyntheticExport:
    rng = random.Random(seed)
    persons, credits = [], []
    rid = 0
    for i in range(n_persons):
        pid = f"3303021980{i:08d}"
        discipline = f"{rng.randint(1, 9):02d}-{rng.randint(1, 12):02d}"
        persons.append(Person(
            id_number=pid, name=f"人员{i}", unit=f"单位{i % 200:03d}", unit_level=rng.choice(UNIT_LEVELS),
            title_level=rng.choice(TITLE_LEVELS), discipline_code=discipline,
            early_promotion=rng.random() < 0.05, covid_frontline=rng.random() < 0.03,
            mandatory_training_passed=rng.choice([True, True, True, False, None])))
        for k in range(max(1, int(rng.gauss(records_per_person, 2)))):
            rid += 1
            year = YEARS[k % len(YEARS)] if rng.random() < 0.8 else rng.choice(YEARS)
            category = rng.choice(CATEGORIES)
            date = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            code = "" if category == "II类" else f"{year}-{discipline}-{rid % 1000:03d}"
            credits.append(CreditRecord(
                record_id=f"R{rid:07d}", id_number=pid, name=f"人员{i}", year=year, project_code=code,
                project_title="学术会议", category=category, credits=rng.choice([6, 8, 10, 12, 14, 16, 18]),
                date=date, mode=rng.choice(["面授", "面授", "远程"]), organizer="某学会",
                entered_on=date + dt.timedelta(days=rng.randint(1, 200))))
    return SyntheticExport(persons, credits)


def main(argv: list[str] | None = None) -> list[dict]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--persons", type=int, default=10_000)
    ap.add_argument("--records", type=int, default=10, help="records per person (mean)")
    ap.add_argument("--policy", action="append", help="policy name or path (repeatable)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    export = synthesize(args.persons, args.records, args.seed)
    build_s = time.perf_counter() - t0
    rows = []
    for name in args.policy or DEFAULT_POLICIES:
        policy = load_policy(name)
        t0, c0 = time.perf_counter(), time.process_time()
        findings = run_check(export, policy, year=2022)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        verdicts = {v: sum(1 for a in findings.applicants if a.verdict == v) for v in ("pass", "fail", "needs_review")}
        rows.append({"policy": policy.name, "persons": len(export.persons), "records": len(export.credits),
                     "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "persons_per_s": round(len(export.persons) / seconds),
                     **verdicts, "units": len(findings.units)})
    print(f"Synthetic export built in {build_s:.2f} s (seed {args.seed}).\n")
    cols = ["policy", "persons", "records", "seconds", "cpu_seconds", "persons_per_s", "pass", "fail", "needs_review", "units"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for row in rows:
        print("| " + " | ".join(str(row[c]) for c in cols) + " |")
    return rows


if __name__ == "__main__":
    main()
