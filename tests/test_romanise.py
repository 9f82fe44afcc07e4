"""pipeline.romanise: one person written in Latin letters and in Hangul or Japanese script."""

from __future__ import annotations

import pytest

from pipeline.romanise import (
    LOOSE,
    is_native,
    match_across_scripts,
    name_keys,
    reading,
    reads_as_common_noun,
    reads_as_compound_noun,
    reads_as_full_name,
    reads_as_person_name,
    reads_as_place_or_company,
    reads_as_place_or_thing,
    reads_as_sino_japanese,
    reads_as_suffixed_noun,
    romanise_korean_name,
    same_person_across_scripts,
    similarity,
    sound_key,
    sound_name_key,
)

SAME = [
    ("ユン・ソア", "Yoon Seo-ah"), ("윤서아", "Yoon Seo Ah"),  # katakana and Hangul, 3-part Latin
    ("黒沢蓮", "Kurosawa Ren"), ("黒沢蓮", "Ren Kurosawa"), ("水野葵", "Aoi Mizuno"),  # kanji, either order
    ("ト・ヒョンソク", "Do Hyun-seok"), ("도현석", "Do Hyun-seok"),  # voiced/unvoiced, eo/u, final ㄱ
    ("김나연", "Kim Na-yeon"), ("キム・ナヨン", "Kim Na-yeon"),  # Gim/Kim, kana's extra u
    ("이수경", "Lee Soo-kyung"), ("イ・スギョン", "Lee Soo-kyung"),  # I/Lee
    ("박서준", "Park Seo-joon"), ("パク・ソジュン", "Park Seo-joon"),  # Bag/Park
    ("ソン・ガンミン", "Song Kang-min"), ("チョン・ヘイン", "Jung Hae-in"),  # ン for ng
    ("남궁민", "Namgoong Min"), ("남기태", "Nam Ki-tae"), ("チャ・ウヌ", "Cha Eun-woo"),
    ("임윤아", "Lim Yoon-ah"), ("임시완", "Im Si-wan"), ("정해인", "Jeong Hae-in"),  # 임 Lim/Im, 정 Jung/Jeong
    ("ヒョンビン", "Hyun Bin"), ("キムスヒョン", "Kim Soo-hyun"), ("チャウヌ", "Cha Eun-woo"),  # in one word
    ("마츠모토 준", "Matsumoto Jun"), ("마쓰모토 준", "Matsumoto Jun"), ("고마츠 나나", "Komatsu Nana"),  # ツ in Hangul
]
DIFFERENT = [
    ("김나연", "Kim Nam-gil"), ("김나연", "Kim Na-young"),  # Hangul spells 연 and 영 apart
    ("ユン・ソア", "Yoon Seo-jun"), ("黒沢蓮", "Kurosawa Haruto"), ("黒沢蓮", "Ren Kurosaki"),
    ("水野葵", "Mizuno Miki"), ("ト・ヒョンソク", "Do Kyung-soo"), ("이수경", "Lee Soo-hyuk"),
    ("박서준", "Park Seo-jin"), ("パク・ソジュン", "Park Seo-jin"), ("ソン・ガンミン", "Song Kang-ho"),
    ("정해인", "Jung Il-woo"), ("한소희", "Han Hyo-joo"),
    ("ヒョンビン", "Hyun Woo"), ("ソンガン", "Son Ga-in"), ("パクソジュン", "Park Seo-jin"),  # in one word
    ("森山航平", "森山航平"), ("Kurosawa Ren", "Kurosawa Ren"),  # not a native/Latin pair
]


@pytest.mark.parametrize(("native", "latin"), SAME)
def test_same_person_across_scripts(native: str, latin: str) -> None:
    assert similarity(native, latin) > 0


@pytest.mark.parametrize(("native", "latin"), DIFFERENT)
def test_different_people_do_not_match(native: str, latin: str) -> None:
    assert similarity(native, latin) == 0


@pytest.mark.parametrize(("one", "other", "same"), [
    ("윤서아", "ユン・ソア", True), ("ユン・ソア", "윤서아", True), ("송강민", "ソン・ガンミン", True),
    ("박서준", "パク・ソジュン", True), ("윤서아", "ソン・ガンミン", False), ("박서준", "パク・ソジン", False),
    ("윤서아", "윤서아", False), ("黒沢蓮", "くろさわれん", False),  # one script: keys compare these
    ("윤서아", "Yoon Seo-ah", True), ("Yoon Seo-ah", "Yoon Seo-ah", False),
    ("현빈", "ヒョンビン", True), ("현우", "ヒョンビン", False),
])
def test_same_person_in_hangul_and_in_japanese_script(one: str, other: str, same: bool) -> None:
    """Searching 윤서아 finds her articles written ユン・ソア: Hangul and Japanese script
    compare through the Hangul's reading."""
    assert same_person_across_scripts(one, other) is same


def test_reading_gives_family_name_first() -> None:
    assert reading("ユン・ソア") == ("yun", "soa")
    assert reading("黒沢蓮") == ("kurosawa", "ren")
    assert reading("윤서아") == ("yun", "seoa")
    assert reading("남궁민") == ("namgung", "min")
    assert reading("Yoon Seo-ah") == ()


def test_sound_key_forgets_romanisation_variants() -> None:
    assert sound_key("Hyeon") == sound_key("hyun") == sound_key("hyon")
    assert sound_key("Park") == sound_key("bag") == sound_key("pak")
    assert sound_key("Lee") == sound_key("i") == sound_key("Yi")
    assert sound_key("Song", kana=True) == sound_key("son", kana=True)
    assert sound_key("Song") != sound_key("son")


def test_match_is_one_to_one_and_order_free() -> None:
    native = ["パク・ソジュン", "黒沢蓮", "高峰遥"]
    latin = ["Park Seo-jin", "Park Seo-joon", "Ren Kurosawa"]
    expected = {"パク・ソジュン": "Park Seo-joon", "黒沢蓮": "Ren Kurosawa"}
    assert match_across_scripts(native, latin) == expected
    assert match_across_scripts(reversed(native), reversed(latin)) == expected
    assert is_native("高峰遥") and not is_native("Ren Kurosawa")


@pytest.mark.parametrize("text", ["", "・", "ー", "〇〇", "時\u3098沑", "김", "🎬・🎥"])
def test_unreadable_names_have_no_reading_and_match_nothing(text: str) -> None:
    assert reading(text) == ()
    assert similarity(text, "Kim Na-yeon") == 0


def test_romanise_korean_name_gives_revised_and_popular_spellings() -> None:
    assert romanise_korean_name("한효주") == ["Han Hyoju"]
    assert romanise_korean_name("신은영") == ["Sin Eunyeong", "Sin Eunyoung"]
    assert romanise_korean_name("이수경") == ["Lee Sugyeong", "Lee Sukyung"]
    assert romanise_korean_name("남궁민") == ["Namgung Min"]
    assert romanise_korean_name("Han Hyo-joo") == romanise_korean_name("한효주입니다") == []


def test_a_latin_name_takes_one_name_in_hangul_and_one_in_japanese_script() -> None:
    """A story reported in three languages lists its cast once: 김수현 and キム・スヒョン are both
    Kim Soo-hyun, 박은빈 and パク・ウンビン both Park Eun-bin; two Hangul names never share one."""
    native = ["김수현", "キム・スヒョン", "박은빈", "パク・ウンビン", "김수한"]
    latin = ["Kim Soo-hyun", "Park Eun-bin"]
    assert match_across_scripts(native, latin) == {
        "김수현": "Kim Soo-hyun", "キム・スヒョン": "Kim Soo-hyun", "박은빈": "Park Eun-bin", "パク・ウンビン": "Park Eun-bin"}


@pytest.mark.parametrize("spellings", [
    ["Park Ji-hoon", "Park Jihun", "Ji-hoon Park", "박지훈", "パク・ジフン"],
    ["Han Yu-jin", "한유진", "ハン・ユジン"],
    ["Shiori Matsuda", "Matsuda Shiori", "松田詩織"],
    # katakana's conventions: ヘ for 혜 (Hye), ウン for 은 (Eun), ウヌ for 은우 (Eun-woo),
    # ファン for 환 (Hwan), ス for 수 (Soo), a syllable and not a final consonant
    ["Shin Hye-sun", "신혜선", "シン・ヘソン"],
    ["Park Eun-bin", "박은빈", "パク・ウンビン"],
    ["Cha Eun-woo", "차은우", "チャ・ウヌ"],
    ["Woo Do-hwan", "우도환", "ウ・ドファン"],
    ["Kim Hye-soo", "김혜수", "キム・ヘス"],
    # Korean family names katakana writes unlike their Latin spellings, a final ル (l)
    ["Choi Yoon-ah", "최윤아", "チェ・ユナ"],
    ["Lim Ji-yeon", "Im Ji-yeon", "임지연", "イム・ジヨン"],
    ["Ryu Jun-yeol", "류준열", "リュ・ジュンヨル"],
    # a Japanese name written in Hangul, part by part
    ["Sakaguchi Kentaro", "坂口健太郎", "사카구치 켄타로"],
])
def test_a_name_s_sound_key_is_the_same_in_every_script(spellings: list[str]) -> None:
    """What lets a story find a Japanese report that writes a Korean actor in katakana."""
    assert len({sound_name_key(name) for name in spellings}) == 1


def test_different_names_have_different_sound_keys() -> None:
    keys = [sound_name_key(n) for n in ("Park Ji-hoon", "Park Ji-hyun", "Kim Se-ra", "박지환", "キム・セナ")]
    assert len(set(keys)) == len(keys)
    # Ji-eun in katakana is neither Ji-won nor Ji-hoon (it was both: cutlet reads ジウォン "jion")
    assert sound_name_key("キム・ジウン") not in {sound_name_key(n) for n in ("Kim Ji-won", "Kim Ji-hoon")}
    assert sound_name_key("キム・ジウォン") == sound_name_key("Kim Ji-won") == sound_name_key("김지원")
    assert sound_name_key("Jisoo") is None and sound_name_key("山田") is None  # one part: no key


#: A Western name in katakana and its Latin spelling; a Japanese name in kanji whose given name
#: UniDic reads otherwise (颯太 "fuuta", 遥斗 "haruka to"), or reads more than one way (健)
ACROSS = [
    ("ノラ・ホイットフィールド", "Nora Whitfield"), ("ダニエル・ケスラー", "Daniel Kessler"),
    ("ジョン・スミス", "John Smith"), ("シャーロット・キャンベル", "Charlotte Campbell"),
    ("トーマス・ライト", "Thomas Wright"), ("マイケル・ジョーダン", "Michael Jordan"),
    ("竹田颯太", "Sota Takeda"), ("竹田颯太", "Takeda Souta"), ("佐藤遥斗", "Haruto Sato"),
    ("佐藤健", "Takeru Satoh"), ("佐藤健", "Sato Takeshi"),  # 健 is read either way: the kanji cannot tell
]
APART = [
    ("ノラ・ホイットフィールド", "Nora Whitman"), ("ノラ・ホイットフィールド", "Laura Whitfield"),
    ("ダニエル・ケスラー", "Daniel Keller"), ("ジョン・スミス", "Joan Smart"),
    ("竹田颯太", "Takeda Kenta"), ("佐藤遥斗", "Sato Yuto"), ("佐藤遥斗", "Haruki Sato"), ("佐藤健", "Sato Kenta"),
]


@pytest.mark.parametrize(("native", "latin"), ACROSS)
def test_a_name_in_katakana_or_kanji_shares_a_key_with_its_latin_spelling(native: str, latin: str) -> None:
    assert set(name_keys(native)) & set(name_keys(latin))
    assert similarity(native, latin) > 0


@pytest.mark.parametrize(("native", "latin"), APART)
def test_another_name_that_sounds_close_shares_no_key(native: str, latin: str) -> None:
    assert not set(name_keys(native)) & set(name_keys(latin))
    assert similarity(native, latin) == 0


def test_a_loose_key_is_only_for_names_that_are_not_korean() -> None:
    """Korean names have their finer keys; in Latin letters a loose key would join "Kim Ji-won"
    and "Kim Ji-an" (no vowels)."""
    assert not [k for k in name_keys("Kim Ji-won") if k.startswith(LOOSE)]
    assert [k for k in name_keys("Nora Whitfield") if k.startswith(LOOSE)]
    assert not set(name_keys("キム・ジウォン")) & set(name_keys("Kim Ji-an"))


@pytest.mark.parametrize(("native", "latin", "hangul"), [("チェ・ミンジェ", "Choi Min-jae", "최민재"),
                                                          ("チェ・ジェヒョン", "Choi Jae-hyun", "최재현")])
def test_a_katakana_name_is_read_kana_by_kana(native: str, latin: str, hangul: str) -> None:
    """MeCab knows ミンジ and splits ミンジェ before its small ェ, which cutlet then drops
    ("minji"): a name in katakana is read as written, and チェ is Choi."""
    assert reading(native)[1] in ("minje", "jehyon")
    assert similarity(native, latin) == 1.0
    assert same_person_across_scripts(native, hangul)
    assert set(name_keys(native)) & set(name_keys(latin))


@pytest.mark.parametrize(("katakana", "latin", "hangul"), [("パク・ジュノ", "Park Jun-ho", "박준호"),
                                                            ("イ・ジュノ", "Lee Jun-ho", "이준호")])
def test_katakana_writes_a_korean_n_h_join_as_said(katakana: str, latin: str, hangul: str) -> None:
    """준호 is said 주노 and written ジュノ (Lee Jun-ho is イ・ジュノ): the katakana name is Jun-ho as
    well as Ju-no, while Latin and Hangul, which spell the h, keep Ju-no and Jun-ho apart."""
    assert similarity(katakana, latin) == 1.0
    assert similarity(katakana.replace("・", ""), latin) == 1.0  # in one word
    assert set(name_keys(katakana)) & set(name_keys(latin))
    assert same_person_across_scripts(katakana, hangul)
    assert similarity(katakana, latin.replace("Jun-ho", "Ju-no")) == 1.0  # 주노 is written ジュノ too
    assert not set(name_keys(latin)) & set(name_keys(latin.replace("Jun-ho", "Ju-no")))
    assert not same_person_across_scripts(hangul, latin.replace("Jun-ho", "Ju-no"))
    assert similarity(katakana, latin.replace("Jun-ho", "Jun-su")) == 0


@pytest.mark.parametrize(("katakana", "latin"), [("ソ・ジュノ", "Seo Jin-ho"), ("ソ・ジナ", "Seo Jun-ha"),
                                                  ("ウ・ジュノ", "Woo Jin-ho")])
def test_a_korean_name_spelled_lee_seo_or_woo_gets_no_loose_key(katakana: str, latin: str) -> None:
    """person_key folds Lee, Seo and Woo to "li", "su" and "u", which no list of Korean family names
    holds: such a name got a loose key, and without vowels Seo Jin-ho was ソ・ジュノ (Seo Jun-ho)."""
    assert not [key for key in name_keys(latin) if key.startswith(LOOSE)]
    assert not [key for key in name_keys("Lee Jun-ho") if key.startswith(LOOSE)]
    assert similarity(katakana, latin) == 0
    assert not set(name_keys(katakana)) & set(name_keys(latin))


@pytest.mark.parametrize(("word", "full_name"), [
    ("藤井蒼真", True), ("白石七海", True), ("神木隆之介", True),
    ("石川県庁", False), ("上田市長", False), ("撮影現場", False), ("小樽工房", False), ("田中", False),
])
def test_reads_as_full_name(word: str, full_name: bool) -> None:
    """A family name then a given name is a full name; a place or a family name with a noun is none."""
    assert reads_as_full_name(word) is full_name


@pytest.mark.parametrize(("word", "common"), [
    ("話題作", True), ("注目作", True), ("人気作", True), ("新作", True),
    ("桜井", False), ("大泉洋", False), ("森七菜", False), ("陸上", False), ("要潤", False),
])
def test_reads_as_common_noun(word: str, common: bool) -> None:
    """A word and a suffix, or one verbal noun, with no name or place in it, is a common noun; a
    family name, a name UniDic splits oddly (大泉 a place, 森七菜 three words) or a plain noun is not."""
    assert reads_as_common_noun(word) is common


@pytest.mark.parametrize(("word", "common"), [
    ("新人", True), ("本作", True), ("同作", True), ("真剣", True), ("話題作", True),
    ("新田", False), ("石原", False), ("大泉", False), ("綾瀬", False), ("本田", False), ("桜井", False),
])
def test_reads_as_common_noun_any_noun(word: str, common: bool) -> None:
    """Asked for any noun, one common noun with no name or place among UniDic's readings is one too
    (新人, 本作); a noun that is also a family name (新田), a family name or a place is not."""
    assert reads_as_common_noun(word, any_noun=True) is common
    assert not reads_as_common_noun("新人")  # without any_noun, plain nouns stay names' candidates


@pytest.mark.parametrize(("word", "sino"), [
    ("新人", True), ("本作", True), ("同作", True), ("真剣", True),
    ("浜辺", False), ("仲間", False), ("話題作", False), ("石原", False),
])
def test_reads_as_sino_japanese(word: str, sino: bool) -> None:
    """One word read the Chinese way (新人 shinjin) is Sino-Japanese; a native word (浜辺 hamabe) or two words are not."""
    assert reads_as_sino_japanese(word) is sino


@pytest.mark.parametrize(("word", "thing"), [
    ("東京都", True), ("横浜市", True), ("渋谷区", True), ("音楽フェス", True), ("野外ライブ", True),
    ("中村", False), ("北村", False), ("松本潤", False), ("森崎ウィン", False), ("黒木メイサ", False),
    ("人気アイドル", True), ("浜辺ユメ", False), ("星ミナミ", False),
])
def test_reads_as_place_or_thing(word: str, thing: bool) -> None:
    """A place and its division, or common nouns alone, are a place or a thing; a name is neither."""
    assert reads_as_place_or_thing(word) is thing


@pytest.mark.parametrize(("word", "compound"), [
    ("記者会見", True), ("舞台挨拶", True), ("若手俳優", True), ("新人女優", True), ("完成披露", True), ("新人物", True),
    # a name's parts are known as names, or fall apart into single kanji: 剛力 彩 芽 (all common nouns), 森 七 菜
    ("剛力彩芽", False), ("森七菜", False), ("若葉流星", False), ("仲間由紀恵", False), ("新田真剣佑", False),
    ("松本潤", False), ("林遣都", False), ("大泉洋", False), ("東出昌大", False), ("新人", False),
])
def test_reads_as_compound_noun(word: str, compound: bool) -> None:
    """Common nouns of two kanji or more (perhaps after a prefix) none of which may be a name's part are a compound noun."""
    assert reads_as_compound_noun(word) is compound


@pytest.mark.parametrize(("word", "suffixed"), [
    ("日本版", True), ("韓国版", True), ("実写版", True), ("舞台版", True), ("特別編", True), ("豪華陣", True), ("宝塚歌劇団", True),
    # a given name ending in such a kanji is a name's part; UniDic's other suffixes end given names too (愛 菜, 七 菜)
    ("森田健作", False), ("団時朗", False), ("伊勢谷友介", False), ("芦田愛菜", False), ("森七菜", False), ("版", False),
])
def test_reads_as_suffixed_noun(word: str, suffixed: bool) -> None:
    """A word and a noun of one kanji that ends words as a suffix does (版, 編, 陣, 団) is no name."""
    assert reads_as_suffixed_noun(word) is suffixed


@pytest.mark.parametrize(("word", "place_or_company"), [
    ("京都", True), ("横浜", True), ("東映", True), ("東宝", True),
    # a family name, even one that is a place's or a company's too
    ("岸井", False), ("綾瀬", False), ("吉本", False), ("角川", False), ("横浜流星", False), ("松坂桃李", False),
])
def test_reads_as_place_or_company(word: str, place_or_company: bool) -> None:
    """One proper noun UniDic cannot read alone as a person's name is a place or a company."""
    assert reads_as_place_or_company(word) is place_or_company


@pytest.mark.parametrize(("word", "person"), [
    ("岸井", True), ("綾瀬", True), ("中条", True), ("京都", False), ("東映", False),
])
def test_reads_as_person_name(word: str, person: bool) -> None:
    """A family name is a person's name (綾瀬 a place and one); a place or a company alone is not."""
    assert reads_as_person_name(word) is person
