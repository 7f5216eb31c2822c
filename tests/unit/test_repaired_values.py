"""A value parsed only after a repair keeps its value but not full confidence (no FIELD_MISMATCH from it)."""

from __future__ import annotations


def test_a_repaired_code_keeps_its_value_but_not_full_confidence():
    from pipeline.extract.certificate import extract_certificate

    def page(code_text: str):
        return _body_page("继续医学教育II类学分证书", "姓名 刘瑶瑶", "项目名称 消化内镜诊疗技术进展",
                          f"项目编号 {code_text}", "学分类别 II类", "学分 6", "日期 2022年4月2日", conf=0.99)

    clean = extract_certificate(page("2022-04-04-942(市)"))
    marred = extract_certificate(page("2022-0.1-0.1-9.12(市)"))
    assert clean.project_code == "2022-04-04-942(市)" and marred.project_code == "2022-01-01-912(市)"
    assert clean.confidence["project_code"] >= 0.95
    assert marred.confidence["project_code"] < 0.92 <= clean.confidence["project_code"]


def _body_page(*rows: str, conf: float = 0.98):
    from pipeline.models import Line, OcrResult, Word

    lines = [Line(text=t, conf=conf, box=(100, 100 + 60 * i, 1400, 140 + 60 * i),
                  words=[Word(text=t, conf=conf, box=(100, 100 + 60 * i, 1400, 140 + 60 * i))])
             for i, t in enumerate(rows)]
    return OcrResult(engine="test", engine_version="0", width=1500, height=1600, lines=lines)


def _read(*rows: str):
    from pipeline.extract.certificate import extract_certificate

    return extract_certificate(_body_page(*rows))


def test_a_title_whose_closing_bracket_was_lost_at_the_line_end_is_read():
    c = _read("国家级继续医学教育项目学分证书", "唐辉桂同志于2020年12月9日至11日参加《心肺复苏技能培训",
              "(项目编号:2020-04-04-153(国))学习,经考核合格,授予国家", "级继续医学教育I类学分9分。")
    assert c.project_title == "心肺复苏技能培训"
    assert c.confidence["project_title"] < 0.92  # its end was inferred: no FIELD_MISMATCH from it alone


def test_a_title_whose_opening_bracket_was_lost_at_the_line_start_is_read():
    c = _read("省级继续医学教育项目学分证书", "许静同志于2022年6月22日至24日参加省级继续医学教育项目",
              "胸部影像诊断学习班》(项目编号:2022-10-02-305(省))学习,", "成绩合格,授予省级继续医学教育I类学分9分。")
    assert c.project_title == "胸部影像诊断学习班"
