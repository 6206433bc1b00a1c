"""Unit tests of PET-12 round 8: birth years and birthdays, passports of more countries, accounts after 匯…到.

Each rule has positive cases and hard negatives. The sentences are written for these tests; none is copied
from an evaluation set.
"""

from __future__ import annotations

import pytest

from reply.domain.masking import mask_text


def spans_of(text: str, kind: str) -> list[str]:
    return [text[s.start : s.end] for s in mask_text(text).spans if str(s.type) == kind]


class TestBirthDates:
    """PET-12: a birth date only where the context says birth — also a year alone, a birthday's month and day,
    a Japanese era, an English date with the month in letters and a place between the date and 出生."""

    @pytest.mark.parametrize(
        ("text", "date"),
        [
            ("我父親是民國31年生的，今年八十四歲。", "民國31年"),
            ("我兒子2007年出生，現在讀高中。", "2007年"),
            ("本人出生於民國六十二年，請問可以申請嗎？", "民國六十二年"),
            ("報名表　姓名：王小明　生日：11/05　年齡：8歲", "11/05"),
            ("我的生日是 4/9，卡片上卻印成9/4。", "4/9"),
            ("妻は平成3年6月2日生まれです。", "平成3年6月2日"),
            ("Name: Ana Cruz, DOB 17-JUL-1992, nationality Philippines", "17-JUL-1992"),
            ("我女兒是2021年3月5日在馬偕醫院出生的。", "2021年3月5日"),
        ],
    )
    def test_pet12_birth_date_in_its_context(self, text: str, date: str) -> None:
        assert spans_of(text, "BIRTH_DATE") == [date]

    @pytest.mark.parametrize(
        "text",
        [
            "負責人陳先生於115年11月7日申請招牌設置許可，不予許可。",
            "民國113年以後出生之兒童可申請育兒津貼。",
            "本案於115年3月2日受理，訂於4/9會勘。",
            "1998年成立的社區發展協會今年改選。",
            "他說生日快樂之後就離開了，時間約在11/05晚上。",
        ],
    )
    def test_pet12_dates_without_a_birth_context_stay(self, text: str) -> None:
        assert spans_of(text, "BIRTH_DATE") == []


class TestPassports:
    """PET-12: passport numbers of the Philippines (letter, 7 digits, letter) and of European countries (mixed
    capitals and digits), also after the cue in other languages."""

    @pytest.mark.parametrize(
        ("text", "number"),
        [
            ("看護的護照（P5512093C）在公車上遺失了。", "P5512093C"),
            ("Guest Jonas Weber, passport C3T9K0L71, checked out on 3 May.", "C3T9K0L71"),
            ("passeport 21AB34567, nationalité française", "21AB34567"),
            ("Nomor paspor: B4417203", "B4417203"),
        ],
    )
    def test_pet12_passport_number_after_its_cue(self, text: str, number: str) -> None:
        assert spans_of(text, "PASSPORT") == [number]

    @pytest.mark.parametrize(
        "text",
        [
            "護照申請請洽外交部領事事務局，案號AB12345678CD。",
            "passport photo booth at Taipei Main Station, exit M3",
            "護照規費新臺幣1,300元，收據號碼 R2026A00117。",
        ],
    )
    def test_pet12_numbers_that_are_not_a_passport_stay(self, text: str) -> None:
        assert spans_of(text, "PASSPORT") == []


class TestBankAccounts:
    """PET-12: the account a payment is sent to (匯保證金到, 匯錢至) is an account; amounts after it are not."""

    @pytest.mark.parametrize(
        ("text", "account"),
        [
            ("對方要我匯保證金到（812）20018800761234，之後就失聯了。", "20018800761234"),
            ("他叫我匯錢至 0123-456-78901 才肯退押金。", "0123-456-78901"),
        ],
    )
    def test_pet12_account_a_payment_is_sent_to(self, text: str, account: str) -> None:
        assert spans_of(text, "BANK_ACCOUNT") == [account]

    def test_pet12_amount_sent_is_not_an_account(self) -> None:
        assert spans_of("他要我匯到指定帳戶 30000000 元以上才算數。", "BANK_ACCOUNT") == []


class TestOfficialsAndKnownNames:
    """PET-12: surname + title right after a word or a district (交通警察徐警員, 內湖區湯里長); intake's surname +
    title (闕小姐) masks the surname only; Vietnamese 氏 names with any Vietnamese surname."""

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("我要讚美交通警察翁警員，雨天還在指揮交通。", "翁"),
            ("請轉交諶議員辦公室，謝謝。", "諶"),
            ("【代轉】北投區寇里長轉來里民意見：路燈不亮。", "寇"),
        ],
    )
    def test_pet12_surname_and_title_after_a_word_or_district(self, text: str, name: str) -> None:
        assert spans_of(text, "PERSON") == [name]

    @pytest.mark.parametrize(
        "text",
        [
            "交通警察大隊長今天到場。",
            "社區主任委員會議改期。",
            "我是國小老師，班上孩子常常沒吃早餐。",
            "林氏宗祠前的廣場有人亂停車。",
            "今天氣溫攝氏35度，請注意中暑。",
        ],
    )
    def test_pet12_words_before_titles_are_not_names(self, text: str) -> None:
        assert spans_of(text, "PERSON") == []

    def test_pet12_known_surname_with_title_masks_the_surname_not_the_title(self) -> None:
        text = "來電者闕小姐反映路燈不亮，闕小姐希望盡快修復；闕這個姓很少見。"
        result = mask_text(text, {"name": "闕小姐"})
        assert result.masked == "來電者○小姐反映路燈不亮，○小姐希望盡快修復；闕這個姓很少見。"

    def test_pet12_known_common_surname_with_title_leaves_other_words(self) -> None:
        result = mask_text("陳先生陳情：陳列館前積水。", {"name": "陳先生"})
        assert result.masked == "○先生陳情：陳列館前積水。"

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("我老婆叫Mai（范氏梅），越南人，剛拿到居留證。", "范氏梅"),
            ("看護黎氏草和阮氏花都住在雇主家。", "黎氏草"),
        ],
    )
    def test_pet12_vietnamese_shi_names(self, text: str, name: str) -> None:
        assert name in spans_of(text, "PERSON")


class TestEnglishGivenNames:
    """PET-12: one known given name after I'm / call me / her name was / my roommate, and after it in a list;
    a particle inside a full name (Hendrik de Vries). Not after It is / This is, not an everyday word."""

    @pytest.mark.parametrize(
        ("text", "names"),
        [
            ("Hi, I'm Hendrik de Vries from the Netherlands.", ["Hendrik de Vries"]),
            ("Hi! I'm Chloe, a student from France.", ["Chloe"]),
            ("Please call me, Rina, any time.", ["Rina"]),
            ("I think her name was Vivian.", ["Vivian"]),
            ("My coworkers Maricel and Jenny are also affected.", ["Maricel", "Jenny"]),
            ("來電者自稱Sandra，英語，需翻譯協助。", ["Sandra"]),
        ],
    )
    def test_pet12_given_name_after_its_cue(self, text: str, names: list[str]) -> None:
        assert spans_of(text, "PERSON") == names

    @pytest.mark.parametrize(
        "text",
        [
            "It is May already and nothing happened.",
            "I'm Taiwanese and I'm Sorry for the late reply.",
            "This is Taipei, my friend.",
            "My colleagues and I visited Xinyi.",
        ],
    )
    def test_pet12_words_after_english_cues_are_not_names(self, text: str) -> None:
        assert spans_of(text, "PERSON") == []


class TestGivenNamesAndNicknames:
    """PET-12: a child's given name after 我兒子 / 我女兒叫, also when it begins with a rarer surname character;
    nicknames in a list with another nickname; 小 + surname after a role (志工小張). Not 小黃 (a taxi)."""

    @pytest.mark.parametrize(
        ("text", "names"),
        [
            ("我兒子柏宇，今年要上小學。", ["柏宇"]),
            ("我女兒叫佳佳，就讀北市某國中。", ["佳佳"]),
            ("阿輝、阿寶、阿昌這三個人每天在巷口喝酒。", ["阿輝", "阿寶", "阿昌"]),
            ("送餐志工小張很準時。", ["小張"]),
            ("議員辦公室的助理小林說會處理。", ["小林"]),
        ],
    )
    def test_pet12_given_names_and_nicknames(self, text: str, names: list[str]) -> None:
        assert spans_of(text, "PERSON") == names

    @pytest.mark.parametrize(
        "text",
        [
            "我兒子叫什麼名字不重要。",
            "我女兒叫我不要再打來了。",
            "我同事小黃說計程車很貴。",
            "阿輝、阿寶、小時候常去的公園都不見了。",
        ],
    )
    def test_pet12_words_after_kin_are_not_names(self, text: str) -> None:
        assert [n for n in spans_of(text, "PERSON") if n not in ("阿輝", "阿寶")] == []


class TestRecordFields:
    """PET-12: names in the city's records — kin or school year between the field and the name, a surname alone
    after an official's title before a bracket, a modal verb after a cue is no surname, 君 after 移來."""

    @pytest.mark.parametrize(
        ("text", "names"),
        [
            ("輔導紀錄　學生：高二唐以恩　監護人：祖母唐陳阿招　電話：略", ["唐以恩", "唐陳阿招"]),
            ("家戶成員：妻苗陳春梅、子苗宇翔　訪查員警：略", ["苗陳春梅", "苗宇翔"]),
            ("來電：里長蕭（電話略）反映路燈不亮。", ["蕭"]),
            ("施工廠商聯絡人：章工地主任，請配合開門。", ["章"]),
            ("主旨：貴局移來顏君陳情一案，復如說明。", ["顏"]),
            ("原民會已派潘專員前往查看。", ["潘"]),
            ("通譯：陳黎秋月　處理人員：略", ["陳黎秋月"]),
            ("個案：拉娃‧巴萬及幼子　通報人：略", ["拉娃‧巴萬"]),
            ("案主馬耀．谷木（阿美族）同住者：略", ["馬耀．谷木"]),
        ],
    )
    def test_pet12_names_in_record_fields(self, text: str, names: list[str]) -> None:
        assert spans_of(text, "PERSON") == names

    @pytest.mark.parametrize(
        "text",
        [
            "說明：氣溫達攝氏35度以上時，雇主應提供遮陽設施。",
            "申請人須檢附身分證影本。",
            "申請人：子公司代表人另案辦理。",
            "公告.臺北市政府環境保護局",
        ],
    )
    def test_pet12_record_words_are_not_names(self, text: str) -> None:
        assert spans_of(text, "PERSON") == []

    def test_pet12_by_phone_after_a_surname_is_not_the_given_name(self) -> None:
        assert spans_of("承辦人王以電話聯繫陳情人。", "PERSON") == ["王"]


class TestRanksLatinFieldsAndElders:
    """PET-12: a rank is no part of an English name (Officer: Sgt. Hsu); a Latin name after a Chinese record field
    (來電者：Tanaka（日籍）, 通譯：Dewi　…); a surname with a one-character word for an elder (白伯反映)."""

    @pytest.mark.parametrize(
        ("text", "names"),
        [
            ("Reported on 8 May. Officer: Sgt. Hsu.", ["Hsu"]),
            ("1999話務紀錄　來電者：Tanaka（日籍，英文溝通）", ["Tanaka"]),
            ("諮詢內容：轉換雇主程序　通譯：Dewi　處理人員：略", ["Dewi"]),
            ("南門里：白伯反映公園廁所沒有衛生紙。", ["白"]),
            ("請轉告林嬸，明天會勘。", ["林"]),
        ],
    )
    def test_pet12_names_found(self, text: str, names: list[str]) -> None:
        assert spans_of(text, "PERSON") == names

    @pytest.mark.parametrize(
        "text",
        [
            "我大伯說路燈壞了，老伯也說過。",
            "地點：Costco (內湖店)",
            "Inspector said the permit is valid.",
        ],
    )
    def test_pet12_no_name_here(self, text: str) -> None:
        assert spans_of(text, "PERSON") == []


class TestStructuredRound8:
    """PET-12: a phone is never the middle of a longer code; a district before a number is its office's line;
    an extension after a dash; birth cohorts (四十年次) and years with a month; no birthday in 發生日期 or a
    policy's cut-off; passports after "as" / "which is" / "passports"; no account in another code's label."""

    @pytest.mark.parametrize(
        ("text", "kind", "values"),
        [
            ("收據號碼是R114-0318-22716，醫院說要我自己申請退費。", "PHONE", []),
            ("撥款帳戶：兆豐銀行（017）041-09-28831-6　申請日：略", "BANK_ACCOUNT", ["041-09-28831-6"]),
            ("繳款帳號（虛擬帳號）：9971-0214-5580-36（代收行略）", "BANK_ACCOUNT", ["9971-0214-5580-36"]),
            ("戶政事務所電話：松山區(02)2767-2390、信義區(02)2723-9079。", "PHONE", []),
            ("承辦人電話02-2720-8889-1583，請洽。", "PHONE", ["02-2720-8889-1583"]),
            ("請派員勘查，回電2553 7208，白天都在家。", "PHONE", ["2553 7208"]),
            ("我婆婆是四十年次的，行動不便。", "BIRTH_DATE", ["四十年次"]),
            ("家庭成員：父（68年5月生）、母（越南籍）", "BIRTH_DATE", ["68年5月"]),
            ("出生日期：一百一十四年三月二十日　出生地：臺北市", "BIRTH_DATE", ["一百一十四年三月二十日"]),
            ("發生日期：114年4月1日　處分：停工", "BIRTH_DATE", []),
            ("適齡兒童為民國107年9月2日至108年9月1日出生者。", "BIRTH_DATE", []),
            ("They wrote my passport number as GK428931 by mistake.", "PASSPORT", ["GK428931"]),
            ("foreign passports (G2217836) for children", "PASSPORT", ["G2217836"]),
            ("付款方式：ATM轉帳（銷帳編號：37208114030041）", "BANK_ACCOUNT", []),
            ("款項撥入申請人帳戶。四、洽詢：(02)2723-9777轉社會課。", "BANK_ACCOUNT", []),
        ],
    )
    def test_pet12_structured_values(self, text: str, kind: str, values: list[str]) -> None:
        assert spans_of(text, kind) == values


class TestGivenNamesWithWordsOfAddress:
    """PET-12: a given name before a word of address or a role (淑芬姐說, 麗娟小姐, 志明社工, 玉梅阿嬤), after a
    verb of passing on (請轉告冠宇, 已與本局志豪聯繫); surname + 父/母 in a field; 君 beginning a given name."""

    @pytest.mark.parametrize(
        ("text", "names"),
        [
            ("巷子裡的淑芬姐說您答應要加裝反光鏡。", ["淑芬"]),
            ("長照管理中心的麗娟小姐說要先做評估。", ["麗娟"]),
            ("請社會局轉志明社工：我是上次家訪的個案。", ["志明"]),
            ("大家都叫她玉梅阿嬤，平日由鄰居送餐。", ["玉梅"]),
            ("志工秋香阿姨說每次去都很感動。", ["秋香"]),
            ("請轉告冠宇，他的報告出來了。", ["冠宇"]),
            ("陳情人表示已與本局志豪聯繫。", ["志豪"]),
            ("監護人：梁父　轉介單位：略", ["梁"]),
            ("承辦：社會課邵君瑜　※本名冊僅供內部使用", ["邵君瑜"]),
        ],
    )
    def test_pet12_given_names_found(self, text: str, names: list[str]) -> None:
        assert spans_of(text, "PERSON") == names

    @pytest.mark.parametrize(
        "text",
        [
            "美哥華公司的貨車又停在巷口。",
            "請轉告里長，明天會勘改期。",
            "監護人：父母雙亡，由祖母照顧。",
        ],
    )
    def test_pet12_no_given_name_here(self, text: str) -> None:
        assert spans_of(text, "PERSON") == []


class TestChatsAndLatinGivenNames:
    """PET-12: speakers of a chat transcript (two or more lines "怡萱：…"); a known Latin given name inside Chinese
    text after 的/籍/是 (住在中山區的Vivian，…). Record fields with the same shape are not speakers."""

    def test_pet12_chat_speakers_are_names(self) -> None:
        text = "［社區巡守隊LINE群組］ 怡萱：今晚誰巡？ 阿明：我去 怡萱：好"
        assert spans_of(text, "PERSON") == ["怡萱", "阿明", "怡萱"]

    def test_pet12_record_fields_are_no_chat(self) -> None:
        assert spans_of("地點：大安區　時間：上午　說明：無　事由：噪音", "PERSON") == []

    def test_pet12_known_latin_given_name_in_chinese_text(self) -> None:
        assert spans_of("我是住在中山區的Vivian，之前寫信反映酒吧很吵。", "PERSON") == ["Vivian"]

    def test_pet12_brand_in_chinese_text_is_no_name(self) -> None:
        assert spans_of("我買了Apple的手機，是在Costco買的。", "PERSON") == []
