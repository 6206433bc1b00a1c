"""Street addresses finer than a road or section (PET-12): house number, floor, lane or alley.

Decisions (documented for clerks):

* The whole specific address is masked, including postcode, city, district, village (里) and
  neighbourhood (鄰) when they are written directly before the road, because together they point to
  one household.
* A lane or alley number (…路50巷, …巷10弄) is finer than a road, so it is masked even without a
  house number, also at its mouth (216巷口, 96巷17弄口: the lane is masked up to 巷/弄 and 口 is kept —
  PET-12 round 8, as every labelled set since the fourth blind set labels it: a lane number narrows
  a reply to a few dozen households). An intersection (基隆路與信義路口) is a public spot and is not
  masked. A road, section or district named alone is not masked.
* "號" only counts after a road or a lane: document numbers (北市工新字第1150012345號), bus numbers
  (307號公車) and exits (2號出口) are not addresses.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from reply.domain.masking.spans import Span, SpanType

_CJK = "\u4e00-\u9fff"
_NUM = "0-9○"
_CN_NUM = "一二三四五六七八九十百"

# After a road, numbers may be written in Chinese numerals (和平東路二段一二三號五樓之二, 二十巷), a house number
# may be provisional (臨100號, 附12號) or a range (12-14號, 2至6號), and a floor may be written 4F; a space may
# stand between a number and its unit (和平東路 2 段 123 號 5 樓).
_ANY_NUM = _NUM + _CN_NUM + "零兩"
# 之 + a Chinese numeral ends the number only before a non-word (320號之三軍總醫院: 三軍 is a word).
_OF = rf"之(?:[{_NUM}]+|[{_CN_NUM}零兩]+(?:(?![{_CJK}])|(?=[樓號室至])))"
# Round 9: an annex number after 號 (1號附2), lists and ranges of numbers (18、20、22號, 61之1至61之3號).
_ANNEX = rf"(?:附[{_ANY_NUM}]+)?"
_TAIL = (
    rf"(?P<tail>\s?(?:[{_NUM}{_CN_NUM}]+\s?段)?"
    rf"\s?(?P<lane>[{_ANY_NUM}]+\s?巷)?\s?(?P<alley>[{_ANY_NUM}]+\s?弄)?"
    rf"\s?(?P<number>[臨附]?[{_ANY_NUM}]+(?:[-之~～至、][{_ANY_NUM}]+){{0,4}}\s?號(?:{_OF})?{_ANNEX})?"
    rf"(?P<floor>\s?(?:[{_ANY_NUM}]+\s?樓|[Bb][1-9]|[1-9][0-9]?[Ff](?![A-Za-z])|地下[{_NUM}一二三]樓)"
    rf"(?:{_OF}|-[{_NUM}]+)?)?"
    rf"(?:\s?[{_NUM}]+室)?)"
)
_AFTER_ROAD = re.compile(_TAIL)
_LANE_ONLY = re.compile(
    rf"(?<![{_NUM}])[{_NUM}]+巷\s?(?:[{_NUM}]+弄\s?)?[{_NUM}]+(?:[-之][{_NUM}]+)?號(?:之[{_NUM}]+)?"
    rf"(?:\s?(?:[{_NUM}{_CN_NUM}]+樓|[Bb][1-9])(?:之[{_NUM}]+)?)?"
)
_NEIGHBOURHOOD_ONLY = re.compile(rf"[{_CJK}]{{2}}[里村]\s?[{_NUM}]+鄰\s?[{_NUM}]+(?:[-之][{_NUM}]+)?號")

_CITIES = (
    "臺北市|台北市|北市|新北市|桃園市|臺中市|台中市|臺南市|台南市|高雄市|基隆市|新竹市|嘉義市|新竹縣|苗栗縣|"
    "彰化縣|南投縣|雲林縣|嘉義縣|屏東縣|宜蘭縣|花蓮縣|臺東縣|台東縣|澎湖縣|金門縣|連江縣|臺北縣|台北縣"
)
_DISTRICTS = (
    "中正|大同|中山|松山|大安|萬華|信義|士林|北投|內湖|南港|文山|板橋|三重|中和|永和|新莊|新店|樹林|鶯歌|三峽|"
    "淡水|汐止|瑞芳|土城|蘆洲|五股|泰山|林口|深坑|石碇|坪林|三芝|石門|八里|平溪|雙溪|貢寮|金山|萬里|烏來"
)
_PREFIX = re.compile(
    rf"(?:[0-9]{{3,6}}\s?)?(?:(?:{_CITIES})\s?(?:[{_CJK}]{{1,3}}[區鄉鎮市])?|(?:{_DISTRICTS})區)?\s?"
    rf"(?:[{_CJK}]{{2}}[里村])?\s?(?:[{_NUM}{_CN_NUM}]+鄰)?\s?$"
)
# Characters that end the words before a road name (住在|位於|我家…) — a road name never starts after them.
_BEFORE_ROAD_STOP = set(
    "在住於的到從往近是位址區市縣里鄰段號至由經過沿及與跟、，。：:（）() \n\t我家他她您你就為"
)
_MAX_ROAD_BASE = 5

# English: "6F., No. 5, Ln. 12, Sec. 4, Zhongxiao E. Rd., Da'an Dist., Taipei City 106"
_EN_ADDRESS = re.compile(
    r"(?:(?:Rm|Room)\.?\s?\d+,?\s*)?"  # Rm. 3, 9F., No. 36, … / Fl. 6, No. 221, …: round 9
    r"(?:(?:\d+F|B\d|\d+(?:st|nd|rd|th)\s+Fl(?:oor)?|Fl\.?\s?\d+)\.?(?:-\d+)?,?\s*)?"
    r"(?:No\.\s?\d+(?:-\d+)?,?\s*(?:(?:Aly\.?|Alley)\s?\d+,?\s*)?(?:(?:Ln\.?|Lane)\s?\d+,?\s*)?"
    r"|(?:(?:Aly\.?|Alley)\s?\d+,?\s*)?(?:Ln\.?|Lane)\s?\d+,?\s*)"  # a numbered lane alone: Lane 252, Sec. 1, …
    r"(?:(?:Sec\.?|Section)\s?\d+,?\s*)?"
    r"(?:[A-Z][A-Za-z'’]*\.?\s|\d(?:st|nd|rd|th)\s){0,3}(?:Road|Rd|Street|St|Boulevard|Blvd|Avenue|Ave)(?![a-z])\.?"
    r"(?:,?\s*(?:Sec\.?|Section)\s?\d+)?"  # the section may follow the road (Minsheng E. Rd. Sec. 5)
    r"(?:,?\s*[A-Z][A-Za-z'’]*\s(?:District|Dist\.?)"
    r"|,\s?(?:Zhongzheng|Datong|Zhongshan|Songshan|Da'an|Da’an|Daan|Wanhua|Xinyi|Shilin|Beitou|Neihu|Nangang|Wenshan)"
    r"(?![A-Za-z]))?"  # a Taipei district named without "Dist." (…, Ruiguang Rd., Neihu): round 9
    r"(?:,?\s*(?:New\s)?Taipei(?:\sCity)?)?(?:\s?\d{3,6})?"
    r"(?:,?\s*Taiwan(?:\s\(R\.O\.C\.\))?)?"
)


# The Western order a foreign resident may write: "I live at 23 Jinhua Street, Da'an" (round 9); only after a
# word that introduces a place, so "2 Zhongshan Road stations" is left alone.
_EN_NUMBER_FIRST = re.compile(
    r"\b(?:at|of|to|on|in|is|[Aa]ddress:|Addr\.:)\s(?P<address>\d+(?:-\d+)?\s(?:[A-Z][A-Za-z'’]*\.?\s){1,3}"
    r"(?:Road|Rd|Street|St|Boulevard|Blvd|Avenue|Ave)(?![a-z])\.?"
    r"(?:,?\s*(?:Sec\.?|Section)\s?\d+)?(?:,?\s*[A-Z][A-Za-z'’]*(?:\s(?:District|Dist\.?))?(?=[,.\s]|$))?)"
)


@lru_cache(maxsize=1)
def known_roads() -> frozenset[str]:
    text = resources.files("reply.domain.masking").joinpath("data/road_names.txt").read_text("utf-8")
    return frozenset(word for line in text.splitlines() if not line.startswith("#") for word in line.split())


def _road_start(view: str, suffix_start: int, suffix_end: int) -> int | None:
    """Where the road name ending in 路/街/大道 at ``suffix_start`` starts; None if it has no name."""
    roads = known_roads()
    for length in range(_MAX_ROAD_BASE + 2, 1, -1):
        start = suffix_end - length
        if start >= 0 and view[start:suffix_end] in roads:
            return start
    start = suffix_start
    while start > 0 and suffix_start - start < 4:
        ch = view[start - 1]
        if ch in _BEFORE_ROAD_STOP or not ("\u4e00" <= ch <= "\u9fff" or ch == "○"):
            break
        start -= 1
    return start if start < suffix_start else None


def _extend_prefix(view: str, start: int) -> int:
    window_start = max(0, start - 24)
    m = _PREFIX.search(view, window_start, start)
    return m.start() if m and m.start() < start else start


# "號" followed by these is a bus route, an exit or a platform, not a house number (市民大道三段100號公車).
_NOT_HOUSE_AFTER = ("公車", "出口", "月台", "站牌")


def _tail_is_specific(m: re.Match[str], view: str) -> bool:
    if m.group("number"):
        return not (m.end("number") == m.end() and view.startswith(_NOT_HOUSE_AFTER, m.end()))
    return bool(m.group("alley") or m.group("lane"))  # …巷17弄, 216巷口: masked up to 巷/弄, 口 kept


# The agency's own address in a letter header ("…局 函 地址：…", "機關地址：…") and City Hall are public.
# An office's address in brackets right after its name (至中山區公所（中山區松江路367號7樓）辦理) is public too.
# Round 9: also a public place's address in brackets (青年公園（…）, 圖書館總館（…）) and an office's address field
# (社區心理衛生中心地址：, 本處地址：); a home (住處（…）, 租屋處（…）) or a shop (○○藥局（…）) is no office.
_PUBLIC_ADDRESS_BEFORE = re.compile(
    r"(?:(?:(?<!來)函\s*|機關|中心|(?<!住)(?<!屋)[站處]|(?<!場)所|(?<!藥)局|院|圖書館|總館|分館)地址\s*[：:]"
    r"|(?:公所|政府|中心|[局處署院館園])(?:是|就)?(?:在|位於|設於)"  # 區公所是在…嗎, 本局位於…
    r"|(?:Office|Center|Centre|Hall|Station|Library|Bureau|Department)\s(?:is\s)?(?:at|located\sat)\s"
    r"|(?:區公所|政府|(?<!住)(?<!屋)(?<!居)(?<!藥)[局處]|分局|大隊|中心|服務站|戶政事務所|禮堂|會議室|大樓|公園|學院"
    r"|圖書館|總館|分館|博物館|美術館|體育館|運動中心|紀念館|文化館|醫院|動物園)"
    r"\s*[（(]|(?:Center|Centre|Office|Station|Hall|Bureau|Department|Library|Precinct),?)\s*$"
)
_PUBLIC_ADDRESSES = re.compile(r"市府路\s?1\s?號|No\.\s?1,\s?Shifu\s?Rd")  # City Hall, any floor


def find_addresses(view: str) -> list[Span]:
    return [
        span
        for span in _candidate_addresses(view)
        if not _PUBLIC_ADDRESS_BEFORE.search(view, max(0, span.start - 10), span.start)
        and not _PUBLIC_ADDRESSES.search(view, max(0, span.start - 1), span.end)
    ]


def _candidate_addresses(view: str) -> list[Span]:
    spans: list[Span] = []
    for suffix in re.finditer(r"路|街|大道", view):
        tail = _AFTER_ROAD.match(view, suffix.end())
        if not tail or not _tail_is_specific(tail, view):
            continue
        road_start = _road_start(view, suffix.start(), suffix.end())
        if road_start is None:
            continue
        start = _extend_prefix(view, road_start)
        while view[start].isspace():
            start += 1  # the prefix pattern may begin at the space before the village (…生　奇岩里8鄰…)
        end = tail.end()
        while end > start and view[end - 1].isspace():
            end -= 1
        spans.append(Span(start, end, SpanType.ADDRESS))
    for pattern, hint in ((_LANE_ONLY, "巷"), (_NEIGHBOURHOOD_ONLY, "鄰")):
        if hint in view:
            for m in pattern.finditer(view):
                spans.append(Span(_extend_prefix(view, m.start()), m.end(), SpanType.ADDRESS))
    if "No" in view or "Lane" in view or "Ln" in view:
        for m in _EN_ADDRESS.finditer(view):
            spans.append(Span(m.start(), m.end(), SpanType.ADDRESS))
    if "Road" in view or "Rd" in view or "St" in view or "Ave" in view or "Blvd" in view:
        for m in _EN_NUMBER_FIRST.finditer(view):
            end = m.end()
            while view[end - 1] in ".,":
                end -= 1
            spans.append(Span(m.start("address"), end, SpanType.ADDRESS))
    return spans
