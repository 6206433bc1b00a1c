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


class TestMinutesAndLists:
    """PET-12: minutes and attendance lists name people after their office, in lists joined by 、, with
    rare surnames and married names; the office and the list words stay readable."""

    def test_pet12_name_after_an_office_closed_by_a_separator(self) -> None:
        names = person_names("出席：財政局靳文魁、民政局司徒雅琴（代理）、消防局第二大隊鄒正方小隊長。")
        assert {"靳文魁", "司徒雅琴", "鄒正方"} <= set(names)
        assert all("局" not in name for name in names)

    def test_pet12_every_item_of_a_list_seeded_by_one_name(self) -> None:
        names = person_names("出席人員：承辦人饒思源、冷冠華、覃秀枝、仉建安。")
        assert {"饒思源", "冷冠華", "覃秀枝", "仉建安"} <= set(names)

    def test_pet12_a_bare_list_of_three_names(self) -> None:
        names = person_names("受獎名單：苗志遠（東門里）、卞玉霞（龍泉里）、林黃秀枝（古亭里）。")
        assert {"苗志遠", "卞玉霞", "林黃秀枝"} <= set(names)

    @pytest.mark.parametrize(
        "text",
        ["請各局處派員出席：交通局、工務局、警察局。", "本案會同大安區、信義區、松山區公所辦理。"],
    )
    def test_pet12_lists_of_offices_and_districts_stay(self, text: str) -> None:
        assert person_names(text) == []

    def test_pet12_councillor_given_name_after_the_title(self) -> None:
        assert "淑卿" in person_names("副本抄送：蔡議員淑卿服務處。")


class TestNicknamesAndGivenNames:
    """PET-12: 阿/小 nicknames and children's given names; words with the same characters stay."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("巷口修車的阿旺伯每天把機車停在人行道上。", "阿旺"),
            ("阿蘭說區公所叫她自己上網申請。", "阿蘭"),
            ("我孫女佩瑩今年要上幼兒園，抽不到公托。", "佩瑩"),
            ("Jason說公園的飲水機壞了兩個月。", "Jason"),
        ],
    )
    def test_pet12_nickname_or_given_name(self, text: str, name: str) -> None:
        assert name in person_names(text)

    @pytest.mark.parametrize(
        "text",
        [
            "阿姨說要先去區公所登記。",
            "阿美族的豐年祭在哪裡舉辦？",
            "小心路面濕滑，請改走人行道。",
            "我女兒今年要上小學，學區怎麼查？",
        ],
    )
    def test_pet12_words_with_nickname_characters_stay(self, text: str) -> None:
        assert person_names(text) == []


class TestEnglishLists:
    """PET-12: English lists of names and officials addressed by title."""

    def test_pet12_list_of_english_names(self) -> None:
        names = person_names("Volunteers: Mr. Aaron Blake, Priya Nair and Tomoko Ishida joined the clean-up.")
        assert {"Priya Nair", "Tomoko Ishida"} <= set(names)

    def test_pet12_official_title_before_a_surname(self) -> None:
        assert "Huang" in person_names("Dear Councillor Huang, the drain on my lane overflows.")
