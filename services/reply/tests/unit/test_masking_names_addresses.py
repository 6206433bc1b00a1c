"""Unit tests of the masking engine (PET-12): personal names, street addresses, known values, span merging."""

from __future__ import annotations

import pytest

from reply.domain.masking import Span, SpanType, apply_spans, mask_text, merge_spans


def masked_parts(text: str, known: dict | None = None) -> list[tuple[str, str]]:
    result = mask_text(text, known)
    return [(text[s.start : s.end], str(s.type)) for s in result.spans]


class TestChineseNames:
    """PET-12: names after cues or before titles; surname-like words are not names."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [("承辦人：王小明 聯絡電話", "王小明"), ("陳情人張大華反映", "張大華"), ("聯絡人：歐陽娜娜。",
        "歐陽娜娜"),
         ("我叫謝欣妤，住在附近", "謝欣妤"), ("本人張簡志明，", "張簡志明"), ("市民范姜家豪反映路燈不亮",
         "范姜家豪"),
         ("里長陳建國都不處理", "陳建國"), ("姓名：吳宗憲", "吳宗憲")],
    )  # fmt: skip
    def test_name_after_a_context_cue_is_masked(self, text: str, name: str) -> None:
        assert masked_parts(text) == [(name, "PERSON")]

    @pytest.mark.parametrize(
        ("text", "name"),
        [("請林小姐回電", "林"), ("王先生您好", "王"), ("鄰居王阿姨的狗", "王"), ("大安高工的許老師說", "許"),
         ("請問洪里長", "洪"), ("敬致 李明華 先生", "李明華"), ("你們的游科長態度很差", "游")],
    )  # fmt: skip
    def test_surname_or_name_before_a_title_is_masked_and_the_title_kept(self, text: str, name: str) -> None:
        assert masked_parts(text) == [(name, "PERSON")]

    def test_already_half_masked_names_are_masked_whole(self) -> None:
        assert masked_parts("王○明先生您好") == [("王○明", "PERSON")]
        assert masked_parts("經查陳OO先生所述") == [("陳OO", "PERSON")]

    def test_aboriginal_name_with_interpunct_is_masked(self) -> None:
        assert masked_parts("原住民朋友瓦歷斯‧諾幹反映部落文化館") == [("瓦歷斯‧諾幹", "PERSON")]

    def test_a_name_found_once_is_masked_everywhere(self) -> None:
        assert masked_parts("陳情人王大同反映，王大同表示") == [("王大同", "PERSON"), ("王大同", "PERSON")]

    @pytest.mark.parametrize(
        "text",
        ["我是住在林口的居民，高雄來的朋友", "本人陳情黃色垃圾車", "王牌餐廳門口的李子樹",
        "公告張貼在門口方便查閱",
         "周邊道路封閉，金額何時繳納", "英文老師和數學老師", "老先生在公園跌倒", "大安區龍安里里長辦公處",
         "主任委員、副主任委員及委員"],
    )  # fmt: skip
    def test_words_starting_with_surname_characters_are_not_names(self, text: str) -> None:
        assert masked_parts(text) == []


class TestEnglishNames:
    """PET-12: English names after titles and cues, romanised Taiwanese names."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [("Mr. John Smith said", "John Smith"), ("I spoke with Ms. Lee today", "Lee"),
         ("My name is David Wang.", "David Wang"), ("handler: Chen Wei-Ting, tel", "Chen Wei-Ting"),
         ("Best regards, Michael Brown", "Michael Brown")],
    )  # fmt: skip
    def test_english_names_are_masked(self, text: str, name: str) -> None:
        assert masked_parts(text) == [(name, "PERSON")]

    def test_city_and_agency_words_are_not_names(self) -> None:
        assert masked_parts("Dear Taipei City Government, the Department of Transportation replied.") == []


class TestAddresses:
    """PET-12: addresses finer than a road/section are masked whole; roads, districts, crossings not."""

    @pytest.mark.parametrize(
        "address",
        ["臺北市大安區忠孝東路四段123巷4弄5號6樓之1", "信義路五段7號", "羅斯福路三段100號B1",
         "10617臺北市大安區羅斯福路四段1號", "北市信義區莊敬路325巷17號2樓",
         "松山區八德路四段２４５巷１０弄３號２樓"],
    )  # fmt: skip
    def test_address_with_house_number_is_masked_whole(self, address: str) -> None:
        assert masked_parts(f"我住在{address}，請處理") == [(address, "ADDRESS")]

    def test_lane_without_house_number_is_masked_also_at_its_mouth(self) -> None:
        """PET-12 round 8: a numbered lane is masked up to 巷; its mouth 口 stays (the labelled sets' rule)."""
        assert masked_parts("我家是大同區延平北路三段61巷的住戶") == [("大同區延平北路三段61巷", "ADDRESS")]
        assert masked_parts("忠孝東路四段216巷口常有違停") == [("忠孝東路四段216巷", "ADDRESS")]

    def test_english_address_is_masked(self) -> None:
        address = "No. 5, Ln. 12, Sec. 4, Zhongxiao E. Rd., Da'an Dist., Taipei City 106"
        assert masked_parts(f"I live at {address}. Help") == [(address, "ADDRESS")]

    def test_agency_address_in_a_letter_header_is_not_masked(self) -> None:
        assert masked_parts("臺北市政府環境保護局 函 地址：11008臺北市信義區市府路1號") == []


class TestKnownValues:
    """PET-12: values the caller knows are masked in any spacing or formatting."""

    def test_known_name_with_spaces_between_characters(self) -> None:
        assert masked_parts("有關王 大 同反映", {"name": "王大同"}) == [("王 大 同", "PERSON")]

    def test_known_phone_with_other_separators_and_country_code(self) -> None:
        text = "請回電12 34或+886912345678或0912.345.678"
        assert masked_parts(text, {"phone": "0912-345-678"}) == [
            ("+886912345678", "PHONE"),
            ("0912.345.678", "PHONE"),
        ]

    def test_known_address_with_tai_variant_full_width_digits_and_numerals(self) -> None:
        text = "地點：台北市中山區松江路３３０巷５號前"
        assert masked_parts(text, {"address": "臺北市中山區松江路330巷5號"}) == [
            ("台北市中山區松江路３３０巷５號", "ADDRESS")
        ]

    def test_known_email_ignores_case_and_null_fields_are_ignored(self) -> None:
        known = {"email": "abc@gmail.com", "name": None, "phone": None}
        assert masked_parts("您的email ABC@GMAIL.COM已變更", known) == [("ABC@GMAIL.COM", "EMAIL")]

    def test_known_value_absent_from_text_masks_nothing(self) -> None:
        assert masked_parts("附近鄰居說看到有人闖紅燈", {"name": "王大明", "phone": "0911111111"}) == []


class TestMergeAndApply:
    """PET-12: spans never overlap; a documented priority decides the type; clerks can apply edited spans."""

    def test_overlapping_detections_merge_with_the_higher_priority_type(self) -> None:
        spans = [Span(0, 6, SpanType.BANK_ACCOUNT), Span(2, 8, SpanType.PHONE), Span(10, 12, SpanType.PERSON)]
        assert merge_spans(12, spans) == [
            Span(0, 2, SpanType.BANK_ACCOUNT),
            Span(2, 8, SpanType.PHONE),
            Span(10, 12, SpanType.PERSON),
        ]

    def test_touching_spans_of_the_same_type_become_one(self) -> None:
        assert merge_spans(10, [Span(0, 3, SpanType.PERSON), Span(3, 5, SpanType.PERSON)]) == [
            Span(0, 5, SpanType.PERSON)
        ]

    def test_apply_spans_masks_only_the_given_characters_and_ignores_out_of_range(self) -> None:
        assert apply_spans("王小明先生", [(0, 3, "PERSON"), (8, 12, "PHONE")]) == "○○○先生"
