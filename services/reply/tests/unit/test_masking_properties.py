"""Property tests of the masking engine (PET-12) with hypothesis: length kept, only span characters change
and become ○, spans disjoint/sorted/in range, and masking is idempotent."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reply.domain.masking import MASK_CHAR, mask_text

# Fragments that exercise every detector, glued with arbitrary text, so the properties are checked on
# texts that really contain personal data (random characters alone would rarely trigger anything).
FRAGMENTS = [
    "承辦人：王小明", "陳情人歐陽娜娜反映", "林小姐", "王○明", "瓦歷斯‧諾幹", "Mr. John Smith",
    "handler: Chen Wei-Ting",
    "A123456789", "AC01234567", "A800000014", "0912-345-678", "(02)2345-6789#12", "+886 912 345 678",
    "ming@gmail.com", "4111 1111 1111 1111", "ABC-1234", "123-ABC", "帳號：012-345-678901",
    "護照號碼312345678",
    "民國80年1月2日出生", "臺北市大安區忠孝東路四段123巷4弄5號6樓之1", "信義路五段7號",
    "No. 5, Ln. 12, Sec. 4, Zhongxiao E. Rd.",
    "000-20260213-00012", "北市工新字第1150012345號", "1999轉1743", "新臺幣3,000元", "忠孝東路四段216巷口",
    "○○○",
    "先生", "路", "號", "巷", "○", "，", " ", "\n", "０９１２３４５６７８", "Ａ１２３４５６７８９",
]  # fmt: skip
texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)),
    max_size=12,
).map("".join)
known_values = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {},
        optional={
            "name": st.one_of(st.none(), st.sampled_from(["王小明", "John Smith", "林"])),
            "phone": st.one_of(st.none(), st.sampled_from(["0912345678", "02-2345-6789"])),
            "email": st.one_of(st.none(), st.just("ming@gmail.com")),
            "address": st.one_of(st.none(), st.just("臺北市大安區信義路四段1號")),
        },
    ),
)


class TestMaskingProperties:
    """PET-12: every character of a span becomes ○, one per character; the rest is untouched."""

    @settings(max_examples=300, deadline=None)
    @given(texts, known_values)
    def test_masked_text_keeps_length_and_changes_only_span_characters_to_white_circles(
        self, text, known
    ) -> None:
        result = mask_text(text, known)
        assert len(result.masked) == len(text)
        inside = {i for s in result.spans for i in range(s.start, s.end)}
        for index, (before, after) in enumerate(zip(text, result.masked, strict=True)):
            assert after == (MASK_CHAR if index in inside else before)

    @settings(max_examples=300, deadline=None)
    @given(texts, known_values)
    def test_spans_are_sorted_disjoint_non_empty_and_inside_the_text(self, text, known) -> None:
        spans = mask_text(text, known).spans
        for span in spans:
            assert 0 <= span.start < span.end <= len(text)
        for previous, current in zip(spans, spans[1:], strict=False):
            assert previous.end <= current.start
            assert previous.end < current.start or previous.type != current.type

    @settings(max_examples=300, deadline=None)
    @given(texts, known_values)
    def test_masking_the_masked_text_again_changes_nothing(self, text, known) -> None:
        once = mask_text(text, known).masked
        assert mask_text(once, known).masked == once


@settings(max_examples=300, deadline=None)
@given(texts, known_values)
def test_the_local_recheck_gives_what_full_passes_give(text, known):
    """PET-12: after a pass, the engine looks for more only around what it just masked; the result must be
    exactly the one of always re-running the mask-sensitive detectors over the whole text."""
    from reply.domain.masking import engine

    shortcut = mask_text(text, known)
    original = engine._may_find_more
    engine._may_find_more = lambda *args: True
    try:
        full = mask_text(text, known)
    finally:
        engine._may_find_more = original
    assert shortcut.masked == full.masked and shortcut.spans == full.spans
