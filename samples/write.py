"""Write a planned set to disk: submissions (PDF / images), records CSVs, truth.json."""

from __future__ import annotations

import csv
import io
import json
import logging
from pathlib import Path

from samples import config
from samples.plan import SetPlan, truth_of
from samples.spec import FileSpec, PageSpec

log = logging.getLogger(__name__)

PERSON_HEADERS = ["身份证号", "姓名", "单位", "单位级别", "职称级别", "专业", "学科代码", "提前晋升", "抗疫一线",
                  "全员培训"]
CREDIT_HEADERS = ["记录编号", "身份证号", "姓名", "年度", "项目编号", "项目名称", "学分类别", "学分", "日期",
                  "学习形式", "主办单位", "证书编号", "录入日期"]


def _yn(v: bool | None) -> str:
    return "" if v is None else ("是" if v else "否")


def write_records(sp: SetPlan, out: Path) -> None:
    from samples.textfmt import fmt_credits

    out.mkdir(parents=True, exist_ok=True)
    enc = sp.records_encoding
    with (out / "persons.csv").open("w", encoding=enc, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(PERSON_HEADERS)
        for p in sp.persons:
            w.writerow([p.id_number, p.name, p.unit, p.unit_level, p.title_level, p.specialty, p.discipline_code,
                        _yn(p.early_promotion), _yn(p.covid_frontline), _yn(p.mandatory_training)])
    with (out / "credits.csv").open("w", encoding=enc, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CREDIT_HEADERS)
        for r in sp.records:
            w.writerow([r.record_id, r.id_number, r.name, r.year, r.project_code, r.project_title, r.category,
                        fmt_credits(r.credits), r.date, r.mode, r.organizer, r.certificate_no, r.entered_on])


def write_truth(sp: SetPlan, out: Path) -> dict:
    truth = truth_of(sp)
    out.mkdir(parents=True, exist_ok=True)
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return truth


def _image_bytes(page: PageSpec) -> tuple[bytes, object]:
    from samples.scan import render_scan

    img = render_scan(page)
    buf = io.BytesIO()
    if page.scan.color == "bw":
        img.save(buf, format="PNG", optimize=False, dpi=(page.scan.dpi, page.scan.dpi))
    else:
        img.save(buf, format="JPEG", quality=page.scan.jpeg_quality, dpi=(page.scan.dpi, page.scan.dpi))
    return buf.getvalue(), img


def _pdf_bytes(pages: list[PageSpec]) -> bytes:
    import fitz

    from samples.canvas import PdfCanvas
    from samples.designs import draw_page

    cfg = config.generator()
    doc = fitz.open()
    for spec in pages:
        if spec.scan.text_layer:
            page = doc.new_page(width=spec.size_pt[0], height=spec.size_pt[1])
            cv = PdfCanvas(page, tuple(cfg["render"]["ink"]))
            cv.w_pt, cv.h_pt = spec.size_pt
            draw_page(cv, spec.kind, spec.design, spec.content)
            continue
        data, img = _image_bytes(spec)
        w_px, h_px = img.size  # type: ignore[attr-defined]
        page = doc.new_page(width=w_px * 72.0 / spec.scan.dpi, height=h_px * 72.0 / spec.scan.dpi)
        page.insert_image(page.rect, stream=data)
    if any(spec.scan.text_layer for spec in pages):
        doc.subset_fonts()  # embed only the glyphs used
    doc.set_metadata({"producer": "cme-audit samples", "creator": "samples.generate",
                      "creationDate": cfg["pdf_date"], "modDate": cfg["pdf_date"], "title": "", "author": "",
                      "subject": "", "keywords": ""})
    data = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return data


def _invalid_bytes(fmt: str) -> bytes:
    if fmt == "zero":
        return b""
    if fmt == "textpdf":
        return "学分材料清单：见纸质版。本文件不是 PDF 文档。\n".encode()
    import fitz

    doc = fitz.open()
    page = doc.new_page()
    page.insert_text((72, 72), "scan", fontsize=12)
    data = doc.tobytes(no_new_id=True)
    return data[: max(16, len(data) // 8)]  # cut inside the first objects: no page tree left


def write_file(f: FileSpec, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if f.invalid:
        path.write_bytes(_invalid_bytes(f.fmt))
    elif f.fmt == "pdf":
        path.write_bytes(_pdf_bytes(f.pages))
    else:
        data, _ = _image_bytes(f.pages[0])
        path.write_bytes(data)


def write_submissions(sp: SetPlan, out: Path, *, jobs: int = 1) -> int:
    """Render every file of every bundle; returns the number of pages rendered."""
    tasks = [(f, out / "submissions" / ap.key / f.name) for ap in sp.applicants for f in ap.files]
    if jobs > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as ex:
            list(ex.map(_write_task, tasks))
    else:
        for t in tasks:
            _write_task(t)
    return sum(len(f.pages) for f, _ in tasks)


def _write_task(task: tuple[FileSpec, Path]) -> None:
    f, path = task
    write_file(f, path)
    log.debug("wrote %s", path)
