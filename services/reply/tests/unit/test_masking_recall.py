"""Unit tests of the masking engine's recall rules (PET-12): name contexts and mistyped national IDs.

Each rule has a positive case and the hard negatives it must leave alone (agency, place and common
words that begin with a surname character).
"""

from __future__ import annotations

import pytest

from reply.domain.masking import mask_text


def masked_parts(text: str) -> list[tuple[str, str]]:
    result = mask_text(text)
    return [(text[s.start : s.end], str(s.type)) for s in result.spans]


class TestJunClosingAName:
    """PET-12: 君 followed by punctuation or a space ends a three-character name; before 您好 it is a title."""

    @pytest.mark.parametrize(
        "text", ["承辦人：林怡君 分機1234", "承辦人：林怡君，電話請洽本處", "聯絡人：施佩君。"]
    )
    def test_pet12_jun_before_punctuation_or_space_is_part_of_the_name(self, text: str) -> None:
        name = text.split("：")[1][:3]
        assert (name, "PERSON") in masked_parts(text)

    def test_pet12_jun_before_a_greeting_stays_a_title(self) -> None:
        assert masked_parts("張○○君您好，您的申請已受理。") == [("張○○", "PERSON")]


class TestSurnameCue:
    """PET-12: 姓X (a surname given on its own) after any word, not only after punctuation."""

    @pytest.mark.parametrize(
        ("text", "surname"),
        [("有一位姓黃的先生來電", "黃"), ("來電者自稱姓蔡，要求說明", "蔡"), ("我姓劉，住在萬華區", "劉")],
    )
    def test_pet12_surname_after_xing_is_masked(self, text: str, surname: str) -> None:
        assert masked_parts(text) == [(surname, "PERSON")]

    @pytest.mark.parametrize("text", ["百姓的心聲市府聽見了", "請問貴姓？", "同姓的宗親會"])
    def test_pet12_words_ending_in_xing_are_not_a_surname_cue(self, text: str) -> None:
        assert masked_parts(text) == []


class TestHalfMaskedNames:
    """PET-12: a half-masked name (陳○○) is masked whole but not extended into the following word."""

    def test_pet12_two_marks_complete_the_name_and_the_next_character_is_kept(self) -> None:
        assert masked_parts("陳情人陳○○於日前來函") == [("陳○○", "PERSON")]

    def test_pet12_one_mark_is_still_extended_to_the_given_name(self) -> None:
        assert masked_parts("王○明先生您好") == [("王○明", "PERSON")]


class TestNameLists:
    """PET-12: two or more full names joined by 、 are names even without a cue."""

    def test_pet12_names_in_a_list_are_all_masked(self) -> None:
        assert masked_parts("王大明、李小華兩位里民都反映公園遊具損壞") == [
            ("王大明", "PERSON"),
            ("李小華", "PERSON"),
        ]

    def test_pet12_list_ended_by_a_conjunction_is_masked(self) -> None:
        parts = masked_parts("出席者有吳建宏、鄭雅婷及本處同仁")
        assert parts == [("吳建宏", "PERSON"), ("鄭雅婷", "PERSON")]

    @pytest.mark.parametrize(
        "text",
        ["高雄市、台南市、新竹市都有類似規定。", "林森路、金華街、溫州街均已完成。",
         "工務局、交通局、環保局將會勘。", "楊梅、林口、三峽的公車路線", "黃金週、周年慶期間人潮眾多。"],
    )  # fmt: skip
    def test_pet12_lists_of_places_and_agencies_are_not_names(self, text: str) -> None:
        assert masked_parts(text) == []


class TestNameBeforeSpeechVerb:
    """PET-12: a full name opening a clause and followed by 表示/指出/反映… is masked."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [("張志明表示，巷口的反光鏡被撞歪了。", "張志明"), ("另外，陳淑芬指出收運時間太早。", "陳淑芬")],
    )
    def test_pet12_name_before_a_speech_verb_is_masked(self, text: str, name: str) -> None:
        assert masked_parts(text) == [(name, "PERSON")]

    @pytest.mark.parametrize(
        "text", ["市府團隊表示會處理。", "陳情人表示不滿。", "林務局表示將維護步道。", "周邊居民反映噪音。",
                 "文化局建議延後。", "市長表示將持續關心本案。"]
    )  # fmt: skip
    def test_pet12_agencies_and_titles_before_a_speech_verb_are_not_names(self, text: str) -> None:
        assert masked_parts(text) == []


class TestVillageChief:
    """PET-12: a surname before 里長 right after the village name (龍安里林里長)."""

    def test_pet12_surname_between_village_name_and_chief_title_is_masked(self) -> None:
        assert masked_parts("大安區龍安里林里長已協助聯繫") == [("林", "PERSON")]

    def test_pet12_village_name_before_chief_title_alone_is_not_a_name(self) -> None:
        assert masked_parts("石牌里里長表示會協調。") == []


class TestMistypedNationalIds:
    """PET-12: national IDs with typing errors are still masked when an ID cue precedes them."""

    @pytest.mark.parametrize(
        ("text", "value"),
        [("申請人身分證統一編號F123 456 789", "F123 456 789"), ("身分證字號M223-456-789，", "M223-456-789"),
         ("ID: B2234S6789, 請更正", "B2234S6789"), ("身分證字號為A12345678O的申請人", "A12345678O"),
         ("身分證號碼：Ａ１２３４５６７８９", "Ａ１２３４５６７８９"), ("身分證：a123456789", "a123456789"),
         ("本人身分證字號A123456780", "A123456780")],
    )  # fmt: skip
    def test_pet12_mistyped_id_after_an_id_cue_is_masked(self, text: str, value: str) -> None:
        assert (value, "TW_ID") in masked_parts(text)

    @pytest.mark.parametrize(
        "text", ["型號F123 456 789的零件", "序號A1234S6789", "代碼B22SS456789"]
    )
    def test_pet12_id_shaped_codes_without_an_id_cue_or_with_several_letters_are_kept(self, text: str) -> None:
        assert not [p for p in masked_parts(text) if p[1] == "TW_ID"]


class TestRoleAndKinshipCues:
    """PET-12: roles of minutes and case files (主席, 記錄, 通報人, 行為人…) and kinship words (我媽, 媳婦) are cues."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("會議主席：黃國書 紀錄：林怡萱", "黃國書"),
            ("記錄：何宜蓁　核稿：張德明", "何宜蓁"),
            ("通報人曾文彥表示，路樹倒塌", "曾文彥"),
            ("行為人蕭宇翔違反廢棄物清理法", "蕭宇翔"),
            ("我媽黃秀蘭上週在公園跌倒", "黃秀蘭"),
            ("我哥王俊凱的機車被偷了", "王俊凱"),
            ("我媽媽王陳秀英終於申請到補助了", "王陳秀英"),  # 我媽媽 is read whole, not as 我媽 + 媽…
            ("我爸爸林志明說路燈壞了", "林志明"),
        ],
    )
    def test_pet12_name_after_role_or_kinship_cue_is_masked(self, text: str, name: str) -> None:
        assert (name, "PERSON") in masked_parts(text)

    @pytest.mark.parametrize(
        "text", ["記錄在案，請查照。", "主席台前的地板破損", "我媽說公園的步道很滑", "看護工的申請流程為何？",
                 "我媽媽很高興，我爸爸也是"]
    )
    def test_pet12_role_words_without_a_name_mask_nothing(self, text: str) -> None:
        assert masked_parts(text) == []


class TestMarriedAndNewResidentNames:
    """PET-12: 冠夫姓 names (two surnames + given name) and 阮氏X names are masked whole."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("我婆婆陳黃玉枝行動不便，想申請復康巴士。", "陳黃玉枝"),
            ("申請人林張美惠，想申請老人假牙補助。", "林張美惠"),
            ("媳婦阮氏紅是越南籍，想參加職訓課程。", "阮氏紅"),
            ("新住民黎氏草反映，中文班時間都在上班時間。", "黎氏草"),
            ("我是新住民陳氏玉蘭，想報名中文班。", "陳氏玉蘭"),
            ("阮氏梅說她的居留證快到期了。", "阮氏梅"),
        ],
    )
    def test_pet12_married_and_new_resident_names_are_masked_whole(self, text: str, name: str) -> None:
        assert (name, "PERSON") in masked_parts(text)

    @pytest.mark.parametrize("text", ["本人陳情林口的公車太少。", "陳氏宗祠前的廣場很髒。", "申請人林先生已補件。"])
    def test_pet12_surname_words_are_not_taken_as_married_names(self, text: str) -> None:
        assert all(len(part) <= 1 for part, kind in masked_parts(text) if kind == "PERSON")


class TestSignatures:
    """PET-12: a name right before 敬上 / 謹上 / 敬啟 signs the letter."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("以上，請市府儘速處理。 陳情人 許文龍 敬上", "許文龍"),
            ("懇請相關單位協助，感激不盡。游家慧 謹上", "游家慧"),
            ("吳建成 敬啟 115.3.4", "吳建成"),
        ],
    )
    def test_pet12_name_before_a_closing_salutation_is_masked(self, text: str, name: str) -> None:
        assert (name, "PERSON") in masked_parts(text)

    @pytest.mark.parametrize("text", ["臺北市政府工務局 敬上", "全體里民敬上", "本處同仁 敬啟"])
    def test_pet12_an_agency_or_group_signing_is_not_masked(self, text: str) -> None:
        assert masked_parts(text) == []


class TestEnglishClosingsAndWeakCues:
    """PET-12: English names after Thanks, / From: / "I," and after a Chinese kinship or role word."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("Thanks, Emily", "Emily"),
            ("I, Oliver Schmidt, hereby authorise my landlord.", "Oliver Schmidt"),
            ("From: Jennifer Ho <jen.ho@gmail.com>", "Jennifer Ho"),
            ("看護Siti Rahayu的居留證快到期了", "Siti Rahayu"),
        ],
    )
    def test_pet12_english_name_after_closing_or_cue_is_masked(self, text: str, name: str) -> None:
        assert (name, "PERSON") in masked_parts(text)

    @pytest.mark.parametrize(
        "text",
        ["Thank you for your letter about Daan Park.", "Thanks, Taipei City Government", "I, too, think so."],
    )
    def test_pet12_closings_without_a_name_mask_nothing(self, text: str) -> None:
        assert masked_parts(text) == []
