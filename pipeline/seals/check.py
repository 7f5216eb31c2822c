"""Seal flags of a bundle's certificates: STAMP_MISSING, STAMP_UNSURE, CME_STAMP_MISSING,
STAMP_AUTHORITY_UNREAD, STAMP_PROVINCE_MISMATCH.

    stamp_flags(certs, policy) -> [Flag]

STAMP_MISSING: a certificate with no seal at all, and no seal-coloured ink of seal size either.
"未见任何印章" is the claim a reviewer trusts least when wrong (session 8: 6 of 8 were pages with a
printed seal the detector could not outline), so where the page has such ink the detector could
not call a seal (``fields.unsure_ink``, ``pipeline/seals/ink.py``) the weaker STAMP_UNSURE is
raised instead: a review (its severity, policy data, makes the verdict ``needs_review``), never a
finding that the page is unstamped. Else, only where the policy requires the
CME office validation seal (落地章) for the certificate's category and none was recognised:
CME_STAMP_MISSING when every seal on the page was read as someone else's (the organizer's);
STAMP_AUTHORITY_UNREAD when some seal's authority could not be read (kind ``unknown``): it
may be the 落地章, so a reviewer looks (its severity, policy data, makes the verdict
``needs_review``) rather than the page being called short of the seal. One flag per page at
most. When the category was not read, only what every category requires is demanded, and
the message says so.

STAMP_AUTHORITY_UNREAD is a claim too: that the tool could not read who stamped a seal. It is
raised only where the policy needs the authority for the category and the seal stays ``unknown``
after its text was read (``kind.judge``) and settled against the organizer list (``settle.py``).
Session 8 decided against a softer, certificate-level note for seals whose shape prior is weak:
such a seal may be the very 落地章 the category needs, and only this flag makes the verdict a
review, so the flag stays; what changed is that far fewer seals stay ``unknown`` (legible
学分管理办公室 and 卫生健康委员会继续医学教育办公室 texts now decide, ``authority.py``), so the
flag is left for seals a reviewer would agree the tool cannot read. Where the policy says whose province the 落地章 must be
(``seal_province``), a 落地章 naming another province than the organizer's gets
STAMP_PROVINCE_MISMATCH (its severity is policy data: a warning, see national-baseline.yaml).
"""

from __future__ import annotations

import logging
from typing import Protocol, get_args

from pipeline.models import Category, CertRef, Flag

from .authority import leading_province

log = logging.getLogger(__name__)

CATEGORIES: tuple[str, ...] = get_args(Category)
SEAL_NAMES = {"organizer": "主办单位印章", "cme_office": "继续医学教育委员会办公室验证章（落地章）",
              "unknown": "类别未辨认的印章"}


class SealPolicy(Protocol):
    def required_seals(self, category: str) -> set[str]: ...


def required_for(policy: SealPolicy, category: str | None) -> set[str]:
    """Seal kinds the policy requires; for an unread category, those every category requires."""
    if category is not None:
        return set(policy.required_seals(category))
    sets = [set(policy.required_seals(c)) for c in CATEGORIES]
    return set.intersection(*sets) if sets else set()


def _severity(policy: SealPolicy, code: str) -> str:
    severity = getattr(policy, "severity", None)
    return severity(code) if callable(severity) else "error"


def _what(category: str | None) -> str:
    return f"{category}证书" if category else "证书（类别未能识别）"


def province_flags(cert: CertRef, policy: SealPolicy) -> list[Flag]:
    """STAMP_PROVINCE_MISMATCH when the policy names whose province the 落地章 must be
    (``seal_province``: the province the certificate's organizer's name starts with), both were read
    and no 落地章 on the page names that one. Nothing when either province is unread: an unread
    province is no evidence of a wrong one."""
    spec = getattr(policy, "seal_province", None)
    category = cert.fields.category
    if spec is None or category not in spec.categories:
        return []
    read = {s.province for s in cert.fields.stamps if s.kind == "cme_office" and s.province}
    expected = leading_province(cert.fields.organizer or "") if spec.expect == "organizer" else None
    if not read or expected is None or expected in read:
        return []
    found = "、".join(sorted(read))
    return [Flag(code="STAMP_PROVINCE_MISMATCH", severity=_severity(policy, "STAMP_PROVINCE_MISMATCH"),
                 path=cert.path, page=cert.page, field="stamps", expected=expected, found=found,
                 message=(f"{_what(category)}的{SEAL_NAMES['cme_office']}为{found}所盖，主办单位"
                          f"（{cert.fields.organizer}）在{expected}；落地章应为项目举办地省市继教部门所盖，请核对"))]


def stamp_flags(certs: list[CertRef], policy: SealPolicy) -> list[Flag]:
    flags: list[Flag] = []
    for cert in certs:
        category = cert.fields.category
        kinds = {s.kind for s in cert.fields.stamps}
        if not kinds and cert.fields.unsure_ink:
            n = len(cert.fields.unsure_ink)
            flags.append(Flag(code="STAMP_UNSURE", severity=_severity(policy, "STAMP_UNSURE"),
                              path=cert.path, page=cert.page, field="stamps", found=f"unsure_ink:{n}",
                              message=(f"{_what(category)}未能确认印章：页面上有{n}处疑似印章的墨迹，"
                                       "但未能辨认为印章；请人工核对原件是否盖章")))
            continue
        if not kinds:
            flags.append(Flag(code="STAMP_MISSING", severity=_severity(policy, "STAMP_MISSING"),
                              path=cert.path, page=cert.page, field="stamps",
                              message=f"{_what(category)}未见任何印章（stamps 为空）；请核对原件是否盖章"))
            continue
        required = required_for(policy, category)
        if "cme_office" not in required:
            continue
        if "cme_office" in kinds:
            flags += province_flags(cert, policy)
            continue
        found = "、".join(SEAL_NAMES[k] for k in sorted(kinds))
        if "unknown" in kinds:
            code = "STAMP_AUTHORITY_UNREAD"
            read = "；".join(f"“{s.text}”" for s in cert.fields.stamps if s.kind == "unknown" and s.text)
            msg = (f"{_what(category)}应有{SEAL_NAMES['cme_office']}，页面上有印章的盖章单位未能辨认"
                   f"（{read or '印文未能识别'}），可能就是落地章，请人工核对；页面上的印章：{found}")
        else:
            code = "CME_STAMP_MISSING"
            msg = f"{_what(category)}缺少{SEAL_NAMES['cme_office']}；页面上只有：{found}"
        if category is None:
            msg += "。证书类别（category）未能识别，按各类别共同的盖章要求核验"
        flags.append(Flag(code=code, severity=_severity(policy, code), path=cert.path, page=cert.page,
                          field="stamps", expected="cme_office", found=",".join(sorted(kinds)), message=msg))
    log.debug("%d seal flag(s) on %d certificate(s)", len(flags), len(certs))
    return flags
