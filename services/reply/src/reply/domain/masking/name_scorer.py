"""Statistical scorer for Chinese names WITHOUT a context cue (PET-12 round 3): "昨天李大同跟我說…".

The cue rules in :mod:`person` are precise but cannot reach a name used as a plain subject or object.
Here every window ``[surname][two given characters]`` is a candidate (since round 4 also two-character
names in a strict context and married names, see :func:`candidates`), and a logistic-regression
model gives it a probability from sparse binary features: the surname's frequency rank, whether each
given character is a common given-name character, whether parts of the window (or the window and its
neighbour) are frequent words, known non-name words or road names, and the characters on either side
(跟, 說, 的, 昨…) and whether a verb follows (跟我說, 告訴, 已經…). Overlapping candidates above the
threshold are resolved by the higher probability.

The weights are a small JSON file in ``data/`` trained by ``bench/train_name_scorer.py`` on the labelled
tuning sets (never on the blind set); inference is pure Python (a dictionary lookup per feature), no
scikit-learn at run time.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import repeat

from reply.domain.masking.person import (
    _FUNCTION_BEFORE,
    _NOT_GIVEN_FIRST,
    _NOT_IN_NAME,
    _PHRASE_BEFORE,
    WORD_SURNAMES,
    _given_char_band,
    lexicon,
    name_like_chars,
)
from reply.domain.masking.spans import Span, SpanType

_MODEL_FILE = "data/name_scorer.json"
# Only the more common surnames start an uncued candidate: rare ones (常, 方, 安, 成, 文…) are mostly words.
SURNAME_RANK_LIMIT = 150
# PET-12 round 6: a rarer surname (覃, 佘, 賀, 冉, 敖…) starts a candidate too, but only before two characters
# that are both name-like (person.name_like_chars: 覃立群, 佘美慧, 敖志翔), so 常常/方便/安全 never become windows.
# Characters that follow a surname as a word of its own, never as a given name: 陳氏宗祠, 李宅, 王記, 林府, 陳姓.
_NOT_GIVEN = set("氏宅府記姓族")
_PUNCT = set("，,。．.、；;：:！!？?「」『』（）()【】[]〈〉《》\"'“”‘’…—-~～/／ \t\n\r")
_ROAD_SUFFIX = set("路街巷弄段號里區站樓橋村鄉鎮市縣國院所局處館寺宮廟園港溪山湖店行號")
# PET-12 round 4: what a person does right after being named ("王建國跟我說", "陳明告訴我", "李安已經…");
# at most two characters, the context the probability is cached on.
_VERB_AFTER = (
    "說", "跟", "告訴", "表示", "問", "反映", "指出", "提到", "抱怨", "打電", "打來", "帶", "已經", "一直",
    "每天", "昨天", "今天", "上週", "上個", "去年", "在", "和", "也", "都", "被", "想", "要", "就", "還",
)  # fmt: skip
# A two-character name (陳明, 李安) is a candidate only when one of these follows it: a verb or particle
# that rarely continues a word, or punctuation. Anything looser doubles the scoring time for few names.
_AFTER_SHORT_NAME = set("說跟和與告問帶打被已都也就還在想要去上今昨每是開騎住反表指先，,。、！!？?：:」）)")


def _char_class(ch: str) -> str:
    if not ch:
        return "edge"
    if ch in _PUNCT:
        return "punct"
    if ch.isdigit():
        return "digit"
    if ch.isascii():
        return "ascii"
    if ch == "○":
        return "mask"
    return "cjk"


@lru_cache(maxsize=1)
def _road_prefixes() -> frozenset[str]:
    text = resources.files("reply.domain.masking").joinpath("data/road_names.txt").read_text("utf-8")
    words = [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]
    prefixes: set[str] = set()
    for word in words:
        stem = re.sub(r"[東西南北]?路$|街$|大道$", "", word)
        if len(stem) >= 2:
            prefixes.add(stem[:3])
            prefixes.add(stem[:2])
    return frozenset(prefixes)


def _word_file(filename: str) -> frozenset[str]:
    text = resources.files("reply.domain.masking").joinpath(f"data/{filename}").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Frequent two-character words (知道, 可以, 感謝, 花園…), see bench/build_name_word_lists.py."""
    return _word_file("common_words.txt")


def features(view: str, start: int, surname_len: int, given_len: int) -> list[str]:
    """The binary features of the candidate ``view[start : start + surname_len + given_len]``.

    They depend only on the window, the two characters before it and the two after it:
    :meth:`NameModel.score` caches the probability on that context, so a text's second pass and common
    words cost a lookup.
    """
    lex = lexicon()
    end = start + surname_len + given_len
    surname = view[start : start + surname_len]
    given = view[start + surname_len : end]
    left = view[start - 1] if start > 0 else ""
    right = view[end : end + 1]
    out = [f"gl:{given_len}"]
    if surname_len == 2:
        out.append("sr:compound" if surname in lex.compound_surnames else "sr:married")
    else:
        rank = lex.single_surnames.get(surname, 999)
        out.append("sr:" + str(sum(rank >= limit for limit in (10, 30, 60, 100, SURNAME_RANK_LIMIT))))
        out.append(f"s:{surname}")
    bands = _given_char_band()
    worst = 0
    for k, ch in enumerate(given):
        out.append(f"g{k}{given_len}:" + ("in" if ch in lex.given_chars else "out"))
        band = bands.get(ch, 6)
        worst = max(worst, band)
        out.append(f"gb{k}{given_len}:{band}")
        if ch in lex.single_surnames and lex.single_surnames[ch] < 60:
            out.append(f"g{k}:surname")
        out.append(f"gc:{ch}")
    out.append(f"gbw{given_len}:{worst}")
    words = lex.non_name_words
    if view[start : start + surname_len + 1] in words:
        out.append("nw:head")
    if given_len == 2 and given in words:
        out.append("nw:given")
    if view[start:end] in words:
        out.append("nw:whole")
    if given_len == 2 and view[end - 1 : end + 1] in words:
        out.append("nw:tail")
    if given_len == 1 and view[end - 1 : end + 1] in words:
        out.append("nw:tail1")
    if left and left + surname in words:
        out.append("nw:left")
    common = _common_words()
    if given_len == 2 and given in common:
        out.append("cw:given")
    if view[start : start + surname_len + 1] in common:
        out.append("cw:head")
    if right and view[end - 1] + right in common:
        out.append(f"cw:tail{given_len}")
    if left and left + view[start] in common:
        out.append("cw:left")
    roads = _road_prefixes()
    if view[start:end] in roads or view[start : start + 2] in roads:
        out.append("road")
    if view[max(0, start - 2) : start] in _PHRASE_BEFORE:
        out.append("L:phrase")
    out.append(f"Lc:{_char_class(left)}")
    out.append(f"Rc:{_char_class(right)}")
    if left:
        out.append(f"L:{left}")
        if left in lex.single_surnames:
            out.append("L:surname")
    if right:
        out.append(f"R:{right}")
        if right in _ROAD_SUFFIX:
            out.append("R:place")
        if right in lex.given_chars and right not in _NOT_IN_NAME:
            out.append(f"R:given{given_len}")
        if view.startswith(_VERB_AFTER, end):
            out.append(f"R:verb{given_len}")
    return out


_CACHE_LIMIT = 100_000


@dataclass(frozen=True)
class NameModel:
    bias: float
    weights: dict[str, float]
    threshold: float
    _cache: dict[tuple[str, int, int], float] = field(default_factory=dict, compare=False, repr=False)

    def probability(self, names: list[str]) -> float:
        z = self.bias + sum(map(self.weights.get, names, repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0

    def score(self, view: str, start: int, surname_len: int, given_len: int) -> float:
        """The probability of one candidate, cached on its context (see :func:`features`)."""
        end = start + surname_len + given_len
        key = ("^" * (2 - start) + view[:end + 2] if start < 2 else view[start - 2 : end + 2], surname_len, given_len)
        cached = self._cache.get(key)
        if cached is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            cached = self._cache[key] = self.probability(features(view, start, surname_len, given_len))
        return cached


@lru_cache(maxsize=1)
def model() -> NameModel:
    raw = json.loads(resources.files("reply.domain.masking").joinpath(_MODEL_FILE).read_text("utf-8"))
    return NameModel(bias=raw["bias"], weights=raw["weights"], threshold=raw["threshold"])


@lru_cache(maxsize=1)
def _surname_start() -> re.Pattern[str]:
    """Where a candidate may start: a common surname or a compound surname's first character anywhere, a rarer
    surname only before two name-like characters (the test :func:`_rare_surname_name` repeats, in the regex
    engine: rare surnames are frequent characters, 時, 成, 文, 安…, and a Python test at each cost 7 % of the time)."""
    lex = lexicon()
    common = {s for s, rank in lex.single_surnames.items() if rank < SURNAME_RANK_LIMIT}
    common |= {c[0] for c in lex.compound_surnames}
    rare = (set(lex.single_surnames) | WORD_SURNAMES) - common
    name_like = name_like_chars()

    def char_class(chars: Iterable[str]) -> str:
        return "[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]"

    return re.compile(f"{char_class(common)}|{char_class(rare)}(?={char_class(name_like)}{{2}})")


@lru_cache(maxsize=1)
def _not_short_names() -> frozenset[str]:
    """Two-character words never taken as a two-character name: places (楊梅, 林口), frequent and non-name words."""
    return _word_file("district_names.txt") | _common_words() | lexicon().non_name_words


@lru_cache(maxsize=1)
def _common_surnames() -> frozenset[str]:
    return frozenset(s for s, rank in lexicon().single_surnames.items() if rank < 60)


def _married_surnames(view: str, start: int) -> bool:
    """冠夫姓 (陳林素珠): two common single surnames, then two given-name characters (PET-12 round 4)."""
    common = _common_surnames()
    if view[start] not in common or view[start + 1 : start + 2] not in common:
        return False
    given_chars = lexicon().given_chars
    given = view[start + 2 : start + 4]
    return len(given) == 2 and all(ch in given_chars and ch not in _NOT_IN_NAME for ch in given)


# Characters of places and things, not of given names, that the name-character statistics still rank high
# (國, 山, 園 are left out: 振國, 玉山, 雅園 are names).
_NOT_GIVEN_RARE = frozenset("車上下前後內外東西南北路街巷弄段號區站樓橋村鄉鎮市縣院所局處館寺宮廟港店")
# A school's name ends inside the window: 成龍國小, 建國中學 (龍國, 國中 are a given name's shape).
_SCHOOL_TAIL = frozenset({"國小", "國中", "高中", "高職", "中學", "小學", "大學", "商職", "工商", "家商", "女中"})


def _rare_surname_name(view: str, start: int) -> bool:
    given = view[start + 1 : start + 3]
    if view[start + 3 : start + 4] in _ROAD_SUFFIX and view[start + 3 : start + 5] not in ("里長", "區長"):
        return False  # 大同區建成里, 成功國宅: a place's name, not a rare surname's bearer
    common = _common_words()
    if view[start : start + 2] in common or given in common:
        return False  # 時間, 成為, 方向…: a frequent word starts here (the scorer would reject it, at a cost)
    if any(ch in _NOT_GIVEN_RARE for ch in given):
        return False  # 大安區復興, 計程車: a place's or a thing's name
    left = view[start - 1 : start] if start else ""
    if left and ("\u4e00" <= left <= "\u9fff") and (
        left + view[start] in _not_short_names() or (view[start] in WORD_SURNAMES and left not in _FUNCTION_BEFORE)
    ):
        return False  # 大安區…, 萬華區…: the surname character ends a word; 區/那/班 only after a boundary or 請/和…
    if view[start] in WORD_SURNAMES:  # 區域, 那裡: only before two characters of the Taiwanese given-name list
        return len(given) == 2 and all(ch in lexicon().given_chars for ch in given)
    return (
        len(given) == 2
        and view[start + 2 : start + 4] not in _SCHOOL_TAIL
        and all(ch in name_like_chars() and ch not in _NOT_IN_NAME and ch not in _NOT_GIVEN for ch in given)
        and given[0] not in _NOT_GIVEN_FIRST
    )


def candidates(view: str) -> list[tuple[int, int, int]]:
    """Every ``(start, surname_len, given_len)`` window that could be an uncued name.

    Two given characters, at least one of them a common given-name character (the model gave windows with
    neither at most 0.003, half of all windows). Since PET-12 round 4 also: a single given character (陳明,
    李安) when it is a common given-name character and a verb, particle or punctuation follows it
    (``_AFTER_SHORT_NAME``: any following character would double the scoring time) and the two characters are
    no place or frequent word; and two common single surnames before two given characters, a married name
    (陳林素珠), scored with the feature ``sr:married``.
    """
    lex = lexicon()
    given_chars = lex.given_chars
    found: list[tuple[int, int, int]] = []
    for m in _surname_start().finditer(view):
        start = m.start()
        for surname_len in (2, 1):
            if surname_len == 2:
                if view[start : start + 2] not in lex.compound_surnames and not _married_surnames(view, start):
                    continue
            elif lex.single_surnames.get(view[start], 999) >= SURNAME_RANK_LIMIT:
                if not _rare_surname_name(view, start):
                    continue
                found.append((start, 1, 2))
                continue
            q = start + surname_len
            g1 = view[q : q + 1]
            if not g1 or not ("\u4e00" <= g1 <= "\u9fff") or g1 in _NOT_GIVEN_FIRST or g1 in _NOT_GIVEN:
                continue
            g2 = view[q + 1 : q + 2]
            if surname_len == 1 and g1 in given_chars and (not g2 or g2 in _AFTER_SHORT_NAME):
                if view[start : q + 1] not in _not_short_names():
                    found.append((start, 1, 1))  # 陳明跟我說 / 請轉告李安。
            if not g2 or not ("\u4e00" <= g2 <= "\u9fff") or g2 in _NOT_IN_NAME:
                continue
            if g1 in given_chars or g2 in given_chars:
                found.append((start, surname_len, 2))
    return found


def scored_candidates(view: str, name_model: NameModel | None = None) -> list[tuple[float, int, int]]:
    """``(probability, start, end)`` of every candidate window."""
    name_model = name_model or model()
    return [
        (name_model.score(view, start, s_len, g_len), start, start + s_len + g_len)
        for start, s_len, g_len in candidates(view)
    ]


def find_uncued_names(view: str, name_model: NameModel | None = None) -> list[Span]:
    """Names the scorer accepts, highest probability first, no two overlapping."""
    name_model = name_model or model()
    scored = [c for c in scored_candidates(view, name_model) if c[0] >= name_model.threshold]
    spans: list[Span] = []
    taken: list[tuple[int, int]] = []
    for _p, start, end in sorted(scored, reverse=True):
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        spans.append(Span(start, end, SpanType.PERSON))
    return spans
