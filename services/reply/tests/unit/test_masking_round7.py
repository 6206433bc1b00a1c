"""Unit tests of PET-12 round 7: names joined by the name dot with a role before them, Japanese names in kanji,
Korean names in hangul, and an extension written alone after an official's name.

Each rule has positive cases and hard negatives. The sentences are written for these tests; none is copied
from an evaluation set.
"""

from __future__ import annotations

import pytest

from reply.domain.masking import mask_text


def spans_of(text: str, kind: str) -> list[str]:
    return [text[s.start : s.end] for s in mask_text(text).spans if str(s.type) == kind]


class TestDottedNames:
    """PET-12: a transliterated or aboriginal name with the name dot; the role or title around it stays."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("外籍教師喬治‧安德森先生反映宿舍漏水。", "喬治‧安德森"),
            ("英語教師瑪莉亞·羅培茲來電詢問居留。", "瑪莉亞·羅培茲"),
            ("申請人尤瑪‧達陸表示補助尚未撥款。", "尤瑪‧達陸"),
            ("神父約翰•史密斯小姐轉述", "約翰•史密斯"),
        ],
    )
    def test_pet12_dotted_name_without_its_role_or_title(self, text: str, name: str) -> None:
        assert spans_of(text, "PERSON") == [name]


class TestJapaneseNames:
    """PET-12: Japanese residents' names in kanji; Japanese surnames that are places or words stay."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("日籍住戶佐藤美咲小姐反映樓上噪音。", "佐藤美咲"),
            ("承辦人渡邊健一已到場會勘。", "渡邊健一"),
            ("日本籍房客高橋說冷氣漏水。", "高橋"),
            ("感謝鈴木先生協助翻譯。", "鈴木"),
        ],
    )
    def test_pet12_japanese_name_is_masked(self, text: str, name: str) -> None:
        assert spans_of(text, "PERSON") == [name]

    @pytest.mark.parametrize(
        "text",
        [
            "清水溝旁的垃圾已清除。",
            "他住在橋本那邊的巷子。",
            "日本料理店老闆說油煙已改善。",
            "山口處的路燈不亮。",
        ],
    )
    def test_pet12_japanese_surname_words_are_not_names(self, text: str) -> None:
        assert spans_of(text, "PERSON") == []


class TestKoreanNames:
    """PET-12: a hangul name among Chinese text, or before 씨/님 in Korean; other Korean words are not names."""

    def test_pet12_hangul_names_in_chinese_text(self) -> None:
        text = "韓籍學生김지훈、박서준來電反映宿舍門禁。"
        assert spans_of(text, "PERSON") == ["김지훈", "박서준"]

    def test_pet12_korean_prose_masks_only_the_name(self) -> None:
        text = "김민준 씨가 민원을 제기했습니다."
        assert spans_of(text, "PERSON") == ["김민준"]


class TestExtensionAfterName:
    """PET-12 (label rules: an official's direct line next to their name is PHONE): a bare extension after
    a named person is masked; a unit's extension and the 1999 integrity line are not."""

    @pytest.mark.parametrize(
        ("text", "extension"),
        [
            ("承辦人：王小明（分機1234）", "1234"),
            ("如有疑問請洽陳股長，分機：5521。", "5521"),
            ("聯絡人：林科員 #6612", "6612"),
        ],
    )
    def test_pet12_extension_of_a_named_official(self, text: str, extension: str) -> None:
        assert spans_of(text, "PHONE") == [extension]

    @pytest.mark.parametrize(
        "text",
        ["學務處生輔組 分機301", "檢舉貪瀆請撥1999分機1743廉政專線。", "本科分機1234由值班人員接聽。"],
    )
    def test_pet12_extension_without_a_name_stays(self, text: str) -> None:
        assert spans_of(text, "PHONE") == []


class TestFamilyAndForeignWorkersByGivenName:
    """PET-12: a parent, spouse or sibling named by the given name; a migrant worker's transliterated name
    after their role; a Korean self-introduction."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("我媽秀鳳（七十八歲）中風後行動不便。", "秀鳳"),
            ("我先生建宏每天騎車上班。", "建宏"),
            ("我兒子承恩讀國小二年級。", "承恩"),
            ("家裡的印尼看護努莉雅每週日帶我爸去公園。", "努莉雅"),
            ("菲律賓籍移工瑪莉亞說宿舍沒有熱水。", "瑪莉亞"),
            ("안녕하세요. 저는 박지성입니다.", "박지성"),
        ],
    )
    def test_pet12_name_after_kin_or_role(self, text: str, name: str) -> None:
        assert spans_of(text, "PERSON") == [name]

    @pytest.mark.parametrize(
        "text", ["看護阿姨每天早上來。", "移工朋友很多都住附近。", "媽媽說話很大聲。", "弟弟今年要考試。"]
    )
    def test_pet12_kin_or_role_followed_by_words(self, text: str) -> None:
        assert spans_of(text, "PERSON") == []


class TestDottedNameEdges:
    """PET-12: a dotted name ends before 的 or the next word, and starts after 籍的."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("巴奈‧卡造的女兒來電詢問補助。", "巴奈‧卡造"),
            ("波蘭籍的安娜‧科瓦爾斯基來函反映。", "安娜‧科瓦爾斯基"),
            ("室友馬修‧威爾森上個月被機車擦撞。", "馬修‧威爾森"),
        ],
    )
    def test_pet12_dotted_name_edges(self, text: str, name: str) -> None:
        assert spans_of(text, "PERSON") == [name]

    def test_pet12_rare_compound_surname(self) -> None:
        assert spans_of("出席：理事長呼延淑美、理事王大明", "PERSON") == ["呼延淑美", "王大明"]


class TestCitySidePhones:
    """PET-12 (label rules: a personal number, or an official's line next to their name, is PHONE; an agency's
    letterhead, notice or enquiry line is not)."""

    @pytest.mark.parametrize(
        ("text", "phone"),
        [
            ("承辦人：張技佐　電話：27208889-4412", "27208889-4412"),
            ("承辦人：嚴專員 2720-8889-1583", "2720-8889-1583"),
            ("承辦：公運處邰股長 27208889轉3819", "27208889轉3819"),
            ("申訴人聯絡電話：0912 - 708 - 433", "0912 - 708 - 433"),
            ("督導：蓋督導（（02）2306-2536（分機214））", "（02）2306-2536（分機214）"),
            ("法國籍房客 +33 6 12 34 56 78", "+33 6 12 34 56 78"),
            ("電話：090-1234-5678（日本手機）", "090-1234-5678"),
            ("淹水了請來看，電話 二八九三－七五六二，白天在家。", "二八九三－七五六二"),
            ("1999話務紀錄　來電：２７３９－１５８６", "２７３９－１５８６"),
            ("處理人：病人服務中心龍組長（02-2555-0505#8803）", "02-2555-0505#8803"),
        ],
    )
    def test_pet12_personal_line_is_masked(self, text: str, phone: str) -> None:
        assert phone in spans_of(text, "PHONE")

    @pytest.mark.parametrize(
        "text",
        [
            "臺北市政府消防局　函　地址：110臺北市信義區松仁路1號　電話：(02)2729-7668　傳真：(02)2722-7400",
            "詳情請洽臺北市市場處(02)2597-9123。",
            "如有其他意見請洽本園服務中心(02)2938-2300轉630。",
            "洽詢電話：(02)2729-7668轉5512（民安科）。",
            "Enforcement questions: Tobacco Control Section, (02)2720-8889 ext. 7122.",
            "已轉介中央健康保險署臺北業務組（02-2191-2006）。",
            "匯款帳號5401-2376-8810。",
        ],
    )
    def test_pet12_published_agency_line_stays(self, text: str) -> None:
        assert spans_of(text, "PHONE") == []

    def test_pet12_name_between_cue_and_line_makes_it_personal(self) -> None:
        assert spans_of("請洽本局承辦人王小明，電話(02)2521-5550分機8172。", "PHONE") == ["(02)2521-5550分機8172"]

    @pytest.mark.parametrize(
        ("text", "extensions"),
        [
            ("連絡電話：02-2723-5837　內線：3401", ["02-2723-5837", "3401"]),
            ("電話：2720-8889 #2561、#2563", ["2720-8889 #2561", "2563"]),
            ("有問題請打我分機6733。", ["6733"]),
            ("Contact me at ext. 6215.", ["6215"]),
            ("研考會 舒研究員 shu.rde@gov.taipei 分機6635", ["6635"]),
        ],
    )
    def test_pet12_second_and_own_extensions(self, text: str, extensions: list[str]) -> None:
        assert spans_of(text, "PHONE") == extensions

    def test_pet12_known_mobile_in_brackets_leaves_the_bracket(self) -> None:
        text = "來電者：龍小涵（0955 678 203）"
        result = mask_text(text, {"phone": "0955678203"})
        assert [text[s.start : s.end] for s in result.spans if str(s.type) == "PHONE"] == ["0955 678 203"]


class TestOfficialsInRecords:
    """PET-12: officials named by surname and title after their office; the office is not part of the name."""

    @pytest.mark.parametrize(
        ("text", "names"),
        [
            ("請洽本處養護工程隊陳股長，電話2720-8889轉1234", ["陳"]),
            ("列席：文資處龐科長　記錄：程郁婷", ["龐", "程郁婷"]),
            ("檢查人員：第二大隊葛隊員、穆隊員", ["葛", "穆"]),
            ("處理員警：分局榮巡佐", ["榮"]),
        ],
    )
    def test_pet12_surname_and_title_after_an_office(self, text: str, names: list[str]) -> None:
        assert spans_of(text, "PERSON") == names

    def test_pet12_word_before_a_role_is_no_name(self) -> None:
        assert spans_of("我要投訴垃圾車清潔隊員，今天下午沒有停車。", "PERSON") == []


class TestRecordFields:
    """PET-12: a record field that names a person, filled with a given name, a nickname or an English name."""

    @pytest.mark.parametrize(
        ("text", "names"),
        [
            ("話務員：羽彤　記錄：小貞", ["羽彤", "小貞"]),
            ("被害人：小安（化名，11歲）　個案：老鄭（自稱）", ["小安", "老鄭"]),
            ("Interpreter: Marites. Outcome: resolved. Agent: Vicky.", ["Marites", "Vicky"]),
            ("Caller: Rachel Kim　Callback: none given", ["Rachel Kim"]),
        ],
    )
    def test_pet12_name_in_a_person_field(self, text: str, names: list[str]) -> None:
        assert spans_of(text, "PERSON") == names

    @pytest.mark.parametrize("text", ["學生：三年級共12人", "記錄：如附件", "Client: The Grand Hotel"])
    def test_pet12_field_without_a_name(self, text: str) -> None:
        assert spans_of(text, "PERSON") == []


def test_pet12_transliterated_name_after_every_listed_role() -> None:
    """PET-12: roles without 籍/工/護 in them (外勞, 菲傭) lead to the name too."""
    assert spans_of("家裡的外勞蘇妮塔每天推阿公去公園。", "PERSON") == ["蘇妮塔"]
    assert spans_of("菲傭瑪莉亞說宿舍沒有熱水。", "PERSON") == ["瑪莉亞"]
