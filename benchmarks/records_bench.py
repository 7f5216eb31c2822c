"""Records benchmark: import a large export, then match bundles of certificates against the store.

    python -m benchmarks.records_bench --persons 100000 --records 1000000 --certs 100000

Prints a markdown table: export load + import time, match time, match precision/recall on
OCR-perturbed certificates, peak memory (ru_maxrss).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import resource
import shutil
import tempfile
import time
from pathlib import Path
from typing import Self

from pipeline.match import match_certificates
from pipeline.models import CertificateFields, CertRef
from pipeline.records import RecordStore, load_export
from pipeline.records.idcard import check_digit

TOPICS = ["心血管疾病", "糖尿病", "重症医学", "急诊抢救", "儿科常见病", "肿瘤化疗", "院感防控", "超声诊断",
          "麻醉管理", "护理质量", "全科医学", "医学影像", "口腔种植", "眼科手术", "康复治疗", "临床药学"]
KINDS = ["诊疗新进展学习班", "规范化管理培训班", "新技术研讨会", "适宜技术推广班", "专题讲座", "学术年会"]
ORGS = ["中华医学会", "浙江省医学会", "温州医科大学", "温州市人民医院", "浙江大学医学院附属第一医院"]
CATS = [("I类国家级", "国"), ("I类省级", "省"), ("II类", "")]
OCR_SWAPS = {"学": "孛", "班": "斑", "会": "合", "医": "医", "0": "O", "1": "l", "-": "－", "(": "（", ")": "）"}


def make_ids(n: int, rng: random.Random) -> list[str]:
    ids: list[str] = []
    start = dt.date(1960, 1, 1)
    k = 0
    while len(ids) < n:
        born = (start + dt.timedelta(days=k % 14600)).strftime("%Y%m%d")
        first17 = f"330302{born}{(k // 14600) % 1000:03d}"
        ids.append(first17 + check_digit(first17))
        k += 1
    rng.shuffle(ids)
    return ids


def write_export(folder: Path, persons: int, records: int, rng: random.Random) -> None:
    ids = make_ids(persons, rng)
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
    with (folder / "persons.csv").open("w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["身份证号", "姓名", "单位", "单位级别", "职称级别", "专业", "学科代码", "提前晋升", "抗疫一线",
                    "全员培训"])
        for pid in ids:
            w.writerow([pid, rng.choice(surnames) + rng.choice(given) + rng.choice(["", *given]),
                        rng.choice(ORGS[2:]), "州市级", "中级", "内科", "04-05", "否", "否", "是"])
    with (folder / "credits.csv").open("w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["记录编号", "身份证号", "姓名", "年度", "项目编号", "项目名称", "学分类别", "学分", "日期",
                    "学习形式", "主办单位", "证书编号", "录入日期"])
        for k in range(records):
            pid = ids[k % persons]
            year = 2018 + (k // persons) % 5
            d = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(360))
            cat, suffix = rng.choice(CATS)
            code = f"{year}-{rng.randrange(1, 20):02d}-{rng.randrange(1, 20):02d}-{rng.randrange(1000):03d}"
            code = f"{code}({suffix})" if suffix else ""
            w.writerow([f"R{k:07d}", pid, "", year, code, rng.choice(TOPICS) + rng.choice(KINDS), cat,
                        rng.choice([1, 2, 3, 4, 5, 6, 0.5]), d.isoformat(), "面授", rng.choice(ORGS),
                        "", d.isoformat()])


class Timer:
    """Wall and CPU seconds of a block: on a shared machine CPU time is the figure that repeats."""

    def __enter__(self) -> Self:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu

    def __str__(self) -> str:
        return f"{self.cpu:.1f} s CPU ({self.wall:.1f} s wall)"


def noisy(s: str | None, rng: random.Random, rate: float) -> str | None:
    if not s:
        return s
    return "".join(OCR_SWAPS.get(ch, ch) if rng.random() < rate else ch for ch in s)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--persons", type=int, default=10_000)
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--certs", type=int, default=10_000)
    ap.add_argument("--noise", type=float, default=0.08, help="per-character OCR swap rate")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", default=None, help="SQLAlchemy URL (default: a temporary SQLite file)")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="cme-records-bench-"))
    rows: list[tuple[str, str]] = []
    try:
        with Timer() as t:
            write_export(work, args.persons, args.records, rng)
        rows.append(("generate export (GBK CSV)", str(t)))
        with Timer() as t:
            export = load_export(work)
        rows.append(("load + validate export", str(t)))
        store = RecordStore(args.db or f"sqlite:///{work / 'records.db'}")
        with Timer() as t:
            report = store.import_export(export)
        rows.append((f"import {report.persons_added} persons / {report.credits_added} records", str(t)))
        with Timer() as t:
            again = store.import_export(export)
        rows.append((f"re-import same export (idempotent, changed={again.changed})", str(t)))
        # Bundles: whole persons' record sets as certificates, until --certs certificates.
        people = [p.id_number for p in export.persons]
        del export
        rng.shuffle(people)
        n_certs = tp = fp = fn = 0
        t_query = t_match = c_match = 0.0
        for pid in people:
            if n_certs >= args.certs:
                break
            t1 = time.perf_counter()
            recs = store.credits_for(pid)
            t_query += time.perf_counter() - t1
            certs = []
            truth = {}
            for k, r in enumerate(recs):
                f = CertificateFields(
                    name=r.name, project_code=noisy(r.project_code, rng, args.noise) or None,
                    project_title=noisy(r.project_title, rng, args.noise),
                    category=r.category, credits=r.credits if rng.random() > 0.1 else None,
                    date=r.date.isoformat() if rng.random() > 0.1 else None,
                    organizer=noisy(r.organizer, rng, args.noise) if rng.random() > 0.3 else None)
                c = CertRef(path=f"{pid}/1.pdf", page=k + 1, stack_index=k, fields=f)
                certs.append(c)
                truth[(c.path, c.page)] = r.record_id
            t1, c1 = time.perf_counter(), time.process_time()
            out = match_certificates(certs, recs, needs_certificate=lambda r: True)
            t_match += time.perf_counter() - t1
            c_match += time.process_time() - c1
            n_certs += len(certs)
            for key, rid in truth.items():
                m = out.matches.get(key)
                if m is None:
                    fn += 1
                elif m.record_id == rid:
                    tp += 1
                else:
                    fp += 1
                    fn += 1
        rows.append((f"store queries for {n_certs} certificates' persons", f"{t_query:.1f} s"))
        per_cert = 1000 * c_match / max(n_certs, 1)
        rows.append((f"match {n_certs} certificates",
                     f"{c_match:.1f} s CPU ({t_match:.1f} s wall; {per_cert:.2f} ms CPU each)"))
        rows.append(("match precision / recall", f"{tp / max(tp + fp, 1):.4f} / {tp / max(tp + fn, 1):.4f}"))
        rows.append(("peak memory (ru_maxrss)", f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"))
        store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n### records benchmark: {args.persons} persons, {args.records} records, {args.certs} certificates\n")
    print("| step | result |\n| --- | --- |")
    for k, v in rows:
        print(f"| {k} | {v} |")




# ------------------------------------------------------------ truth-derived evaluation


def _pr(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return f"{p:.4f} / {r:.4f} (tp {tp}, fp {fp}, fn {fn})"


def evaluate_truth(folder: Path, *, noise: float = 0.0, drop: float = 0.0, seed: int = 7,
                   with_exclude: bool = True) -> list[tuple[str, str]]:
    """Resolve, match and order with inputs built from truth.json (optionally OCR-perturbed);
    compare the flags and matches with the truth's."""
    import json
    from collections import defaultdict

    from pipeline.match import match_certificates as match
    from pipeline.models import AnnualList, RegistrationForm
    from pipeline.order import ListPage, check_order
    from pipeline.records import RecordStore as Store
    from pipeline.records import load_export as load
    from pipeline.resolve import resolve_applicant
    from pipeline.rules import load_policy

    rng = random.Random(seed)
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    policy = load_policy(truth["generator"]["policy"])
    years = truth["generator"]["years"]
    work = Path(tempfile.mkdtemp(prefix="cme-records-eval-"))
    store = Store(f"sqlite:///{work / 'r.db'}")
    store.import_export(load(folder / "records"))
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    codes = ("CERT_UNMATCHED", "FIELD_MISMATCH", "DUPLICATE_CERT", "RECORD_NO_CERT", "ORDER_MISMATCH",
             "LIST_MISSING", "LIST_MIXED_YEARS", "APPLICANT_UNRESOLVED")
    t_total = 0.0
    for app in truth["applicants"]:
        certs, lists, form, stack = [], [], None, 0
        expected_match: dict[tuple[str, int], str | None] = {}
        for doc in app["documents"]:
            if doc.get("invalid"):
                continue
            for pg in doc["pages"]:
                if pg["kind"] == "certificate":
                    fields = {k: v for k, v in pg["certificate"].items() if k != "stamps"}
                    for k in ("project_title", "organizer", "project_code"):
                        fields[k] = noisy(fields.get(k), rng, noise)
                    for k in ("project_code", "project_title", "date", "credits", "organizer", "category",
                              "mode", "certificate_no"):
                        if rng.random() < drop:  # a field the reader could not read
                            fields[k] = None
                    certs.append(CertRef(doc["path"], pg["page"], stack, CertificateFields(**fields)))
                    expected_match[(doc["path"], pg["page"])] = pg.get("record_id")
                elif pg["kind"] == "annual_list":
                    al = json.loads(json.dumps(pg["annual_list"]))
                    for row in al["rows"]:
                        for k in ("project_code", "project_title"):
                            row[k] = noisy(row.get(k), rng, noise)
                        for k in ("project_code", "project_title", "date", "credits"):
                            if rng.random() < drop:
                                row[k] = None
                    lists.append(ListPage(doc["path"], pg["page"], stack, AnnualList(**al)))
                elif pg["kind"] == "registration_form":
                    rf = pg["registration_form"]
                    form = RegistrationForm(name=rf.get("name"), id_number=rf.get("id_number"), unit=rf.get("unit"))
                stack += 1
        t1 = time.perf_counter()
        res = resolve_applicant(applicant_key=app["applicant_key"], form=form,
                                cert_names=[c.fields.name for c in certs if c.fields.name], store=store)
        found: list = []
        matches: dict = {}
        dups: set = set()
        if res.person is None:
            found.append(("APPLICANT_UNRESOLVED", None))
            records = []
        else:
            records = store.credits_for(res.person.id_number)
            out = match(certs, records, needs_certificate=policy.needs_certificate, years=set(years))
            matches, dups = out.matches, set(out.duplicates)
            found += out.flags
        found += check_order(certs=certs, lists=lists, records=records, matches=matches, years=years,
                             exclude=dups if with_exclude else None)
        t_total += time.perf_counter() - t1
        got_ids = res.person.id_number if res.person else None
        counts["resolution"][0 if got_ids == app["id_number"] else 1] += 1
        if res.person is not None and app["id_number"] is not None:
            for key, rid in expected_match.items():
                m = matches.get(key)
                c = counts["record match"]
                if m is not None and m.record_id == rid:
                    c[0] += 1
                else:
                    if m is not None:
                        c[1] += 1
                    if rid is not None:
                        c[2] += 1

        def key(code: str, f: dict) -> tuple:
            if code == "RECORD_NO_CERT":
                return (f.get("record_id"),)
            if code == "LIST_MISSING":
                return (f.get("year"),)
            if code == "APPLICANT_UNRESOLVED":
                return ()
            return (f.get("path"), f.get("page"))

        want = {(f["code"], key(f["code"], f)) for f in app["flags"] if f["code"] in codes}
        got = set()
        for f in found:
            if isinstance(f, tuple):
                got.add((f[0], ()))
            else:
                got.add((f.code, key(f.code, f.model_dump())))
        for code in codes:
            w = {k for k in want if k[0] == code}
            g = {k for k in got if k[0] == code}
            counts[code][0] += len(w & g)
            counts[code][1] += len(g - w)
            counts[code][2] += len(w - g)
            for miss in sorted(w - g, key=str):
                log_lines.append(f"missed {app['applicant_key']} {miss}")
            for extra in sorted(g - w, key=str):
                log_lines.append(f"extra  {app['applicant_key']} {extra}")
    store.close()
    shutil.rmtree(work, ignore_errors=True)
    rows = [("applicants", str(len(truth["applicants"]))),
            ("resolution correct / wrong", f"{counts['resolution'][0]} / {counts['resolution'][1]}"),
            ("record match P / R", _pr(*counts["record match"]))]
    rows += [(f"{code} P / R", _pr(*counts[code])) for code in codes]
    rows.append(("resolve+match+order time", f"{t_total:.2f} s"))
    return rows


log_lines: list[str] = []


def main_truth(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="evaluate resolve/match/order on a generated set's truth")
    ap.add_argument("--truth", type=Path, required=True, help="a generated set (folder with truth.json)")
    ap.add_argument("--noise", type=float, default=0.0)
    ap.add_argument("--drop", type=float, default=0.0, help="share of certificate fields left unread")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    rows = evaluate_truth(args.truth, noise=args.noise, drop=args.drop)
    if args.verbose:
        print("\n".join(log_lines))
    print(f"\n### records/match/order on {args.truth} (truth-derived inputs, noise {args.noise}, "
          f"unread {args.drop})\n")
    print("| measure | result |\n| --- | --- |")
    for k, v in rows:
        print(f"| {k} | {v} |")


if __name__ == "__main__":
    import sys

    main_truth(sys.argv[2:]) if sys.argv[1:2] == ["truth"] else main()
