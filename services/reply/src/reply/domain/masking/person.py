"""Personal names: Chinese (surname dictionary + context cues + exclusions), aboriginal, English.

A bare surname followed by two characters is never taken as a name on its own (林口, 陳情, 黃色…):
a name needs support from context — a cue before it (承辦人：, 陳情人, 我是, 聯絡人…), a title after
it (先生, 小姐, 女士, 同學, 議員…), a masking mark already in it (王○明), the aboriginal name dot
(瓦歷斯‧諾幹), or an English cue (Mr., My name is, handler:). A name found once is then masked
wherever else it appears in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from reply.domain.masking.patterns import word_alternation
from reply.domain.masking.spans import Span, SpanType


def _words(filename: str) -> list[str]:
    text = resources.files("reply.domain.masking").joinpath(f"data/{filename}").read_text("utf-8")
    return [word for line in text.splitlines() if not line.startswith("#") for word in line.split()]


@dataclass(frozen=True)
class NameLexicon:
    """Data the detector uses, read once from the package's data files."""

    single_surnames: dict[str, int]  # surname → frequency rank (0 = most common)
    compound_surnames: frozenset[str]
    given_chars: frozenset[str]
    non_name_words: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> NameLexicon:
    single: dict[str, int] = {}
    compound: set[str] = set()
    for word in _words("surnames.txt"):
        if len(word) == 1:
            single.setdefault(word, len(single))
        else:
            compound.add(word)
    return NameLexicon(
        single_surnames=single,
        compound_surnames=frozenset(compound),
        given_chars=frozenset("".join(_words("given_name_chars.txt"))),
        non_name_words=frozenset(_words("non_name_words.txt")),
    )


@lru_cache(maxsize=1)
def _given_char_band() -> dict[str, int]:
    """Band 0–5 of each character's frequency in given names (data/given_char_freq.txt, PET-12 round 6):
    0 for the ~150 most frequent (華, 明, 偉…), then up to rank 400, 900, 1,800, 3,000, and 5 beyond."""
    text = resources.files("reply.domain.masking").joinpath("data/given_char_freq.txt").read_text("utf-8")
    chars = [line.split()[0] for line in text.splitlines() if line and not line.startswith("#")]
    return {ch: sum(rank >= limit for limit in _BAND_LIMITS) for rank, ch in enumerate(chars)}


_BAND_LIMITS = (150, 400, 900, 1800, 3000)
# Band up to which a character is name-like enough to follow a rarer surname or 阿 (覃立群, 隊員阿順).
NAME_LIKE_BAND = 3


@lru_cache(maxsize=1)
def name_like_chars() -> frozenset[str]:
    """Characters of the Taiwanese given-name list or frequent in given names (band ≤ NAME_LIKE_BAND)."""
    bands = _given_char_band()
    return lexicon().given_chars | {ch for ch, band in bands.items() if band <= NAME_LIKE_BAND}


_MASKED = "○"
_CJK_RANGE = ("\u4e00", "\u9fff")
# Characters that never continue a name (particles, pronouns, common verbs, punctuation).
_NOT_IN_NAME = set(
    "的了是在於與和及等說您你我他她它們也都就又還很已曾將要會對向把被讓請給因但而並且或即則以所之其此這那"
    "有沒不無來去到從往住昨每各該貴"
)
_NOT_GIVEN_FIRST = set(
    "的了是在於與和及等說您你我他她它們也都就又還很已曾將要會對向把被讓請給因但而並且或即則所之其此這那"
    "有沒不無來去到從往住表示反映陳今昨每各該本貴"
)
# Words that begin right after a two-character name ("王明電話…", "李華先生").
_FOLLOWING_WORDS = (
    "先生", "小姐", "女士", "太太", "同學", "老師", "電話", "聯絡", "聯繫", "表示", "反映", "陳情", "您好",
    "你好", "住在", "手機", "信箱", "地址", "君", "敬上", "敬啟", "謹啟", "啟", "於", "在", "說", "等",
)  # fmt: skip
_FUNCTION_BEFORE = set("的與和跟向給請找問是、，,。：: \n\t（(「『位及或由被讓對同叫當派")
# Two-character words after which a name may start (有關劉議員…, 感謝陳冠霖…, 經查侯建志…): PET-12 round 3.
_PHRASE_BEFORE = frozenset(
    """有關 關於 感謝 謝謝 拜託 轉告 通知 請問 經查 據查 了解 告訴 詢問 聯絡 委託 協助 經由 透過 包括 除了
    如果 因為 希望 麻煩 提醒 邀請 看到 遇到 聽說 據說 發現 副本 抄送 連同 原來""".split()
)


def _after_function_word(view: str, start: int) -> bool:
    """The name starting at ``start`` follows a function character or a phrase-final word."""
    return (start > 0 and view[start - 1] in _FUNCTION_BEFORE) or view[max(0, start - 2) : start] in _PHRASE_BEFORE

# PET-12 round 5: officials' roles that are written both before a name (稽查員賀仁傑, 工程司韋弘毅) and after a
# surname (周科員, 白社工): one list for the cues and the titles.
_OFFICIAL_ROLES = (
    "稽查員|社工師|社工|督導|秘書|科員|課員|幹事|辦事員|護理師|工程師|工程司|正工程司|副工程司|幫工程司|總工程司|"
    "副總工程司|工程員|技師|建築師|心理師|消保官|小隊長|大隊長|分隊長|中隊長|代理里長|會長|理事長|秘書長|"
    # PET-12 round 7: field staff the records name by surname (葛隊員, 榮巡佐, 甄個管師, 賁關懷員)
    "隊員|測量員|巡佐|偵查佐|技術員|個管師|個管員|關懷員|輔導員|督學|檢查員|照專|調解人|主事|調查員|訪視員|訪員|"
    "警務佐|巡守員|營養師|藥師|保育員|社工員|導師|教練|檢驗員|查報員|業務員"
)
_STRONG_CUES = (
    "承辦人員|承辦人|承辦|經辦人|聯絡人|聯繫人|陳情人|申請人|檢舉人|當事人|負責人|代理人|收件人|寄件人|受文者|"
    "姓名|名字|本名|全名|具名|署名|簽名|我叫|我的名字是|敬致|致|里長|議員|市長|區長|局長|處長|科長|股長|課長|隊長|"
    "所長|主任|校長|警員|員警|巡佐|技士|技正|專員|委員|立委|醫師|律師|教授|聯絡資訊|聯絡方式|聯繫方式|經辦人員|經辦|"
    "報案人|發文者|填表人|戶名|持卡人|駕駛人|車主|所有人|受款人|案主|通譯|家戶成員|同住者|"
    # PET-12 round 2: roles in minutes, notices and case files
    "主席|紀錄|記錄|列席|核稿|簽收人|出席人員|與會人員|通報人|來電者|來電人|陳情者|投訴人|申訴人|舉報人|"
    "被檢舉人|行為人|受處分人|義務人|所有權人|起造人|監護人|被害人|緊急聯絡人|雇主|"
    # PET-12 round 5: inspectors, volunteers, representatives and attendance lines of minutes
    "調查員|檢查員|查報員|巡查員|社工員|查察員|承辦員|志工|代表|主任秘書|助理|出席|繳費人|陳情人姓名|承辦人簽名|"
    + _OFFICIAL_ROLES
)
_WEAK_CUES = (
    "我是|本人|家屬|屋主|房東|房客|住戶|鄰居|同學|同事|朋友|兒子|女兒|父親|母親|爸爸|媽媽|外婆|奶奶|爺爺|"
    "我先生|我太太|老公|老婆|丈夫|妻子|司機|店長|老闆|經理|網友|學生|病人|患者|家長|孩子|市民|民眾|居民|里民|"
    "阿嬤|阿公|婆婆|公公|外公|孫子|孫女|小女|小兒|犬子|公務員|職員|員工|隊員|清潔員|保全|管理員|對方|業者|"
    "負責人員|人員|"
    "我媽|我爸|我媽媽|我爸爸|我哥|我姊|我姐|我弟|我妹|我阿嬤|我阿公|外孫|外孫女|孫女|媳婦|女婿|看護|外籍看護|新住民|"
    # PET-12 round 5: kin and partners written before a name (家母許黃玉蘭, 其母鄭阿桃, 外籍配偶Nguyen Thi Hoa)
    "家母|家父|家兄|家姊|家姐|舍弟|舍妹|內人|外子|其母|其父|其子|其女|其妻|其夫|配偶|外籍配偶|女友|男友|"
    "女朋友|男朋友|室友|移工|外勞|幫傭|看護工|族人|外國人|老師|外甥|外甥女|姪子|姪女|出席者|學長|學姊|學姐|學弟|學妹|舅舅|姑姑|表哥|表姊|堂哥"
)

_WEAK_CUE_WORDS = frozenset(_WEAK_CUES.split("|")) - frozenset(_STRONG_CUES.split("|"))
_CUE = re.compile(
    rf"(?P<cue>{word_alternation(_STRONG_CUES.split('|') + _WEAK_CUES.split('|'))})"
    r"(?:\s|[：:]|是|為|叫|叫做|名叫|[（(]|/)*"
)
# 周姓技士, 陳姓男子, 林姓民眾: a surname followed by 姓 and a word for a person (PET-12 round 3).
_SURNAME_XING = re.compile(
    r"(?P<surname>[\u4e00-\u9fff])姓(?=男子|女子|男|女|民眾|技士|技正|先生|小姐|女士|里長|員警|警員|老翁|老婦|婦人|"
    r"學生|少年|少女|司機|住戶|屋主|業者|老闆|承辦|職員|員工|同學|老師|議員|鄰居|居民|房東|房客|患者|病患|家屬|"
    r"嫌犯|乘客|騎士|駕駛|工程師|清潔員|保全|管理員|隊員|網友|市民|長者|阿嬤|阿公|母親|父親|夫婦|兄弟|姊妹)"
)
_SURNAME_CUE = re.compile(r"(?:敝姓|我姓|本人姓|姓氏[：:]?|(?<![百同異複改冠從貴])姓)\s?")
_PERSONAL_TITLES = (
    "先生|小姐|女士|太太|同學|老師|夫人|妹妹|弟弟|哥哥|姊姊|姐姐|阿姨|伯伯|叔叔|阿伯|阿嬤|阿公|媽媽|爸爸|伯母|"
    "大哥|大姐|老闆娘|老闆|"
    # PET-12 round 5: 小姊 (a frequent typo of 小姐), elders and craftsmen
    "小姊|老先生|老太太|奶奶|爺爺|師傅|醫生"
)
_STRICT_TITLES = (
    "議員|里長|市長|區長|局長|處長|科長|股長|課長|隊長|所長|主任|校長|警員|員警|醫師|律師|經理|董事長|"
    "總經理|教授|委員|立委|議長|專員|技士|技正|組長|"
    # PET-12 round 5: more officials' titles the petitions use (鄧秘書, 甘隊長, 魏警員)
    "主秘|總幹事|技佐|研究員|管理員|助理|主委|鄰長|站長|館長|園長|院長|署長|警官|巡官|警務員|檢察官|法官|"
    "書記官|教官|護士|參事|專委|副局長|副處長|副市長|副主任|副隊長|組員|分局長|處員|襄理|副理|協理|店長|主管|"
    "督察|副秘書長|"
    + _OFFICIAL_ROLES
)
_TITLE_WORDS = tuple(
    sorted({"君", *_PERSONAL_TITLES.split("|"), *_STRICT_TITLES.split("|")}, key=len, reverse=True)
)
# The character before "surname + official title" when the title is no part of a longer word: an
# organisation (本局林專員, 社會局白社工, 本科曾專員), a plural or a time word (我們張里長, 昨天魏警員).
_BEFORE_OFFICIAL = frozenset("們局處科府所隊課股室會院署部組站館天洽")  # 洽: 請洽陳股長 (round 7)
_STRICT_TITLE_WORDS = frozenset(_STRICT_TITLES.split("|")) - frozenset(_PERSONAL_TITLES.split("|"))
_STRICT_TITLE_TUPLE = tuple(_STRICT_TITLE_WORDS)
_TITLE_AFTER = re.compile(word_alternation(_PERSONAL_TITLES.split("|") + _STRICT_TITLES.split("|")))
_JUN = re.compile(r"君(?=[，,。、\s：:您之)）的及等]|所有|表示|陳稱|稱|於|申請|檢舉|反映|陳情|見義|來函|$)")
_NOT_BEFORE_TITLE = frozenset(
    {"英文", "國文", "中文", "日文", "韓文", "語文", "人文", "作文", "法文", "德文"}
)
_PRE_MASKED_MARK = "○OＯXＸ＊*"
# A name part has no conjunction in it (巴干‧瓦旦和比令‧尤幹 is two names); the dot may be a full-width full stop
# between CJK characters (馬耀．谷木), "." in the view (PET-12 round 8).
_NAME_PART_CHAR = r"(?:(?![和及與跟])[\u4e00-\u9fff])"
_NAME_DOT = r"(?:‧|(?<=[\u4e00-\u9fff])\.(?=[\u4e00-\u9fff]))"
_ABORIGINAL = re.compile(
    rf"{_NAME_PART_CHAR}{{2,4}}{_NAME_DOT}{_NAME_PART_CHAR}{{2,5}}(?:{_NAME_DOT}{_NAME_PART_CHAR}{{2,5}})?"
)
_DOT_CHARS = re.compile(r"[‧.]")
_ORG_WORD = re.compile(r"政府|市|局|處|公所|中心|會|部|署|院|校|公司")
# Characters that rarely begin / end an aboriginal name part but often precede / follow one.
_NOT_NAME_EDGE = set("的是說友人叫長員師生者民族位給與和跟在反表於了也都就要想會去來到請")

# ------------------------------------------------------------------ English names
# PET-12 round 5: people an English petition names by their relation (my caregiver Ni Made Ayu).
_EN_PERSON_ROLES = (
    "caregiver", "helper", "maid", "nanny", "carer", "wife", "husband", "spouse", "son", "daughter", "mother",
    "father", "mom", "mum", "dad", "friend", "neighbor", "neighbour", "landlord", "landlady", "tenant",
    "roommate", "colleague", "boss", "employer", "employee", "worker", "partner", "girlfriend", "boyfriend",
    "brother", "sister", "grandmother", "grandfather", "grandma", "grandpa", "aunt", "uncle", "cousin",
    "classmate", "teacher", "student", "child", "kid", "fiancée", "fiancé", "fiancee", "fiance",
)  # fmt: skip
# Latin letters with the accents of Vietnamese, Spanish, French… names (Trần Thị Hoa, Tomás Herrera).
_UP = "A-ZÀ-ÖØ-ÞĐƠƯ\u1ea0-\u1ef9"
_LO = "a-zß-öø-ÿ\u0100-\u017f\u01a0-\u01b0\u1ea0-\u1ef9"
# Lower-case particles inside a name (Jocelyn dela Cruz, ABDULLAH bin Yusof, Ludwig van Beethoven).
_EN_PARTICLE = r"(?:\s(?:bin|binti|bte|de|dela|del|da|dos|das|van|von|der|den|le|la|al|el|di))?"
_EN_TOKEN = (
    rf"(?:(?:[{_UP}]['’])?[{_UP}][{_LO}]+(?:[{_UP}][{_LO}]+)?(?:[-'’][A-Za-z{_LO}][{_LO}]*)?"
    rf"|[A-Z]{{2,}}(?:-[A-Z]{{2,}})?)"
)
# A comma inside a name only before a hyphenated romanised given name (CHEN, Wei-lin); otherwise it ends
# the name (Mr. Aaron Blake, Priya Nair and …).
_EN_NAME = rf"{_EN_TOKEN}(?:(?:,\s(?=[{_UP}][{_LO}]*-|[A-Z]+-)|{_EN_PARTICLE}\s){_EN_TOKEN}){{0,2}}"
_EN_TITLE = re.compile(
    rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Madam|Mdm|Sgt|Sergeant|Capt|Captain|Constable)\.?\s(?P<name>{_EN_NAME})"
)
_EN_CUE = re.compile(
    r"(?:\b[Mm]y name is|\b[Nn]ame\s?:|\b(?:[Hh]andler|[Hh]andled by|[Cc]ontact(?: person)?|[Pp]etitioner|"
    r"[Aa]pplicant|[Cc]ase officer|[Oo]fficer in charge|[Cc]omplainant|[Rr]eporter)\s?:?|"
    # PET-12 round 7: record fields that name a person (Interpreter: Marites, Caller: Rachel Kim, Agent: Vicky)
    r"\b(?:[Ii]nterpreter|[Tt]ranslator|[Aa]gent|[Cc]aller|[Oo]fficer|[Oo]perator|[Ii]nspector|[Ii]nterviewer|"
    r"[Cc]ase ?worker|[Ss]ocial worker|[Vv]olunteer|[Cc]lerk|[Vv]ictim|[Cc]lient|[Pp]atient|[Ss]tudent|[Tt]enant|"
    r"[Ll]andlord|[Ee]mployer|[Ww]orker|[Cc]aregiver|[Pp]arties)\s?:|"
    r"\b(?:[Ss]incerely|[Rr]egards|[Bb]est regards|[Yy]ours truly|[Yy]ours faithfully),?|"
    r"\b(?:Thanks|Thank you|Cheers|Best wishes),|\bFrom\s?:|\bI,)\s*"
    rf"(?P<name>{_EN_NAME})"
)
_EN_I_AM = re.compile(
    rf"\b(?:I am|I'm|[Tt]his is|[Ii]t is|[Ii]t's|[Nn]amed|[Cc]alled|[Cc]all me,?|(?:[Hh]is|[Hh]er) name (?:is|was)|"
    rf"[Mm]y (?:{'|'.join(_EN_PERSON_ROLES)}|coworkers?|co-workers?|roommates?|friends?|colleagues?|kids?|children),?)"
    rf"\s(?P<name>{_EN_TOKEN}(?:{_EN_PARTICLE}\s{_EN_TOKEN}){{0,2}})"
)
# PET-12 round 8: one given name is a name after I'm / call me / my roommate (I'm Chloe, my roommate Dewi), not
# after "It is" / "This is" (It is May, This is Taipei).
_EN_ONE_NAME_AFTER = re.compile(r"I am|I'm|[Cc]all|[Hh]is|[Hh]er|[Mm]y|[Nn]amed|[Cc]alled")
_ROMANISED_SURNAMES = (
    "Chen|Lin|Huang|Hwang|Chang|Zhang|Li|Lee|Wang|Wu|Liu|Tsai|Cai|Yang|Hsu|Xu|Cheng|Zheng|Hsieh|Xie|Kuo|Guo|"
    "Hung|Hong|Tseng|Zeng|Chiu|Qiu|Liao|Lai|Chou|Zhou|Yeh|Ye|Su|Chuang|Zhuang|Lu|Lyu|Chiang|Jiang|Ho|He|Hsiao|"
    "Xiao|Lo|Luo|Kao|Gao|Pan|Chien|Jian|Chu|Zhu|Chung|Zhong|Peng|Yu|Chan|Hu|Shih|Shen|Liang|Chao|Zhao|Yen|Yan|"
    "Ko|Ke|Weng|Wei|Sun|Tai|Dai|Fan|Fang|Sung|Song|Teng|Deng|Tu|Du|Fu|Hou|Tsao|Cao|Hsueh|Xue|Ting|Ding|Cho|"
    "Juan|Ruan|Ma|Tung|Dong|Wen|Tang|Lan|Shi|Ku|Gu|Chi|Ji|Yao|Lien|Lian|Feng|Ou|Cheng|Tien|Tian|Kang|Chiang|Pai|Bai"
)
_ROMANISED_GIVEN = r"[A-Z][a-z]+-[A-Za-z][a-z]+"
_EN_ROMANISED = re.compile(
    rf"\b(?:{word_alternation(_ROMANISED_SURNAMES.split('|'))})\s{_ROMANISED_GIVEN}\b"
    rf"|\b{_ROMANISED_GIVEN}\s(?:{word_alternation(_ROMANISED_SURNAMES.split('|'))})\b"
    rf"|\b(?:{word_alternation(s.upper() for s in _ROMANISED_SURNAMES.split('|'))}),?\s[A-Z]+-[A-Z]+\b"
)
_EN_NOT_NAMES = frozenset(
    """Taipei City Government Department Office Bureau Police The Dear Thank Thanks Taiwan Please Hello Hi Sir
    Madam We I It This From To Regarding Re
    Sincerely Best Regards Yours Not Very Sorry Writing Living Resident
    Case Number Phone Email Address Tel Fax Mr Ms Mrs Dr Your Our My Team Division Section Unit Service Center
    Centre Hotline Citizen Citizens MRT ARC APRC ID NHI TEL No Tel Fax Passport Mobile Cell DOB Born Age
    Korean Japanese Vietnamese Indonesian Filipino Thai Malaysian American British Canadian German French Indian
    Taiwanese Chinese National Nationality Male Female Email Phone""".split()
)


@lru_cache(maxsize=1)
def _two_char_words() -> frozenset[str]:
    """Frequent two-character words (長官, 長期, 員工…): data/common_words.txt."""
    return frozenset(w for w in _words("common_words.txt") if len(w) == 2)


@lru_cache(maxsize=1)
def _public_figures() -> re.Pattern[str]:
    """Well-known people petitions name without a cue (周杰倫, 柯文哲): data/public_figures.txt, PET-12 round 4."""
    return re.compile(word_alternation(w for w in _words("public_figures.txt") if len(w) >= 3))


def _is_cjk(ch: str) -> bool:
    return _CJK_RANGE[0] <= ch <= _CJK_RANGE[1]


# PET-12 round 6: surnames that are also everyday words' first characters (區域, 言論, 那裡, 班級, 權利, 居民…): a
# surname only before two given-name characters (區家麟, 那偉民, 班思穎, 權世勳).
WORD_SURNAMES = frozenset("區宣言權那班席居隆井烏琴路師昌皮豆乃庫索扶祖展藤")
# ... and before a title after a boundary, a function word or a role (負責人昌老闆, 我是庫老師, 管委會言主委).
_BEFORE_WORD_SURNAME_TITLE = frozenset("人民工員")
_NO_TITLE_WORD_SURNAMES = frozenset("班師路那區")  # 班主任, 師長, 路人, 那位先生, 區長: a word, not a surname


def _surname_at(view: str, index: int) -> int:
    """Length of the surname starting at ``index`` (2 for compound, 1 for single, 0 if none)."""
    lex = lexicon()
    if view[index : index + 2] in lex.compound_surnames:
        return 2
    if index >= len(view):
        return 0
    if view[index] in lex.single_surnames:
        return 1
    if view[index] not in WORD_SURNAMES:
        return 0
    given = view[index + 1 : index + 3]
    return int(len(given) == 2 and all(ch in lex.given_chars for ch in given))


def _is_common_surname(ch: str, top: int = 60) -> bool:
    return lexicon().single_surnames.get(ch, top) < top


def _jun_ends_name(view: str, index: int) -> bool:
    """君 at ``index`` closes a three-character name (林怡君，…), not a title (張○○君您好): nothing CJK follows."""
    if view[index] != "君":
        return False
    after = view[index + 1 : index + 2]
    return not after or not (_is_cjk(after) or after == _MASKED) or after in _AFTER_JUN_NAME


# A conjunction or verb after 君 closes the name too (社工廖佩君或督導…, 林怡君表示): PET-12 round 9.
_AFTER_JUN_NAME = frozenset("或和及與跟的說表反在也都已")


_UNIT_ENDS = frozenset("處局署隊")


def _name_after_cue(view: str, start: int, weak: bool) -> Span | None:
    """A name right after a context cue, or None."""
    lex = lexicon()
    surname_len = _surname_at(view, start)
    if not surname_len:
        return None
    q = start + surname_len
    jun_given = view.startswith("君", q) and view[q + 1 : q + 2] in lex.given_chars  # 社會課邵君瑜
    if view.startswith(_TITLE_WORDS, q) and not jun_given:
        return Span(start, q, SpanType.PERSON)
    if q < len(view) and view[q] in "父母" and (q + 1 == len(view) or not _is_cjk(view[q + 1])):
        return Span(start, q, SpanType.PERSON)  # 監護人：梁父, 法定代理人：林母 (round 8)
    if surname_len == 1 and view[q : q + 2] in _two_char_words():
        if view[start] in _MODAL_SURNAMES:
            return None  # 雇主應提供, 申請人須檢附: a modal verb, not a surname (round 8)
        if view.startswith(_TITLE_WORDS, q + 2):
            return Span(start, q, SpanType.PERSON)  # 聯絡人：章工地主任: the surname, then a title of two words
    special = _married_name(view, start, surname_len) or _new_resident_name(view, start, surname_len)
    if special:
        return special
    g1 = view[q : q + 1]
    if (not g1 or g1 in "，,。、；;！!…") and view[max(0, start - 3) : start].endswith(_SURNAME_ONLY_CUES):
        return Span(start, q, SpanType.PERSON)  # 我叫莊，… : a surname alone after a naming cue
    if g1 and g1 in "（(" and view[max(0, start - 3) : start].endswith(_STRICT_TITLE_TUPLE):
        return Span(start, q, SpanType.PERSON)  # 來電：里長蕭（0921-…）: round 8
    if (not g1 or g1 in "。，,、；;）)") and view[max(0, start - 6) : start].rstrip("：: ").endswith(
        _SURNAME_ALONE_AFTER
    ):
        return Span(start, q, SpanType.PERSON)  # 我是里長應。, 承辦人狄。, 科長石、專門委員…: round 9
    if not g1 or not (_is_cjk(g1) or g1 == _MASKED) or g1 in _NOT_GIVEN_FIRST:
        return None
    if g1 == "以" and view[q + 1 : q + 3] in _two_char_words():
        return Span(start, q, SpanType.PERSON)  # 承辦人王以電話聯繫: 以 is "by"; 唐以恩 is a name (round 8)
    if view[start : q + 1] in lex.non_name_words or view[start:q] + g1 in lex.non_name_words:
        return None
    g2 = view[q + 1 : q + 2]
    # A third character closed by a separator belongs to the name even when it is a particle or the
    # given name is also a word (里長郭福來、 / 請轉告蘇建和， / 里長楚文山、): PET-12 round 5.
    closed = (
        bool(g2)
        and (q + 2 == len(view) or view[q + 2] in _ITEM_END)
        and (g2 in lex.given_chars or g2 in _CLOSING_GIVEN)
    )
    two_given = bool(g2) and (_is_cjk(g2) or g2 == _MASKED) and (g2 not in _NOT_IN_NAME or closed)
    if two_given and view[q + 1 : q + 3] in ("阿姨", "阿伯", "阿嬤", "阿公", "阿姐", "阿婆", "阿叔"):
        two_given = False  # 志工秋香阿姨: 阿 begins the word of address
    if two_given and view.startswith(_FOLLOWING_WORDS, q + 1) and not _jun_ends_name(view, q + 1):
        two_given = False
    if two_given and view[q : q + 2] in lex.non_name_words and not (closed and not weak):
        two_given = False
    if two_given and g2 in _UNIT_ENDS:
        return None  # 列席：文資處龐科長: an office, the name comes after it
    if weak:

        def plausible(ch: str) -> bool:
            return ch in lex.given_chars or ch == _MASKED or (ch == "阿" and ch == g1)  # 其母鄭阿桃

        after = view[q + 2 : q + 3]
        ends_cleanly = not after or not _is_cjk(after) or view.startswith(_FOLLOWING_WORDS, q + 2)
        # one real given-name character at least: 我是房客○○○ must not take 房客 for a name
        real = g1 in lex.given_chars or g2 in lex.given_chars
        if two_given and (plausible(g1) and plausible(g2) or ends_cleanly and real):
            return Span(start, q + 2, SpanType.PERSON)
        if plausible(g1) and (not two_given) and view.startswith(_FOLLOWING_WORDS, q + 1):
            return Span(start, q + 1, SpanType.PERSON)
        return None
    end = q + 2 if two_given else q + 1
    if _ROAD_AFTER.match(view, end) or _ROAD_AFTER.match(view, end - 1):  # 區長安東路二段: 區長 ate 長安東路's 長
        return None
    return Span(start, end, SpanType.PERSON)


# A surname alone closed by punctuation after an official's title or a record's role (round 9).
_SURNAME_ALONE_AFTER = (
    *_STRICT_TITLE_TUPLE, "承辦人", "承辦", "經辦", "紀錄", "記錄", "核稿", "聯絡人", "社工", "督導"
)
_MODAL_SURNAMES = frozenset("應須需可會要能將")
# A surname with a one-character word of address for an elder (白伯反映, 林嬸說, 陳叔的車): PET-12 round 8.
_SURNAME_KIN = re.compile(r"[\u4e00-\u9fff](?=[伯嬸叔嫂](?:$|[反表說講的家跟和在也都又就說，,。、；;（(\s:：]))")
# Kin or school year written between a record field and the name (監護人：祖母唐陳阿招, 家戶成員：妻苗陳春梅).
_FIELD_PREFIX = re.compile(
    r"(?:祖母|祖父|外婆|外公|母親|父親|配偶|長子|次子|長女|次女|三子|三女|養子|養女|妻|夫|子|女|母|父|兄|弟|姊|姐|妹)"
    r"(?=[\u4e00-\u9fff]{2,4}(?:$|[、，,。；;（( ]))"
    r"|(?:國|高|小|大)[一二三四五六]"
)
# Titles a reply writes between the surname and the given name (溫議員玉梅, 翁里長秀蘭).
_GIVEN_AFTER_TITLE = frozenset({"議員", "里長", "委員", "立委"})
_SURNAME_ONLY_CUES = ("我叫", "我姓", "敝姓", "姓名：", "姓名:", "姓名", "本人")
# The given name stated after the surname (敝姓上官，名靜宜 / 我姓林，單名一個森字): PET-12 round 8.
_GIVEN_AFTER_SURNAME = re.compile(
    r"[，,\s]?(?:名字?(?:叫|是)?|單名(?:一個)?)(?P<given>[\u4e00-\u9fff]{1,2}?)(?=[，,。、；;\s字]|$)"
)
_ROAD_AFTER = re.compile(r"[路街](?:[一二三四五六七八九十\d]|段|巷|弄|口|\d)")


# Characters that end a given name only before a separator (蘇建和，郭福來、).
_CLOSING_GIVEN = frozenset("和來")


def _married_name(view: str, start: int, surname_len: int) -> Span | None:
    """冠夫姓: a surname, a common single surname and two given-name characters (陳黃玉枝, 林張美惠,
    佟林月娥, 湯吳佩君 — the husband's surname may be a rare one)."""
    lex = lexicon()
    q = start + surname_len
    closed = view[q + 3 : q + 4] in ("", *_ITEM_END, *"，。、")
    # the second surname a common one, or a less common one when the name is closed (通譯：陳黎秋月　…)
    if surname_len != 1 or not (
        _is_common_surname(view[q : q + 1]) or (closed and _is_common_surname(view[q : q + 1], top=150))
    ):
        return None
    if not _is_common_surname(view[start]) and not (view[start] in lex.single_surnames and closed):
        return None
    given = view[q + 1 : q + 3]
    if len(given) != 2:
        return None
    first, second = given
    if (first not in lex.given_chars and first != "阿") or first in _NOT_IN_NAME:
        return None  # 陳黃玉枝, 游林阿桃
    if (second not in lex.given_chars or second in _NOT_IN_NAME) and not (closed and second in _CLOSING_GIVEN):
        return None  # 陳林福來， : a closing 來/和 only before a separator (round 9)
    if view[q : q + 2] in lex.non_name_words or view[start : start + 2] in lex.non_name_words:
        return None
    if view[start : start + 2] in _PHRASE_BEFORE:
        return None  # 謝謝雅婷小姐: 謝謝 is "thank you", not two surnames
    return Span(start, q + 3, SpanType.PERSON)


# Vietnamese women's names written in Chinese characters: surname + 氏 + one or two given characters.
_SHI_SURNAMES = frozenset("阮陳黎范黃潘武吳鄧裴杜胡何丁楊林")


def _new_resident_name(view: str, start: int, surname_len: int) -> Span | None:
    """阮氏紅, 陳氏玉蘭: the given part ends before a particle, a speech verb or a title."""
    q = start + surname_len
    if surname_len != 1 or view[start] not in _SHI_SURNAMES or view[q : q + 1] != "氏":
        return None
    end = q + 1
    while end < len(view) and end - q <= 2 and _is_cjk(view[end]) and view[end] not in _NOT_IN_NAME:
        if view.startswith(_FOLLOWING_WORDS + ("反映", "表示", "想"), end):
            break
        if end - q == 2 and view[end] not in lexicon().given_chars:
            break
        end += 1
    return Span(start, end, SpanType.PERSON) if end > q + 1 else None


_SIGNATURE = re.compile(r"\s?(?:敬上|謹上|敬啟|謹啟|拜上)")


def _names_before_signature(view: str) -> list[Span]:
    """A name signing a letter: …市民 林育賢 敬上 / 吳建成 敬啟 (surname + one or two given characters)."""
    lex = lexicon()
    spans: list[Span] = []
    for m in _SIGNATURE.finditer(view):
        end = m.start()
        for length in (4, 3, 2):
            start = end - length
            if start < 0:
                continue
            surname_len = _surname_at(view, start)
            given = view[start + surname_len : end]
            if not surname_len or not 1 <= len(given) <= 2:
                continue
            if any(ch not in lex.given_chars for ch in given):
                continue
            if start > 0 and _is_cjk(view[start - 1]) and view[start - 1] not in _FUNCTION_BEFORE:
                continue
            spans.append(Span(start, end, SpanType.PERSON))
            break
    return spans


def _name_before_title(
    view: str, title_start: int, strict: bool, given_required: bool = False
) -> Span | None:
    """The surname (and given name, when plausible) right before a title such as 先生 or 議員."""
    lex = lexicon()

    def plausible_given(chars: str) -> bool:
        return all(ch in lex.given_chars or ch == _MASKED for ch in chars) and not _is_common_surname(
            chars[-1]
        )

    for surname_len in (2, 1):
        for given_len in (2, 1):
            start = title_start - surname_len - given_len
            if start < 0:
                continue
            if _surname_at(view, start) != surname_len:
                continue
            given = view[start + surname_len : title_start]
            if not plausible_given(given) or view[start : start + surname_len + 1] in lex.non_name_words:
                continue
            if given_len == 2 and given in _two_char_words() and start > 0 and _is_cjk(view[start - 1]) and not (
                _after_function_word(view, start)
            ):
                continue  # 垃圾車清潔隊員: 清潔 is a word inside a longer one, not a given name
            if _MASKED in given and view[title_start - 2] in _BEFORE_OFFICIAL - {"天"} and given.endswith(_MASKED):
                continue  # 養護工程隊○股長 (masked already): 隊 ends the unit, ○ is the surname
            if view[start : start + 2] in _PHRASE_BEFORE:  # 謝謝甘隊長: 謝謝 is a word, 甘 the surname
                continue
            if surname_len == 1 and view[start - 1 : start + 1] in _PHRASE_BEFORE:
                if given_len == 2:  # 謝謝雅婷小姐, 感謝淑芬阿姨: 謝 ends the phrase, the given name is the name
                    return Span(start + 1, title_start, SpanType.PERSON)
                continue
            if given_len == 2 and view[start - 1 : start + 1] in _two_char_words() and (
                _japanese_name_patterns()[0].fullmatch(given) or _MASKED in given
            ):
                continue  # 感謝鈴木先生 (and 感謝○○先生 once masked): 謝 ends 感謝, 鈴木 is a Japanese surname
            if given_len == 1 and surname_len == 1 and start > 0 and _is_cjk(view[start - 1]):
                if not _after_function_word(view, start):
                    continue  # "…X李明先生": too uncertain which characters form the name
            if surname_len == 1 and given_len == 2 and start > 0:
                married = _married_name(view, start - 1, 1)  # 陳林素珠阿嬤: 冠夫姓 before a title
                if married and married.end == title_start and _at_clause_start(view, start - 1):
                    return married
            return Span(start, title_start, SpanType.PERSON)
    if given_required:
        return None
    for surname_len in (2, 1):
        start = title_start - surname_len
        if start < 0:
            continue
        before = view[start - 1] if start > 0 else ""
        if _surname_at(view, start) != surname_len and not (
            surname_len == 1
            and view[start] in WORD_SURNAMES
            and view[start] not in _NO_TITLE_WORD_SURNAMES
            and (
                not before
                or not _is_cjk(before)
                or before in _BEFORE_WORD_SURNAME_TITLE
                or before in _BEFORE_OFFICIAL
                or _after_function_word(view, start)
            )
            and view[start - 1 : start + 1] not in _two_char_words()
        ):
            continue
        if view[start - 1 : start + 1] in _NOT_BEFORE_TITLE:
            return None
        village_chief = before == "里" and view.startswith("里長", title_start)
        # A word ends right before the surname (交通警察徐警員, 請轉交諶議員) or a district does (內湖區湯里長).
        after_word = view[start - 2 : start] in _two_char_words() or before == "區"
        if (
            strict
            and before
            and _is_cjk(before)
            and not _after_function_word(view, start)
            and not village_chief
            and before not in _BEFORE_OFFICIAL
            and not after_word
        ):
            return None
        if before == _MASKED:
            return None
        if surname_len == 1 and strict and view[start] in _FUNCTION_SURNAMES:
            return None  # 經社工訪視: 經 is "after", not a surname
        if surname_len == 1 and before and view[start - 1 : start + 1] in _two_char_words():
            return None  # 不是照顧阿公: 顧 ends 照顧
        if (
            surname_len == 1
            and view.startswith(_ELDER_TITLES, title_start)
            and _plain_given_name(view, start - 1)
            and (start == 1 or view[start - 2] in _FUNCTION_BEFORE or view[start - 2] in "她他")
        ):
            return Span(start - 1, title_start, SpanType.PERSON)  # 都叫她玉梅阿嬤: 玉梅 is the name, not 梅
        return Span(start, title_start, SpanType.PERSON)
    return None


_ELDER_TITLES = ("阿嬤", "阿公", "阿姨", "阿伯", "伯伯", "叔叔", "奶奶", "爺爺", "婆婆", "阿婆")
_SCHOOL_LEVELS = frozenset({"國小", "國中", "高中", "高職", "小學", "中學", "大學", "幼園", "安親"})
# Surnames that are far more often a preposition or conjunction right before a role (經社工訪視, 向里長反映).
_FUNCTION_SURNAMES = frozenset("經向由從於和及與為將把被對在")


_MARK_RUN = re.compile(r"[○OＯXＸ＊*]+")


def _pre_masked_names(view: str) -> list[Span]:
    """Names a writer already half-masked (王○明, 王○○, 陳OO, 林小○): the rest is masked too."""
    spans: list[Span] = []
    marks = set(_PRE_MASKED_MARK)
    for run in _MARK_RUN.finditer(view):
        start, end = run.start(), run.end()
        if end - start > 2:
            continue
        for surname_len in (2, 1):
            s = start - surname_len
            if s < 0 or _surname_at(view, s) != surname_len or (s > 0 and view[s - 1] in marks):
                continue
            if view[max(0, s - 1) : s + 1] in _PHRASE_BEFORE:  # 有關○議員: 關 ends 有關, it is no surname
                continue
            if surname_len == 1 and not _is_common_surname(view[s], top=150):
                continue
            stop = end
            if (
                stop < len(view)
                and end - start == 1
                and _is_cjk(view[stop])
                and view[stop] not in _NOT_IN_NAME
                and not view.startswith(_TITLE_WORDS, stop)
            ):
                stop += 1
            spans.append(Span(s, stop, SpanType.PERSON))
            break
        else:
            s = start - 2
            if (
                end - start == 1
                and s >= 0
                and _surname_at(view, s) == 1
                and _is_cjk(view[s + 1])
                and view[s + 1] not in _BEFORE_OFFICIAL - {"天"}  # 養護工程隊○股長: 隊 ends the unit
                and view[s + 1] not in _NOT_IN_NAME  # 三張及○先生: 及 is no given-name character
                and view[s : s + 2] not in _PHRASE_BEFORE  # 謝謝○隊長: 謝謝 is a word
            ):
                if _is_common_surname(view[s], top=150) and not (s > 0 and view[s - 1] in marks):
                    spans.append(Span(s, end, SpanType.PERSON))
    return spans


_EN_TOKEN_RE = re.compile(_EN_TOKEN)
_EN_AFTER_CUE = re.compile(rf"{_EN_TOKEN}(?:\s{_EN_TOKEN}){{1,2}}")


_EN_TRIGGER = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Madam|Mdm|Sgt|Sergeant|Capt|Captain|Constable|"
    r"[Mm]y name|[Nn]ame|[Hh]andle[rd]|[Cc]ontact|[Pp]etitioner|"
    r"[Aa]pplicant|[Cc]ase officer|[Oo]fficer|[Cc]omplainant|[Rr]eporter|[Ss]incerely|[Rr]egards|"
    r"[Yy]ours|I am|Thanks|Thank you|Cheers|Best wishes|From|"
    r"I'm|[Tt]his is|[Ii]t is|[Ii]t's|[Nn]amed|[Cc]alled|[Mm]y|I(?=,)|[Cc]all me|[Hh]is name|[Hh]er name|"
    r"[Ii]nterpreter|[Tt]ranslator|[Aa]gent|[Cc]aller|[Oo]perator|[Ii]nspector|[Ii]nterviewer|[Cc]ase ?worker|"
    r"[Ss]ocial worker|[Vv]olunteer|[Cc]lerk|[Vv]ictim|[Cc]lient|[Pp]atient|[Ss]tudent|[Tt]enant|[Ll]andlord|"
    r"[Ee]mployer|[Ww]orker|[Cc]aregiver|[Pp]arties)\b"
)
_EN_HYPHENATED = re.compile(r"[a-z]-[A-Za-z]|[A-Z]-[A-Z]")
# PET-12 round 3: an English given name before a common romanised Taiwanese surname (David Chen, Amy
# Lin) is a name with no cue around it. Capitalised words that are not given names (Yesterday, Please,
# days and months) and names of places (… Road, … Station) are left alone.
_EN_GIVEN_SURNAME = re.compile(
    rf"(?<![\w'’-])(?P<given>[A-Z][a-z]{{2,}})\s(?:{word_alternation(_ROMANISED_SURNAMES.split('|'))})\b"
    r"(?![-'’])(?!\s(?:Road|Rd|Street|St|Avenue|Ave|Lane|Alley|District|Station|Park|Bridge|Market|Temple|Hospital|"
    r"School|University|Line|Village|Building|Tower|Hall|River|Mountain|Night|Shopping|Sports|Metro))"
)
_EN_NOT_GIVEN = frozenset(
    """Yesterday Today Tomorrow Tonight Please Hello Dear According Since Before After When While Because
    Also And But Then There Here Last Next This That These Those Every Each Our Your Their His Her My
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Taipei Taiwan New North South East West Old Great Little
    Zhongxiao Xinyi Zhongshan Songshan Neihu Nangang Beitou Shilin Wanhua Datong Daan Wenshan Tamsui
    Keelung Ximen Banqiao Sanchong Xindian Yonghe Zhonghe Tucheng Xizhi Linkou Hong Kong Via Near Road
    Street Station District Park Contact Officer Handler Petitioner Applicant Reporter Complainant Attn
    Signed Name Mayor Councillor Director Chief Chairman Professor Doctor Teacher Citizen Resident
    Inspector Sergeant Sgt Captain Capt Constable Commissioner Secretary Superintendent Warden Judge Nurse""".split()
)


_EN_RANKS = frozenset("Sgt Sergeant Capt Captain Constable Inspector Officer Lt Lieutenant Cpl".split())
_CAPITALISED_WORD = re.compile(r"[A-Z][a-z]|[A-Z]-[A-Z]")  # WANG, HSIAO-MEI too


def _english_names(view: str) -> list[Span]:
    spans: list[Span] = []
    if not _CAPITALISED_WORD.search(view):
        return spans  # every English-name pattern needs a capitalised word (most Chinese petitions have none)
    # Every English pattern starts at a trigger word: try them only there (a scan of the whole text per
    # pattern cost a fifth of the engine's time on mixed Chinese/English documents).
    triggers = [t.start() for t in _EN_TRIGGER.finditer(view)]
    for pattern in (_EN_TITLE, _EN_CUE, _EN_I_AM) if triggers else ():
        for m in filter(None, (pattern.match(view, position) for position in triggers)):
            kept: list[re.Match[str]] = []
            for token in _EN_TOKEN_RE.finditer(view, m.start("name"), m.end("name")):
                if not kept and token.group() in _EN_RANKS:
                    continue  # Officer: Sgt. Hsu — the rank is no part of the name
                if token.group() in _EN_NOT_NAMES or token.group().capitalize() in _EN_NOT_NAMES:
                    break
                if kept and view.startswith(":", token.end()):
                    break  # Caller: Rachel Kim　Callback: … — the next field's label
                kept.append(token)
            if not kept or (
                pattern is _EN_I_AM
                and len(kept) < 2
                and not (
                    _EN_ONE_NAME_AFTER.match(m.group())
                    and kept[0].group() in _latin_given_names()
                    and kept[0].group() not in _EN_NOT_GIVEN
                )
            ):
                continue
            spans.append(Span(kept[0].start(), kept[-1].end(), SpanType.PERSON))
    for m in _EN_GIVEN_SURNAME.finditer(view):
        if m.group("given") not in _EN_NOT_GIVEN and m.group("given") not in _EN_NOT_NAMES:
            spans.append(Span(m.start(), m.end(), SpanType.PERSON))
    if _EN_HYPHENATED.search(view):
        for m in _EN_ROMANISED.finditer(view):
            spans.append(Span(m.start(), m.end(), SpanType.PERSON))
    for m in _EN_HERE.finditer(view):
        if _plain_english_name(m.group("name")):
            spans.append(Span(m.start("name"), m.end("name"), SpanType.PERSON))
    for m in _EN_SIGNATURE.finditer(view):
        if _plain_english_name(m.group("name")):
            spans.append(Span(m.start("name"), m.end("name"), SpanType.PERSON))
    for m in _EN_OFFICIAL.finditer(view):
        if _plain_english_name(m.group("name")):
            spans.append(Span(m.start("name"), m.end("name"), SpanType.PERSON))
    spans.extend(_latin_full_names(view))
    spans.extend(_english_list_continuations(view, spans))
    for m in _LATIN_DOTTED.finditer(view) if "‧" in view or "·" in view or "・" in view else ():
        spans.append(Span(m.start(), m.end(), SpanType.PERSON))
    if any(_is_cjk(ch) for ch in view[:200]):
        spans.extend(_latin_names_in_chinese(view))
    return spans


# PET-12 round 5 ------------------------------------------------------------------------------------
_EN_WORD = rf"(?:[{_UP}]['’])?[{_UP}][{_LO}]+(?:['’-][A-Za-z{_LO}][{_LO}]+)?"
# "Yuki Tanaka here, …" opening a message; "… every Friday. James O'Connor, 0978-…" signing it.
_EN_HERE = re.compile(rf"(?:^|(?<=[\n.!?]\s))(?P<name>{_EN_WORD}(?:\s{_EN_WORD}){{1,2}})\shere\b")
_EN_SIGNATURE = re.compile(
    rf"(?:(?<=[.!?])\s+|\n\s*|^)(?:-\s?)?(?P<name>{_EN_WORD}(?:\s{_EN_WORD}){{1,2}})"
    r"\s*(?=$|\n|,\s?(?:\+?\d|\(0|Tel|Phone|Mobile|ARC|ID|email|e-mail|[A-Za-z0-9._%+-]+@))"
)
# Romanised aboriginal names joined by the name dot: Walis‧Nokan, Kumu‧Tapal.
_LATIN_DOTTED = re.compile(rf"(?<![A-Za-z])[{_UP}][{_LO}]+(?:\s?[‧·・]\s?[{_UP}][{_LO}]+)+(?![A-Za-z])")
# Capitalised words written inside Chinese text (外籍配偶Nguyen Thi Hoa（…, 阿美族的Panay Kacaw，…).
_LATIN_IN_CJK = re.compile(rf"(?<![A-Za-z0-9.\s])(?P<name>{_EN_WORD}(?:\s{_EN_WORD}){{0,3}})(?![A-Za-z0-9])")
_EN_NOT_IN_NAME = frozenset(
    """Uber Eats Google Maps Line Pay Apple Family Mart Seven Eleven Costco Carrefour Ikea Youbike YouBike Metro Bus
    Taxi Road Rd Street St Avenue Ave Lane Ln Alley Aly District Dist City Park Mall Center Centre Hospital Clinic
    School University College Market Night Hotel Hostel Cafe Coffee Starbucks Pizza Hut Burger King Foodpanda Panda
    Netflix Facebook Instagram Email Gmail Yahoo Hotmail Outlook Microsoft Windows Office Word Excel Chrome Safari
    Android Samsung Galaxy Pro Max Plus Mini Wifi Free Hello Kitty Disney Toyota Honda Yamaha Gogoro Tesla
    Mercedes Benz Nissan Ford Mazda Kymco Sym Suzuki Vespa Arena Dome Zoo Museum Library Temple Station Airport
    Bank Post Group Company Corp Inc Ltd Co Building Tower Plaza Square Garden Village Island Mountain
    River Bridge Port Harbor Harbour Airlines Air Express Mobile Telecom Chunghwa Taiwan Taipei Kaohsiung Taichung
    Tainan Taoyuan Hsinchu Keelung Yilan Hualien Taitung Pingtung Chiayi Changhua Nantou Yunlin Miaoli Penghu
    Kinmen Matsu Ximending Ximen Daan Zhongshan Songshan Xinyi Neihu Nangang Beitou Shilin Wanhua Datong Wenshan
    Zhongzheng Tamsui Danshui Yangmingshan Jiantan Gongguan Dongmen Taipower Easycard EasyCard Ubike Covid Omicron
    English Chinese Mandarin Taiwanese Japanese Korean Vietnamese Thai Indonesian Filipino Malay American British
    Canadian French German Spanish Indian Australian Excuse Sorry Please Thanks Thank Hi Dear Yes No Ok Okay
    App Web Website Online Offline Message Messenger Telegram Whatsapp WhatsApp Wechat WeChat Zoom Teams
    Note Notes Form Forms Pdf Ppt Case Report Service Services Department Dept Bureau Government Gov
    Mayor Council Police Fire Health Social Welfare Labor Labour Affairs Environmental Protection Transportation
    Education Culture Sports Civil Urban Development Public Works Finance Tax Water Power Electric Gas Sewer""".split()
)
_EN_STOP_WORDS = _EN_NOT_NAMES | _EN_NOT_GIVEN | _EN_NOT_IN_NAME


# "Dear Mayor Chiang", "Councillor Lin": an official's title before a surname.
_EN_OFFICIAL = re.compile(
    rf"\b(?:Mayor|Deputy Mayor|Councillor|Councilor|Director|Commissioner|Chief|Officer|Inspector|Secretary|"
    rf"Chairman|Chairwoman|Minister|Legislator|Borough Chief|Warden)\s(?P<name>{_EN_WORD}(?:\s{_EN_WORD})?)"
)
_EN_LIST_NEXT = re.compile(rf",?\s(?:and\s)?(?P<name>{_EN_WORD}{_EN_PARTICLE}\s{_EN_WORD}(?:\s{_EN_WORD})?)")
_EN_LIST_NEXT_GIVEN = re.compile(rf",?\s(?:and|&)?\s?(?P<name>{_EN_WORD})(?![\w'’-])")


def _english_list_continuations(view: str, spans: list[Span]) -> list[Span]:
    """Emily Carter, Rajesh Iyer, Felipe Moreno and … / Rowena Santos and Mark Anthony Villanueva; after a given
    name alone, a known given name alone (my coworkers Maricel and Jenny)."""
    found: list[Span] = []
    for span in spans:
        end = span.end
        while (m := _EN_LIST_NEXT.match(view, end)) and _plain_english_name(m.group("name")):
            found.append(Span(m.start("name"), m.end("name"), SpanType.PERSON))
            end = m.end()
        if end == span.end and " " not in view[span.start : span.end]:
            while (m := _EN_LIST_NEXT_GIVEN.match(view, end)) and m.group("name") in _latin_given_names():
                found.append(Span(m.start("name"), m.end("name"), SpanType.PERSON))
                end = m.end()
    return found


# PET-12 round 6: a full name in Latin script with no cue — a known given name and one to three more capitalised
# words (Emily Carter, Siti Aminah, Mark Anthony Villanueva), a Vietnamese name by its surname and middle name
# (Trần Thị Hoa, Nguyen Van Long) or a Japanese one surname first (Tanaka Yuki).
_LATIN_RUN = re.compile(rf"(?<![\w'’-])(?P<name>{_EN_WORD}(?:{_EN_PARTICLE}\s{_EN_WORD}){{1,3}})(?![\w'’-])")
_VIET_SURNAMES = frozenset(
    """Nguyễn Nguyen Trần Tran Lê Le Phạm Pham Hoàng Hoang Huỳnh Huynh Phan Vũ Vu Võ Vo Đặng Dang Bùi Bui Đỗ Do
    Hồ Ho Ngô Ngo Dương Duong Lý Ly Đinh Dinh Trương Truong Đào Dao Mai Lâm Lam Tô To Hà Ha Cao Châu Chau""".split()
)
_VIET_MIDDLE = frozenset(
    "Thị Thi Văn Van Đức Duc Minh Ngọc Ngoc Hữu Huu Quang Thanh Hoàng Kim Xuân Xuan Thu Bảo".split()
)
_JAPANESE_SURNAMES = frozenset(
    """Sato Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki Yamaguchi
    Matsumoto Inoue Kimura Hayashi Shimizu Saito Yamazaki Mori Ikeda Hashimoto Ishikawa Ogawa Okada Fujita""".split()
)


_EN_WORD_RE = re.compile(_EN_WORD)


@lru_cache(maxsize=1)
def _latin_given_names() -> frozenset[str]:
    return frozenset(_words("latin_given_names.txt"))


def _latin_full_names(view: str) -> list[Span]:
    given = _latin_given_names()
    spans: list[Span] = []
    for m in _LATIN_RUN.finditer(view):
        segment: list[re.Match[str]] = []
        # the run split at stop words: "Yesterday Trần Văn Minh", "Thank You Jennifer Walsh"
        for token in [*_EN_WORD_RE.finditer(view, m.start("name"), m.end("name")), None]:
            if token is not None and not (
                token.group() in _EN_STOP_WORDS
                or token.group().capitalize() in _EN_STOP_WORDS
                or view.startswith(":", token.end())  # a field label: Caller: Rachel Kim　Callback: …
            ):
                segment.append(token)
                continue
            if len(segment) >= 2:
                words = [t.group() for t in segment]
                first, second = words[0], words[1]
                if (
                    first in given
                    or (first in _VIET_SURNAMES and second in _VIET_MIDDLE and len(words) >= 3)
                    or (first in _JAPANESE_SURNAMES and second in given)
                ):
                    spans.append(Span(segment[0].start(), segment[-1].end(), SpanType.PERSON))
            segment = []
    return spans


def _plain_english_name(name: str) -> bool:
    """Two or three capitalised words none of which is a place, brand, institution or sentence word."""
    return not any(word in _EN_STOP_WORDS for word in name.split())


def _latin_names_in_chinese(view: str) -> list[Span]:
    """Capitalised Latin words inside Chinese text are a person's name when they look like one: two or more
    words that are no place, brand or institution (外籍配偶Nguyen Thi Hoa), or one word right after a word
    for a person (女朋友Linh的手機)."""
    spans: list[Span] = []
    for m in _LATIN_IN_CJK.finditer(view):
        start, end = m.start("name"), m.end("name")
        before = view[start - 1] if start > 0 else ""
        after = view[end] if end < len(view) else ""
        if before and not (_is_cjk(before) or before in _CJK_PUNCT or before in "([:" or (
            before == " " and view[start - 2 : start - 1] == ":"
        )):
            continue
        if after and not (_is_cjk(after) or after in _CJK_PUNCT or after in ",.;:!?)]([" or (
            after == " " and _is_cjk(view[end + 1 : end + 2] or "a")
        )):
            continue
        if not any(_is_cjk(ch) for ch in view[max(0, start - 2) : start] + view[end : end + 2]):
            continue
        if not _plain_english_name(m.group("name")):
            continue
        if " " in m.group("name"):
            spans.append(Span(start, end, SpanType.PERSON))
            continue
        cued = any(_CUE_BEFORE_LATIN.fullmatch(view, i, start) for i in range(max(0, start - 7), start))
        known = m.group("name") in _latin_given_names() and (before in "的籍族是叫" or after in "是有說的手，,")
        if len(m.group("name")) >= 3 and (cued or known or view.startswith(_PERSON_AFTER_LATIN + _TITLE_WORDS, end)):
            spans.append(Span(start, end, SpanType.PERSON))  # 女朋友Linh的手機 / Kevin說… / Ricky老師
    return spans


_PERSON_AFTER_LATIN = ("說", "講", "跟我", "告訴", "打電話", "回電", "的翻譯", "的電話", "的手機", "你好", "您好")
_CJK_PUNCT = frozenset("，。、；：！？「」『』（）【】《》〈〉")
_CUE_BEFORE_LATIN = re.compile(
    rf"(?:{word_alternation(_STRONG_CUES.split('|') + _WEAK_CUES.split('|') + ['自稱', '名叫', '叫做', '話務員'])})"
    r"(?:是|叫|叫做|\s?[:：]\s?)?[「『“\"]?"
)


def find_person_names(view: str) -> list[Span]:
    spans: list[Span] = []
    for m in _CUE.finditer(view):
        weak = m.group("cue") in _WEAK_CUE_WORDS
        if m.end() == m.end("cue") and view[m.end() - 1 : m.end() + 1] in _two_char_words():
            continue  # 區長官邸, 局長期間: the cue's last character starts a word, no name follows
        span = _name_after_cue(view, m.end(), weak=weak)
        if span is None and view[m.end() - 1 : m.end()] in "：:":
            prefix = _FIELD_PREFIX.match(view, m.end())  # 監護人：祖母唐陳阿招, 學生：高二唐以恩 (round 8)
            if prefix:
                span = _name_after_cue(view, prefix.end(), weak=False)
        if span:
            spans.append(span)
        else:
            english = _EN_AFTER_CUE.match(view, m.end())
            if english and english.group().split()[0] not in _EN_NOT_NAMES:
                spans.append(Span(m.start() + len(m.group()), english.end(), SpanType.PERSON))
    for m in _SURNAME_CUE.finditer(view) if "姓" in view else ():
        surname_len = _surname_at(view, m.end())
        after = view[m.end() + surname_len : m.end() + surname_len + 1]
        if surname_len and (after in ("", "，", ",", "。", " ", "、", "的", "）", ")") or after in "先小女"):
            spans.append(Span(m.end(), m.end() + surname_len, SpanType.PERSON))
            given = _GIVEN_AFTER_SURNAME.match(view, m.end() + surname_len)
            if given and all(ch in lexicon().given_chars for ch in given.group("given")):
                spans.append(Span(given.start("given"), given.end("given"), SpanType.PERSON))  # 敝姓上官，名靜宜
    for m in _SURNAME_XING.finditer(view) if "姓" in view else ():
        surname = m.group("surname")
        if _is_common_surname(surname, top=150) or (
            (surname in lexicon().single_surnames or surname in WORD_SURNAMES)
            and (m.start() == 0 or not _is_cjk(view[m.start() - 1]) or _after_function_word(view, m.start())
                 or view[m.start() - 1] in "舉報的位名")
        ):
            spans.append(Span(m.start(), m.start() + 1, SpanType.PERSON))  # 檢舉杭姓里長, 3樓的都姓男子
    spans.extend(_families_and_old_friends(view))
    for m in _SURNAME_KIN.finditer(view):
        start = m.start()
        if _is_common_surname(view[start], top=100) and (
            start == 0 or not _is_cjk(view[start - 1]) or _after_function_word(view, start)
        ):
            spans.append(Span(start, start + 1, SpanType.PERSON))  # 白伯反映, 請轉告林嬸 (round 8)
    for m in _JUN.finditer(view):
        span = _name_before_title(view, m.start(), strict=True, given_required=True)
        if span and span.end - span.start == 2 and _surname_at(view, span.start) == 1:
            span = Span(span.start, span.end + 1, SpanType.PERSON)  # 王怡君的貓: 君 ends the given name
        start = m.start() - 1
        if (
            not span
            and start >= 0
            and _surname_at(view, start) == 1
            and _is_common_surname(view[start], top=150)
            and (
                start == 0
                or not _is_cjk(view[start - 1])
                or _after_function_word(view, start)
                or view[start - 1] == "來"  # 貴局移來顏君陳情
            )
        ):
            span = Span(start, m.start(), SpanType.PERSON)  # 經查李君所有之建物: 君 honours the surname
        if span:
            spans.append(span)
    for m in _TITLE_AFTER.finditer(view):
        span = _name_before_title(view, m.start(), strict=m.group() in _STRICT_TITLE_WORDS)
        if span and span.end - span.start == _surname_at(view, span.start) and m.group() in _GIVEN_AFTER_TITLE:
            given = view[m.end() : m.end() + 2]  # 溫議員玉梅服務處: the given name after the title
            if len(given) == 2 and all(ch in lexicon().given_chars for ch in given) and (
                view.startswith(("服務處", "質詢", "辦公室", "您好", "：", ":", "、", "，", "　", " "), m.end() + 2)
            ):
                spans.append(Span(m.end(), m.end() + 2, SpanType.PERSON))
        if span:
            spans.append(span)
    spans.extend(_pre_masked_names(view))
    spans.extend(_dotted_names(view))
    spans.extend(_japanese_and_korean_names(view))
    spans.extend(_english_names(view))
    if "、" in view:
        spans.extend(_name_lists(view))
    spans.extend(_names_before_speech(view))
    if "敬" in view or "謹" in view or "拜上" in view:
        spans.extend(_names_before_signature(view))
    for m in _NEW_RESIDENT.finditer(view) if "氏" in view else ():
        span = _new_resident_name(view, m.start(), 1)
        if span:
            spans.append(span)
    spans.extend(Span(m.start(), m.end(), SpanType.PERSON) for m in _public_figures().finditer(view))
    spans.extend(_names_after_organisation(view))
    spans.extend(_nicknames(view))
    spans.extend(_given_names_after_kin(view))
    spans.extend(_names_in_person_fields(view))
    if view.count("：") + view.count(":") >= 2:
        spans.extend(_chat_speakers(view))
    spans.extend(_list_continuations(view, spans))
    spans.extend(_list_items(view, spans))
    spans.extend(_uncued_names(view, spans))
    spans.extend(
        span
        for span in _popular_given_names(view)
        if not any(span.start < other.end and other.start < span.end for other in spans)
    )
    if "、" in view:
        spans.extend(_given_name_lists(view))
    spans.extend(_joined_given_names(view, spans))
    return _propagate(view, spans)


def _dotted_names(view: str) -> list[Span]:
    """Names joined by the name dot: aboriginal (瓦歷斯‧諾幹) and transliterated ones (喬治‧安德森); a cue, role or
    title written against the name is cut off (申請人尤瑪‧達陸, 教師喬治‧安德森先生)."""
    spans: list[Span] = []
    for m in _ABORIGINAL.finditer(view) if "‧" in view or "." in view else ():
        start, end = m.start(), m.end()
        dots = [d.start() for d in _DOT_CHARS.finditer(view, start, end)]
        dot = dots[0]
        if view[dot] == "." and (
            view[start:dot][-2:] in _two_char_words() or _ORG_WORD.search(view, dot, end)
        ):
            continue  # 公告.臺北市政府: a full stop between words, not a name dot
        for cue in _CUE.finditer(view, max(0, start - 6), dot):  # 申請人尤瑪‧達陸: the cue is no part of the name
            if start < cue.end() <= dot - 2:
                start = cue.end()
        while dot - start > 2:  # 教師喬治‧安德森, 美國籍的麥可‧歐康納: a word before the name's first part
            if view[start + 1] in "的之":
                start += 2
            elif view[start : start + 2] in _two_char_words():
                start += 2
            elif view[start] in _NOT_NAME_EDGE:
                start += 1
            else:
                break
        last_dot = dots[-1]
        for word in _FOLLOWING_WORDS + _TITLE_WORDS + ("反映", "表示", "說", "是", "不"):
            cut = view.find(word, last_dot + 3, end + len(word) - 1)  # also a title straddling the match's end
            if cut != -1:
                end = min(end, cut)
        for cut in range(last_dot + 3, end):  # 巴奈‧卡造的女兒, 馬修‧威爾森上個月: the name ends before 的, 上
            if view[cut] in _NOT_NAME_EDGE or view[cut] in _NOT_DOTTED_NAME_END:
                end = cut
                break
        spans.append(Span(start, end, SpanType.PERSON))
    return spans


_NOT_DOTTED_NAME_END = frozenset("上今昨這每曾已還又才把被向從及")


# PET-12 round 7: names of Japanese residents in kanji (佐藤美咲, 渡邊健一先生, 日籍住戶高橋) — a Japanese surname
# with a frequent Japanese given name, before a title, or after a word that says the person is Japanese; and
# Korean names in hangul (김민준) — two to four syllables that begin with a Korean surname, standing alone.
_JP_CONTEXT = re.compile(r"(?:日籍|日本籍|日本人|日本|日商|日裔)")
_JP_GIVEN_END = frozenset("子郎太介也彥彦夫雄樹美香奈菜恵惠代江枝乃穂穗紀輔平吾治斗翔")
_JP_TITLES = (
    "先生", "小姐", "女士", "太太", "さん", "様", "桑", "老師", "同學", "教授", "醫師", "社長", "部長", "課長",
)  # fmt: skip
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_HANGUL_NAME = re.compile(r"(?<![\uac00-\ud7a3])[\uac00-\ud7a3]{2,4}(?![\uac00-\ud7a3])")
_HANGUL_SURNAMES = frozenset(
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여"
    "추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예봉경"
)


@lru_cache(maxsize=1)
def _japanese_name_patterns() -> tuple[re.Pattern[str], frozenset[str], frozenset[str]]:
    surnames = _words("japanese_surnames.txt")
    given = frozenset(_words("japanese_given_names.txt"))
    word_like = frozenset(s for s in surnames if s in _two_char_words() or s in lexicon().non_name_words)
    return re.compile(word_alternation(surnames)), given, word_like


def _japanese_and_korean_names(view: str) -> list[Span]:
    spans: list[Span] = []
    surname_start, given_names, word_like = _japanese_name_patterns()
    for m in surname_start.finditer(view):
        start, end = m.start(), m.end()
        if start > 0 and view[start - 1] in "的之地":
            continue
        context = _JP_CONTEXT.search(view, max(0, start - 8), start) is not None
        given_end = next(
            (end + n for n in (3, 2, 1) if view[end : end + n] in given_names), None
        )
        if given_end is None and (context or not view.startswith(_JP_TITLES, end)):
            n = 0  # a given name by its shape: two or three name characters, the last a Japanese ending
            while n < 3 and end + n < len(view) and (
                view[end + n] in name_like_chars() or view[end + n] in _JP_GIVEN_END
            ):
                n += 1
            while n >= 2 and view[end + n - 1] not in _JP_GIVEN_END:
                n -= 1
            if n >= 2 or (context and n >= 1):
                given_end = end + n
        after = given_end if given_end is not None else end
        follows = view[after : after + 1]
        bounded = not follows or not _is_cjk(follows) or view.startswith(_FOLLOWING_WORDS + _TITLE_WORDS, after) or (
            follows in _AFTER_GIVEN_NAME
        )
        if given_end is not None and bounded and (view[start:end] not in word_like or context or given_end - end >= 2):
            spans.append(Span(start, given_end, SpanType.PERSON))
        elif given_end is None and view[start:end] not in word_like and (view.startswith(_JP_TITLES, end) or (
            context and bounded
        )):
            spans.append(Span(start, end, SpanType.PERSON))  # 佐藤先生, 日本籍房客高橋說
    for m in _HANGUL_NAME.finditer(view) if _HANGUL.search(view) else ():
        # in Korean prose (a hangul word on either side) only a run before 씨/님 is taken for a name
        before, after = view[: m.start()].rstrip()[-1:], view[m.end() :].lstrip()[:1]
        if m.group()[0] in _HANGUL_SURNAMES and (
            re.match(r"\s?[씨님]", view[m.end() : m.end() + 2]) or not _HANGUL.search(before + after)
        ):
            spans.append(Span(m.start(), m.end(), SpanType.PERSON))
    for m in _HANGUL_SELF_INTRODUCTION.finditer(view) if "는" in view or "은" in view else ():
        spans.append(Span(m.start("name"), m.end("name"), SpanType.PERSON))  # 저는 김민준입니다
    for m in _ROLE_BEFORE_FOREIGN_NAME.finditer(view):
        run = m.end()
        while run < len(view) and view[run] in _TRANSLITERATION_CHARS and run - m.end() < 4:
            run += 1
        after = view[run : run + 1]
        if run - m.end() >= 2 and (
            not after or not _is_cjk(after) or after in _AFTER_GIVEN_NAME or after in _AFTER_KIN_NAME
        ):
            spans.append(Span(m.end(), run, SpanType.PERSON))  # 印尼看護努莉雅每週日…
    return spans


_HANGUL_SELF_INTRODUCTION = re.compile(
    r"(?:저는|제 이름은|이름은)\s?(?P<name>[\uac00-\ud7a3]{2,4}?)(?:입니다|이에요|예요|이고|라고|이며)"
)
# PET-12 round 7: a migrant worker's or foreign resident's name in Chinese transliteration after their role
# (看護努莉雅, 越南籍移工阮文雄 is read as a Vietnamese name elsewhere). The characters are those transliterations use.
_ROLE_BEFORE_FOREIGN_NAME = re.compile(r"(?:看護|移工|外勞|幫傭|印傭|菲傭|外傭|外籍配偶|新住民|[尼南賓泰國]籍)")
_TRANSLITERATION_CHARS = frozenset(
    "阿艾安奧伊亞雅瑪莉麗娜妮蒂塔莎沙絲斯拉娃芭巴露琳珊黛茜達迪特克爾德維威廉約翰喬治羅伯傑森蓮納諾卡蘇菲利"
    "普保彼得湯姆麥凱文尼丹恩佩里歐莫哈穆罕默瓦努茵慕儂賽珀萊蕾蒙尤薇婭薩潔絲琪蒂娣妲芮芙菈璐黎"
)


# PET-12 round 7: an extension written alone right after a person's name (承辦人王小明（分機1234）, 林股長 #6612,
# 請洽陳股長，分機：5521) is that person's own line; the switchboard it hangs off is the agency's. A unit's extension
# (學務處生輔組 分機301) and 1999分機1743 have no name before them.
_EXTENSION_AFTER_NAME = re.compile(
    rf"(?:{word_alternation(_TITLE_WORDS)})?的?[\s　，,、：:（(]{{0,3}}(?:(?:聯絡|連絡|辦公)?電話|TEL|Tel|tel|Phone)?"
    r"[\s　：:]{0,2}(?:分機|內線|[#＃]|ext\.?|Ext\.?|x)[\s　：:.]{0,2}(?P<digits>\d{2,6})(?![\d\-])"
)
# A second extension after a person's line (2720-8889 #2561、#2563; 電話：02-2723-5837　內線：3401), and one the
# writer gives as their own (有問題請打我分機6733, Contact me at ext. 6215).
_EXTENSION_AFTER_PHONE = re.compile(
    r"[\s　，,、；;/]{0,3}(?:分機|內線|[#＃]|ext\.?|Ext\.?)[\s　：:.]{0,2}(?P<digits>\d{2,6})(?![\d\-])"
)
_OWN_EXTENSION = re.compile(
    r"(?:打我|找我|我的|me at|my)\s?(?:分機|內線|ext\.?|extension)\s?[:：]?\s?(?P<digits>\d{2,6})(?![\d\-])"
)


def extensions_after_names(view: str, spans: list[Span]) -> list[Span]:
    """PHONE spans for bare extensions that follow a PERSON span (title and punctuation between them allowed)
    or a personal PHONE span, or that the writer gives as their own."""
    found: list[Span] = []
    for span in spans:
        pattern = {
            SpanType.PERSON: _EXTENSION_AFTER_NAME,
            SpanType.PHONE: _EXTENSION_AFTER_PHONE,
            SpanType.EMAIL: _EXTENSION_AFTER_PHONE,
        }.get(span.type)
        m = pattern.match(view, span.end) if pattern else None
        if m:
            found.append(Span(m.start("digits"), m.end("digits"), SpanType.PHONE))
    if "我" in view or "m" in view:
        found.extend(Span(m.start("digits"), m.end("digits"), SpanType.PHONE) for m in _OWN_EXTENSION.finditer(view))
    return found


# PET-12 round 7: a record field that names a person, filled with a given name or a nickname (話務員：羽彤,
# 記錄：小貞, 被害人：小安（化名）, 個案：老鄭, 外展社工：阿凱); full names after such fields are the cue rules'.
_PERSON_FIELD = re.compile(
    r"(?:話務員|話務人員|接線生|接線員|記錄|紀錄人|記錄人|訪員|訪視員|被害人|案主|個案|社工|通譯|志工|報名者|求職者|"
    r"來電者|來電人|當事人|照顧者|受訪者|聯絡人|承辦人|督導|值班人員|處理人|通報人|陳情人|個管員|監護人|看護|居服員|"
    r"被申訴人|申訴人|學生|幼兒|孩童|兒童|少年|病患|個案姓名|姓名)[：:] ?"
)
_FIELD_NAME_END = frozenset("（(，,、。；; \n")


def _names_in_person_fields(view: str) -> list[Span]:
    spans: list[Span] = []
    for m in _PERSON_FIELD.finditer(view) if "：" in view or ":" in view else ():
        start = m.end()
        candidate = view[start : start + 2]
        after = view[start + 2 : start + 3]
        if len(candidate) < 2 or (after and after not in _FIELD_NAME_END):
            continue
        nickname = candidate[0] in "小阿老" and (candidate[1] in name_like_chars() or _surname_at(view, start + 1) == 1)
        if (nickname and candidate not in _two_char_words() and candidate[1] not in _NOT_NICKNAME) or (
            _plain_given_name(view, start)
        ):
            spans.append(Span(start, start + 2, SpanType.PERSON))
    return spans


# PET-12 round 8: a chat transcript (LINE group, 對話紀錄): speakers by given name or nickname before "：".
_CHAT_SPEAKER = re.compile(r"(?:^|(?<=[\s」】］\]／/｜|]))(?P<name>[\u4e00-\u9fff]{2})[:：](?![\d\s]*\d)")


def _chat_speakers(view: str) -> list[Span]:
    """Speakers of two or more lines of a chat, each a plain given name or 阿/小 + a name character."""
    found: list[Span] = []
    surname_led: list[Span] = []
    for m in _CHAT_SPEAKER.finditer(view):
        start = m.start("name")
        name = m.group("name")
        nickname = name[0] in "阿小" and name[1] in name_like_chars() and name[1] not in _NOT_NICKNAME
        if _plain_given_name(view, start) or nickname:
            found.append(Span(start, m.end("name"), SpanType.PERSON))
        elif (  # 宗霖： beside 佩珊：, a two-character name led by a surname character (round 9)
            all(ch in lexicon().given_chars for ch in name)
            and name not in _two_char_words()
            and name not in lexicon().non_name_words
        ):
            surname_led.append(Span(start, m.end("name"), SpanType.PERSON))
    if surname_led and found:
        found += surname_led
    return found if len({view[s.start : s.end] for s in found}) >= 2 else []


@lru_cache(maxsize=1)
def _popular_given() -> re.Pattern[str]:
    return re.compile(word_alternation(_words("popular_given_names.txt")))


# Words for meeting or telling someone, after which a given name alone is a person (跟怡君講電話).
_BEFORE_GIVEN_ALONE = set("跟和與叫找問給幫陪等讓被")


def _popular_given_names(view: str) -> list[Span]:
    """A surname + a popular given name is a full name without any cue (巫宜蓁, 曾子軒, 歐陽志明); the
    given name alone is one after 跟/和/找… (跟怡君講電話). Not when the name runs into a word (陳家豪宅)."""
    spans: list[Span] = []
    for m in _popular_given().finditer(view):
        start, end = m.start(), m.end()
        after = view[end : end + 1]
        if after and view[end - 1 : end + 1] in _two_char_words():
            continue
        if after and _is_cjk(after) and after in lexicon().given_chars and not view.startswith(_TITLE_WORDS, end):
            if not view.startswith(_FOLLOWING_WORDS, end) and after not in _AFTER_GIVEN_NAME:
                continue  # 志明德…: a third given character, or a longer word
        for surname_len in (2, 1):
            s = start - surname_len
            if surname_len == 2 and s > 0 and view[s - 1 : s + 1] in _two_char_words():
                continue  # 我老公孫冠宇: 老公 + 孫冠宇, not 公孫
            if s >= 0 and _surname_at(view, s) == surname_len:
                if view[s : start + 1] in lexicon().non_name_words or view[s] in WORD_SURNAMES:
                    break  # 大同區建成里: 區 is the district's, not a surname
                if surname_len == 1 and s > 0 and _is_common_surname(view[s - 1]) and _at_clause_start(view, s - 1):
                    s -= 1  # 張王美玲: 冠夫姓
                spans.append(Span(s, end, SpanType.PERSON))
                break
        else:
            before = view[start - 1] if start > 0 else ""
            addressed = view.startswith(_TITLE_WORDS + ("哥", "姐", "姊", "你好", "您好"), end)
            if (before in _BEFORE_GIVEN_ALONE or not before or not _is_cjk(before)) and (
                not after or not _is_cjk(after) or after in _AFTER_GIVEN_NAME or addressed
            ):
                if before in _BEFORE_GIVEN_ALONE or addressed or after in "說跟和":
                    spans.append(Span(start, end, SpanType.PERSON))  # 跟怡君講 / 雅婷你好 / 志偉哥說
    return spans


# Nicknames of neighbours and vendors: 阿 or 小 + one given-name character (阿雄伯, 阿珠姨, 小美說): PET-12 round 5.
_NICKNAME = re.compile(
    r"[阿小](?P<given>[\u4e00-\u9fff])(?=[伯姨嬤公哥姐姊叔嫂婆仔說跟和的也都又在是人講，,、。！!？?\s：:]|$)"
)
_NOT_NICKNAME = frozenset("姨伯公嬤婆兵拉里彌根富斗飄北共嫂哥姐姊叔弟妹孩時心學吃七黃姐兒組說美")  # 阿美: the Amis
_KIN_BEFORE_GIVEN = (
    "女兒", "兒子", "孫子", "孫女", "小孩", "孩子", "外孫", "外孫女", "姪子", "姪女", "外甥", "同學", "我兒", "我女",
    # PET-12 round 6: people named by their given name or nickname after their role (清潔隊員阿忠, 老師小雯,
    # 狗主人阿峰, 看護阿蒂, 小孩叫欣欣)
    "隊員", "老師", "志工", "店員", "主人", "鄰居", "看護", "室友", "朋友", "學生", "員工", "司機", "保母", "保姆",
    "管理員", "叫做", "名叫", "小孩叫", "孩子叫", "名字叫", "助理", "同事",
    # PET-12 round 7: parents, spouses and siblings named by their given name (我媽淑芬, 我先生志明)
    "我媽", "我爸", "媽媽", "爸爸", "我太太", "我先生", "老婆", "老公", "弟弟", "妹妹", "哥哥", "姊姊", "姐姐",
    # PET-12 round 9: more roles and kin before a given name or nickname (老闆阿標, 我哥阿傑, 里長阿坤, 叫我阿偉)
    "老闆", "老闆娘", "我哥", "我姐", "我姊", "我弟", "我妹", "阿公", "阿嬤", "里長", "專員", "師傅", "房東", "房客",
    "移工", "病人", "個案", "案主", "寶寶", "叫我", "我是", "導師", "班導", "教練",
)  # fmt: skip
# PET-12 round 6: a given name before a word of address (子瑜老師, 翠花阿姨, 宥辰同學, 冠宇哥哥).
_ADDRESS_AFTER_GIVEN = (
    "老師", "同學", "阿姨", "姐姐", "姊姊", "哥哥", "阿嬤", "阿公", "伯伯", "叔叔", "媽媽", "爸爸",
    # PET-12 round 8: 淑芬姐, 德明哥, 秀珠姨, 和平伯, 麗娟小姐, 志明社工, 志偉警員
    "小姐", "社工", "警員", "專員", "督導", "護理師", "醫師", "姐", "姊", "哥", "姨", "伯", "叔", "嫂",
)  # fmt: skip
_ONE_CHAR_ADDRESS_END = frozenset("，,。、：:！!？?說的跟和也都在有就又還是要會來去幫打講叫")
_KIN_SUFFIX = frozenset("伯姨嬤公哥姐姊叔嫂婆")
# Every occurrence, overlapping ones too (我兒 and 兒子 in 我兒子冠廷), longest word first at each position.
_KIN_BEFORE_GIVEN_RE = re.compile(f"(?=({word_alternation(_KIN_BEFORE_GIVEN)}))")
_ADDRESS_AFTER_GIVEN_RE = re.compile(word_alternation(_ADDRESS_AFTER_GIVEN))


def _nicknames(view: str) -> list[Span]:
    spans: list[Span] = []
    lex = lexicon()
    for m in _NICKNAME.finditer(view) if "阿" in view or "小" in view else ():
        given = m.group("given")
        if given in _NOT_NICKNAME or given not in lex.given_chars:
            continue
        if view[m.start() : m.end()] in _two_char_words() or view[m.start() : m.end()] in lex.non_name_words:
            continue
        start = m.start()
        before = view[start - 1] if start > 0 else ""
        kin_after = view[m.end() : m.end() + 1] in _KIN_SUFFIX and view[start] == "阿"  # 昨天阿財伯, 鄰居阿娥姨
        if before and _is_cjk(before) and before not in _FUNCTION_BEFORE and before not in "的叫個位兒子":
            if view[max(0, start - 2) : start] not in _PHRASE_BEFORE and not kin_after:
                if not view[max(0, start - 4) : start].endswith(_KIN_BEFORE_GIVEN):
                    continue
        if view[start] == "小" and view[m.end() : m.end() + 1] in ("", *"伯姨嬤公婆仔"):
            continue  # 小X伯 is rare; 小 + a character at the very end is mostly a word
        spans.append(Span(start, m.end(), SpanType.PERSON))
    return spans


def _given_names_after_kin(view: str) -> list[Span]:
    """我女兒筱涵今年…, 我兒子冠廷跟宇軒…: children are named by their given name alone; since round 6 also
    people after their role (隊員阿順, 老師小婕) and a given name before a word of address (佩君老師, 秀蘭阿姨)."""
    spans: list[Span] = []
    for m in _KIN_BEFORE_GIVEN_RE.finditer(view):
        kin = m.group(1)
        start = m.start() + len(kin)
        called = _CALLED.match(view, start)  # 我女兒叫佳佳 (round 8)
        if called and not kin.endswith(("叫", "叫做")):
            start = called.end()
        given = view[start : start + 2]
        after = view[start + 2 : start + 3]
        if given[:1] == "之":
            continue  # 病人之子: "of", a relation, not a name
        nickname = (  # 隊員阿順很有禮貌, 看護阿蒂說: 阿 + any name character after a role
            len(given) == 2
            and given[0] == "阿"
            and given[1] not in _NOT_NICKNAME
            and given[1] in name_like_chars()
            and given not in _two_char_words()
        )
        # 志工小張跟…, 助理小林說: 小 + a common surname after a role (not 小黃, a taxi): round 8
        nickname = nickname or (
            len(given) == 2
            and given[0] == "小"
            and _is_common_surname(given[1], top=60)
            and given[1] not in "黃白"
            and (not after or not _is_cjk(after) or after in _AFTER_GIVEN_NAME or after in _AFTER_KIN_NAME)
        )
        if nickname or (
            (
                _plain_given_name(view, start)
                or (_given_led_by_surname(view, start) and (not after or not _is_cjk(after)))
            )
            and (not after or not _is_cjk(after) or after in _AFTER_GIVEN_NAME or after in _AFTER_KIN_NAME)
        ):
            spans.append(Span(start, start + 2, SpanType.PERSON))
    for m in _ADDRESS_AFTER_GIVEN_RE.finditer(view, 2):
        start = m.start() - 2
        before = view[start - 1] if start > 0 else ""
        if len(m.group()) == 1 and not (m.end() == len(view) or view[m.end()] in _ONE_CHAR_ADDRESS_END):
            continue  # 姐/哥/姨 alone end the word of address only before a boundary (淑芬姐說; not 美哥華)
        if _plain_given_name(view, start) and (
            not before or not _is_cjk(before) or before in _FUNCTION_BEFORE or before in "到轉長"
        ):
            spans.append(Span(start, start + 2, SpanType.PERSON))
    # D: a given name after a verb of passing on or reaching someone (請轉告冠宇, 轉告雅婷（分機…）, 已與本局志豪聯繫)
    for m in _CONTACT_BEFORE_GIVEN.finditer(view):
        start = m.end()
        after = view[start + 2 : start + 3]
        if _plain_given_name(view, start) and (not after or not _is_cjk(after) or after in "說的聯洽，,。或和跟及代回"):
            spans.append(Span(start, start + 2, SpanType.PERSON))
    return spans


_CALLED = re.compile(r"叫做|名叫|叫")
_CONTACT_BEFORE_GIVEN = re.compile(r"轉告|轉交|告訴|通知|聯絡|聯繫|請問|本局|本處|本所|本科|本課|找")
_AFTER_KIN_NAME = frozenset("今昨很讀念唸住每現")  # 我女兒筱涵今年…, 志工小張很準時


def _given_led_by_surname(view: str, start: int) -> bool:
    """Two given-name characters at ``start`` led by a rarer surname character (柏宇, 宇彤, 家豪): a given name when
    nothing follows them (我兒子柏宇，…), for a three-character full name would go on."""
    given = view[start : start + 2]
    lex = lexicon()
    return (
        len(given) == 2
        and _surname_at(view, start) == 1
        and not _is_common_surname(given[0], top=40)
        and all(ch in lex.given_chars for ch in given)
        and given not in _two_char_words()
        and given not in lex.non_name_words
    )


def _plain_given_name(view: str, start: int) -> bool:
    """Two given-name characters at ``start`` that are no surname-led name, frequent word or known non-name."""
    given = view[start : start + 2]
    lex = lexicon()
    return (
        len(given) == 2
        and all(ch in lex.given_chars for ch in given)
        and not _surname_at(view, start)
        and given not in _two_char_words()
        and given not in lex.non_name_words
        and given not in _SCHOOL_LEVELS  # 國小老師: a school's teacher
    )


# PET-12 round 6: a household named by its surname (檀家的小孩, 我是翁家的大女兒, 帥家兄弟; not 蔡家的廟會, a clan's
# affair) and a man called 老 + surname
# (巷口修車的老王把…, 大家都叫他老郭的那位).
_FAMILY = re.compile(
    r"(?P<surname>[\u4e00-\u9fff])家(?=的?(?:兄弟|姊妹|姐妹|三兄弟|人|小孩|孩子|媳婦|女兒|兒子|大女兒|大兒子|二女兒|"
    r"老[大二三么]|阿公|阿嬤|爸爸|媽媽|狗|小狗))"
)
_NOT_FAMILY = frozenset(
    "大家 國家 人家 專家 作家 店家 商家 住家 自家 全家 回家 在家 老家 娘家 親家 管家 成家 安家 起家 當家 東家 贏家 "
    "輸家 玩家 買家 賣家 廠家 農家 儒家 道家 佛家 皇家 萬家 公家 冤家 搬家 持家 傳家 返家 離家 到家 居家 酒家 名家 "
    "行家 百家 一家 兩家 每家 各家 這家 那家 哪家 本家 此家 該家 同家 誰家 別家 整家".split()
)
_OLD_SURNAME = re.compile(
    r"老(?P<surname>[\u4e00-\u9fff])(?=[把的說跟在也都就還每又常是那他她，,。、！!？?：:；;）)\s]|$)"
)


def _families_and_old_friends(view: str) -> list[Span]:
    spans: list[Span] = []
    lex = lexicon()
    for m in _FAMILY.finditer(view) if "家" in view else ():
        start = m.start()
        before = view[start - 1] if start > 0 else ""
        if (
            m.group("surname") in lex.single_surnames
            and view[start : start + 2] not in _NOT_FAMILY
            and (not before or not _is_cjk(before) or before in _FUNCTION_BEFORE or before in "壁面上下")
        ):
            spans.append(Span(start, start + 1, SpanType.PERSON))
    for m in _OLD_SURNAME.finditer(view) if "老" in view else ():
        start = m.start()
        if (
            _is_common_surname(m.group("surname"))
            and m.group("surname") not in "公"
            and view[start - 1 : start + 1] not in _two_char_words()
        ):
            spans.append(Span(start, m.end(), SpanType.PERSON))
    return spans


_AFTER_GIVEN_NAME = set("說講跟和與也都就還在是的打要想去來有會已被把一，,。、！!？?：:")


def _uncued_names(view: str, cued: list[Span]) -> list[Span]:
    """Names without a context cue, from the statistical scorer; a cue rule's span wins where they overlap."""
    from reply.domain.masking.name_scorer import find_uncued_names  # imports this module's lexicon

    return [
        span
        for span in find_uncued_names(view)
        if not any(span.start < c.end and c.start < span.end for c in cued)
    ]


# Any Vietnamese surname + 氏 (范氏英, 黎氏草), not a clan (林氏宗祠, 陳氏家族) nor 攝氏/華氏 (PET-12 round 8).
_NEW_RESIDENT = re.compile(
    rf"(?<![攝華姓])[{''.join(sorted(_SHI_SURNAMES))}]氏(?!宗|家|族|祠|祖|兄|姐|姊|夫|子孫|後|一|之|\s|$)"
)
_SPEECH_VERB = re.compile(r"(?:表示|指出|反映|認為|提到|抱怨|強調|坦言|陳述|來電|投訴|建議)")


def _plain_three_char_name(view: str, start: int) -> bool:
    """``view[start:start+3]`` has the shape of a full name on its own: a common single surname and two
    given-name characters (王大明), and is no known word (林務局, 高雄市 fail on the given characters)."""
    lex = lexicon()
    if start < 0 or start + 3 > len(view) or not _is_common_surname(view[start], top=100):
        return False
    if view[start : start + 2] in lex.compound_surnames:
        return False
    given = view[start + 1 : start + 3]
    if any(ch not in lex.given_chars or ch in _NOT_IN_NAME for ch in given):
        return False
    return not any(w in lex.non_name_words for w in (view[start : start + 2], view[start : start + 3], given))


def _at_clause_start(view: str, start: int) -> bool:
    before = view[start - 1] if start > 0 else ""
    return not before or not _is_cjk(before) or _after_function_word(view, start)


def _names_before_speech(view: str) -> list[Span]:
    """A full name opening a clause and followed by a speech verb: 張志明表示，… / 。陳淑芬指出…"""
    spans: list[Span] = []
    for m in _SPEECH_VERB.finditer(view):
        start = m.start() - 3
        if _plain_three_char_name(view, start) and _at_clause_start(view, start):
            spans.append(Span(start, m.start(), SpanType.PERSON))
    return spans


def _name_lists(view: str) -> list[Span]:
    """Two or more full names joined by 、 (王大明、李小華): each item on its own would be too weak."""
    spans: list[Span] = []
    index = view.find("、")
    while index != -1:
        starts = [index - 3]
        cursor = index
        while view.startswith("、", cursor) and _plain_three_char_name(view, cursor + 1):
            starts.append(cursor + 1)
            cursor += 4
        after = view[cursor : cursor + 1]
        closed = (
            not after
            or not _is_cjk(after)
            or after not in lexicon().given_chars
            or after in _FUNCTION_BEFORE
            or view.startswith(_FOLLOWING_WORDS, cursor)
        )
        if len(starts) >= 2 and _plain_three_char_name(view, starts[0]) and closed:
            spans.extend(Span(s, s + 3, SpanType.PERSON) for s in starts)
        index = view.find("、", max(cursor, index + 1))
    return spans


_ORG_END = re.compile(r"(?:局|處|科|課|股|室|公所|分局|大隊|中隊|分隊|中心|委員會|議會|里)")
_ITEM_END = frozenset("、，,。；;（(：: \u3000\n")


def _name_shape(view: str, start: int, end_limit: int | None = None) -> int:
    """End of a full name (any listed surname + one or two given-name characters) starting at ``start``
    and closed by a separator, a parenthesis, the end of the text or a title; 0 if there is none."""
    lex = lexicon()
    surname_len = _surname_at(view, start)
    if not surname_len:
        return 0
    married = _married_name(view, start, surname_len)  # 林黃玉枝、郭陳碧霞
    if married and (end_limit is None or married.end <= end_limit):
        closing = view[married.end : married.end + 1]
        if not closing or closing in _ITEM_END or view.startswith(_TITLE_WORDS, married.end):
            return married.end
    q = start + surname_len
    if view.startswith(_TITLE_WORDS, q) and not (view.startswith("君", q) and view[q + 1 : q + 2] in lex.given_chars):
        return q  # 文資處龐科長: the surname before a title, the title no given name (社會課邵君瑜: 君 is given)
    for given_len in (2, 1):
        end = q + given_len
        if end > len(view) or (end_limit is not None and end > end_limit):
            continue
        given = view[q:end]
        if not all(ch in lex.given_chars or (i == 0 and ch == "阿") for i, ch in enumerate(given)):
            continue
        if any(ch in _NOT_GIVEN_FIRST for ch in given[:1]) or view[start : q + 1] in lex.non_name_words:
            continue
        if end == len(view) or view[end] in _ITEM_END or view.startswith(_TITLE_WORDS, end):
            return end
    return 0


def _names_after_organisation(view: str) -> list[Span]:
    """Minutes and letters name people right after their office: 交通局常宏毅、 / 新工處花振源（代理）/
    消防局第六大隊卞宗翰小隊長 (PET-12 round 5). The name must close at a separator or a title."""
    spans: list[Span] = []
    for m in _ORG_END.finditer(view):
        end = _name_shape(view, m.end())
        if end:
            spans.append(Span(m.end(), end, SpanType.PERSON))
    return spans


def _list_items(view: str, spans: list[Span]) -> list[Span]:
    """In a list joined by 、 where one item is a name already, the other items of a name's shape are
    names too (出席人員：崔立偉、焦淑芳、賈志明 / 社會局賀允中、衛生局…): PET-12 round 5."""
    if "、" not in view:
        return []
    found: list[Span] = []
    starts = {s.start for s in spans if not view[s.start].isascii()}
    ends = {s.end for s in spans if not view[s.start].isascii()}
    for run in re.finditer(r"[^，,。；;：:\n]+", view):
        cursor = run.start()
        items = []
        for part in view[run.start() : run.end()].split("、"):
            items.append((cursor, cursor + len(part)))
            cursor += len(part) + 1
        if len(items) < 2:
            continue
        seeded = any(any(a <= s < b for s in starts) or any(a < e <= b for e in ends) for a, b in items)
        if not seeded and not (len(items) >= 3 and all(_bare_name_item(view, a, b) for a, b in items)):
            continue  # 表揚名單：岳振華（三興里）、甘文良（興雅里）、柴國雄（永吉里）: three bare names
        nicknames = any(
            view[s.start] in "阿小" and s.end - s.start == 2 and any(a <= s.start < b for a, b in items)
            for s in spans
        )
        for a, b in items:
            if any(a <= s < b for s in starts):
                continue
            if nicknames and view[a] in "阿小" and b - a >= 2 and view[a + 1] in name_like_chars() and (
                view[a + 1] not in _NOT_NICKNAME and view[a : a + 2] not in _two_char_words()
            ):
                found.append(Span(a, a + 2, SpanType.PERSON))  # 阿輝、阿寶、阿昌這三個人: round 8
                continue
            close = b
            paren = view.find("（", a, b)
            if paren == -1:
                paren = view.find("(", a, b)
            if paren != -1:
                close = paren
            title = next((t for t in _TITLE_WORDS if view.endswith(t, a, close) and close - len(t) > a), "")
            close -= len(title)  # 第二大隊鄒正方小隊長: the name ends where the title begins
            for start in range(max(a, close - 4), close - 1):
                end = _name_shape(view, start, close)
                if end == close and (start == a or _is_cjk(view[start - 1])):
                    found.append(Span(start, end, SpanType.PERSON))
                    break
    return found


def _bare_name_item(view: str, a: int, b: int) -> bool:
    """The list item ``view[a:b]`` is a name alone, maybe with a parenthesis or a title after it."""
    while a < b and view[a] in " \u3000":
        a += 1
    paren = min((i for i in (view.find("（", a, b), view.find("(", a, b)) if i != -1), default=b)
    end = _name_shape(view, a, paren)
    return bool(end) and (end == paren or view.startswith(_TITLE_WORDS, end))


def _list_continuations(view: str, spans: list[Span]) -> list[Span]:
    """Further names in a list after a detected one: 陳建國、林雅惠、黃文彬."""
    found: list[Span] = []
    ends = sorted({s.end for s in spans if s.end - s.start >= 2 and not view[s.start].isascii()})
    for end in ends:
        while view.startswith("、", end):
            nxt = _name_after_cue(view, end + 1, weak=True)
            if not nxt:
                break
            found.append(nxt)
            end = nxt.end
    return found


def _given_name_lists(view: str) -> list[Span]:
    """慧君、建宏、雅婷和我四個人, 我跟曉雯、家瑜、子軒三個同事: three or more plain given names in a 、 list
    (PET-12 round 9); two only when 和我/三個/他們… closes the list."""
    found: list[Span] = []
    for m in _GIVEN_LIST.finditer(view):
        items = [(m.start() + 3 * k, m.start() + 3 * k + 2) for k in range((m.end() - m.start() + 1) // 3)]
        if not all(_plain_given_name(view, a) for a, _b in items):
            continue
        if len(items) >= 3 or view.startswith(_GIVEN_LIST_END, m.end()):
            found.extend(Span(a, b, SpanType.PERSON) for a, b in items)
    return found


_GIVEN_LIST = re.compile(
    r"(?:(?<![\u4e00-\u9fff])|(?<=[跟和與是讓請找給叫及同]))"
    r"(?:[\u4e00-\u9fff]{2}、){1,6}[\u4e00-\u9fff]{2}(?![\u4e00-\u9fff]{2}、)"
)
_GIVEN_LIST_END = (
    "和我", "跟我", "與我", "兩個", "三個", "四個", "五個", "他們", "她們", "幾個", "等人", "同學", "同事"
)


def _joined_given_names(view: str, spans: list[Span]) -> list[Span]:
    """志明和春嬌都是志工, 冠廷跟宇軒兩個: a given name joined to a given name (PET-12 round 9)."""
    found: list[Span] = []
    for span in spans:
        end = span.end
        if end - span.start != 2 or _surname_at(view, span.start) or not _is_cjk(view[span.start]):
            continue
        if view[end : end + 1] in _GIVEN_JOINERS and _plain_given_name(view, end + 1) and (
            view[end + 3 : end + 4] in ("", *_GIVEN_LIST_CLOSERS) or not _is_cjk(view[end + 3])
        ):
            found.append(Span(end + 1, end + 3, SpanType.PERSON))
    return found


_GIVEN_JOINERS = frozenset("、和跟與及")
_GIVEN_LIST_CLOSERS = frozenset("都是也在說的兩一今昨每還")


def _propagate(view: str, spans: list[Span]) -> list[Span]:
    """Mask every other occurrence of a full name (two or more characters, no mask marks) found once."""
    names = {view[s.start : s.end] for s in spans}
    names = {n for n in names if len(n) >= 2 and _MASKED not in n and (len(n) >= 3 or not n.isascii())}
    if not names:
        return spans
    found = list(spans)
    for name in names:  # str.find per name: compiling an alternation of the names cost more than the search
        index = view.find(name)
        while index != -1:
            found.append(Span(index, index + len(name), SpanType.PERSON))
            index = view.find(name, index + len(name))
    return found
