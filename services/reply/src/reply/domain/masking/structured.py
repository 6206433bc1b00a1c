"""Detectors for structured personal data: IDs, phones, e-mail, cards, plates, accounts, births, passports.

Every detector reads the normalised view (see :mod:`text_view`), so full-width input is covered, and
returns spans in the original text's indices.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from reply.domain.masking.checksums import luhn_valid, old_resident_cert_valid, tw_id_valid
from reply.domain.masking.spans import Span, SpanType

# Boundaries treat ○ like a letter or digit: a masked neighbour must not turn a code into a new match
# when the masked text is masked again (idempotence).
_NOT_ALNUM_BEFORE = r"(?<![A-Za-z0-9○])"
_NOT_ALNUM_AFTER = r"(?![A-Za-z0-9○])"

# ---------------------------------------------------------------- national ID / resident certificate
# A mistyped number (bad check digit) is still masked: the pattern alone is specific enough.
_ID = re.compile(_NOT_ALNUM_BEFORE + r"([A-Za-z])[ -]?([1289])(\d{8})(?![\d○])")
_OLD_RESIDENT = re.compile(_NOT_ALNUM_BEFORE + r"([A-Za-z][A-Da-d])[ -]?(\d{8})(?![\d○])")
# Letter + a digit other than 1/2/8/9 + 8 digits: masked only when the check digit holds or
# the context names an identity document.
_ID_LIKE = re.compile(_NOT_ALNUM_BEFORE + r"([A-Za-z])([03-7]\d{8})(?![\d○])")
_ID_CONTEXT = re.compile(r"身[分份]證|統一證號|統一編號|居留證|字號|ID", re.IGNORECASE)
# Mistyped numbers next to an identity-document cue: digits grouped by spaces or dashes (F123 456 789,
# M223-456-789) or with one letter typed for a look-alike digit (B2234S6789, A12345678O).
_ID_TYPO = re.compile(
    _NOT_ALNUM_BEFORE + r"([A-Za-z])[ -]?([12])((?:[ -]?[0-9OoIlSsBZ]){8})(?![A-Za-z0-9○])"
)
_LOOKALIKE_DIGITS = re.compile(r"[OoIlSsBZ]")

# A Taiwanese uniform invoice number (統一發票 QC58203117) has the shape of an old resident certificate (two
# letters + 8 digits): right after an invoice or receipt cue, with no identity-document cue nearer, it is the
# invoice's number, not personal data. Right after a passport cue (passport no. AB1234567…) it is left to
# the passport detector.
_OTHER_DOCUMENT_CUE = re.compile(r"統一發票|發票|收據|invoice|receipt", re.IGNORECASE)
_CERTIFICATE_CUE = re.compile(r"居留|身[分份]證|統一證號|證號|ARC|ID|resident", re.IGNORECASE)
_CUE_WINDOW = 15


def _names_another_document(view: str, start: int) -> bool:
    """Whether the nearest document cue before ``start`` (same clause) is an invoice/receipt or a passport."""
    if _passport_cue_before(view, start):
        return True
    others = list(_OTHER_DOCUMENT_CUE.finditer(view, max(0, start - _CUE_WINDOW), start))
    return bool(others) and _CERTIFICATE_CUE.search(view, others[-1].end(), start) is None


def find_ids(view: str) -> list[Span]:
    spans: list[Span] = []
    for m in _ID.finditer(view):
        kind = SpanType.TW_ID if m.group(2) in "12" else SpanType.RESIDENT_CERT
        spans.append(Span(m.start(), m.end(), kind))
    for m in _OLD_RESIDENT.finditer(view):
        if not _names_another_document(view, m.start()):
            spans.append(Span(m.start(), m.end(), SpanType.RESIDENT_CERT))
    for m in _ID_LIKE.finditer(view):
        value = m.group(1) + m.group(2)
        if (
            tw_id_valid(value)
            or old_resident_cert_valid(value)
            or _ID_CONTEXT.search(view, max(0, m.start() - 12), m.start())
        ):
            spans.append(Span(m.start(), m.end(), SpanType.TW_ID))
    for m in _ID_TYPO.finditer(view):
        rest = m.group(3)
        if rest.isdigit() or len(_LOOKALIKE_DIGITS.findall(rest)) > 1:
            continue  # a plain number is matched by _ID; two look-alikes make a code, not a typo
        if _ID_CONTEXT.search(view, max(0, m.start() - 12), m.start()):
            spans.append(Span(m.start(), m.end(), SpanType.TW_ID))
    return spans


# ---------------------------------------------------------------- phones
_SEP = r"[ \-.]?"
_EXTENSION = (
    r"(?:[ ,]*(?:#|分機|內線|轉|ext\.?|x)[ ]*\d{1,6}"
    r"|[ ]?\((?:#|分機|內線|轉|ext\.?)[ ]*[:：]?[ ]*\d{1,6}\))?"  # (02)2306-2536(分機214): the brackets too
)
# Round 8: never the middle of a longer code (收據號碼R114-0318-22716, 虛擬帳號9971-0214-5580-36, 帳戶041-09-28831-6).
_MOBILE = re.compile(
    r"(?<![\d+○])(?<![\dA-Za-z]-)(?:\+?886[ \-]?(?:\(0\)[ ]?)?|\(\+?886\)[ \-]?|\(0\)|0)9(?:(?:" + _SEP
    + r"| [\-.] )\d){8}(?![\d○])"
    + _EXTENSION,
    re.IGNORECASE,
)
_LANDLINE = re.compile(
    r"(?<![\d+○])(?<![\dA-Za-z]-)"
    r"(?:\+?886[ \-]?(?:\(0\))?[ ]?\(?(?P<i_area>[2-8]\d{0,2})\)?|\((?P<p_area>0[2-8]\d{0,2})\)"
    r"|(?P<area>0[2-8]\d{0,2}))[ \-./]?(?P<rest>\d{2,4}(?:[ \-.]?\d{2,4}){1,2})(?![\d○])(?!-\d(?!\d))" + _EXTENSION,
    re.IGNORECASE,
)
# Published public lines (not personal data): the 1999 citizen hotline dialled from outside Taipei, alone
# or with the integrity-hotline extension 1743. With any other extension it is a handler's own line.
PUBLIC_NUMBERS = frozenset({"0227208889"})
PUBLIC_EXTENSIONS = frozenset({"", "1743"})
_EXTENSION_DIGITS = re.compile(r"(?:#|分機|內線|轉|ext\.?|x)[ ]*[:：]?[ ]*(\d{1,6})\)?$", re.IGNORECASE)
# A Taipei number written without its area code (2341-6721), only next to a phone cue or with an extension.
# Round 7: also with no separator before an extension (27208889轉3819), and an extension after a dash
# (2720-8889-1583, 27208889-4412).
_LOCAL = re.compile(
    r"(?<![\d\-+○])[2-8]\d{3}[- ]?\d{4}(?:-\d{2,5}(?![\d\-○])|(?![\d\-○]))" + _EXTENSION, re.IGNORECASE
)
_DASH_EXTENSION = re.compile(r"^[2-8]\d{3}[- ]?\d{4}-(\d{2,5})")
_DASH_EXTENSION_GROUP = re.compile(r"-(\d{1,5})$")
# A foreign number in international form (+62 812-3456-7890, +82-10-5823-1749): a migrant worker's or a
# visitor's own phone; Taiwan's +886 is read by the patterns above (PET-12 round 5).
_FOREIGN = re.compile(
    r"(?<![\d+○\-])\+(?!886)[1-9]\d{0,2}[ \-]?(?:\(0\)[ ]?)?(?:\(\d{1,4}\)|\d{1,4})(?:[ \-.]?\d{2,4}){2,4}(?![\d○])"
    + _EXTENSION,
    re.IGNORECASE,
)
# PET-12 round 6: a Taipei number with no separator at all (家裡電話 27581234), only right after a word for a
# phone; a mobile with slashes (0912/345/678); a mobile spoken in Chinese numerals (零九一二三四五六七八).
_LOCAL_PLAIN = re.compile(r"(?<![\d\-+○])[2-8]\d{7}(?![\d\-○])")
_LOCAL_PLAIN_CUE = re.compile(
    r"(?:電話|手機|市話|回電|回撥|撥打|TEL|Tel|tel|Phone|phone)(?:號碼)?(?:是|為)?[：:\s]{0,2}$"
)
_MOBILE_SLASHED = re.compile(r"(?<![\d/○])09\d{2}[/、]\d{3}[/、]\d{3}(?![\d/○])")  # 0939、507、226 too
# Round 9: digits typed one by one with spaces (0 9 1 2 3 4 5 6 7 8 always; 2 5 5 3 6 1 4 7 after a phone word).
_SPACED_MOBILE = re.compile(r"(?<![\d○] )(?<![\d○])0 9(?: \d){8}(?! ?[\d○])")
_SPACED_LOCAL = re.compile(r"(?<![\d○] )(?<![\d○])[2-8](?: \d){7}(?! ?[\d○])")
_MOBILE_BRACKETED = re.compile(r"(?<![\d○])\(09\d{2}\)[ \-]?\d{3}[ \-]?\d{3}(?![\d○])")  # (0928)416-095: round 9
_NUMERAL = "零〇○一二三四五六七八九幺"
# Round 9: the spoken 幺 (1), groups split by 、 (零九八八、六二一、三零四), an extension in numerals (…轉二六三一).
_NUMERAL_EXTENSION = rf"(?:(?:轉|分機)[{_NUMERAL}]{{1,5}})?"
_MOBILE_NUMERALS = re.compile(
    rf"(?<![{_NUMERAL}])[零〇○]九(?:[- 、]?[{_NUMERAL}]){{8}}(?![{_NUMERAL}])"
)
# Round 7: a Taipei number in Chinese numerals after a phone word (電話 二八九三－七五六二), and a Japanese
# mobile (090-1234-5678), which no Taiwanese number resembles.
_LOCAL_NUMERALS = re.compile(
    rf"(?<![{_NUMERAL}])(?:[零〇○]二[- ]?)?[二三四五六七八](?:[- 、]?[{_NUMERAL}]){{7}}(?![{_NUMERAL}])"
    + _NUMERAL_EXTENSION
)
# Four numerals, 、, four numerals: the way a Taipei number is read out and written down; no cue needed.
_LOCAL_NUMERALS_SPLIT = re.compile(
    rf"(?<![{_NUMERAL}])[二三四五六七八][{_NUMERAL}]{{3}}、[{_NUMERAL}]{{4}}(?![{_NUMERAL}])"
)
_JAPANESE_MOBILE = re.compile(r"(?<![\d\-+○])0[789]0-\d{4}-\d{4}(?![\d\-○])")
_PHONE_CUE = re.compile(
    r"(?:電話|TEL|Tel|tel|聯絡|連絡|聯繫|專線|手機|市話|分機|來電|回電|回撥|直撥|家裡|家中|住家|宅|打|撥|Phone|phone|[Cc]all)"
    r"[^\d\n]{0,6}$"
)
# PET-12 round 9: a Taipei number written with its dash (2630-5184) is a phone without any cue, unless a code's
# label stands before it (帳號, 編號, 電號…) — and so is a number after another phone (0927-513-860、2230-4179).
#: Labels of codes that are neither phones nor accounts (案號, 統編, 電號…): shared by the phone and account rules.
_CODE_LABELS = (
    "編號|單號|代碼|代號|統編|統一編號|案號|字號|文號|卡號|序號|學號|證號|地號|建號|電號|水號|發票|票號|號次|批號|貨號|型號"
)
_NOT_PHONE_CUE = re.compile(rf"(?:{_CODE_LABELS}|帳號|帳戶)[^\n]{{0,8}}$")
_AFTER_PHONE = re.compile(r"\d\s?(?:、|或|/|／|,\s?|，|\sor\s)\s?$")
_TOLL_FREE_PREFIXES = ("0800", "0809")
# An agency's switchboard, service line or fax (本處總機：…, 服務專線…, 傳真：…) is published, not personal data;
# with an extension it is a handler's own line and stays masked.
_PUBLIC_LINE_CUE = re.compile(r"(?:總機|服務專線|客服專線|服務電話|傳真|[Ff]ax|FAX)[^\d\n]{0,4}$")
# A line given for an agency, section or unit (請洽本局交通管制工程處，電話：…, 請逕洽本局第二科，聯絡電話…轉7123)
# is published too, extension or not: the unit's name comes right before the phone cue, nothing but
# punctuation (or, in a letter header, the agency's own 地址：… field) between them, so no person
# (承辦人：林怡君，電話…, 洽本科曾專員，電話…) and no title (科長, 股長 — 長 is no unit) stands in between.
_AGENCY_LINE_CUE = re.compile(
    r"(?:局|處|科|課|股|室|中心|隊|所|署|會|組)"
    r"[\s，,、；;（(]{0,2}(?:函\s{0,2})?(?:(?:機關)?地址[：:]\s?[^\s，,。；;：:]{4,40}[\s，,；;]{1,2})?"
    r"(?:(?:聯絡|連絡|服務|辦公)?(?:[電电][話话]|專線|TEL|Tel|tel)(?:號碼)?[\s：:（(]{0,3})?$"
)  # round 7: a letterhead's 函, and a unit right before its number (請洽都市更新處（02）2781-5696)
_UNIT = re.compile(r"中心|[局處科課股室隊所署會組]")
# The characters of the unit's name before it (…第二科, 臺北市動物保護處); ○ counts, a masked name stays one.
_UNIT_NAME = re.compile(r"[\u4e00-\u9fff○]{1,6}$")
# Words just before the unit that make it a person's name or a person's place (我叫李志會, 聯絡人陳建科).
_PERSON_BEFORE_UNIT = re.compile(r"[我叫]|[辦絡繫責]人|本人|姓名|名字|先生|小姐|女士|太太")
_COMMON_SURNAMES = 60


@lru_cache(maxsize=1)
def _common_surnames() -> frozenset[str]:
    text = resources.files("reply.domain.masking").joinpath("data/surnames.txt").read_text("utf-8")
    words = [word for line in text.splitlines() if not line.startswith("#") for word in line.split()]
    return frozenset([word for word in words if len(word) == 1][:_COMMON_SURNAMES])


def _reads_as_name(name: str) -> bool:
    """A unit word standing alone after one or two characters led by a common surname (陳志科, 林會) is a
    person's name; an agency's name is longer (本局第二科) or does not start with one (工務局)."""
    return len(name) <= 2 and name[0] in _common_surnames()


class AgencyLine(NamedTuple):
    """A landline published as an agency's, section's or unit's line (PET-12).

    It is the unit's only while the end of the unit's name stays readable: ``view[start:end]``, the unit
    word and the character before it (第二科, 保護處). When the engine masks any of it (the "unit" was the end
    of a person's name: 陳志科, or a person's place: 王大明處), the line is that person's and is masked.
    """

    phone: Span
    start: int
    end: int


def _agency_unit(view: str, start: int) -> tuple[int, int] | None:
    """The end of the unit's name (its last character and the unit word) whose line starts at ``start``."""
    cue = _AGENCY_LINE_CUE.search(view, max(0, start - 70), start)
    if cue is None:
        return None
    unit = _UNIT.match(view, cue.start())
    assert unit is not None  # the cue starts with a unit word
    name = _UNIT_NAME.search(view, max(0, unit.start() - 6), unit.start())
    if name is None or name.group().endswith("○") or _PERSON_BEFORE_UNIT.search(name.group()):
        return None
    if _reads_as_name(name.group()):
        return None
    return unit.start() - 1, unit.end()


# PET-12 round 7: a landline the agency publishes — in a letterhead, a notice or an enquiry line (洽詢：…,
# 防疫專線…, 請洽本局服務台，電話：…, Enquiries: Food Safety Hotline …) or marked with the unit that answers it
# (…轉5512（民安科）). It is the agency's only while nothing between the cue and the number is masked: a
# person's name there (請洽本局承辦人王小明，電話…) makes it that person's line (see AgencyLine).
_PUBLIC_CONTEXT = re.compile(
    r"(?:洽詢|諮詢|詢問|洽|專線|服務台|服務臺|服務中心|總機|本府|本局|本處|本中心|本所|本隊|本署|本會|本館|本院|本校|本園"
    r"|本分局|本大隊"
    r"|主辦機關|主辦單位|承辦單位|聯絡單位|連絡單位|受理單位|報名|熱線|陳情電話|機關電話|單位電話|公告"
    r"|[Hh]otline|[Ee]nquir(?:y|ies)|[Ii]nquir(?:y|ies)|[Ss]witchboard|[Cc]all [Cc]ent(?:er|re)|[Rr]eception"
    r"|Cent(?:er|re)|Section|Division|Office|Department|Bureau)"
)
# Words that make the number a person's even with such a cue: the writer's own or a named role's.
_PERSONAL_BEFORE_LINE = re.compile(
    r"我|本人|住家|家裡|家中|手機|承辦人|聯絡人|連絡人|陳情人|申請人|來電|回撥|回電|社工|督導|調解人"
    r"|[Cc]ontact me|[Mm]y "
    r"|[組科股課隊所處局院校園館站室區里團主]長|專員|科員|技士|技正|技佐|辦事員|研究員|工程司|秘書|警員|巡官|照專|管理師"
)  # an official's title between the cue and the number: 病人服務中心龍組長（02-2555-0505#8803）
_DISTRICT_BEFORE_LINE = re.compile(r"(?:中正|大同|中山|松山|大安|萬華|信義|士林|北投|內湖|南港|文山)區\s?[:：]?\s?$")
_UNIT_AFTER_LINE = re.compile(r"\s?\((?:[^()\d]{0,8}(?:科|股|室|組|中心|課|隊|處|局|所|站|值班|專線|服務台))\)")


def _public_context(view: str, start: int, end: int) -> tuple[int, int] | None:
    """The stretch of text (cue to number) that makes a landline published, or None."""
    if _UNIT_AFTER_LINE.match(view, end):
        return end, end + 1
    district = _DISTRICT_BEFORE_LINE.search(view, max(0, start - 4), start)
    if district:  # 戶政事務所電話一覽：松山區(02)2767-2390、信義區…: the district office's line (round 8)
        return district.start(), start
    clause = max(view.rfind(mark, max(0, start - 40), start) for mark in "。；;\n")
    window_start = max(0, start - 40, clause + 1)
    cue = None
    for cue in _PUBLIC_CONTEXT.finditer(view, window_start, start):  # noqa: B007 — the last cue is kept
        pass
    if cue is None or _PERSONAL_BEFORE_LINE.search(view, window_start, start):
        return None
    return cue.start(), start


def _local_reads_as_phone(view: str, m: re.Match[str]) -> bool:
    """A Taipei number without area code or extension is a phone after a phone word (電話, 家裡, 打…), when written
    with its dash unless a code's label precedes it (round 9), or after another number (0927-513-860、2230 4179)."""
    before = max(0, m.start() - 12)
    if _PHONE_CUE.search(view, before, m.start()):
        return True
    if "-" in m.group():
        return not _NOT_PHONE_CUE.search(view, before, m.start())
    return bool(_AFTER_PHONE.search(view, max(0, m.start() - 5), m.start()))


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


@lru_cache(maxsize=1)
def _scan_phones(view: str) -> tuple[list[Span], list[AgencyLine]]:
    """The personal phones and the agency lines of ``view`` (cached: the engine asks for both)."""
    spans: list[Span] = []
    lines: list[AgencyLine] = []
    published: list[tuple[int, int]] = []

    def classify(start: int, end: int, number: str, extension: str | None) -> None:
        if number in PUBLIC_NUMBERS and (extension or "") in PUBLIC_EXTENSIONS:
            published.append((start, end))
        elif not extension and _PUBLIC_LINE_CUE.search(view, max(0, start - 10), start):
            published.append((start, end))
        elif unit := _agency_unit(view, start):
            published.append((start, end))
            lines.append(AgencyLine(Span(start, end, SpanType.PHONE), unit[0], unit[1]))
        elif public := _public_context(view, start, end):
            published.append((start, end))
            lines.append(AgencyLine(Span(start, end, SpanType.PHONE), public[0], public[1]))
        else:
            spans.append(Span(start, end, SpanType.PHONE))

    for m in _MOBILE.finditer(view):
        spans.append(Span(m.start(), m.end(), SpanType.PHONE))
    for pattern, marker in (
        (_MOBILE_SLASHED, "09"), (_MOBILE_NUMERALS, "九"), (_JAPANESE_MOBILE, "0"), (_MOBILE_BRACKETED, "(09"),
        (_SPACED_MOBILE, "0 9"),
    ):
        for m in pattern.finditer(view) if marker in view else ():
            spans.append(Span(m.start(), m.end(), SpanType.PHONE))
    for m in _LOCAL_NUMERALS.finditer(view) if "電" in view or "話" in view or "、" in view else ():
        if _LOCAL_NUMERALS_SPLIT.search(m.group()) or _LOCAL_PLAIN_CUE.search(view, max(0, m.start() - 8), m.start()):
            spans.append(Span(m.start(), m.end(), SpanType.PHONE))
    for m in _SPACED_LOCAL.finditer(view) if " " in view else ():
        if _PHONE_CUE.search(view, max(0, m.start() - 12), m.start()):
            spans.append(Span(m.start(), m.end(), SpanType.PHONE))
    for m in _LOCAL_PLAIN.finditer(view):
        if _LOCAL_PLAIN_CUE.search(view, max(0, m.start() - 8), m.start()):
            classify(m.start(), m.end(), "02" + m.group(), None)
    for m in _FOREIGN.finditer(view) if "+" in view else ():
        if 8 <= len(_digits(m.group())) <= 15:
            spans.append(Span(m.start(), m.end(), SpanType.PHONE))
    for m in _LANDLINE.finditer(view):
        area = m.group("area") or m.group("p_area") or ("0" + (m.group("i_area") or ""))
        number = area + _digits(m.group("rest"))
        extension = _EXTENSION_DIGITS.search(m.group())
        rest = m.group("rest")
        groups = re.split(r"[ \-.]", rest)
        end = m.end()
        if len(number) > 10 and len(groups) == 3 and 9 <= len(area + groups[0] + groups[1]) <= 10:
            # A third group too many: after a dash it is the extension (02-2720-8889-1583, round 8); after a
            # space the pattern ran on into the next number (02-2553-1048 0912-337-…), so the line ends there.
            if rest.endswith("-" + groups[2]):
                number, extension = area + groups[0] + groups[1], _DASH_EXTENSION_GROUP.search(rest)
            elif rest.endswith(" " + groups[2]) and not extension:
                number, end = area + groups[0] + groups[1], m.end("rest") - len(groups[2]) - 1
        if number.startswith("09") or not 9 <= len(number) <= 10:
            continue
        if number.startswith(_TOLL_FREE_PREFIXES):
            continue
        classify(m.start(), end, number, extension.group(1) if extension else None)
    for m in _LOCAL.finditer(view):
        if any(start < m.end() and m.start() < end for start, end in published):
            continue  # the local part of a published line written with its area code
        extension = _EXTENSION_DIGITS.search(m.group()) or _DASH_EXTENSION.match(m.group())
        if (
            extension
            and extension.re is _DASH_EXTENSION
            and _ACCOUNT_CUE.search(view, max(0, m.start() - 12), m.start())
        ):
            continue  # 帳號5401-2376-8810: an account, not a line with an extension
        if not extension and not _local_reads_as_phone(view, m):
            continue
        if not extension and " " not in m.group() and "-" not in m.group():
            continue  # 8 digits with no separator: _LOCAL_PLAIN decides, after a phone word only
        local = m.group()[: extension.start()] if extension and extension.re is _EXTENSION_DIGITS else m.group()
        number = "02" + _digits(local)[:8]
        classify(m.start(), m.end(), number, extension.group(1) if extension else None)
    return spans, lines


def find_phones(view: str) -> list[Span]:
    return list(_scan_phones(view)[0])


def find_agency_lines(view: str) -> list[AgencyLine]:
    """The landlines left unmasked as an agency's or unit's line, with the unit word that makes them one."""
    return list(_scan_phones(view)[1])


# ---------------------------------------------------------------- e-mail
_EMAIL = re.compile(
    r"[A-Za-z0-9._%+\-]+[ ]?(?:@|\(at\)|\[at\]|＠)[ ]?[A-Za-z0-9\-]+(?:(?:\.|\(dot\)|\[dot\])[A-Za-z0-9\-]+)*"
    r"(?:\.|\(dot\)|\[dot\])[A-Za-z]{2,}",
    re.IGNORECASE,
)


def find_emails(view: str) -> list[Span]:
    return [Span(m.start(), m.end(), SpanType.EMAIL) for m in _EMAIL.finditer(view)]


# ---------------------------------------------------------------- payment cards
_CARD = re.compile(
    r"(?=\d)(?<![\d\-○])(?:\d{4}(?P<sep>[ \-])\d{4}(?P=sep)\d{4}(?P=sep)\d{1,7}"
    r"|\d{4}[ \-]\d{6}[ \-]\d{4,5}|\d{13,19})"
    r"(?![\d\-○])"
)
_CARD_CONTEXT = re.compile(r"信用卡|卡號|金融卡|簽帳卡|card", re.IGNORECASE)


def find_cards(view: str) -> list[Span]:
    spans: list[Span] = []
    for m in _CARD.finditer(view):
        digits = _digits(m.group())
        if not 13 <= len(digits) <= 19:
            continue
        if luhn_valid(digits) or _CARD_CONTEXT.search(view, max(0, m.start() - 15), m.start()):
            spans.append(Span(m.start(), m.end(), SpanType.CARD))
    return spans


# ---------------------------------------------------------------- licence plates
_PLATE_DASHED = re.compile(
    r"(?:[A-Z]{3}-\d{3,4}|[A-Z]{2}-\d{3,4}|\d{4}-[A-Z]{2}|\d{3}-[A-Z]{3}|\d{2}-[A-Z]{2}"
    r"|[A-Z]\d-\d{4}|\d[A-Z]-\d{4}|\d{4}-[A-Z]\d|\d{4}-\d[A-Z])(?![A-Za-z0-9○]|-\d)"
)
_PLATE_LOOSE = re.compile(
    r"(?:[A-Za-z]{2,3}[ \-]?\d{3,4}|\d{3,4}[ \-]?[A-Za-z]{2,3}|[A-Za-z]\d[ \-]?\d{4}"
    r"|\d[A-Za-z][ \-]?\d{4})(?![A-Za-z0-9○])"
)
_PLATE_CONTEXT = re.compile(
    r"車牌|車號|牌照|號牌|plate|車|機車|汽車|轎車|貨車|計程車|違停|違規停", re.IGNORECASE
)
_NOT_PLATES = frozenset(
    {"ISO", "CNS", "NT", "NTD", "TWD", "USD", "COVID", "PM", "AM", "NO", "TEL", "FAX", "EXT"}
)


def _alnum_before(view: str, index: int) -> bool:
    """The pattern starts inside a longer code (the patterns leave out a slow leading look-behind)."""
    before = view[index - 1] if index > 0 else ""
    return bool(before) and (before.isascii() and before.isalnum() or before in "-○")


def _plate_prefix_ok(value: str) -> bool:
    letters = "".join(ch for ch in value if ch.isalpha()).upper()
    return letters not in _NOT_PLATES


_PLATE_HINT = re.compile(r"[A-Za-z][ \-]?[0-9]|[0-9][ \-]?[A-Za-z]")


def find_plates(view: str) -> list[Span]:
    spans: list[Span] = []
    if not _PLATE_HINT.search(view):
        return spans
    for m in _PLATE_DASHED.finditer(view):
        if _plate_prefix_ok(m.group()) and not _alnum_before(view, m.start()):
            spans.append(Span(m.start(), m.end(), SpanType.PLATE))
    for m in _PLATE_LOOSE.finditer(view):
        if not _plate_prefix_ok(m.group()) or _alnum_before(view, m.start()):
            continue
        context = view[max(0, m.start() - 12) : m.start()] + view[m.end() : m.end() + 6]
        if _PLATE_CONTEXT.search(context):
            spans.append(Span(m.start(), m.end(), SpanType.PLATE))
    return spans


# ---------------------------------------------------------------- bank accounts
_ACCOUNT_CUE = re.compile(
    r"帳號|帳戶|賬號|賬戶|戶頭|匯款|轉帳|匯入|退款至|匯[^\d\s。，,]{0,4}[到至進]|account(?:\s*(?:no\.?|number|#))?|acct\.?",
    re.IGNORECASE,
)
_ACCOUNT_NUMBER = re.compile(r"(?<![\d○])(?<!\d,)\d(?:[ \-]?\d){6,19}(?![\d○]|,\d)")
# The comma guard of _ACCOUNT_NUMBER (30,000 is an amount) checked past the window's end: the window stops at
# the first ○, so on a second pass a number after the comma that was masked (帳號：012-345-678901，4111 1111…
# → ，○○○○…) would no longer be seen and the account would be masked then, not on the first pass.
_COMMA_NUMBER_AFTER = re.compile(r",[\d○]")
_OTHER_CODE = re.compile(_CODE_LABELS + "|號碼")
_DATE_LIKE = re.compile(r"(?:19|20)\d{2}[ \-]?[01]\d[ \-]?[0-3]\d")
_AMOUNT_AFTER = re.compile(r"\s*(?:元|塊|萬|NT|TWD|dollars?)", re.IGNORECASE)


def _window_end(view: str, start: int, width: int) -> int:
    """End of the window after a cue: ``width`` characters, cut at a ○ (the cue's value is masked already) or
    at the end of the sentence (撥入申請人帳戶。四、洽詢：(02)…)."""
    end = min(len(view), start + width)
    stops = [i for i in (view.find("○", start, end), view.find("。", start, end)) if i != -1]
    return min(stops) if stops else end


def find_bank_accounts(view: str) -> list[Span]:
    spans: list[Span] = []
    for cue in _ACCOUNT_CUE.finditer(view):
        window_end = _window_end(view, cue.end(), 30)
        for m in _ACCOUNT_NUMBER.finditer(view, cue.end(), window_end):
            if _AMOUNT_AFTER.match(view, m.end()) or _DATE_LIKE.fullmatch(m.group()):
                continue
            before = view[m.start() - 1 : m.start()]
            if (before.isascii() and before.isalpha()) or _OTHER_CODE.search(view, cue.end(), m.start()):
                continue  # LA114-0502-3381 (繳費單號), 轉帳（銷帳編號：372…）: another code, not the account
            if _COMMA_NUMBER_AFTER.match(view, m.end()):
                continue
            if len(_digits(m.group())) >= 8:
                spans.append(Span(m.start(), m.end(), SpanType.BANK_ACCOUNT))
                break
    return spans


# ---------------------------------------------------------------- passports
_PASSPORT_CUE = re.compile(r"護照|旅券|passports?|pasaporte|paspor|passeport|reisepass|hộ chiếu", re.IGNORECASE)
# Between the cue and the number only a short label (號碼, 號, No., number, is, 是, ：…), at most 12 characters.
_PASSPORT_GAP = re.compile(
    r"(?:[\s:：,，#()（）]|號碼|字號|號|的|是|為|No\.?|Nr\.?|number|num\.?|is|was|of|holder|as|which|reads)*",
    re.IGNORECASE,
)
_PASSPORT_GAP_MAX = 18
# A Taiwanese passport: 9 digits, possibly grouped by spaces or dashes (3 1234567 8); a foreign one: 1-2
# letters and 6-9 digits, possibly with a space or dash after the letters (B 3928174, YA-8812345).
# The number may run straight into a capitalised English word (護照號碼312345678No. 5, …): masking the text
# that follows must not make it a passport number on a second pass (masking twice changes nothing).
# Other countries' formats after the cue: the Philippines' letter, 7 digits and a letter (P3381942B), and the
# mixed letters and digits of Europe (C01X7K2R9, NXR72K4P1, 18FV42317): 8-10 capitals and digits with at least 4
# digits and a letter between two digits (a run of digits between two letters, A12345678B, is not one).
_PASSPORT_NUMBER = re.compile(
    r"(?<![A-Za-z0-9○])(?:\d(?:[ \-]?\d){8}|[A-Za-z]{1,2}[ \-]?\d{6,9}|[A-Z]\d{7}[A-Z]"
    r"|(?=(?:[A-Z]*\d){4})(?=[A-Z]*\d+[A-Z]+\d)[A-Z0-9]{8,10})(?![0-9○a-z]|[A-Z](?![a-z]))"
)


def _passport_number_start(view: str, cue_end: int) -> int:
    """Where a passport number would start after the cue ending at ``cue_end`` (after its label)."""
    gap = _PASSPORT_GAP.match(view, cue_end, min(len(view), cue_end + _PASSPORT_GAP_MAX))
    return gap.end() if gap else cue_end


def _passport_cue_before(view: str, start: int) -> bool:
    """Whether a passport cue and its label end right at ``start``."""
    window_start = max(0, start - _PASSPORT_GAP_MAX - len("passport"))
    return any(_passport_number_start(view, cue.end()) == start
               for cue in _PASSPORT_CUE.finditer(view, window_start, start))  # fmt: skip


def find_passports(view: str) -> list[Span]:
    spans: list[Span] = []
    for cue in _PASSPORT_CUE.finditer(view):
        m = _PASSPORT_NUMBER.match(view, _passport_number_start(view, cue.end()))
        if m is not None:
            spans.append(Span(m.start(), m.end(), SpanType.PASSPORT))
    return spans


# ---------------------------------------------------------------- dates of birth
_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# Dates written in Chinese numerals (民國三十五年八月十日, 一九八〇年三月五日 — 〇 reads ○ in the view, so a
# year digit may be ○ but never its first one: a masked run never starts a date), 元月 / 正月 for January.
_CN_YEAR = r"[一二三四五六七八九十百][○零一二三四五六七八九十百]{0,4}"
_CN_MONTH = r"(?:十[一二]?|[一二三四五六七八九元正])"
_CN_DAY = (
    r"(?:[二三]?十[一二三四五六七八九]?|廿[一二三四五六七八九]?|卅一?|初[一二三四五六七八九十]"
    r"|[一二三四五六七八九])"
)
# The era before the year belongs to the date: 民國 (中華民國, 民國前), 西元 / 公元, or a Japanese era (昭和55年).
_ERA = r"(?:(?:中華)?民國前?|西元|公元|昭和|平成|令和)"
_DATE = re.compile(
    r"(?<![\d○])(?:"
    r"(?:" + _ERA + r"[ ]?\d{1,4}|\d{2,4})[ ]?年[ ]?\d{1,2}[ ]?月[ ]?\d{1,2}(?:[ ]?[日號])?"
    r"|(?:" + _ERA + r"[ ]?)?(?<![一二三四五六七八九十百○零])" + _CN_YEAR + r"[ ]?年[ ]?" + _CN_MONTH
    + r"[ ]?月[ ]?" + _CN_DAY + r"[ ]?[日號]"
    r"|(?<![一二三四五六七八九十百○零])" + _CN_MONTH + r"[ ]?月[ ]?" + _CN_DAY + r"[ ]?[日號]"
    r"|\d{2,4}[./\-]\d{1,2}[./\-]\d{1,2}"
    r"|\d{1,2}[./\-]\d{1,2}[./\-]\d{4}"
    r"|\d{1,2}[ ]?月[ ]?\d{1,2}[ ]?[日號]"
    r"|" + _MONTHS + r"[ ]\d{1,2}(?:st|nd|rd|th)?,?[ ]\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th)?[ ](?:of[ ])?" + _MONTHS + r",?[ ]\d{4}"
    r"|\d{1,2}[\-/ ]" + _MONTHS + r"[\-/ ]\d{4}"
    r"|(?:19|20)\d{6}"
    r")(?![\d○])",
    re.IGNORECASE,
)
_BIRTH_BEFORE = re.compile(
    r"(?:出生|(?<!發)生日|(?<!先)生於|誕生|出生日期|出生年月日|生辰|D\.?O\.?B\.?|born(?:\s+on)?"
    r"|birth(?:day|date)?|date of birth)"
    r"[^0-9○。！？!?\n]{0,8}$",
    re.IGNORECASE,
)


# 生於 after 先 is 先生於 (Mr X on a date), not "born on".
_BIRTH_CUE = re.compile(r"出生|(?<!發)生日|(?<!先)生於|誕生|生辰|D\.?O\.?B|born|birth", re.IGNORECASE)
# A date followed by 生/出生, also with the place in between (2019年4月8日在臺北出生).
_BORN_AFTER_DATE = re.compile(
    r"[日號0-9]\s*(?=(?:在[^\s\d，。、,；;]{1,6})?(?:出生|誕生|出世|生(?![效活產意病氣態成長])))"
)
# A birth year alone is a birth date too when the context says so (民國71年生的, 1998年出生, 出生於民國71年),
# as is a month and day after 生日 (生日：3/27). Not a policy's cut-off year (113年以後出生): only a year right
# before 生/出生, or right after 出生於/生於/出生年.
_BIRTH_YEAR = re.compile(
    r"(?<![\d○一二三四五六七八九十百零])(?:" + _ERA + r"[ ]?)?(?:\d{2,4}|" + _CN_YEAR + r")[ ]?年"
    r"(?:[ ]?\d{1,2}[ ]?月|次)?"
)
# 四十年次, 72年次: the cohort of one's birth year, a birth date wherever it is written (round 8).
_COHORT = re.compile(r"(?<![\d○一二三四五六七八九十百零])(?:民國[ ]?)?(?:\d{2,3}|" + _CN_YEAR + r")[ ]?年次")
_BORN_AFTER_YEAR = re.compile(r"\s*(?:出生|生(?:的|，|,|。|、|\)|$|[ ]))")
_YEAR_AFTER_BORN = re.compile(r"(?:出生於|(?<!先)生於|出生年份?)[：:\s]*$")
_BORN_GENERIC = re.compile(r"\s*(?:出生|誕生|生)(?:者|之|的(?:兒童|幼兒|學童|新生兒|嬰兒|民眾|長者))")
_RANGE_BEFORE = re.compile(r"[至到~]\s?$")
_MONTH_DAY = re.compile(r"(?<![\d○./\-])\d{1,2}/\d{1,2}(?![\d○/])")
_BIRTHDAY_BEFORE = re.compile(r"(?:生日|birthday)(?:是|為|：|:|\s)*$", re.IGNORECASE)


def find_birth_dates(view: str) -> list[Span]:
    """Dates with a birth cue up to 20 characters before them, or followed by 生/出生 (80年1月2日生); birth
    years alone and month/day after 生日 in the same contexts."""
    spans: list[Span] = []
    for cue in _BIRTH_CUE.finditer(view):
        window_end = min(len(view), cue.end() + 40)
        for m in _DATE.finditer(view, cue.end(), window_end):
            if _BIRTH_BEFORE.search(view[max(0, m.start() - 20) : m.start()]):
                spans.append(Span(m.start(), m.end(), SpanType.BIRTH_DATE))
        for m in _MONTH_DAY.finditer(view, cue.end(), min(len(view), cue.end() + 6)):
            if _BIRTHDAY_BEFORE.search(view[max(0, m.start() - 12) : m.start()]):
                spans.append(Span(m.start(), m.end(), SpanType.BIRTH_DATE))
    for born in _BORN_AFTER_DATE.finditer(view):
        end = born.start() + 1
        if _BORN_GENERIC.match(view, born.end()):
            continue  # 108年9月1日出生者 / 出生之兒童: a policy's cut-off, no one's birthday
        for m in _DATE.finditer(view, max(0, end - 24), end):
            if m.end() == end:
                if not _RANGE_BEFORE.search(view, max(0, m.start() - 2), m.start()):
                    spans.append(Span(m.start(), m.end(), SpanType.BIRTH_DATE))
                break
    if "年次" in view:
        spans.extend(Span(m.start(), m.end(), SpanType.BIRTH_DATE) for m in _COHORT.finditer(view))
    if "年" in view:
        for m in _BIRTH_YEAR.finditer(view):
            if _BORN_AFTER_YEAR.match(view, m.end()) or _YEAR_AFTER_BORN.search(view, max(0, m.start() - 8), m.start()):
                spans.append(Span(m.start(), m.end(), SpanType.BIRTH_DATE))
    return spans
