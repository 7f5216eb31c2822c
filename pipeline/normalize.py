"""Shared parsers for the words printed on CME documents.

Every function takes raw text (OCR output, a text layer or a CSV cell) and
returns the canonical value, or None when the text does not hold one. They
never guess: a malformed value is None, not a best effort.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.models import Category, Mode
from pipeline.settings import config, load_yaml

# Full-width ASCII block U+FF01..U+FF5E maps to U+0021..U+007E; U+3000 is the ideographic space.
_FULLWIDTH_OFFSET = 0xFEE0
_PUNCT_MAP = str.maketrans({
    "（": "(", "）": ")", "【": "[", "】": "]", "：": ":", "，": ",", "；": ";",
    "－": "-", "—": "-", "–": "-", "‐": "-", "‑": "-", "‒": "-", "―": "-"
})
_DASHES = "-－—–‐‑‒―~～_"


def to_halfwidth(s: str) -> str:
    """Full-width ASCII letters/digits/punctuation and the ideographic space -> half-width."""
    out = []
    for ch in s:
        code = ord(ch)
        if code == 0x3000:
            out.append(" ")
        elif 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - _FULLWIDTH_OFFSET))
        else:
            out.append(ch)
    return "".join(out)


def normalize_text(s: str) -> str:
    """Half-width, NFKC-safe punctuation, collapsed whitespace; Chinese text keeps no inner spaces."""
    s = to_halfwidth(unicodedata.normalize("NFC", s)).translate(_PUNCT_MAP)
    s = re.sub(r"\s+", " ", s).strip()
    # OCR engines put spaces between CJK characters; they carry no meaning there.
    s = re.sub(r"(?<=[\u3400-\u9fff《》()\"“”]) (?=[\u3400-\u9fff《》()\"“”])", "", s)
    # Class words: OCR reads the Roman numeral I as | l 1 or Ⅰ.
    # Two strokes, each read as I, l, 1 or | (I1类, 1I类, Il类 …), are II.
    s = re.sub(r"(?<![A-Za-z0-9|])(?:Ⅱ[Il1|Ⅰ]?|[Il1|Ⅰ]{2})\s*类", "II类", s)
    s = re.sub(r"(?<![A-Za-z0-9|])(?:I|Ⅰ|l|1|\|)\s*类", "I类", s)
    return s


# ------------------------------------------------------------------------ codes

# Letters that OCR confuses with digits inside a project code.
_CODE_DIGIT_FIX = str.maketrans({
    "O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "i": "1", "|": "1", "!": "1",
    "Z": "2", "z": "2", "S": "5", "s": "5", "B": "8", "g": "9", "q": "9", "G": "6", "b": "6",
    "T": "7",
})
_PATTERNS_PATH = Path(__file__).resolve().parents[1] / "ocr_models" / "patterns.yaml"


@lru_cache(maxsize=1)
def _patterns() -> dict:
    return load_yaml(_PATTERNS_PATH)


@lru_cache(maxsize=1)
def _suffix_words() -> dict[str, str]:
    words = {}
    for canonical, variants in _patterns()["code_suffix_confusions"].items():
        words[canonical] = canonical
        for v in variants:
            words[str(v)] = canonical
    return words


@lru_cache(maxsize=1)
def _suffix_shapes() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rx), canonical) for canonical, rx in (_patterns().get("code_suffix_shapes") or {}).items()]


def _suffix_level(read: str) -> str | None:
    """A suffix as read -> its level's character by ``code_suffix_confusions``, then by
    ``code_suffix_shapes`` (ocr_models/patterns.yaml); None when neither knows it."""
    return _suffix_words().get(read) or next((level for rx, level in _suffix_shapes() if rx.fullmatch(read)), None)


_CODE_DIGIT = "[0-9OoDQlIi|!ZzSsBgqGbT]"
_CODE_SUFFIX = r"\s*(?:[(\[{]\s*(?P<suffix>[^)\]}\s]{1,3})\s*[)\]}])?"
_CODE_RE = re.compile(
    rf"(?P<body>{_CODE_DIGIT}{{4}}(?:\s*[" + re.escape(_DASHES) + rf"]\s*{_CODE_DIGIT}{{1,6}}){{3,4}})" + _CODE_SUFFIX
)
# A dash read as ``(`` on a thresholded scan (``2022(06(01(076(市)``): a ``(`` counts as a dash when
# a digit group and another dash or ``(`` follow it (a suffix's ``(`` is followed by no digits,
# and ``(1)`` after the serial stays a garbled suffix); the group may hold the digits of groups
# whose dashes were lost (``2020(0601633(市)``, regrouped by _regroup).
_CODE_SEP = (rf"(?:[{re.escape(_DASHES)}]|\((?=\s*{_CODE_DIGIT}{{1,7}}\s*[{re.escape(_DASHES)}(]))")
# Also a code with dashes lost on a scan (``202104-04-593``, ``2019-1301158``); regrouped by _regroup
# (the digits fill the printed layout exactly, every dash read on one of its boundaries) or rejected.
# A dash may be read twice (``2021--10-02-288``), like a date's separator.
_CODE_LOOSE_RE = re.compile(
    rf"(?P<body>{_CODE_DIGIT}{{4,6}}(?:\s*(?:{_CODE_SEP}\s*){{1,2}}{_CODE_DIGIT}{{1,7}}){{1,4}})(?!\d)" + _CODE_SUFFIX
)
# A stray mark read inside a code's last group on a thresholded scan: ``2018-04-03-5:37``.
_CODE_NOISE = re.compile(r"(?<=\d)[:.·,'`](?=\d)")


def _code_groups() -> list[int]:
    """Digits per group of a project code as printed (``extract.code_groups`` in reading.yaml)."""
    return [int(n) for n in config("reading")["extract"]["code_groups"]]


def _regroup(groups: list[str]) -> list[str] | None:
    """Groups read with a dash lost (``202104-04-593``) -> the code's groups, when the digits fill
    the printed layout exactly and every dash read sits on one of its boundaries; else None."""
    layout = _code_groups()
    digits = "".join(groups)
    if len(digits) != sum(layout) or len(groups) >= len(layout):
        return None
    bounds, at = set(), 0
    for n in layout[:-1]:
        at += n
        bounds.add(at)
    read, at = set(), 0
    for g in groups[:-1]:
        at += len(g)
        read.add(at)
    if not read <= bounds:
        return None
    out, at = [], 0
    for n in layout:
        out.append(digits[at:at + n])
        at += n
    return out


CODE_RE = _CODE_RE  # a project code as printed (before normalisation)


def find_codes(s: str) -> list[str]:
    """Every project code in a text, normalised, in order of appearance."""
    out = []
    for m in _CODE_LOOSE_RE.finditer(_CODE_NOISE.sub("", to_halfwidth(s).translate(_PUNCT_MAP))):
        code = _normalize_match(m)
        if code:
            out.append(code)
    return out


def normalize_code(s: str) -> str | None:
    """A project code as printed -> ``2021-04-05-123(国)``; None when no code is there.

    Full-width forms, spaces and dash variants are normalised; O/0, l/1 and
    similar confusions are repaired inside the numeric groups; the suffix is
    kept when it is one Chinese character ((国), (省), (市) ...), with 囯/國 read as 国.
    """
    if not s:
        return None
    for m in _CODE_LOOSE_RE.finditer(_CODE_NOISE.sub("", to_halfwidth(s).translate(_PUNCT_MAP))):
        code = _normalize_match(m)
        if code:
            return code
    return None


def code_repaired(raw: str, code: str) -> bool:
    """The normalised ``code`` is a repair of ``raw``, not the code read as it stands: its digits and
    dashes do not appear verbatim in the text (a mark inside a group dropped, a letter taken for a
    digit, a dash lost or read as ``(``), or its suffix names no known level. Such a value serves
    matching but proves no mismatch."""
    body, _, suffix = code.partition("(")
    if suffix and suffix.rstrip(")") not in _patterns()["code_suffix_category"]:
        return True  # a level no project code carries (球 for 国): a misread, however clean it looks
    text = re.sub(r"\s+", "", to_halfwidth(raw)).translate(_PUNCT_MAP)
    text = re.sub("[" + re.escape(_DASHES) + "]", "-", text)
    return body not in text


def _normalize_match(m: re.Match[str]) -> str | None:
    groups = [g.translate(_CODE_DIGIT_FIX) for g in re.split(r"(?:\s*[(" + re.escape(_DASHES) + r"]\s*)+", m["body"])]
    if not all(g.isdigit() for g in groups):
        return None
    # a date range printed with dashes (``2018-11-10~11-12``): year, then month-day twice; a code's
    # last group is never two digits after three two-digit groups
    if len(groups) == 5 and all(len(g) == 2 for g in groups[1:]):
        return None
    if len(groups) < 4 or len(groups[0]) != 4:
        regrouped = _regroup(groups)
        if regrouped is None:
            return None
        groups = regrouped
    year = int(groups[0])
    if not 1990 <= year <= 2099:
        return None
    code = "-".join(groups)
    raw = m["suffix"] or ""
    suffix = _suffix_level(raw) or (raw if re.fullmatch(r"[\u4e00-\u9fff]", raw) else None)
    return f"{code}({suffix})" if suffix else code


# ------------------------------------------------------------------------ dates

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "两": 2}


def _cn_year(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if all(ch in _CN_DIGITS for ch in s):
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    return None


def _cn_number(s: str) -> int | None:
    """Arabic or Chinese numerals up to 99: 5, 05, 五, 十二, 二十, 二十一, 三十一."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    if not s or any(ch not in _CN_DIGITS and ch != "十" for ch in s):
        return None
    if "十" in s:
        tens, _, ones = s.partition("十")
        if len(tens) > 1 or len(ones) > 1 or "十" in ones:  # 十十, 一二十: no number
            return None
        t = _CN_DIGITS[tens] if tens else 1
        o = _CN_DIGITS[ones] if ones else 0
        return t * 10 + o
    if len(s) == 1:
        return _CN_DIGITS[s]
    return None


_NUM = r"[0-9〇○零一二三四五六七八九十两]"
# A stray mark a thresholded scan adds beside or inside a number (``2019年2月:22日``, ``1月2:3日``).
_DATE_NOISE = r"[:.·,'`]"
_DATE_RES = [
    # 2021年5月12日(至14日) / 二〇二一年五月十二日 / 2021年5月 / 2021年度5月12日
    re.compile(rf"(?P<y>(?:19|20)\d\d|[〇○零Oo0一二三四五六七八九]{{4}})\s*年度?\s*{_DATE_NOISE}?\s*(?P<m>{_NUM}{{1,3}})\s*月"
               rf"(?:\s*{_DATE_NOISE}?\s*(?P<d>\d{_DATE_NOISE}\d|{_NUM}{{1,3}})\s*[日号]?)?"),
    # 2021年5.12(-5.14): the year written out, month and day dotted
    re.compile(r"(?P<y>(?:19|20)\d\d)\s*年度?\s*(?P<m>\d{1,2})\s*[./]\s*(?P<d>\d{1,2})(?!\d)"),
    # 2021-05-12, 2021.5.12, 2021/5/12
    # (not the head of a project code: 2020-04-04-985; dots and slashes are no code's, so a range may
    # follow them: 2021.05.12-05.14)
    # (a separator read twice on a thresholded scan: 2021--03-27; a dashed date may start a range of two
    # whole dates, 2019-04-14-2019-04-15, but is no date when a code's serial follows)
    # (a middle dot as the separator, 2021·05·12, or read for a dot, 2021.05·12: a code's groups may be read
    # with it too, so a serial after it is still no date's)
    re.compile(r"(?P<y>(?:19|20)\d\d)\s*(?:(?P<dot>[./])[./]?|-{1,2}|·)\s*(?P<m>\d{1,2})\s*[-./·]{1,2}\s*(?P<d>\d{1,2})"
               r"(?!\d)(?(dot)|(?!\s*[-－·]\s*(?!(?:19|20)\d\d\s*[-·]\s*\d{1,2}\s*[-·]\s*\d{1,2}(?!\d))\d))"),
    # 2021 03-15: the mark after the year lost on a scan (only the first one; still not a code's head)
    re.compile(r"(?P<y>(?:19|20)\d\d)\s+(?P<m>\d{1,2})\s*[-./]\s*(?P<d>\d{1,2})(?!\d|\s*[-－]\s*\d)"),
    # 20210512
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"),
    # day first, the year last (28.11.2019, 03/07/2020), or a range of such with the year once (01.12-02.12.2019):
    # dotted, slashed or middle-dotted only (a dashed one may be a code's piece); a year-first date wins
    re.compile(r"(?<![\d./·])(?P<d>[0-3]?\d)\s*(?P<s>[./·])\s*(?P<m>[01]?\d)"
               r"(?:\s*[-~～至]\s*[0-3]?\d\s*(?P=s)\s*[01]?\d)?\s*(?P=s)\s*(?P<y>(?:19|20)\d\d)(?![\d./·])"),
]


# A 0 of thin type on a thresholded scan keeps only its sides: it reads ``()`` or ``(0)``
# (``于2(0)2()年8月2()日``). Right after a digit or a dash and before a digit, a date mark or a
# dash, such a pair is a 0 (a code's suffix follows its serial and is followed by nothing of these).
_LOST_ZERO = re.compile(r"(?<=[\d\-])\s*[(（]\s*[0O]?\s*[)）](?=\s*[\d年月日\-])")


def restore_zeros(s: str) -> str:
    """``s`` with every 0 read as ``()`` or ``(0)`` (see ``_LOST_ZERO``) written as 0 again."""
    return _LOST_ZERO.sub("0", s)


def date_repaired(raw: str) -> bool:
    """A date read with a stray mark beside or inside its numbers (``2019年2月:22日``, ``1月2:3日``)
    or a separator read twice (``2021--03-27``):
    parse_date drops the mark, and the value serves matching but proves no mismatch."""
    return bool(re.search(rf"[年月]\s*{_DATE_NOISE}|\d\s*{_DATE_NOISE}\s*\d\s*[日号曰目H至]|\d\s*[-./]{{2}}\s*\d",
                          to_halfwidth(raw)))


def parse_date(s: str) -> str | None:
    """A printed date -> ISO ``YYYY-MM-DD``; a range gives its first day; a month alone its 1st.

    Accepts ``2021年5月12日``, ``2021年5月12日至14日``, ``2021年5月12-14日``,
    ``二〇二一年五月十二日``, ``2021-05-12``, ``2021.5.12``, ``2021/05/12``, day first ``12.05.2021``.
    Impossible dates (month 13, 31 June) give None.
    """
    if not s:
        return None
    import datetime as dt

    text = to_halfwidth(s)
    for rx in _DATE_RES:
        m = rx.search(text)
        if not m:
            continue
        y = _cn_year(m["y"])
        mo = _cn_number(m["m"])
        d = _cn_number(re.sub(_DATE_NOISE, "", m["d"])) if m["d"] else 1
        if y is None or mo is None or d is None:
            continue
        try:
            return dt.date(y, mo, d).isoformat()
        except ValueError:
            continue
    return None


# The end of a range after a date: 至14日, -05.14, ~2021.05.14, —5/14, 到十四日.
_RANGE_TAIL = re.compile(rf"\s*(?:至|到|~|～|-|—|－|–)\s*(?:(?:19|20)\d\d\s*[-./·年]\s*)?"
                         rf"(?:{_NUM}{{1,3}}\s*[-./·月]\s*)?{_NUM}{{1,3}}\s*[日号]?")


@dataclass(frozen=True)
class DateSpan:
    """A date printed in a text: where, its ISO value (a range's first day) and whether it is a range."""

    start: int
    end: int
    iso: str
    is_range: bool


def _iso(m: re.Match[str]) -> str | None:
    import datetime as dt

    y, mo = _cn_year(m["y"]), _cn_number(m["m"])
    d = _cn_number(re.sub(_DATE_NOISE, "", m["d"])) if m["d"] else 1
    if y is None or mo is None or d is None:
        return None
    try:
        return dt.date(y, mo, d).isoformat()
    except ValueError:
        return None


def find_dates(s: str) -> list[DateSpan]:
    """Every date in a text (the forms of ``parse_date``), left to right, ranges with their end;
    positions are those of ``s``."""
    text = to_halfwidth(s)
    found: list[DateSpan] = []
    for rx in _DATE_RES:
        for m in rx.finditer(text):
            iso = _iso(m)
            if iso and not any(f.start < m.end() and m.start() < f.end for f in found):
                tail = _RANGE_TAIL.match(text, m.end())
                end = tail.end() if tail else m.end()
                found.append(DateSpan(m.start(), end, iso, tail is not None))
    return sorted(found, key=lambda f: f.start)


# ---------------------------------------------------------------------- credits

_CREDIT_RE = re.compile(r"(?<![\d.\-])(\d{1,3}(?:\.\d{1,2})?)\s*(?:学分|分)?")
# The financial (capital) numerals certificates print amounts in (``拾分``, ``肆学分``) -> the common ones.
_CN_CAPITAL = str.maketrans("壹贰叁肆伍陆柒捌玖拾貳參陸", "一二三四五六七八九十二三六")
_CN_CREDIT_RE = re.compile(r"([〇零一二三四五六七八九十两半]+(?:点五)?)\s*学?分")


def digit_lookalikes(text: str) -> str:
    """A number-only cell read with letters for digits (``q`` for 9) -> its digits
    (``numeric_cell_lookalikes`` of ocr_models/patterns.yaml); any other text unchanged."""
    table = _patterns().get("numeric_cell_lookalikes") or {}
    t = (text or "").replace(" ", "")
    if not t or len(t) > 3 or t.isdigit() or not all(ch.isdigit() or ch in table for ch in t):
        return text
    return "".join(table.get(ch, ch) for ch in t)


def parse_credits(s: str, *, max_credits: float = 100.0) -> float | None:
    """``6``, ``6.0``, ``6学分``, ``1.5 分``, ``六学分``, ``半学分`` -> a multiple of 0.5, else None."""
    if s is None:
        return None
    text = to_halfwidth(str(s)).strip().translate(_CN_CAPITAL)
    m = _CREDIT_RE.search(text)
    value: float | None = None
    if m:
        value = float(m.group(1))
    else:
        cm = _CN_CREDIT_RE.search(text)
        if cm:
            word = cm.group(1)
            if word == "半":
                value = 0.5
            else:
                half = word.endswith("点五")
                n = _cn_number(word[:-2] if half else word)
                value = None if n is None else n + (0.5 if half else 0.0)
    if value is None or value <= 0 or value > max_credits:
        return None
    if abs(value * 2 - round(value * 2)) > 1e-6:
        return None
    return round(value * 2) / 2


# ------------------------------------------------------------------- categories

_CAT_PATTERNS: list[tuple[re.Pattern[str], Category]] = [
    (re.compile(r"(?:II|Ⅱ|ll|11|二|2)\s*类"), "II类"),
    (re.compile(r"国家级"), "I类国家级"),
    (re.compile(r"省级"), "I类省级"),
    (re.compile(r"\(\s*国\s*\)|国家"), "I类国家级"),
    (re.compile(r"\(\s*省\s*\)"), "I类省级"),
]


@lru_cache(maxsize=1)
def _category_phrases() -> list[tuple[re.Pattern[str], Category]]:
    """Wording that names a category in other words (``category_phrases`` of ocr_models/patterns.yaml:
    Shanghai's 市级Ⅰ类 is the records' I类省级); tried after II类, before the level words."""
    return [(re.compile(p["pattern"]), p["category"]) for p in _patterns().get("category_phrases") or []]


def parse_category(s: str) -> Category | None:
    """``I类国家级``, ``Ⅰ类 省级``, ``一类(国家级)``, ``II类``, ``Ⅱ类学分``, ``市级Ⅰ类`` -> the records' words."""
    if not s:
        return None
    text = normalize_text(s).replace(" ", "")
    if _CAT_PATTERNS[0][0].search(text):
        return _CAT_PATTERNS[0][1]
    for rx, cat in _category_phrases():
        if rx.search(text):
            return cat
    for rx, cat in _CAT_PATTERNS:
        if rx.search(text):
            return cat
    return None


def code_suffix(s: str) -> str | None:
    """A code suffix as read (``国``, ``囯``, ``7H`` ...) -> the approving level's character when it is
    one of ``code_suffix_category`` (ocr_models/patterns.yaml), else None."""
    if not s:
        return None
    text = to_halfwidth(s).strip()
    canonical = _suffix_level(text) or text
    return canonical if canonical in _patterns()["code_suffix_category"] else None


def category_from_code(code: str | None) -> Category | None:
    """The category a normalised code's suffix implies ((国) national, (省) provincial, (市) II类;
    the map is ``code_suffix_category`` in ocr_models/patterns.yaml)."""
    if not code:
        return None
    m = re.search(r"\(([\u4e00-\u9fff])\)$", code)
    return _patterns()["code_suffix_category"].get(m.group(1)) if m else None


# ------------------------------------------------------------------------ modes

def parse_mode(s: str) -> Mode | None:
    """``远程``/``网络``/``线上`` -> 远程; ``面授``/``现场``/``线下`` -> 面授; else None."""
    if not s:
        return None
    text = normalize_text(s)
    remote = any(w in text for w in ("远程", "网络", "线上", "在线"))
    onsite = any(w in text for w in ("面授", "现场", "线下"))
    if remote and not onsite:
        return "远程"
    if onsite and not remote:
        return "面授"
    return None


def normalize_certificate_no(s: str | None) -> str | None:
    """A certificate number as read -> as printed: half-width, no spaces, class numerals repaired
    by the ``certificate_no_patterns`` of ocr_models/patterns.yaml (``ZJ2018110009142`` ->
    ``ZJ2018II0009142``). Numbers matching no pattern are returned cleaned but unrepaired."""
    if not s:
        return None
    text = re.sub(r"\s+", "", to_halfwidth(s)).strip(".,:;")
    if not text:
        return None
    # a class numeral between dashes after the year read as a letter (``ZJ2019-l-45813``): l and | are
    # no digits, so the slot is the numeral I (digits there are repaired only by the category, below)
    text = re.sub(r"(?<=(?:19|20)\d\d-)([l|I]{1,2})(?=-\d)", lambda m: "I" * len(m.group(1)), text)
    for pattern in _patterns().get("certificate_no_patterns", []):
        m = re.match(pattern, text)
        if m:
            groups = m.groupdict()
            cls = "I" * len(groups.pop("cls"))
            return f"{groups['prefix']}{groups['year']}{cls}{groups['serial']}"
    return text


def class_numeral_repaired(number: str, category: str) -> str:
    """A certificate number whose class numeral (I / II after the year) was read as digits -> as printed,
    when the certificate's own category says how many numerals there are and the serial left has the
    length ``certificate_no_class_serial`` (ocr_models/patterns.yaml): ``20201679855`` on a Class I
    certificate is ``2020I679855``, ``201811690472`` on a Class II one ``2018II690472``. Anything
    else is returned as it is."""
    pats = _patterns()
    serial = int(pats.get("certificate_no_class_serial") or 0)
    numerals = 2 if category == "II类" else 1
    m = re.fullmatch(rf"(?P<prefix>[A-Za-z]{{0,4}}-?)(?P<year>(?:19|20)\d\d)(?P<cls>[1l|I]{{{numerals}}})"
                     rf"(?P<sep>-?)(?P<serial>\d{{{serial}}})", number or "")
    # ...or the numeral in its own slot between dashes (``ZJ2019-1-45813``), any serial length
    # (a prefix of letters or a short Chinese one: 继教2019-1-9360)
    m = m or re.fullmatch(rf"(?P<prefix>[A-Za-z\u4e00-\u9fff]{{0,4}}-?)(?P<year>(?:19|20)\d\d)-(?P<cls>[1l|I]{{{numerals}}})"
                          r"(?P<sep>-)(?P<serial>\d{4,8})", number or "")
    # ...or right after the year before a dash or an organizer's letters (JX201911-281232, 202011HZ42973), the serial
    # maybe in two dashed groups (20211-1027-095)
    m = m or re.fullmatch(rf"(?P<prefix>[A-Za-z]{{0,4}}-?)(?P<year>(?:19|20)\d\d)(?P<cls>[1l|I]{{{numerals}}})"
                          r"(?P<sep>-|[A-Za-z]{2,4})(?P<serial>\d{4,8}|\d{3,6}-\d{2,6})", number or "")
    if not serial or not m or set(m["cls"]) == {"I"}:
        # ...or opening the number before the year (11-2021-913159)
        lead = re.fullmatch(rf"(?P<cls>[1l|]{{{numerals}}})-(?P<rest>(?:19|20)\d\d-\d{{4,8}})", number or "")
        if serial and lead:
            return f"{'I' * numerals}-{lead['rest']}"
        # ...or in its own dashed slot after a letter prefix (GJ-1-20193201) or after the year at the end (4895-2020-1)
        slot = re.fullmatch(rf"(?P<head>[A-Za-z]{{1,4}}-)(?P<cls>[1l|]{{{numerals}}})(?P<tail>-(?:19|20)\d\d\d{{2,8}})", number or "") \
            or re.fullmatch(rf"(?P<head>\d{{2,8}}-(?:19|20)\d\d-)(?P<cls>[1l|]{{{numerals}}})(?P<tail>)", number or "")
        return f"{slot['head']}{'I' * numerals}{slot['tail']}" if serial and slot else number
    dash = "-" if number[len(m['prefix']) + 4] == "-" else ""
    return f"{m['prefix']}{m['year']}{dash}{'I' * numerals}{m['sep']}{m['serial']}"


def organizer_suffixes() -> list[str]:
    """The institution words an organizer's name ends with (ocr_models/patterns.yaml)."""
    return list(_patterns()["organizer_suffixes"]) + list(_patterns().get("organizer_suffixes_more") or [])


def trim_organizer(s: str) -> str:
    """Cut stray characters after an organizer's name (seal ring text read on the same row):
    ``浙江省人民医院医牌`` -> ``浙江省人民医院``, when at most ``organizer_max_tail`` characters
    follow the last institution word (``organizer_suffixes`` in ocr_models/patterns.yaml)."""
    pats = _patterns()
    s = s.lstrip("-—－–…·")  # a leader mark before the name (``颁证机构-`` printed over it)
    best = None
    for suffix in pats["organizer_suffixes"]:
        i = s.rfind(suffix)
        if i >= 0 and (best is None or i + len(suffix) > best):
            best = i + len(suffix)
    if best is not None and 0 < len(s) - best <= pats["organizer_max_tail"]:
        s = s[:best]
    # the institution word read twice (``同济大学附属同济医院医院``, ``上海市护理学会学会``: the seal's ring
    # text over the row's end); no organizer's name ends with its word repeated
    for suffix in sorted(pats["organizer_suffixes"], key=len, reverse=True):
        if s.endswith(suffix * 2) and len(s) > 2 * len(suffix) + 1:
            return s[: -len(suffix)]
    return s


def parse_id_number(s: str) -> str | None:
    """An 18-character resident ID (last may be X) found in the text, else None."""
    if not s:
        return None
    text = to_halfwidth(s).replace(" ", "").upper()
    m = re.search(r"(?<!\d)(\d{17}[\dX])(?!\d)", text)
    return m.group(1) if m else None
