"""The certificate grammar: how a design family words and formats what it prints.

One :class:`Grammar` per page, drawing from ``samples/config/labels.yaml`` with the page's
own random stream: label words and synonyms, separators, the activity date (start or a
range, several formats), issue and print dates, category wordings (Ⅰ/I/一类), titles with
or without 《》. :meth:`Grammar.dates` also returns the truth of every date printed, with
its role, so the truth says which date is the activity date.
"""

from __future__ import annotations

import datetime as dt
import random

from samples import config
from samples.textfmt import _cn_number, fmt_credits

_CN_DIGITS = "〇一二三四五六七八九"
_FULL = str.maketrans("0123456789", "０１２３４５６７８９")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def labels() -> dict:
    return config.load("labels")


def _fields(d: dt.date, prefix: str = "") -> dict[str, str]:
    return {f"{prefix}y": str(d.year), f"{prefix}m": str(d.month), f"{prefix}d": str(d.day),
            f"{prefix}mm": f"{d.month:02d}", f"{prefix}dd": f"{d.day:02d}",
            f"{prefix}Y": "".join(_CN_DIGITS[int(c)] for c in str(d.year)),
            f"{prefix}M": _cn_number(d.month), f"{prefix}D": _cn_number(d.day),
            f"{prefix}mon": _MONTHS[d.month - 1], f"{prefix}q": str((d.month - 1) // 3 + 1),
            f"{prefix}Q": _cn_number((d.month - 1) // 3 + 1),
            f"{prefix}Yz": "".join("零一二三四五六七八九"[int(c)] for c in str(d.year)),
            f"{prefix}wk": "一二三四五六日"[d.weekday()],
            # full-width digits (a page typed in a word processor's full-width mode; held-out formats of session 15)
            **{f"{prefix}F{k}": v.translate(_FULL) for k, v in (("y", str(d.year)), ("m", str(d.month)), ("d", str(d.day)),
                                                              ("mm", f"{d.month:02d}"), ("dd", f"{d.day:02d}"))}}


def fmt_date(pattern: str, d: dt.date, end: dt.date | None = None, clock: tuple[int, int, int] = (9, 0, 0)) -> str:
    """Fill a date pattern of labels.yaml (``{y}.{mm}.{dd}-{emm}.{edd}``, ``{Y}年{M}月{D}日`` …)."""
    vals = _fields(d)
    if end is not None:
        vals.update(_fields(end, "e"))
        vals["e_md"] = f"{end.day}日" if end.month == d.month else f"{end.month}月{end.day}日"
        vals["e_MD"] = (f"{_cn_number(end.day)}日" if end.month == d.month
                        else f"{_cn_number(end.month)}月{_cn_number(end.day)}日")
    vals.update(hh=f"{clock[0]:02d}", mi=f"{clock[1]:02d}", ss=f"{clock[2]:02d}")
    return pattern.format(**vals)


class Grammar:
    """Word and format choices for one page."""

    def __init__(self, rng: random.Random, setting: str = "zhejiang", split: str = "development"):
        self.rng = rng
        self.setting = setting
        self.voc = labels()
        # "heldout" (set by samples.families.plan for a held-out family): the page may also draw
        # from labels.yaml `heldout`, which development pages never see. A development page makes
        # exactly the draws it made before the held-out vocabulary existed.
        self.split = split
        # English month names ({mon}) only where the page is English-first (a held-out family sets it)
        self.latin_months = False

    @property
    def held(self) -> dict | None:
        return self.voc["heldout"] if self.split == "heldout" else None

    def _pool(self, base: list, *keys: str) -> list:
        """``base``, plus the held-out list at ``heldout[keys…]`` on a held-out page."""
        h = self.held
        if h is None:
            return base
        for k in keys:
            h = h.get(k) if isinstance(h, dict) else None
            if h is None:
                return base
        return list(base) + list(h)

    def _dates(self, base: list, *keys: str) -> list:
        """A date-format pool: without the English-month formats unless the page is English-first."""
        return [f for f in self._pool(base, *keys) if self.latin_months or "{mon}" not in f]

    def label(self, field: str) -> str:
        h = self.held
        if h is not None and field in h["labels"] and self.rng.random() < h["share"]:
            return self.rng.choice(h["labels"][field])
        return self.rng.choice(self.voc["labels"][field])

    def english(self, field: str) -> str:
        """An English label beside the Chinese one (bilingual certificates)."""
        return self.rng.choice(self.voc["english_labels"][field])

    def sep(self) -> str:
        return self.rng.choice(self.voc["separators"])

    def category(self, category: str) -> str:
        key = "category_words_shanghai" if self.setting == "shanghai" else "category_words"
        return self.rng.choice(self._pool(self.voc[key][category], key, category))

    def level(self, category: str) -> str:
        return self.rng.choice(self._pool(self.voc["level_words"][category], "level_words", category))

    def title(self, title: str, brackets: float = 0.5) -> str:
        return f"《{title}》" if self.rng.random() < brackets else title

    def credits(self, credits: float, unit: float = 0.4) -> str:
        return fmt_credits(credits) + ("分" if self.rng.random() < unit else "")

    def cert_title(self, category: str) -> str:
        key = "cert_titles_shanghai" if self.setting == "shanghai" else "cert_titles"
        return self.rng.choice(self._pool(self.voc[key][category], key, category))

    def closing(self) -> str:
        return self.rng.choice(self._pool(self.voc["closings"], "closings"))

    def validation_spot(self) -> str:
        return self.rng.choice(self._pool(self.voc["validation_spots"], "validation_spots"))

    def dates(self, start: str, days: int, *, issue: float = 0.7, printed: float = 0.0,
              print_after: str | None = None) -> dict:
        """The printed activity date (start or range), optional issue and print dates.

        Returns {"activity": text, "issue": text|None, "print": text|None,
        "truth": [{"role", "date", ["end"], "text"}]}; truth ``date`` is ISO (``YYYY-MM`` for a
        printed month without day).
        """
        rng = self.rng
        d0 = dt.date.fromisoformat(start)
        end = d0 + dt.timedelta(days=max(0, days - 1))
        fmts = self.voc["activity_formats"]
        if days > 1 and rng.random() < 0.75:
            text = fmt_date(rng.choice(self._dates(fmts["range"], "activity_formats", "range")), d0, end)
            truth = [{"role": "activity", "date": d0.isoformat(), "end": end.isoformat(), "text": text}]
        else:
            text = fmt_date(rng.choice(self._dates(fmts["single"], "activity_formats", "single")), d0)
            truth = [{"role": "activity", "date": d0.isoformat(), "text": text}]
        out = {"activity": text, "issue": None, "print": None, "truth": truth}
        if rng.random() < issue:
            day = end + dt.timedelta(days=rng.choice((0, 0, 1, 3, 7, 15, 30)))
            pat = rng.choice(self._dates(self.voc["issue_formats"], "issue_formats"))
            out["issue"] = fmt_date(pat, day)
            iso = day.isoformat() if "{d}" in pat or "{dd}" in pat or "{D}" in pat else day.isoformat()[:7]
            truth.append({"role": "issue", "date": iso, "text": out["issue"]})
        if rng.random() < printed:
            base = dt.date.fromisoformat(print_after) if print_after else end + dt.timedelta(days=30)
            day = base + dt.timedelta(days=rng.randint(0, 300))
            clock = (rng.randint(8, 17), rng.randint(0, 59), rng.randint(0, 59))
            out["print"] = fmt_date(rng.choice(self._pool(self.voc["print_formats"], "print_formats")), day,
                                    clock=clock)
            truth.append({"role": "print", "date": day.isoformat(), "text": out["print"]})
        return out

    def period(self, start: str) -> dict:
        """The credit period (quarter) of an activity starting ``start``, worded by ``period_formats``
        (plus the held-out ones on a held-out page): {"text", "truth": {"role": "period", "date": first month, "end": last month}}."""
        d0 = dt.date.fromisoformat(start)
        q0 = (d0.month - 1) // 3 * 3 + 1
        text = fmt_date(self.rng.choice(self._pool(self.voc["period_formats"], "period_formats")), d0)
        return {"text": text, "truth": {"role": "period", "date": f"{d0.year}-{q0:02d}",
                                        "end": f"{d0.year}-{q0 + 2:02d}", "text": text}}

    def word_dates(self, start: str, days: int, *, issue: float = 0.8) -> dict:
        """Dates written in words (二〇二一年五月十二日至十四日), as :meth:`dates` returns them; the
        formats are ``word_date_formats`` (plus held-out ones on a held-out page, where labels.yaml has any)."""
        rng, w = self.rng, self.voc["word_date_formats"]
        d0 = dt.date.fromisoformat(start)
        end = d0 + dt.timedelta(days=max(0, days - 1))
        if days > 1:
            text = fmt_date(rng.choice(self._pool(w["range"], "word_date_formats", "range")), d0, end)
            truth = [{"role": "activity", "date": d0.isoformat(), "end": end.isoformat(), "text": text}]
        else:
            text = fmt_date(rng.choice(self._pool(w["single"], "word_date_formats", "single")), d0)
            truth = [{"role": "activity", "date": d0.isoformat(), "text": text}]
        out = {"activity": text, "issue": None, "print": None, "truth": truth}
        if rng.random() < issue:
            day = end + dt.timedelta(days=rng.choice((0, 1, 3, 7, 15)))
            out["issue"] = fmt_date(rng.choice(self._pool(w["issue"], "word_date_formats", "issue")), day)
            truth.append({"role": "issue", "date": day.isoformat(), "text": out["issue"]})
        return out

    def maybe_swap(self, items: list, p: float = 0.3) -> list:
        """Field order varies: swap a few neighbouring items."""
        items = list(items)
        for i in range(len(items) - 1):
            if self.rng.random() < p:
                items[i], items[i + 1] = items[i + 1], items[i]
        return items


def certificate_number(rng: random.Random, year: int, category: str, setting: str,
                       split: str = "development") -> str:
    """A certificate number in one of the formats of labels.yaml (the record keeps it as printed);
    ``split`` "heldout" (a ``--families heldout`` set) adds the held-out formats."""
    voc = labels()
    key = "shanghai" if setting == "shanghai" else "default"
    pats = voc["certificate_numbers"][key]
    if split == "heldout":
        pats = pats + voc["heldout"]["certificate_numbers"][key]
    pat = rng.choice(pats)
    vals = {"y": str(year), "c": "II" if category == "II类" else "I", "org": rng.choice(voc["cert_org_codes"])}
    for k in (5, 6, 7, 8, 10, 3, 4):  # {n3} {n4}: held-out formats of session 7, development since session 8
        vals[f"n{k}"] = "".join(rng.choice("0123456789") for _ in range(k))
    return pat.format(**vals)
