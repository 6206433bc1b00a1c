"""Unit tests of the uncued-name scorer (PET-12 round 3): names with no context cue, and look-alikes.

A name used as a plain subject or object (昨天李大同跟我說…) has no title, role word or list around
it; the statistical scorer finds it. Words and places that begin with a surname character (林務局,
吳興街, 萬芳醫院, 許多, 張貼…) must stay unmasked. The sentences here are not in the tuning sets.
"""

from __future__ import annotations

import pytest

from reply.domain.masking import mask_text
from reply.domain.masking.name_scorer import (
    NameModel,
    candidates,
    features,
    find_uncued_names,
    model,
)
from reply.domain.masking.person import find_person_names


def person_names(text: str) -> list[str]:
    return [text[s.start : s.end] for s in mask_text(text).spans if str(s.type) == "PERSON"]


class TestNamesWithoutCue:
    """PET-12: a full name is masked wherever it stands in the sentence, with no cue around it."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("上禮拜黃志豪跟我說垃圾車改時間了。", "黃志豪"),  # after a time word, before 跟
            ("林淑華每天傍晚都在公園跳舞，音樂非常大聲。", "林淑華"),  # sentence subject
            ("這些照片是陳冠宇拍的，請參考。", "陳冠宇"),  # after 是
            ("我已經把申請書交給張雅雯了。", "張雅雯"),  # object of 交給
            ("李宗翰的機車停在人行道上好幾天了。", "李宗翰"),  # before 的
            ("吳佳蓉和我都住在這條巷子裡。", "吳佳蓉"),  # before 和
        ],
    )
    def test_pet12_uncued_full_name_is_masked(self, text: str, name: str) -> None:
        assert name in person_names(text)
        assert name not in mask_text(text).masked

    def test_pet12_a_name_found_by_the_scorer_is_masked_wherever_it_recurs(self) -> None:
        text = "昨天王志成把垃圾丟在巷口。鄰居都看到王志成丟的。"
        assert person_names(text).count("王志成") == 2


class TestLookAlikesStayUnmasked:
    """PET-12: words, agencies, places and shops that begin with a surname character are not names."""

    @pytest.mark.parametrize(
        "text",
        [
            "陳情人反映林務局的步道年久失修。",
            "高架橋下的停車格被佔用，張貼的告示也被撕掉了。",
            "周邊道路的黃燈時間太短，白天車多時非常危險。",
            "請問補助金額何時會撥下來？方便的話請以簡訊通知。",
            "江子翠站附近常常有人違規停車，許多住戶都很困擾。",
            "吳興街的市場攤販佔用車道。",
            "萬芳醫院旁的人行道太窄。",
            "林森北路的酒店到了半夜還是很吵。",
            "颱風天洪水淹進地下室，康樂里的居民損失慘重。",
            "陳氏宗祠前的廣場很髒。",
            "石牌捷運站的腳踏車停車場太小。",
            "施工單位應張貼施工告示。",
        ],
    )
    def test_pet12_look_alike_is_not_taken_as_a_name(self, text: str) -> None:
        assert person_names(text) == []


class TestScorerMechanics:
    """PET-12: how the scorer's output joins the cue rules' output."""

    def test_pet12_cue_rule_span_wins_over_an_overlapping_scored_window(self) -> None:
        # The cue rule takes 王小明 (承辦人：); no scored window may cut across it.
        spans = find_person_names("承辦人：王小明明天會到現場。")
        assert {(s.start, s.end) for s in spans} == {(4, 7)}

    def test_pet12_scored_names_never_overlap(self) -> None:
        text = "昨天李大同跟陳美華說林志明與黃淑芬都同意了。"
        spans = sorted(find_uncued_names(text), key=lambda s: s.start)
        assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
        assert spans

    def test_pet12_cached_score_equals_the_score_of_the_features(self) -> None:
        # The cache key (window and one character either side) must hold everything the features read.
        m = model()
        fresh = NameModel(m.bias, m.weights, m.threshold)
        for text in ("昨天李大同跟我說", "李大同的車", "。李大同，", "高架橋下", "李大同"):
            for start, s_len, g_len in candidates(text):
                expected = fresh.probability(features(text, start, s_len, g_len))
                assert fresh.score(text, start, s_len, g_len) == expected
                assert fresh.score(text, start, s_len, g_len) == expected  # second call: from the cache

    def test_pet12_threshold_is_above_one_half(self) -> None:
        # Chosen by cross-validation at no loss of precision: a coin-flip threshold would mask look-alikes.
        assert 0.5 < model().threshold < 1.0


class TestEnglishGivenNameBeforeSurname:
    """PET-12: an English given name before a romanised Taiwanese surname is a name with no cue."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("Last week Kevin Lin reported the broken bench to the hotline.", "Kevin Lin"),
            ("I visited the site with Grace Huang on Monday.", "Grace Huang"),
            ("我跟 Jason Tsai 一起去區公所。", "Jason Tsai"),
        ],
    )
    def test_pet12_given_name_and_romanised_surname_is_masked(self, text: str, name: str) -> None:
        assert name in person_names(text)

    @pytest.mark.parametrize(
        "text",
        [
            "Yesterday Chen Road was closed again.",
            "Please take the MRT to Songshan Station.",
            "The lights on Xinyi Lin Road are broken.",
            "We flew back from Hong Kong on Monday.",
        ],
    )
    def test_pet12_capitalised_words_and_places_are_not_names(self, text: str) -> None:
        assert person_names(text) == []

    def test_pet12_hyphenated_name_after_a_cue_keeps_its_exact_extent(self) -> None:
        assert person_names("Contact Wei-Ting Chen for details.") == ["Wei-Ting Chen"]


class TestRound3CueRules:
    """PET-12 round 3: surname + 姓 + a word for a person, names after phrase-final words, 君 ending a name."""

    @pytest.mark.parametrize(
        ("text", "surname"), [("派來的那個周姓技士態度很差。", "周"), ("一名陳姓男子闖紅燈被撞。", "陳")]
    )
    def test_pet12_surname_before_xing_and_a_person_word_is_masked(self, text: str, surname: str) -> None:
        assert person_names(text) == [surname]

    @pytest.mark.parametrize("text", ["老百姓的心聲沒人聽。", "同姓的人不一定是親戚。", "請填寫姓名。"])
    def test_pet12_xing_in_ordinary_words_is_not_a_surname(self, text: str) -> None:
        assert person_names(text) == []

    def test_pet12_title_after_a_phrase_final_word_masks_the_surname_only(self) -> None:
        # 有關 ends a phrase: 劉 before 議員 is a surname; 關 of 有關 is not a half-masked name in pass two.
        assert mask_text("有關劉議員服務處轉來的案件").masked == "有關○議員服務處轉來的案件"

    def test_pet12_a_function_character_is_not_taken_into_a_half_masked_name(self) -> None:
        assert mask_text("附件為照片三張及龔先生簽名之切結書。").masked == "附件為照片三張及○先生簽名之切結書。"

    def test_pet12_jun_before_de_ends_a_three_character_name(self) -> None:
        assert person_names("我看到王怡君的貓被困在排水溝裡。") == ["王怡君"]


class TestCueRulePrecisionFixes:
    """PET-12 round 3: three false names of the cue rules found on the routing corpus (no names in it)."""

    @pytest.mark.parametrize(
        "text", ["在中山區長安東路二段，請處理。", "體育課學生常跌倒，請編列預算。", "單親爸爸可以申請什麼補助？"]
    )
    def test_pet12_road_after_a_role_word_and_words_after_weak_cues_are_not_names(self, text: str) -> None:
        assert person_names(text) == []

    def test_pet12_married_name_before_a_title_is_masked_whole(self) -> None:
        # 冠夫姓 (husband's surname + own full name) before 女士: all four characters, not only 林美玲.
        assert person_names("感謝陳林美玲女士的協助。") == ["陳林美玲"]
