"""Small exports for the records tests: valid IDs computed with GB 11643, written as CSV or XLSX."""

from __future__ import annotations

import csv
from pathlib import Path

from pipeline.records.idcard import check_digit

PERSON_HEADER = ["身份证号", "姓名", "单位", "单位级别", "职称级别", "专业", "学科代码",
                 "提前晋升", "抗疫一线", "全员培训"]
CREDIT_HEADER = ["记录编号", "身份证号", "姓名", "年度", "项目编号", "项目名称", "学分类别", "学分",
                 "日期", "学习形式", "主办单位", "证书编号", "录入日期"]


def make_id(region: str = "330302", born: str = "19800101", seq: str = "123") -> str:
    first17 = region + born + seq
    return first17 + check_digit(first17)


ID_A = make_id(seq="101")
ID_B = make_id(born="19850515", seq="202")


def persons_rows() -> list[list[str]]:
    return [
        [ID_A, "张三", "温州市人民医院", "州市级", "中级", "内科", "04-05", "否", "否", "是"],
        [ID_B, "李四", "温州医科大学附属第一医院", "省级", "副高", "外科", "04-06", "是", "否", ""],
    ]


def credits_rows() -> list[list[str]]:
    return [
        ["R0001", ID_A, "张三", "2021", "2021-04-05-123(国)", "心血管疾病诊疗新进展", "I类国家级", "6",
         "2021-05-12", "面授", "中华医学会", "C001", "2021-06-01"],
        ["R0002", ID_A, "张三", "2021", "2021-04-05-200(省)", "糖尿病规范化管理", "I类省级", "4.5",
         "2021-09-03", "面授", "浙江省医学会", "", "2021-10-01"],
        ["R0003", ID_B, "李四", "2022", "", "院内学术讲座", "II类", "1",
         "2022-03-08", "远程", "温州医科大学附属第一医院", "", ""],
    ]


def write_csv(path: Path, header: list[str], rows: list[list[str]], *, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def write_export(folder: Path, *, persons: list[list[str]] | None = None,
                 credits: list[list[str]] | None = None, encoding: str = "utf-8",
                 person_header: list[str] | None = None, credit_header: list[str] | None = None) -> Path:
    write_csv(folder / "persons.csv", person_header or PERSON_HEADER,
              persons if persons is not None else persons_rows(), encoding=encoding)
    write_csv(folder / "credits.csv", credit_header or CREDIT_HEADER,
              credits if credits is not None else credits_rows(), encoding=encoding)
    return folder


def write_xlsx(path: Path, *, persons: list[list[object]] | None = None,
               credits: list[list[object]] | None = None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "persons"
    ws.append(PERSON_HEADER)
    for r in persons if persons is not None else persons_rows():
        ws.append(r)
    ws2 = wb.create_sheet("credits")
    ws2.append(CREDIT_HEADER)
    for r in credits if credits is not None else credits_rows():
        ws2.append(r)
    wb.save(path)
    return path


def test_make_id_matches_the_standard_example() -> None:
    # GB 11643's worked example: 11010519491231002X (check character X).
    assert make_id("110105", "19491231", "002") == "11010519491231002X"
