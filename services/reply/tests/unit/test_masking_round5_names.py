"""Unit tests of PET-12 round 5: names found by the error analysis of the first two blind sets.

Each rule has positive cases (the name is masked, without its title) and hard negatives (a word, a
place or a brand that looks like a name stays readable). The sentences are written for these tests;
none is copied from an evaluation set.
"""

from __future__ import annotations

import pytest

from reply.domain.masking import mask_text


def person_names(text: str) -> list[str]:
    return [text[s.start : s.end] for s in mask_text(text).spans if str(s.type) == "PERSON"]


class TestSurnameBeforeOfficialTitle:
    """PET-12: a surname before an official's title is masked when an organisation, a plural or a time
    word stands before it (本所林幹事, 我們許鄰長, 上週三蘇警員), but not inside a place or an office name."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("本所林幹事說下週會來現場看。", "林"),
            ("我們許鄰長每次開會都不通知大家。", "許"),
            ("前天蘇警員來做筆錄，態度很好。", "蘇"),
            ("社會局潘社工已經聯絡過我媽媽了。", "潘"),
            ("感謝衛生局范稽查員的協助。", "范"),
            ("請轉告市府的汪秘書，資料已寄出。", "汪"),
            ("承辦人韓科員說要再等兩週。", "韓"),
        ],
    )
    def test_pet12_surname_before_official_title(self, text: str, name: str) -> None:
        assert person_names(text) == [name]

    @pytest.mark.parametrize(
        "text",
        [
            "士林區長昨天出席了里民大會。",  # 林 ends the district's name
            "經社工評估後，個案已轉介長照中心。",  # 經 is "after", not a surname
            "向里長反映過很多次都沒有用。",
            "大安區長官邸旁邊的人行道破了。",
        ],
    )
    def test_pet12_title_inside_a_word_is_no_name(self, text: str) -> None:
        assert person_names(text) == []

    def test_pet12_thanks_before_a_surname_and_title(self) -> None:
        """謝謝 is a word: only the surname after it is masked."""
        assert person_names("謝謝花隊長一早就帶人來清理。") == ["花"]


class TestKinAndRoleCues:
    """PET-12: kin words of formal letters (家母, 其父) and officials' roles (稽查員) introduce a name."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("家父邱萬福今年九十歲，想申請居家照顧。", "邱萬福"),
            ("陳情人表示其母簡阿滿經常走失。", "簡阿滿"),
            ("本局查報員駱志遠於現場拍照存證。", "駱志遠"),
        ],
    )
    def test_pet12_name_after_kin_or_role(self, text: str, name: str) -> None:
        assert name in person_names(text)

    def test_pet12_married_name_with_a(self) -> None:
        """冠夫姓 with an old-style given name: 阿 + one character."""
        assert "黃林阿枝" in person_names("我外婆黃林阿枝住在萬華，想申請送餐。")

    def test_pet12_surname_alone_after_naming_cue(self) -> None:
        assert person_names("您好，我叫嚴，想問一下育兒津貼。") == ["嚴"]

    def test_pet12_jun_after_surname_in_a_reply(self) -> None:
        """經查X君所有之…: 君 honours a surname written alone."""
        assert person_names("經查朱君所有之車輛停放於紅線。") == ["朱"]


class TestLatinScriptNames:
    """PET-12: names in Latin letters — romanised aboriginal names, foreign residents' names inside
    Chinese text, and English messages opened or signed with a name."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("族人Siliq‧Pawan想申請原住民族委員會的補助。", "Siliq‧Pawan"),
            ("我的同事Tran Van Minh在工地受傷，雇主不理。", "Tran Van Minh"),
            ("外籍配偶Maria Santos（居留證過期）要怎麼辦？", "Maria Santos"),
            ("這是我室友Anong的電話，她只會講英文。", "Anong"),
            ("Kenji Watanabe here, I live near Jiantan station and the bike racks are full.", "Kenji Watanabe"),
            ("My neighbour Olivia Grant keeps three dogs on the balcony.", "Olivia Grant"),
            ("Hi, this is Rahmat Hidayat from Indonesia, my ARC expired.", "Rahmat Hidayat"),
            ("The street lamp has been off for a week. Aoife O'Brien, 0955-123-456", "Aoife O'Brien"),
        ],
    )
    def test_pet12_latin_name_is_masked(self, text: str, name: str) -> None:
        assert name in person_names(text)
        assert name not in mask_text(text).masked

    @pytest.mark.parametrize(
        "text",
        [
            "我用Google Maps查到的路線是錯的。",
            "Uber Eats的外送員每天把機車停在騎樓。",
            "請問YouBike站可以在Family Mart前面設嗎？",
            "捷運站的LINE Pay付款機壞了。",
            "The MRT station exit near Taipei Arena is closed.",
        ],
    )
    def test_pet12_brands_and_places_in_latin_stay(self, text: str) -> None:
        assert person_names(text) == []

    def test_pet12_arc_after_an_english_name_is_not_part_of_it(self) -> None:
        names = person_names("Applicant: Dewi Lestari, ARC HD12345678, phone 0912-000-111.")
        assert names == ["Dewi Lestari"]

    def test_pet12_cue_is_no_part_of_an_aboriginal_name(self) -> None:
        assert person_names("補助案申請人比令‧亞布請於期限內補件。") == ["比令‧亞布"]


class TestPopularGivenNames:
    """PET-12: a surname + one of Taiwan's most frequent given names is a full name without any cue; the
    given name alone is a person right after 跟/找/和…; neither when it runs into a word."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("今天早上幸雅婷在公車上被偷了錢包。", "幸雅婷"),
            ("老師說喬冠宇上課一直睡覺。", "喬冠宇"),
            ("住在三樓的鍾宥蓁每天半夜練琴。", "鍾宥蓁"),
            ("我阿姨說蔡林淑芬的申請被退件了。", "蔡林淑芬"),
        ],
    )
    def test_pet12_surname_and_popular_given_name(self, text: str, name: str) -> None:
        assert name in person_names(text)

    def test_pet12_popular_given_name_alone_after_meeting_word(self) -> None:
        assert person_names("昨天我找家豪一起去區公所，結果沒開。") == ["家豪"]

    @pytest.mark.parametrize(
        "text",
        [
            "志明國小門口的號誌壞了。",  # no surname, no meeting word before
            "這家豪華餐廳的油煙很嚴重。",
        ],
    )
    def test_pet12_popular_given_name_inside_words_stays(self, text: str) -> None:
        assert person_names(text) == []
