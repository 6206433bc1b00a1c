"""Unit tests of PET-12 round 6: rarer surnames with no cue, full names in Latin script, phones written in
the remaining everyday ways.

Each rule has positive cases and hard negatives. The sentences are written for these tests; none is copied
from an evaluation set.
"""

from __future__ import annotations

import pytest

from reply.domain.masking import mask_text
from reply.domain.masking.person import _given_char_band


def spans_of(text: str, kind: str) -> list[str]:
    return [text[s.start : s.end] for s in mask_text(text).spans if str(s.type) == kind]


class TestGivenNameCharacterFrequency:
    """PET-12: the scorer knows how often a character occurs in given names (ngender's statistics)."""

    def test_pet12_name_characters_rank_above_function_words(self) -> None:
        bands = _given_char_band()
        for name_char in "華明偉婷傑麗俊":
            assert bands[name_char] <= 1, name_char
        for word_char in "的了們說":
            assert bands.get(word_char, 6) >= 3, word_char


class TestRareSurnamesWithoutCue:
    """PET-12: a rarer surname before two characters frequent in given names is a name with no cue."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("覃永昌昨天又把機車停在騎樓，擋住輪椅。", "覃永昌"),
            ("這件事請敖淑貞幫忙轉達給管委會。", "敖淑貞"),
            ("會議由冉志豪主持，討論垃圾車時間。", "冉志豪"),
            ("本案陳情人那佳蓉反映路燈不亮。", "那佳蓉"),
            ("請權俊宏於下週一前補件。", "權俊宏"),
        ],
    )
    def test_pet12_rare_surname_name(self, text: str, name: str) -> None:
        assert spans_of(text, "PERSON") == [name]

    @pytest.mark.parametrize(
        "text",
        [
            "成龍國小門口的斑馬線褪色了。",
            "大同區建成里的活動中心冷氣壞了。",
            "那裡的人行道太窄，推嬰兒車過不去。",
            "班級家長會決定下週開會。",
            "區域內的排水溝都堵住了。",
            "居民希望權責單位儘快處理。",
            "言明在先，費用由申請人負擔。",
        ],
    )
    def test_pet12_words_and_places_stay(self, text: str) -> None:
        assert spans_of(text, "PERSON") == []


class TestLatinFullNames:
    """PET-12: a full name in Latin script with no cue: a known given name and a second capitalised word,
    Vietnamese names by surname and middle name, Japanese names surname first."""

    @pytest.mark.parametrize(
        ("text", "names"),
        [
            ("The noise complaint was signed by Jennifer Walsh and two neighbours.", ["Jennifer Walsh"]),
            ("Our caregiver Siti Rahayu was hit by a scooter on Minsheng Road.", ["Siti Rahayu"]),
            ("Yesterday Trần Văn Minh waited three hours at the household office.", ["Trần Văn Minh"]),
            ("Nguyen Thi Lan cannot read the Chinese form.", ["Nguyen Thi Lan"]),
            ("Please ask Tanaka Haruka to call the ward office.", ["Tanaka Haruka"]),
        ],
    )
    def test_pet12_latin_full_name(self, text: str, names: list[str]) -> None:
        assert spans_of(text, "PERSON") == names

    @pytest.mark.parametrize(
        "text",
        [
            "The bus stops near Victoria Park and Taipei Main Station.",
            "Grace Church on Xinyi Road holds a market every Sunday.",
            "Please send the Public Works Department a copy.",
            "Mark Road Safety Week on your calendar.",
            "Thank You for the quick reply from the Labor Department.",
            "My son studies at Zhongshan Junior High School.",
        ],
    )
    def test_pet12_capitalised_places_and_phrases_stay(self, text: str) -> None:
        assert spans_of(text, "PERSON") == []


class TestGivenNamesByRole:
    """PET-12: a given name or nickname alone after the person's role (清潔隊員阿忠, 老師小雯, 狗主人阿峰) or before
    a word of address (子瑜老師, 翠花阿姨, 阿財伯) is a name; a subject or a word in the same place is not."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("收垃圾的隊員阿順很有禮貌，謝謝他。", "阿順"),
            ("我們的看護阿蒂說電梯常常卡住。", "阿蒂"),
            ("幼兒園老師小婕說最近流感很多。", "小婕"),
            ("上週三阿旺伯在公園跌倒，沒人幫忙。", "阿旺"),
            ("佩君老師每天都幫忙看交通。", "佩君"),
            ("我家樓下的秀蘭阿姨一個人住。", "秀蘭"),
        ],
    )
    def test_pet12_given_name_by_role(self, text: str, name: str) -> None:
        assert spans_of(text, "PERSON") == [name]

    @pytest.mark.parametrize(
        "text",
        [
            "英文老師說下週要考試。",
            "志工阿姨每天都來幫忙打掃。",
            "學生家長希望學校改善午餐。",
            "鄰居阿伯每天早上在公園運動。",
        ],
    )
    def test_pet12_subjects_and_words_stay(self, text: str) -> None:
        assert spans_of(text, "PERSON") == []


class TestRemainingPhoneFormats:
    """PET-12 (PHONE recall 1.00): a Taipei number with no separator after a phone word, a mobile with slashes,
    a mobile read out in Chinese numerals; number-like strings without a phone word stay."""

    @pytest.mark.parametrize(
        ("text", "phone"),
        [
            ("有事請打家裡電話 27581234，白天有人。", "27581234"),
            ("市話：28825678", "28825678"),
            ("手機：0912/345/678（晚上九點前）", "0912/345/678"),
            ("我孫子的電話是零九三三一二八七六五。", "零九三三一二八七六五"),
        ],
    )
    def test_pet12_phone_format(self, text: str, phone: str) -> None:
        assert spans_of(text, "PHONE") == [phone]

    @pytest.mark.parametrize(
        "text",
        [
            "聯絡日期20261014，請於期限內回覆。",
            "發票號碼 28825678 已作廢。",
            "統一編號：27581234",
            "會議時間：09/12/2025 10:30",
            "本府總機電話：27208889",
        ],
    )
    def test_pet12_numbers_without_phone_word_stay(self, text: str) -> None:
        assert spans_of(text, "PHONE") == []


class TestHouseholdsAndRareSurnamesWithTitles:
    """PET-12: a household named by its surname (檀家的小孩) and 老 + surname (老王) are names; a rarer surname
    before a title or 姓 is masked (負責人昌老闆, 我是庫老師, 檢舉杭姓里長); words stay (大家, 國家, 班主任)."""

    @pytest.mark.parametrize(
        ("text", "names"),
        [
            ("隔壁檀家的小孩每天晚上在巷子裡放鞭炮。", ["檀"]),
            ("我是翁家的大女兒，想替我爸申請補助。", ["翁"]),
            ("修車的老王把廢機油倒進水溝。", ["老王"]),
            ("大家都叫他老郭的那位，每天都在公園喝酒。", ["老郭"]),
            ("請轉告負責人昌老闆，招牌已經傾斜。", ["昌"]),
            ("我是庫老師，想問校外教學的申請。", ["庫"]),
            ("我要檢舉杭姓里長把活動經費挪用。", ["杭"]),
        ],
    )
    def test_pet12_household_and_title_names(self, text: str, names: list[str]) -> None:
        assert spans_of(text, "PERSON") == names

    @pytest.mark.parametrize(
        "text",
        [
            "大家都知道這條路晚上很暗。",
            "國家公園的步道有蜂窩，請派人處理。",
            "家長跟班主任反映過很多次了。",
            "蔡家的廟會活動請先申請路權。",
            "這棟古老的建築需要整修。",
            "敬老卡的點數可以搭公車嗎？",
        ],
    )
    def test_pet12_words_stay(self, text: str) -> None:
        assert spans_of(text, "PERSON") == []
