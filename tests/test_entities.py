"""Table-driven tests for pipeline.entities."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from pipeline.entities import (
    Aliases,
    emphasised_texts,
    find_entities,
    load_aliases,
    parse_aliases,
    person_key,
    platform_key,
    platform_table,
    show_key,
    written_spelling,
)
from pipeline.errors import UserError


@pytest.mark.parametrize(
    "names",
    [
        ["Han Hyo Joo", "Han Hyo-joo", "Han Hyojoo", "Hyo-joo Han", "han hyo-joo", "HAN HYO JOO"],
        ["Oguri Shun", "Shun Oguri"],
        ["Lee Min-ho", "Lee Min Ho", "Min-ho Lee", "Yi Min-ho", "Rhee Minho"],
        ["Jung Hae-in", "Jeong Hae In", "Hae-in Jung"],
        ["Takeru Satoh", "Sato Takeru", "Takeru Satō"],
        ["Namkoong Min", "Nam Goong Min", "Namgoong Min"],
        ["Park Jeong-min", "Park Jeong Min"],
        # given name first, its first word a surname too ("Seo", "Ha", "Ji")
        ["Park Seo-joon", "Park Seo Joon", "Seo-joon Park", "Seo Joon Park"],
        ["Kim Ha-yoon", "Ha Yoon Kim"], ["Kim Ji-won", "Ji Won Kim"], ["Yeo Jin-goo", "Yeo Jin Goo"],
        ["ハン・ヒョジュ", "ハンヒョジュ", "ハン ヒョジュ"],
        ["小栗 旬", "小栗旬"],
        ["髙橋海人", "高橋海人"], ["山﨑賢人", "山崎賢人"],  # variant kanji NFKC leaves as they are
    ],
)
def test_person_key_folds_variants(names: list[str]) -> None:
    assert len({person_key(n) for n in names}) == 1, {n: person_key(n) for n in names}


@pytest.mark.parametrize(
    ("first", "second"),
    [("Han Hyo-joo", "Han Ji-min"), ("Kim Soo-hyun", "Kim Ji-won"), ("Oguri Shun", "Oguri Jun"), ("한효주", "한지민"),
     ("Seo Hyun Jung", "Jung Seo-hyun")],
)
def test_person_key_keeps_people_apart(first: str, second: str) -> None:
    assert person_key(first) != person_key(second)


@pytest.mark.parametrize(
    "titles",
    [
        ["Romantics Anonymous", "Romantic Anonymous", "“Romantics Anonymous”", "romantics anonymous!"],
        ["Squid Game", "Squid Game Season 2", "'Squid Game' season 2", "Squid Game 2"],
        ["The Trunk", "Trunk"],
        ["눈물의 여왕", "눈물의여왕", "<눈물의 여왕>"],
        ["ロマンティック・アノニマス", "ロマンティックアノニマス", "「ロマンティック・アノニマス」"],
        ["Dear Hongrang", "Dear Hongrang (working title)"],
    ],
)
def test_show_key_folds_variants(titles: list[str]) -> None:
    assert len({show_key(t) for t in titles}) == 1, {t: show_key(t) for t in titles}


@pytest.mark.parametrize(("first", "second"), [("Reply 1988", "Reply 1997"), ("Queen of Tears", "Queen Woo")])
def test_show_key_keeps_shows_apart(first: str, second: str) -> None:
    assert show_key(first) != show_key(second)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Netflix", "netflix"), ("넷플릭스", "netflix"), ("ネットフリックス", "netflix"),
        ("Disney+", "disney_plus"), ("디즈니+", "disney_plus"), ("ディズニープラス", "disney_plus"),
        ("Amazon Prime Video", "prime_video"), ("KBS 2TV", "kbs"), ("KBS2", "kbs"), ("HBO Max", "max"),
        ("티빙", "tving"), ("쿠팡플레이", "coupang_play"), ("日本テレビ", "ntv"), ("テレ朝", "tv_asahi"),
        ("U-NEXT", "u_next"), ("Some New Streamer", "some_new_streamer"), ("FX Networks", "fx"),
    ],
)
def test_platform_key(name: str, key: str) -> None:
    assert platform_key(name) == key


def test_platform_table_covers_the_brief() -> None:
    keys = {p.key for p in platform_table()}
    assert {
        "netflix", "disney_plus", "prime_video", "apple_tv", "max", "hulu", "viki", "iqiyi", "tving", "wavve",
        "coupang_play", "tvn", "jtbc", "kbs", "mbc", "sbs", "ena", "genie_tv", "fuji_tv", "tbs", "ntv",
        "tv_asahi", "nhk", "wowow", "u_next", "abema", "lemino", "paramount_plus", "peacock", "crunchyroll",
    } <= keys


def names(mentions) -> set[str]:
    return {m.key for m in mentions}


CASES = [
    # (title, body, shows, people, platforms)
    (
        "Han Hyo Joo And Oguri Shun To Star In Netflix's \"Romantics Anonymous\"",
        "Actress Han Hyo-joo (한효주) and Japanese star Shun Oguri have been cast in the series.",
        {"Romantics Anonymous"}, {"Han Hyo-joo", "Oguri Shun"}, {"Netflix"},
    ),
    (
        "Kim Soo Hyun In Talks To Star In New Disney+ Thriller",
        "Kim Soo Hyun is in talks to star in the Disney+ original ‘Knock-Off’.",
        {"Knock-Off"}, {"Kim Soo-hyun"}, {"Disney+"},
    ),
    (
        "Park Bo Young, Choi Woo Shik, And Lee Jun Young Confirmed For New Drama",
        "Park Bo Young, Choi Woo Shik, and Lee Jun Young will star in the upcoming tvN drama 'Melo Movie'.",
        {"Melo Movie"}, {"Park Bo-young", "Choi Woo-shik", "Lee Jun-young"}, {"tvN"},
    ),
    (
        "Jung Hae In Is Considering An Offer",
        "Jung Hae In is considering the lead role in JTBC's 《Love Next Door》 with Jung So Min.",
        {"Love Next Door"}, {"Jung Hae-in", "Jung So-min"}, {"JTBC"},
    ),
    (
        "Mackenyu, Nana Komatsu To Star In Prime Video Japanese Original",
        "Mackenyu and Nana Komatsu will star in <Ikusagami>, a samurai series.",
        {"Ikusagami"}, {"Mackenyu", "Nana Komatsu"}, {"Prime Video"},
    ),
    (
        "한효주·오구리 슌, 넷플릭스 ‘로맨틱 어나니머스’ 주연 확정",
        "배우 한효주와 오구리 슌이 넷플릭스 새 시리즈 ‘로맨틱 어나니머스’에 출연한다.",
        {"로맨틱 어나니머스"}, {"한효주", "오구리 슌"}, {"Netflix"},
    ),
    (
        "정해인♥정소민 ‘엄마친구아들’ 캐릭터 포스터 공개",
        "tvN ‘엄마친구아들’이 정해인, 정소민의 캐릭터 포스터를 공개했다.",
        {"엄마친구아들"}, {"정해인", "정소민"}, {"tvN"},
    ),
    (
        "小栗旬とハン・ヒョジュがW主演、Netflixシリーズ「ロマンティック・アノニマス」",
        "綾瀬はるか、大泉洋らが出演する。『匿名レンアイ相談所』が原作。",
        {"ロマンティック・アノニマス", "匿名レンアイ相談所"}, {"小栗旬", "ハン・ヒョジュ", "綾瀬はるか", "大泉洋"}, {"Netflix"},
    ),
    (
        "IVE Makes Comeback With \"Accendio\" Music Video",
        "The song tops charts. Lee Jung-jae returns as Seong Gi-hun.",  # song titles and characters are not entities
        set(), {"Lee Jung-jae"}, set(),
    ),
    (
        "Winners Of The 60th Baeksang Arts Awards",
        "Ryu Seung Ryong won Best Actor for “Moving” on Tuesday. “I am so grateful to everyone,” he added.",
        {"Moving"}, {"Ryu Seung-ryong"}, set(),
    ),
    (
        "Shin Eun Young and Nam Min Jae board Disney+ series “Salt and Moon”",
        "The series will have 12 episodes. Further casting is expected in the coming weeks; "
        "additional casting news follows. Full casting details come with the poster.",
        {"Salt and Moon"}, {"Shin Eun-young", "Nam Min-jae"}, {"Disney+"},  # "Further casting" is no person
    ),
    (  # "as X's younger brother": the character is the brother; X stays in the cast
        "Kim Soo Hyun And Park Eun Bin To Star In Disney+ Drama \"Harbor Lights\"",
        "Kim Soo Hyun and Park Eun Bin have been confirmed to star in Disney+'s upcoming drama “Harbor Lights”! "
        "Cha Eun Woo has also joined the cast as Kim Soo Hyun's younger brother.",
        {"Harbor Lights"}, {"Kim Soo-hyun", "Park Eun-bin", "Cha Eun-woo"}, {"Disney+"},
    ),
    (  # words of the trade are no one: a filming start, acting, a rating recorded, a genre, a start date
        "'고블린' 크랭크인…민규 첫 연기 도전",
        "'고블린'은 지난 1일 크랭크인 현장에서 민규가 연기에 몰입했다. 시청률 8.2%를 기록한 전작에 이어 "
        "K-drama 팬들의 기대가 크다.",
        {"고블린"}, set(), set(),
    ),
    (  # a place named like a person ("Han" is a surname) is no one
        "'Frozen River' premieres January 20 on MBC",
        "Two rival ice fishermen on the Han River are played by Lee Je-hoon and Ryu Jun-yeol.",
        {"Frozen River"}, {"Lee Je-hoon", "Ryu Jun-yeol"}, {"MBC"},
    ),
    (  # the reporter's byline and common words (a mother, a background, an expectation) are nobody
        "김수현·박은빈, 디즈니+ 드라마 '마더' 주연",
        "(서울=연합뉴스) 이수진 기자 = 배우 김수현과 박은빈이 디즈니+ 새 시리즈 '마더'에 출연한다.\n\n"
        "박은빈은 딸을 잃은 어머니 역을 맡았다. 아이돌 출신 배우 차은우도 합류했다.\n\n"
        "제작진은 \"기대감을 드러냈다\"고 밝혔다. [OSEN=김민지 기자]",
        {"마더"}, {"김수현", "박은빈", "차은우"}, {"Disney+"},
    ),
    (  # a name with its particle beside the bare name, jobs, verbs, a review, the director: nobody new
        "송강 주연 디즈니+ '블러드문 호텔', 내년 1월 14일 공개",
        "배우 송강과 고윤정이 주연을 맡은 디즈니+ 시리즈 '블러드문 호텔'이 공개된다.\n\n"
        "송강은 새로 부임한 야간 지배인을, 고윤정은 호텔의 주인을 연기한다. 유제원 PD가 연출을 맡았다.\n\n"
        "박보영은 출연 검토…남주혁과 호흡하나. 그는 경호원 역이다.\n\n극본 정세라가 집필하고 송강이 출연한다. 현장에 출연진이 모였다.\n\n"
        "두 사람이 만나 성장하는 이야기를 그린 작품으로, 남주혁도 출연을 확정했다.",
        {"블러드문 호텔"}, {"송강", "고윤정", "박보영", "남주혁"}, {"Disney+"},
    ),
    (  # past works in brackets, a creator's title, a studio's film
        "Disney+ sets 'Blood Moon Hotel' premiere",
        "The series stars Song Kang (Sweet Home) and Go Youn-jung (Moving), with Kento Yamazaki "
        "(Alice in Borderland) and Minami Hamabe (Godzilla Minus One). Following the success of Moving, "
        "Creator Christopher Storer joins as an adviser. Ma Dong-seok, who appeared in Marvel's Eternals, joins them. "
        "The streamer has hits including Alice in Borderland. Ma Dong-seok, known for Train to Busan and Marvel's "
        "Eternals, stars alongside them.",
        {"Blood Moon Hotel"}, {"Song Kang", "Go Youn-jung", "Kento Yamazaki", "Minami Hamabe", "Ma Dong-seok"},
        {"Disney+"},
    ),
    (  # a headline ending in a job title does not make the body's first name crew; a group's member
        "Kim Tae Ri Offered Lead In Drama From \"Hometown Cha-Cha-Cha\" Writer",
        "Kim Tae Ri has been offered the lead in \"Dear Hongrang\", starring with BLACKPINK's Jisoo.",
        {"Dear Hongrang", "Hometown Cha-Cha-Cha"}, {"Kim Tae-ri", "Jisoo"}, set(),
    ),
    (  # a headline ending "as male lead" does not make the body's opening name a character
        'Lee Do-hyun joins JTBC drama "Glass Garden" as male lead',
        'Lee Do-hyun has been cast as the male lead of the upcoming JTBC drama "Glass Garden", his agency confirmed.',
        {"Glass Garden"}, {"Lee Do-hyun"}, {"JTBC"},
    ),
    (  # the director in brackets after the title, "retired", a clause before "…", what the characters are
        "tvN '나의 작은 정원' 첫 촬영 시작…최우진·문가은 호흡",
        "배우 최우진과 문가은이 tvN 새 드라마 '나의 작은 정원'(연출 최민재, 극본 오혜린)의 주인공으로 캐스팅됐다.\n\n"
        "승부조작 스캔들에 휘말린 은퇴한 야구 투수의 이야기로, 최우진이 주연을 맡았다.\n\n"
        "최우진은 천문대 관측원 한서윤 역을, 문가은은 우체국 집배원 이도하 역을 연기한다.",
        {"나의 작은 정원"}, {"최우진", "문가은"}, {"tvN"},
    ),
    (  # the writer credited "from scripts by" is crew; "ドラマ化" ends before the actor's name
        "Lee Min-ho and Kim Go-eun lead tvN's \"Glass Orchard\"",
        "Lee Min-ho and Kim Go-eun will star in \"Glass Orchard\". The series is directed by Kim Jee-woon "
        "from scripts by Park Eun-kyo.",
        {"Glass Orchard"}, {"Lee Min-ho", "Kim Go-eun"}, {"tvN"},
    ),
    (  # characters ("刑事・神崎透", "神崎を演じ"), a cast after "役で", a duo's コンビ, "らおなじみのキャストも続投"
        "水谷豊＆寺脇康文コンビ続投、菅田将暉主演「東京サイレンス」",
        "本作は警視庁の刑事・神崎透が真相に迫るサスペンス。菅田将暉が神崎を演じ、証人・白石遥役で有村架純が共演する。"
        "森口瑤子、川原和久、山中崇史らおなじみのキャストも続投する。",
        {"東京サイレンス"}, {"水谷豊", "寺脇康文", "菅田将暉", "有村架純", "森口瑤子", "川原和久", "山中崇史"}, set(),
    ),
    (  # a province read without its 도, what a character is before "name(actor 분)", "last year"
        "박보검·김태리, tvN '봄날의 약속' 주연 확정",
        "'봄날의 약속'은 1990년대 전라남도 여수를 배경으로, 고향으로 돌아온 우체부 윤재하(박보검 분)와 동네 사진관 "
        "주인 송이나(김태리)의 이야기를 그린다. 배우 라미란이 합류했다.\n\n"
        "박보검은 지난해 넷플릭스 시리즈 '폭싹 속았수다'에서 호평받았다.",
        {"봄날의 약속", "폭싹 속았수다"}, {"박보검", "김태리", "라미란"}, {"tvN", "Netflix"},
    ),
    (  # Japanese: "新キャストとして", "（主演・…）", "共演は、…さん", a cast after 俳優・ with 特別出演
        "新ドラマ『白い約束』キャスト解禁",
        "ドラマ『白い約束』（主演・西野美月）の新キャストとして大西蓮が加わる。共演は、中川莉子さん、岡田翔太さん。"
        "日本の俳優・黒沢蓮が特別出演することも決まった。",
        {"白い約束"}, {"西野美月", "大西蓮", "中川莉子", "岡田翔太", "黒沢蓮"}, set(),
    ),
    (  # names their trade introduces ("俳優の X と女優の Y"), a hiragana given name; a character after 女優・
        "俳優の山田裕貴と女優の桜井ゆいがW主演『海のはじまり』",
        "フジテレビ系ドラマ『海のはじまり』で、俳優の山田裕貴と女優の桜井ゆいがW主演を務める。"
        "劇中の女優・水原玲奈役は未発表。",
        {"海のはじまり"}, {"山田裕貴", "桜井ゆい"}, {"Fuji TV"},
    ),
    (  # a "name + コメント" heading over what the cast member said is that person, not a new one
        "日曜劇場『炎の家族』追加キャスト発表",
        "女優の本田翼が日曜劇場『炎の家族』に出演することがわかった。主演は堺雅人。\n\n本田翼コメント\n\n"
        "「とても緊張しています」\n\n堺雅人コメント「時を刻むように演じたいと思います」",
        {"炎の家族"}, {"本田翼", "堺雅人"}, set(),
    ),
    (  # Oricon's "role（actor）": the actor is cast, the role is not, さん or not; a word spelt out in brackets is no one
        "NHKドラマ10『雪国の探偵』放送開始を延期",
        "同作は、探偵事務所を営む元刑事・雪村（岡田将生）が事件を解決していくミステリー。芳根京子が助手役で共演する。"
        "灯（杉咲さん）と健太郎（高橋一生さん）の間に溝が生まれる。町の品質を保証する機能（品質保証機能）もある。",
        {"雪国の探偵"}, {"岡田将生", "芳根京子", "高橋一生"}, {"NHK"},
    ),
    (  # a one-word hiragana stage name its trade introduces (女優ののん); "俳優のほうが" and "女優のみなさん" are no one
        "女優ののんと俳優の中川大志がW主演",
        "女優ののんと俳優の中川大志がW主演を務めるドラマ『ひだまりの約束』。女優のみなさんが出演し、"
        "俳優のほうが主演の座に近い。",
        {"ひだまりの約束"}, {"のん", "中川大志"}, set(),
    ),
    (  # a one-word katakana name listed before another name in a cast, behind or after the cue; a role is no one
        "ドラマ『恋する翻訳家』追加キャスト",
        "同作は出版社を舞台にしたラブストーリー。ムロツヨシ、夏帆も出演する。共演はヒコロヒー、大森南朋。"
        "ヒロイン、ゲスト、中村倫也も出演する。",
        {"恋する翻訳家"}, {"ムロツヨシ", "夏帆", "ヒコロヒー", "大森南朋", "中村倫也"}, set(),
    ),
    (  # the one a star co-leads or co-stars with (吉岡里帆とダブル主演, 北村拓海と初共演); a cast that 再集結
        "『路地裏のシェフ』続編制作決定",
        "上野樹里がドラマ『路地裏のシェフ2』で吉岡里帆とダブル主演を務める。北村拓海とは初共演となる。"
        "平野紫耀、小手伸也らおなじみのキャストが再集結します。",
        {"路地裏のシェフ", "路地裏のシェフ2"}, {"上野樹里", "吉岡里帆", "北村拓海", "平野紫耀", "小手伸也"}, set(),
    ),
    (  # the winners of performers' awards, each after the award and the film they won for
        "報知映画賞、主演男優賞に役所広司",
        "助演男優賞は『わたしの名前』の坂口健太郎、助演女優賞は『雨の記憶』の満島ひかりが受賞した。"
        "新人賞には見上愛が選ばれた。",
        {"わたしの名前", "雨の記憶"}, {"役所広司", "坂口健太郎", "満島ひかり", "見上愛"}, set(),
    ),
    (  # ordinary words are no one: what a character is (庭師・東雲蓮を演じ), an award's section, a longer first
       # episode ("15分拡大 出演："), a video box, a press release's contact department
        "佐藤健主演『神々の庭』独占配信決定",
        "佐藤健が主人公の庭師・東雲蓮を演じ、仲里依紗、北村匠海が共演する。作品賞・邦画部門は『灯台守の夏』が受賞。\n\n"
        "※初回15分拡大 出演：天海祐希 ほか\n\n予告編・動画\n\n【本件に関するお問い合わせ】テレビ朝日 広報部",
        {"神々の庭", "灯台守の夏"}, {"佐藤健", "仲里依紗", "北村匠海"}, {"TV Asahi"},
    ),
    (  # the crew in a casting sentence ("大根仁が監督を務める") is no cast
        "綾瀬はるか主演「水底の街」クランクイン",
        "松山ケンイチ、門脇麦が共演し、大根仁が監督を務める。",
        {"水底の街"}, {"綾瀬はるか", "松山ケンイチ", "門脇麦"}, set(),
    ),
    (  # remarks in 「」 that break off on a particle are no titles; a title in 「」 after ドラマ is
        "有村架純が『海の約束』に主演",
        "有村架純がドラマ「潮風の手紙」以来の主演。有村は「心に残るドラマに」「楽しみにしていてね」と語った。",
        {"海の約束", "潮風の手紙"}, {"有村架純"}, set(),
    ),
    (  # a Western name in katakana with a long part (ホイットフィールド: nine letters)
        "『カッパー・バレー』シーズン3への更新が決定",
        "Huluのドラマ『カッパー・バレー』のシーズン3制作が決定した。主演のノラ・ホイットフィールドとケイレブ・オルティスが続投する。",
        {"カッパー・バレー"}, {"ノラ・ホイットフィールド", "ケイレブ・オルティス"}, {"Hulu"},
    ),
    (  # a Japanese name written in Hangul keeps its final 이: after a vowel, 이 is no particle
        "日 배우 나카무라 료헤이, '달의 항구' 출연 확정",
        "배우 모리야마 코헤이가 '달의 항구'에 출연한다. 나카무라 료헤이는 형사 역을 맡는다.",
        {"달의 항구"}, {"나카무라 료헤이", "모리야마 코헤이"}, set(),
    ),
    (  # words of the trade beside casting cues are no names; a name keeps no compound particle (과는)
        "서지훈, 새 드라마 '달의 항구' 출연 확정",
        "1일 OSEN 취재 결과, 서지훈은 '달의 항구' 출연을 확정했다. 서지훈은 탄탄한 연기력과 강렬한 존재감을 "
        "드러내 왔다. 영화는 크랭크인했다고 배급사 플러스엠이 밝혔다. 시사회에는 이준서, 김가온 등 배우들이 "
        "참석했다. 배우 이강민과는 연말 시상식에서 만났다.",
        {"달의 항구"}, {"서지훈", "이준서", "김가온", "이강민"}, set(),
    ),
    (  # the title unquoted in the headline, who the cast play ("라이벌 후계자로 분해"), "특별 출연"
        "종이 왕관 캐스팅",
        "'종이 왕관'은 이준호, 김지원이 제지 가문의 라이벌 후계자로 분해 팽팽한 대결을 펼친다. "
        "배우 나미래가 특별 출연한다.",
        {"종이 왕관"}, {"이준호", "김지원", "나미래"}, set(),
    ),
    (  # "as" joining a clause or another spelling is no character; crew that will direct, design or
       # produce and a company producing are no cast; "toplined by", "2PM's Junho"
        "Netflix Orders 'Lunar Base Nine' as Bae Doona Is Set to Return",
        "Netflix has ordered the series, with Bae Doona set to return. "
        "Hwang Dong-hyuk will direct the series and Shinichiro Watanabe is designing its visual world. "
        "Studio Dragonfly is producing. Cameras are rolling in Busan. 'I loved the script,' said Yamazaki "
        "(known internationally as Kento Yamazaki). The drama is toplined by Kento Yamazaki and Mei Nagano, "
        "who stars alongside 2PM's Junho.",
        {"Lunar Base Nine"}, {"Bae Doona", "Kento Yamazaki", "Mei Nagano", "Junho"}, {"Netflix"},
    ),
    (  # a cast listed with their roles: "X as a surgeon and Y as a nurse", "X as Dr. Mori, Y as Nurse Aoi"
        "Hulu sets 'Pale Coast' cast",
        "Hulu's new drama 'Pale Coast' stars Kento Yamazaki as a surgeon and Mio Imada as a nurse. "
        "The spinoff 'Pale Harbor' stars Ryo Yoshizawa as Dr. Mori, Mei Nagano as Nurse Aoi and Yuki Sato as a patient.",
        {"Pale Coast", "Pale Harbor"}, {"Kento Yamazaki", "Mio Imada", "Ryo Yoshizawa", "Mei Nagano", "Yuki Sato"},
        {"Hulu"},
    ),
    (  # a title found already with words before it ("X in The Last Ferry, a thriller series"),
       # a headline's clause after "Max's", a verb in -ing that starts a sentence: no show, no one
        "‘The Last Ferry’ Review: Max’s Coastal Noir Finds Its Footing",
        "Kim Ji-won has been cast opposite Ryu Jin-ho in The Last Ferry, a Korean-language thriller series for Max. "
        "‘Blue Hour Hotel’ begins filming: production has started in Tokyo on Blue Hour Hotel, a Japanese original mystery. "
        "Returning cast members include Olivia Grant.",
        {"The Last Ferry", "Blue Hour Hotel"}, {"Kim Ji-won", "Ryu Jin-ho", "Olivia Grant"}, {"Max"},
    ),
    (  # writing and producing partners, talent agencies, a director who returns, past co-stars
        "Song Joong-ki and Jeon Yeo-been to lead Netflix's \"Glass Garden\"",
        "Netflix has set Song Joong-ki and Jeon Yeo-been to lead \"Glass Garden\". Kim is writing alongside "
        "Park Eun-kyo, with Don Kang exec producing for Netflix, and Shinsuke Sato returns to direct. "
        "He's repped by HighZium Studio and CAA. Jeon is with Management MMM and UTA. "
        "Song previously captivated viewers in 'Vincenzo' alongside Kim Soo Hyun.",
        {"Glass Garden", "Vincenzo"}, {"Song Joong-ki", "Jeon Yeo-been"}, {"Netflix"},
    ),
    (
        "漫画家・東村アキコ原作『海辺の約束』ドラマ化　広瀬すず主演",
        "広瀬すずが主演を務めることが発表された。",
        {"海辺の約束"}, {"広瀬すず"}, set(),
    ),
    (  # roles and genres are no one: an investigator, a librarian, a period drama, a forger, a weekend drama
        "ソン・ガン、Netflix時代劇「紙の王冠」で主演",
        "ソン・ガンがNetflixの時代劇「紙の王冠」で主演を務める。イ・ジュノは国税庁の調査官を演じる。"
        "キム・ジウンが図書館司書を演じる。",
        {"紙の王冠"}, {"ソン・ガン", "イ・ジュノ", "キム・ジウン"}, {"Netflix"},
    ),
    (
        "박서진·이세영, KBS 주말극 '항구의 불빛' 주연",
        "배우 송강이 넷플릭스 사극 '종이 왕관'의 주연을 맡는다. 조선 궁궐의 위조범 이야기를 그린다.",
        {"항구의 불빛", "종이 왕관"}, {"박서진", "이세영", "송강"}, {"KBS", "Netflix"},
    ),
    (  # speech a headline quotes in “” is no title (a future "…할 것", a plan "개봉 목표"); a title in “” after 드라마 is
        "[인터뷰] '어둠의 등대' 주지훈 \"다시 태어나도 이 작품 할 것\"",
        "(엑스포츠뉴스 기자) 배우 주지훈이 '어둠의 등대'를 떠나보내는 소감을 전했다. 영화는 “내년 개봉 목표”로 "
        "촬영 중이다. 그는 JTBC 드라마 “바람의 정원” 출연을 확정했다.",
        {"어둠의 등대", "바람의 정원"}, {"주지훈"}, {"JTBC"},
    ),
    (  # a wish quoted at a headline's end, a state after a channel ("JTBC “논의 중”"): remarks, not titles
        "배우 윤시우, 내년 4월 결혼…“평생 함께하고 싶은 사람”",
        "(엑스포츠뉴스 기자) 배우 윤시우가 결혼한다. ‘닥터슬럼프’ 시즌2에 대해 JTBC “논의 중”이라고 밝혔다.",
        {"닥터슬럼프"}, {"윤시우"}, {"JTBC"},
    ),
    (  # a Japanese headline's “” holds a phrase, not a title (titles go in 『』「」)
        "Snow Man目黒蓮『しゃべくり007』初登場 “意外な素顔”明かす",
        "目黒蓮が日本テレビ系『しゃべくり007』に出演する。",
        {"しゃべくり007"}, {"目黒蓮"}, {"Nippon TV"},
    ),
    (  # an award list names its winners with no casting word ("…상은 X, …상은 Y가 받았다"); the award is no one
        "청룡영화상 수상자 발표…김수현, 백상 인기상 수상",
        "남녀조연상은 '장손의 노래'의 박지환과 '겨울 정원'의 염혜란이 차지했다. 신인남우상은 이재인, "
        "신인여우상은 노윤서가 받았다. 채원빈은 신인상을 받았다.",
        {"장손의 노래", "겨울 정원"}, {"김수현", "박지환", "염혜란", "이재인", "노윤서", "채원빈"}, set(),
    ),
    (  # what a crew member is, written before the name, is no one: "원작자 강풀 작가", "편집자 이민수 PD"
        "'무빙' 시즌2 제작 확정…조인성 돌아온다",
        "디즈니+는 \"원작자 강풀 작가가 다시 대본을 집필한다\"고 밝혔다. 편집자 이민수 PD가 합류했고 조인성이 출연을 확정했다.",
        {"무빙"}, {"조인성"}, {"Disney+"},
    ),
    (  # a two-syllable stage name ending in 운: listed with a name, or opening a clause before the role it plays
        "로운·조이현 '달빛 궁궐' 첫방 연기",
        "'달빛 궁궐'은 판타지 사극이다. 로운이 세자 이현 역을, 조이현이 호위무사 달래 역을 맡았다. "
        "류준열은 사건을 덮으려는 광업소 후계자 태식 역을 맡았다.",
        {"달빛 궁궐"}, {"로운", "조이현", "류준열"}, set(),
    ),
    (  # the actor opening a clause before the role is found in the body alone
        "KBS '달빛 궁궐' 첫방 연기",
        "로운이 세자 이현 역을, 조이현이 호위무사 달래 역을 맡았다.",
        {"달빛 궁궐"}, {"로운", "조이현"}, {"KBS"},
    ),
    (  # things, not people: a pair one moves between ("A와 B를 오가는"), an adjective before its noun
       # ("고마운 동료", unless a name cue precedes: "배우 변요한 소속사"), the place before "…을 배경으로"
        "[인터뷰] 디즈니+ '어둠의 등대' 주지훈",
        "주지훈은 등대지기 강무진 역을 맡아 깊은 부성애와 광기를 오가는 연기를 펼쳤다. 함께 호흡을 맞춘 김설현은 "
        "\"현장에서 늘 먼저 다가와 준 고마운 동료\"라고 말했다.\n\n"
        "'여름의 끝에서'는 바닷가 소도시의 작은 서핑 숍을 배경으로 배우 송강이 주인공을 맡은 이야기를 그린다. "
        "배우 변요한 소속사 측은 출연을 확정했다고 밝혔다.",
        {"어둠의 등대", "여름의 끝에서"}, {"주지훈", "김설현", "송강", "변요한"}, {"Disney+"},
    ),
    (  # a past work in an aside is no one ("who starred in Itaewon Class"), a co-star "with" whom is
       # someone; "appearing in the drama are X" names the cast
        "Park Seo-joon to lead Netflix's 'The Last Lantern'",
        "Park, who starred in Itaewon Class, plays a night-ferry captain. Kim Ha-yoon, best known for "
        "Crash Landing, plays a nurse. Lee Do-hyun, who appeared in Vincenzo with Song Joong-ki, "
        "joins the cast. Also appearing in the drama are Go Min-si and Ahn Bo-hyun.",
        {"The Last Lantern"}, {"Park Seo-joon", "Kim Ha-yoon", "Lee Do-hyun", "Song Joong-ki", "Go Min-si",
                               "Ahn Bo-hyun"}, {"Netflix"},
    ),
    (  # an interview's subject, named with what she does ("laughs", "recalls"), not with a casting verb
        "Kanzaki Aoi on 'Kyoto Blue Hour' and the role that scared her",
        "Kanzaki Aoi laughs when asked about the night scenes. She recalls the first week. "
        "Studio Dragon added that filming wraps in May.",
        {"Kyoto Blue Hour"}, {"Kanzaki Aoi"}, set(),
    ),
    (  # a title after "The", unquoted, before ", starring X", is no one
        "Netflix's 'The Quiet Coast' begins filming",
        "The Quiet Coast, starring Park Seo-joon, began filming in Busan this week, Netflix said.",
        {"The Quiet Coast"}, {"Park Seo-joon"}, {"Netflix"},
    ),
    (  # an outlet's name ("StreamWire will update…") and an adjective ("Joseon-era") are no one; a
       # stage name in one word is someone
        "TVING sets Kim Tae-ri for 'Salt Road'",
        "The drama is set on Joseon-era trade routes and stars Kim Tae-ri. BoA and DinDin join the cast. "
        "StreamWire will update this story as more details emerge.",
        {"Salt Road"}, {"Kim Tae-ri", "BoA", "DinDin"}, {"TVING"},
    ),
    (  # a job is no one: "a lonely web cartoonist"
        "パク・ジフン×キム・セラ、tvN新ドラマ「ムーンライト・クーリエ」で主演に決定",
        "同作は、夜間配達員と孤独なウェブ漫画家のラブコメディー。パク・ジフンが配達員を、キム・セラがウェブ漫画家を演じる。",
        {"ムーンライト・クーリエ"}, {"パク・ジフン", "キム・セラ"}, {"tvN"},
    ),
    (  # what the character is, listed before the one played ("バリスタ、ハン・ミレを演じる"), is no one
        "キム・ユナ、tvN新ドラマ「雨の図書館」で主演",
        "キム・ユナは町の小さな書店のバリスタ、ハン・ミレを演じる。",
        {"雨の図書館"}, {"キム・ユナ"}, {"tvN"},
    ),
    (  # a group's name, sign and all ("girl group ≠ME"), is no one
        "Sato Rina Joins TBS Drama “Blue Hour”",
        "Sato Rina of girl group ≠ME has been cast in TBS drama “Blue Hour”.",
        {"Blue Hour"}, {"Sato Rina"}, {"TBS"},
    ),
    (  # what a headline calls a show ("Is Disney+'s Quiet Triumph") is no show
        "Review: ‘Cold Harbor’ Is Disney+’s Quiet Triumph",
        "“Cold Harbor” stars Kim Min-jun as a fisherman.",
        {"Cold Harbor"}, {"Kim Min-jun"}, {"Disney+"},
    ),
]


@pytest.mark.parametrize(("title", "body", "shows", "people", "platforms"), CASES)
def test_find_entities(title, body, shows, people, platforms) -> None:
    found = find_entities(title, body)
    assert names(found.shows) == {show_key(s) for s in shows}
    assert names(found.people) == {person_key(p) for p in people}
    assert names(found.platforms) == {platform_key(p) for p in platforms}


@pytest.mark.parametrize(("body", "title", "other_form"), [
    ("“The Quiet Hour” (조용한 시간) will stream on Netflix from December 12.", "The Quiet Hour", "조용한 시간"),
    ("The Quiet Hour (조용한 시간), JTBC's weekend drama, is coming to Netflix.", "The Quiet Hour", "조용한 시간"),
    ("JTBC 새 드라마 '조용한 시간'(영제 The Quiet Hour)이 12일 첫 방송된다.", "조용한 시간", "The Quiet Hour"),
    ("ドラマ「青の航跡」（英題：Blue Wake）が1月スタート。", "青の航跡", "Blue Wake"),
])
def test_a_title_given_in_another_script_in_brackets_is_the_same_show(body: str, title: str, other_form: str) -> None:
    shows = {m.text: m for m in find_entities("", body, emphasis=("The Quiet Hour",)).shows}
    assert other_form in shows[title].aliases


@pytest.mark.parametrize("body", ["'Signal' (tvN) returns in May.", "'무빙'(2023) was a hit.",
                                  "“Moving” (Disney+) stars Ryu Seung-ryong."])
def test_a_channel_or_a_year_in_brackets_is_no_other_title(body: str) -> None:
    assert all(m.aliases == () for m in find_entities("", body).shows)


def test_mention_fields_keep_text_and_native_alias() -> None:
    found = find_entities("", "Actress Han Hyo-joo (한효주) has been cast in Netflix's “Romantics Anonymous”.")
    (person,) = found.people
    assert (person.kind, person.text, person.role, person.aliases) == ("person", "Han Hyo-joo", "cast", ("한효주",))
    (show,) = found.shows
    assert (show.text, show.key, show.role) == ("Romantics Anonymous", "romantic anonymous", "title")
    (platform,) = found.platforms
    assert (platform.text, platform.key, platform.name) == ("Netflix", "netflix", "Netflix")


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("", "SBS confirmed that \"My Perfect Secretary\" (working title) will air under the final title \"Love Scout\"."),
        ("", "배우 한지민이 ‘나의 완벽한 비서’(가제)에 출연한다. 최종 제목은 ‘러브 스카우트’로 확정됐다."),
        ("", "ドラマ「最高の秘書（仮）」のタイトルが「ラブ・スカウト」に決定した。"),
    ],
)
def test_working_title_linked_to_final_title(title: str, body: str) -> None:
    shows = find_entities(title, body).shows
    working = [m for m in shows if m.role == "working_title"]
    final = [m for m in shows if m.role == "title"]
    assert len(working) == 1 and len(final) == 1
    assert working[0].working_title_of == final[0].key


def test_html_italics_are_titles() -> None:
    found = find_entities("", "She stars in Queen of Tears.", html="<p>She stars in <em>Queen of Tears</em>.</p>")
    assert names(found.shows) == {show_key("Queen of Tears")}


def test_emphasised_texts_are_titles() -> None:
    html = "<p>He told <i>Variety</i> that <em>Queen of Tears</em> and <cite>Moving</cite> did <b>well</b>.</p>"
    assert emphasised_texts(html) == ("Variety", "Queen of Tears", "Moving")
    body = "He told Variety that Queen of Tears and Moving did well. Kim Ji-won will star in a new film."
    found = find_entities("", body, emphasis=emphasised_texts(html))
    assert names(found.shows) == {show_key("Queen of Tears"), show_key("Moving")}  # Variety: an outlet
    assert names(found.people) == {person_key("Kim Ji-won")}


def test_an_emphasised_title_missing_from_the_text_masks_nothing() -> None:
    # the title is kept, and the name at the start of the text is still read
    found = find_entities("", "Kim Ji-won will star in it.", html="<p>Kim Ji-won will star in <em>Lovely Runner</em>.</p>")
    assert names(found.shows) == {show_key("Lovely Runner")}
    assert names(found.people) == {person_key("Kim Ji-won")}


@pytest.mark.parametrize(
    ("body", "shows"),
    [
        ("Netflix's Squid Game will return for a second season.", {"Squid Game"}),
        ("tvN's Queen of Tears, which stars Kim Soo-hyun, ended on Sunday.", {"Queen of Tears"}),
        ("Disney+'s Moving is getting a second season.", {"Moving"}),
        ("Netflix's The Glory Part 2 tops the charts.", {"The Glory"}),
        # a role, the platform's own things, a headline's run of capitalised words
        ("Netflix's CEO Ted Sarandos said the company will invest more.", set()),
        ("Netflix's Top 10 list was dominated by Korean shows.", set()),
        ("TVING's Neon Alley Rounds Out Cast With Ryu Ji-an", set()),
    ],
)
def test_platform_possessive_titles(body: str, shows: set[str]) -> None:
    assert names(find_entities("", body).shows) == {show_key(s) for s in shows}


def test_title_context_stays_on_its_line() -> None:
    found = find_entities("", "Netflix's original\n\nHan Hyo-joo said she was thrilled to join the cast.")
    assert names(found.shows) == set()
    assert names(found.people) == {person_key("Han Hyo-joo")}


def test_unquoted_final_title_after_retitled() -> None:
    shows = find_entities("", "Knock Off (working title) has been retitled Trigger Point. Kim Soo-hyun stars.").shows
    working = [m for m in shows if m.role == "working_title"]
    assert [m.text for m in working] == ["Knock Off"]
    assert working[0].working_title_of == show_key("Trigger Point")


@pytest.mark.parametrize(
    ("body", "person", "forms"),
    [
        ("배우 한효주(Han Hyo-joo)가 넷플릭스 시리즈에 출연한다. 한효주는 주연을 맡는다.", "한효주", {"Han Hyo-joo"}),
        ("Actress Han Hyo-joo (한효주) will star. 한효주는 이번 작품에서 주연을 맡는다.", "Han Hyo-joo", {"한효주"}),
        ("ハン・ヒョジュ（Han Hyo-joo）と小栗旬（Oguri Shun）がW主演する。", "小栗旬", {"Oguri Shun"}),
        ("배우 오구리 슌(小栗旬)과 한효주가 출연한다.", "오구리 슌", {"小栗旬"}),
        ("배우 한효주(韓孝珠)가 주연을 맡는다.", "한효주", {"韓孝珠"}),
        # the name before the bracket is the name, not the words before it
        ("Actress Kim Soo Hyun (김수현) was cast in the series.", "Kim Soo Hyun", {"김수현"}),
    ],
)
def test_forms_of_one_name_in_brackets_are_one_person(body: str, person: str, forms: set[str]) -> None:
    people = find_entities("", body).people
    (mention,) = [m for m in people if m.text == person]
    assert set(mention.aliases) == forms
    others = {person_key(f) for f in forms}
    assert not any(m.key in others for m in people)  # not also a person of its own


@pytest.mark.parametrize(
    ("title", "body", "people"),
    [
        ("한소윤, 日 넷플릭스 '비를 피하는 식탁' 주연…모리카와 소타와 호흡",
         "넷플릭스 재팬은 한소윤이 일본 배우 모리카와 소타(森川蒼汰)와 함께 <비를 피하는 식탁>에 출연한다고 밝혔다.",
         {"한소윤", "모리카와 소타"}),
        ("김지원, 오가와 하루와 호흡", "배우 김지원이 오가와 하루와 함께 출연한다.", {"김지원", "오가와 하루"}),
        ("이민호·김미자, 새 드라마 출연", "배우 이민호와 김미자가 출연한다.", {"이민호", "김미자"}),
    ],
)
def test_a_japanese_surname_ending_in_wa_keeps_its_wa(title: str, body: str, people: set[str]) -> None:
    """"모리카와 소타" (森川蒼汰) was cut into 모리카 and 소타: 와 read as the particle "and";
    a Japanese surname in Hangul ends in 카와/가와 (川) or 사와/자와 (沢)."""
    assert {m.text for m in find_entities(title, body, "ko").people} == people


@pytest.mark.parametrize(
    ("title", "body", "people"),
    [
        ("정우빈, 「소금바람 일기」로 박지안과 로맨스…tvN 주연 확정",
         "배우 정우빈이 tvN 드라마 「소금바람 일기」의 남자 주인공으로 나선다.\n\n"
         "극 중 정우빈은 섬의 염전을 물려받은 청년 차도하를 연기하며, 박지안이 우체국장 고은별 역으로 호흡을 맞춘다.",
         {"정우빈", "박지안"}),
        ("", "배우 강민호는 새 드라마에 출연한다. 극 중 강민호는 형사 서지훈을 연기한다.", {"강민호"}),
    ],
)
def test_an_actor_introduced_by_the_trade_with_a_particle_is_no_character(title: str, body: str, people: set[str]) -> None:
    """tT finding 6: "배우 정우빈이" names the actor, though "극 중 정우빈은" reads as a character; only
    "배우 정우빈" with nothing after it kept him."""
    assert {m.text for m in find_entities(title, body, "ko").people} == people


@pytest.mark.parametrize(
    ("body", "people"),
    [
        ("이시하라 미우가 제빵사 역을 맡았고, 기무라 유토가 형사 역으로 출연한다.", {"이시하라 미우", "기무라 유토"}),
        ("한지민과 오구리 켄토가 주연을 맡는다.", {"한지민", "오구리 켄토"}),
        ("기무라 유토·이시하라 미우가 출연한다.", {"이시하라 미우", "기무라 유토"}),
        # a Korean full name before a word of the trade stays alone
        ("정해인 촬영 돌입. 정해인이 출연한다.", {"정해인"}),
    ],
)
def test_a_japanese_name_in_hangul_whose_surname_reads_as_a_korean_name(body: str, people: set[str]) -> None:
    """tT finding 6: "기무라 유토가 형사 역으로 출연한다" gave no one: 기무라 (기 + 무라) is shaped like a
    Korean full name, so its given name of two syllables was not joined to it."""
    assert {m.text for m in find_entities("", body, "ko").people} == people


_NOUNS_AFTER_A_NAME = [
    "사진이", "본인이", "측근이", "부친이", "모친이", "근황이", "하차가", "화보가", "미모가", "남편이", "아내가", "공백이",
    "발언이", "논란이", "대사가", "이름이", "나이가", "고백이", "반응이",
]


@pytest.mark.parametrize(
    ("body", "people"),
    [
        *((f"배우 김수현 {noun} 화제다. 김수현은 새 드라마 '봄날'에 출연한다.", {"김수현"}) for noun in _NOUNS_AFTER_A_NAME),
        ("이번 작품에는 김수현, 박보영 남편이 출연한다.", {"김수현", "박보영"}),
        ("이정재 감독이 연출하고 배우 정우성 본인이 출연한다.", {"정우성"}),
        # a Korean name that kana could spell, then a noun kana could spell: written alone elsewhere
        ("배우 이민호 미소가 화제다. 이민호는 새 드라마 '봄날'에 출연한다.", {"이민호"}),
        ("배우 유인나 기사가 화제다. 유인나가 새 드라마 '봄날'에 출연한다.", {"유인나"}),
    ],
)
def test_a_korean_full_name_before_a_noun_about_its_person_stays_alone(body: str, people: set[str]) -> None:
    """Review B2: "배우 김수현 사진이 화제다" named "김수현 사진": the given name of a Japanese name in
    Hangul was joined to any full name whose next word carried a particle. Only a pair that kana could
    spell, whose first word is never written alone with a particle, is one name."""
    assert {m.text for m in find_entities("", body, "ko").people} == people


@pytest.mark.parametrize(
    ("body", "people"),
    [
        ("Korean actor Do-yoon Seo has joined Miu Ishihara in 'Blue Echo', a WOWOW drama.", {"Do-yoon Seo", "Miu Ishihara"}),
        ("Park Min-young joins Kento Yamazaki in the Netflix series.", {"Park Min-young", "Kento Yamazaki"}),
        ("Emma Stone joins Ryan Gosling in 'Spring Letter'.", {"Emma Stone", "Ryan Gosling"}),
        ("Emma Stone joins Ryan Gosling for the upcoming romance film.", {"Emma Stone", "Ryan Gosling"}),
        # review B3: one also joins an agency or an institution, no cast member
        ("Lee Do-hyun joined Starship Entertainment in 2024.", {"Lee Do-hyun"}),
        ("Han So-hee is joining Hybe Labels Japan after her drama ends.", {"Han So-hee"}),
        ("Song Kang joins Marine Corps next month, his agency said.", {"Song Kang"}),
        ("Lee Chae-yeon joins Starship as a trainee.", {"Lee Chae-yeon"}),
    ],
)
def test_the_one_joined_is_a_cast_member(body: str, people: set[str]) -> None:
    """tT finding 6: "has joined Miu Ishihara in 'Blue Echo'" missed Miu Ishihara; review B3: the
    name after "joins" is a person only with a casting after it or when it reads as a person's."""
    assert {m.text for m in find_entities("", body, "en").people} == people


@pytest.mark.parametrize(
    ("title", "body", "people"),
    [
        ("森川蒼汰、Netflix『雨宿りの食卓』で主演　韓国の俳優ハン・ソユンと共演",
         "韓国の俳優ハン・ソユンがヒロインを務める。", {"森川蒼汰", "ハン・ソユン"}),
        ("", "韓国の女優キム・ジウォンが出演する。", {"キム・ジウォン"}),
    ],
)
def test_a_katakana_name_after_a_kanji_word_is_read_from_its_start(title: str, body: str, people: set[str]) -> None:
    """tT finding 6: "俳優ハン・ソユンと共演" also gave ン・ソユン: a name before a cue could not start right
    after kanji, so it started at the second kana."""
    assert {m.text for m in find_entities(title, body, "ja").people} == people


@pytest.mark.parametrize(
    ("body", "people"),
    [
        ("Bae Soo Yeon will play ad agency team leader Han Ji Soo, and Lee Jun Seo will play her ex-husband.",
         {"Bae Soo Yeon", "Lee Jun Seo"}),
        ("Kim Tae-ri plays a third-year high school student Seo Ha-na in the series.", {"Kim Tae-ri"}),
    ],
)
def test_a_character_after_a_long_role_is_no_cast_member(body: str, people: set[str]) -> None:
    """tT finding 6: "will play ad agency team leader Han Ji Soo" listed the character: only three
    words were allowed between "play" and the name."""
    assert {m.text for m in find_entities("", body, "en").people} == people


def test_a_character_glossed_with_its_actor_is_not_an_alias() -> None:
    # same script: a character and the actor who plays it, not two forms of one name
    people = find_entities("", "Lee Je-hoon will star as Kim Do-gi (Lee Je-hoon) again.").people
    assert all("Kim Do-gi" not in m.aliases for m in people)


def test_aliases_merge_and_split(tmp_path: Path) -> None:
    path = tmp_path / "aliases.toml"
    path.write_text(
        """
[[person]]
name = "Han Hyo-joo"
aliases = ["한효주", "ハン・ヒョジュ"]

[[show]]
name = "Romantics Anonymous"
aliases = ["로맨틱 어나니머스"]

[[split]]
kind = "person"
name = "Lee Joon (MBLAQ)"
key = "lee joon mblaq"
aliases = ["Lee Joon"]
""",
        encoding="utf-8",
    )
    aliases = load_aliases(path)
    assert isinstance(aliases, Aliases)
    korean = find_entities("한효주, ‘로맨틱 어나니머스’ 주연 확정", "배우 한효주가 출연한다.", aliases=aliases)
    assert [m.key for m in korean.people] == [person_key("Han Hyo-joo")]
    assert korean.people[0].name == "Han Hyo-joo"
    assert [m.key for m in korean.shows] == [show_key("Romantics Anonymous")]
    english = find_entities("", "Lee Joon and Lee Jun-ho will star in the drama.", aliases=aliases)
    assert {m.key for m in english.people} == {"lee joon mblaq", person_key("Lee Jun-ho")}
    # a title the file names is found unquoted, in English and in Korean (with its particle)
    bare = find_entities("Romantics Anonymous Renewed for Season 2", "Netflix renewed the drama.", "en",
                         aliases=aliases)
    assert [m.name for m in bare.shows] == ["Romantics Anonymous"]
    korean_bare = find_entities("로맨틱 어나니머스 시즌2 확정", "한효주가 로맨틱 어나니머스에 다시 출연한다.", "ko",
                                aliases=aliases)
    assert [m.name for m in korean_bare.shows] == ["Romantics Anonymous"]
    assert "로맨틱" not in {m.text for m in korean_bare.people}
    assert pickle.loads(pickle.dumps(aliases)).show_titles == ("Romantics Anonymous", "로맨틱 어나니머스")
    assert find_entities("Romantics Anonymous Renewed for Season 2", "Netflix renewed the drama.", "en").shows == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[actor]]\nname = 'x'", "unknown section"),
        ("[[person]]\naliases = ['x']", "needs a name"),
        ("person = 1", "array of tables"),
        ("[[split]]\nname = 'x'", "kind must be"),
        ("[[person]\n", "invalid TOML"),
        ("\ufeff[[person]]\naliases = ['x']", "needs a name"),  # a byte order mark is read past
    ],
)
def test_alias_file_errors_are_user_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "aliases.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError, match=message):
        load_aliases(path)


@pytest.mark.parametrize(("text", "message"), [
    ("[[show]]\nname = 5", "[[show]] #1: name must be text, not 5"),  # said 'needs a name': it has one
    ("[[show]]\nname = ['A', 'B']", "[[show]] #1: name must be text, not ['A', 'B']"),
    ("[[show]]\nname = ''", "[[show]] #1 needs a name"),
    ("[[show]]\nname = 'A'\n[[person]]\nkey = 'x'", "[[person]] #1 needs a name"),
])
def test_an_alias_entry_error_names_the_file_and_says_what_is_wrong(tmp_path: Path, text: str,
                                                                   message: str) -> None:
    """Every command reading the file (crawl, entities --apply-aliases, …) names it the same way."""
    path = tmp_path / "aliases.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as error:
        load_aliases(path)
    assert str(error.value) == f"aliases file {path}: {message}"


def test_missing_alias_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not found"):
        load_aliases(tmp_path / "nope.toml")


def test_parse_aliases_empty() -> None:
    assert parse_aliases({}).resolve("person", "x", "x") is None


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("永瀬陸（BLUE ARC）がドラマに主演する。高木健（BLUE ARC）も出演する。", "ja"),
        ("배우 한도윤(NEXT ONE)이 주연을 맡는다. 배우 서민준(NEXT ONE)도 출연한다.", "ko"),
    ],
)
def test_a_group_in_brackets_is_not_a_members_spelling(body: str, language: str) -> None:
    # the group's name is no romanisation of either member: two people, no shared form
    people = find_entities("", body, language).people
    assert len(people) == 2
    assert all(not m.aliases for m in people)


@pytest.mark.parametrize(
    ("body", "people"),
    [
        ("'늦은 여름'은 작은 사진관을 운영하는 여자가 첫사랑의 기억을 마주하는 이야기를 그린 멜로 영화다. 배우 한지석이 주연을 맡았다.",
         {"한지석"}),
        ("배우 정세린이 새 예능 프로그램에 고정 출연한다. 정세린은 방송인 김태오, 가수 류지환과 함께 활약할 예정이다.",
         {"정세린", "김태오", "류지환"}),
        ("서은호는 편의점의 수상한 야간 점장 도하 역을 맡아 호흡을 맞춘다.", {"서은호"}),
        ("그룹 세븐라인 멤버 유도현이 지상파 드라마 주연으로 발탁됐다. 이번 작품으로 첫 지상파 주연에 도전한다.", {"유도현"}),
        ("최강민, 건강 문제로 '붉은 달' 하차…정태윤 대체 투입", {"최강민", "정태윤"}),
        ("윤서진과 강태호가 주연을 맡았다. 토일드라마 슬롯에는 특별 편성이 이어질 예정이다.", {"윤서진", "강태호"}),
        ("창작 뮤지컬 '시간의 정원'이 초연 캐스팅을 공개했다. 민지아, 이현우, 최다온이 출연한다.", {"민지아", "이현우", "최다온"}),
        ("이하늘·차은결·박서윤, '봄날의 약속' 대본리딩 현장 공개", {"이하늘", "차은결", "박서윤"}),
        ("'봄날의 약속'은 결혼을 앞두고 사라진 약혼자를 찾아 나선 여자의 이야기다. 이하늘이 주연을 맡았다.", {"이하늘"}),
        ("애니메이션 '하늘고래' 목소리 출연…배급사는 \"한국어 더빙판에서 성우 유진서가 주인공 목소리를 맡았다\"고 밝혔다.",
         {"유진서"}),
    ],
)
def test_korean_common_words_are_not_people(body: str, people: set[str]) -> None:
    # a word before the noun it describes, a trade, a verb: no name, though a cue is near
    assert {m.text for m in find_entities("", body, "ko").people} == people


@pytest.mark.parametrize(
    ("title", "body", "shows"),
    [
        ("人気漫画『放課後のカノン』実写映画化", "人気漫画『放課後のカノン』が実写映画化される。原作は「週刊少年ステップ」で連載中の青春音楽漫画。",
         {"放課後のカノン"}),
        ("TVアニメのキャスト発表", "原作は『月刊ファンタジア』で連載中の同名漫画。", set()),
        ("山崎浩介、月9初主演決定", "月9ドラマ『ラストレター診療所』で、患者たちの「最後の手紙」を届ける町医者を演じる。", {"ラストレター診療所"}),
        ("月9『海辺のレストラン』自己最高を更新", "SNSでは「毎週泣ける」「最終回まで見届けたい」と反響が寄せられた。", {"海辺のレストラン"}),
        ("『オオカミの告白』出演メンバー解禁", "新恋愛リアリティーショー『オオカミの告白』では、メンバーの中に正体を隠した「オオカミ」が紛れている。",
         {"オオカミの告白"}),
        ("松村颯太主演『遠い灯』公開決定", "主演映画『遠い灯（ともしび）』が公開される。映画『遠い灯』は2027年2月20日公開。", {"遠い灯"}),
        # with no 『』 in the article, or in its headline, 「」 still hold titles
        ("小栗旬、TBS日曜劇場で主演", "TBS系ドラマ「ラストノート」で主演を務める。", {"ラストノート"}),
        ("主演「ロマンティック・アノニマス」配信スタート", "「ロマンティック・アノニマス」（原題『Romantics Anonymous』）が配信される。",
         {"ロマンティック・アノニマス", "Romantics Anonymous"}),
    ],
)
def test_japanese_quotes_that_are_no_titles(title: str, body: str, shows: set[str]) -> None:
    # where an article writes its titles in 『』, 「」 hold phrases; a magazine and a title's reading are no shows
    assert {m.text for m in find_entities(title, body, "ja").shows} == shows


@pytest.mark.parametrize(
    ("title", "body", "people"),
    [
        ("", "南条ゆいが出演することが決定した。", {"南条ゆい"}),
        ("", "出演メンバーとして、人気インフルエンサーの早瀬りくと天野まひろらが発表された。", {"早瀬りく", "天野まひろ"}),
        ("", "共演の森川ひなたとともに、撮影に臨んだ。", {"森川ひなた"}),
        ("『オオカミの告白』出演メンバー解禁　MCに野田光", "スタジオMCはお笑い芸人の野田光が務める。", {"野田光"}),
        ("FLAME佐伯航大、新バラエティ『土曜の冒険団』レギュラー出演決定",
         "同番組は、MCのお笑いコンビ・ペンギンズの木下大輔が日本各地を旅する冒険バラエティ。", {"佐伯航大", "木下大輔"}),
        ("", "5人組グループ・FLAMEの佐伯航大が、新バラエティ番組のMCを務める。", {"佐伯航大"}),
        # a verb of two kanji and its kana is still no name; nor is a troupe of travelling players
        ("", "王子が旅芸人の一座に身を隠しながら、祖国のために頑張った姿を描く。女優の石田沙耶が出演する。", {"石田沙耶"}),
    ],
)
def test_japanese_names_with_kana_given_names_and_who_introduces_them(title: str, body: str, people: set[str]) -> None:
    assert {m.text for m in find_entities(title, body, "ja").people} == people


@pytest.mark.parametrize(
    ("body", "people"),
    [
        ("[스포츠조선 이현아 기자] 그룹 블루문 하람이 애니메이션 더빙에 도전한다.", {"하람"}),
        ("이날 방송에서는 세자 이현(이도윤 분)이 궁녀 연화(한소미 분)의 정체를 알게 됐다.", {"이도윤", "한소미"}),
    ],
)
def test_korean_member_after_the_group_and_actor_after_the_character(body: str, people: set[str]) -> None:
    assert {m.text for m in find_entities("", body, "ko").people} == people


@pytest.mark.parametrize(
    ("body", "people"),
    [
        # the roles of a cast listed, "plays" said once: Kim Se-ra is no character "the captain, Kim Se-ra"
        ("Park Ji-hoon and Kim Se-ra will star in the series.\n\nThe drama follows a ferry captain and a scientist. "
         "Park Ji-hoon plays the captain, Kim Se-ra the scientist.", {"Park Ji-hoon", "Kim Se-ra"}),
        # a second clause with its own "plays": Choi Min-jae plays, he is not played
        ("\"Glass Garden\", starring Han Hyo-joo and Choi Min-jae, premieres January 15.\n\n"
         "Han Hyo-joo plays the botanist, while Choi Min-jae plays a detective with a secret of his own.",
         {"Han Hyo-joo", "Choi Min-jae"}),
        # an apposition is still the character
        ("Kim Ha-yoon and Lee Do-hyun star in the drama. Kim Ha-yoon plays the lawyer, Yeo Ha-eun, who fights on.",
         {"Kim Ha-yoon", "Lee Do-hyun"}),
    ],
)
def test_a_later_sentence_giving_the_cast_their_roles_keeps_every_actor(body: str, people: set[str]) -> None:
    assert {m.text for m in find_entities("Drama casting news", body, language="en").people} == people


def test_the_subject_of_a_clause_inside_a_japanese_sentence_is_no_name() -> None:
    """"森山は、閉鎖が決まった灯台を守る…を演じる": 閉鎖 (closure) is what was decided, not a person;
    the family name said alone after the full name still is one."""
    body = ("俳優の森山航平が、TBS系日曜劇場『赤い灯台』に出演することが決定した。\n"
            "森山は、閉鎖が決まった灯台を守る灯台守の息子を演じる。")
    assert {m.text for m in find_entities("森山航平、TBS日曜劇場『赤い灯台』に出演決定", body, "ja").people} == {"森山航平"}


@pytest.mark.parametrize(
    "body",
    ["공개된 티저 예고편에는 몰락한 패션 하우스의 수장이 된 모델 역의 윤서아의 모습이 담겼다.",
     "티저에서는 모델 역을 맡은 윤서아가 런웨이를 걷는다."],
)
def test_a_korean_name_after_the_role_it_plays(body: str) -> None:
    assert {m.text for m in find_entities("'서울 런웨이', 티저 예고편 공개", body, "ko").people} == {"윤서아"}


@pytest.mark.parametrize(
    ("title", "body", "shows"),
    [
        ("Japanese Drama 'Library Of Mist' Renewed For Season 2 On Lemino",
         "Lemino's hit Japanese mystery 'Library Of Mist' is coming back for a second season!", {"Library Of Mist"}),
        ("Prime Video to Stream tvN's 'Spring Tide Diner' Worldwide",
         "In Korea, the series airs on tvN. Prime Video will stream 'Spring Tide Diner' in more than 240 countries "
         "and territories outside Korea.", {"Spring Tide Diner"}),
    ],
)
def test_a_country_or_a_place_is_no_show(title: str, body: str, shows: set[str]) -> None:
    """"Lemino's hit Japanese mystery" read "Japanese" as the hit's title, and "In Korea, the
    series airs" "Korea" as a show in apposition."""
    assert {m.text for m in find_entities(title, body, "en").shows} == shows


def test_a_japanese_word_and_its_particle_is_no_name() -> None:
    body = "日本発の作品は藤井真央主演の『大阪十二夜』など5作品。韓国からはチャン・ヒョヌ主演『ペーパームーン探偵』などがラインナップされた。"
    assert {m.text for m in find_entities("ディズニープラス、ラインナップ発表", body, "ja").people} == {"藤井真央", "チャン・ヒョヌ"}


@pytest.mark.parametrize(
    ("title", "body", "show"),
    [
        ("佐伯蒼、WOWOW「連続ドラマW 白鷺の庭」で主演", "「白鷺の庭」は京都の旧家を舞台にした物語。", "白鷺の庭"),
        ("", "WOWOWの「連続ドラマW白鷺の庭」が京都でクランクインした。", "白鷺の庭"),
        ("", "TBSの『日曜劇場　赤い灯台』に森山航平が出演する。", "赤い灯台"),
        ("", "テレビ東京『ドラマ25 深夜の台所』の放送が決定した。", "深夜の台所"),
        ("", "NHK「夜ドラ・灯の町」の撮影が始まった。", "灯の町"),
        ("", "「WOWOWオリジナルドラマ 沈黙の証人」の続編が決まった。", "沈黙の証人"),
    ],
)
def test_a_japanese_programme_frame_is_no_part_of_the_title(title: str, body: str, show: str) -> None:
    """A broadcaster's slot (連続ドラマW, 日曜劇場, ドラマ25, 夜ドラ …) written inside the quotes names
    the frame, not the show: the title is what follows, so a report writing 「白鷺の庭」 or the English
    "Shirasagi no Niwa (白鷺の庭)" is about the same show."""
    assert [m.name for m in find_entities(title, body, "ja").shows] == [show]


@pytest.mark.parametrize(
    ("framed", "title"),
    [("連続ドラマW 白鷺の庭", "白鷺の庭"), ("連続ドラマＷ　白鷺の庭", "白鷺の庭"), ("大河ドラマ 光る君へ", "光る君へ"),
     ("月9 ラストノート", "ラストノート"), ("オシドラサタデー 君の家", "君の家"), ("木曜劇場・夜明けのカルテ", "夜明けのカルテ")],
)
def test_a_title_with_its_programme_frame_has_the_titles_key(framed: str, title: str) -> None:
    assert show_key(framed) == show_key(title)


@pytest.mark.parametrize("title", ["日曜劇場", "月9の女王", "土曜日の恋人", "ドラマ24時"])
def test_a_title_that_only_starts_like_a_programme_frame_keeps_its_key(title: str) -> None:
    assert show_key(title) == title


@pytest.mark.parametrize(
    ("title", "body", "language", "shows"),
    [
        # a correction quotes the wrong date and the right one
        ("【訂正】北川莉子主演「夜明けのカルテ」、2027年1月15日スタート",
         "フジテレビは、北川莉子が主演を務める木曜劇場「夜明けのカルテ」を2027年1月15日から放送すると発表した。\n\n"
         "【訂正】初出時、放送開始日を「1月8日」としていましたが、正しくは「1月15日」です。お詫びして訂正いたします。",
         "ja", {"夜明けのカルテ"}),
        ("", "視聴率は「10.2%」を記録し、「第1話」から「21時」枠の最高となった。", "ja", set()),
        ("", "『유리정원』의 공개일이 '12월 18일'로 변경됐다.", "ko", {"유리정원"}),
        ("Netflix moves 'Glass Garden' to 'December 18'", "", "en", {"Glass Garden"}),
        # a bare number in 『』 may be a film's title
        ("", "映画『2046』が再上映される。", "ja", {"2046"}),
    ],
)
def test_a_quoted_date_or_figure_is_no_title(title: str, body: str, language: str, shows: set[str]) -> None:
    assert {m.text for m in find_entities(title, body, language).shows} == shows


@pytest.mark.parametrize(
    ("title", "body", "people"),
    [
        # 初挑戦 (a first try) after "役に", where an actor may stand
        ("中川健太、TBS新ドラマ「週末のレシピ」で主演　料理人役に初挑戦",
         "俳優の中川健太が、TBSの新ドラマ「週末のレシピ」で主演を務める。", {"中川健太"}),
        # 自分 (oneself) before 演じ
        ("", "俳優の佐伯蒼が主演を務める。佐伯は「この家族の物語を必ず自分が演じたいと思いました」とコメントを寄せた。",
         {"佐伯蒼"}),
        # 初出時 (when first published) opening a correction
        ("", "女優の北川莉子が主演を務める。\n\n【訂正】初出時、放送開始日を「1月8日」としていました。", {"北川莉子"}),
        # a programme frame before its quoted title
        ("北川莉子、NHK夜ドラ「灯の町」で主演", "女優の北川莉子がNHK夜ドラ「灯の町」で主演を務める。", {"北川莉子"}),
        ("", "出演は森下結衣、中川健太ほか。", {"森下結衣", "中川健太"}),
    ],
)
def test_japanese_words_that_are_no_names(title: str, body: str, people: set[str]) -> None:
    assert {m.text for m in find_entities(title, body, "ja").people} == people


@pytest.mark.parametrize(
    ("title", "body", "people"),
    [
        # the second name is the one a role belongs to: 中川健太の同僚役
        ("「週末のレシピ」追加キャストに森下結衣　中川健太の同僚役", "", {"森下結衣"}),
        ("", "共演には北川景子　中川健太らが名を連ねる。", {"北川景子", "中川健太"}),
        ("", "共演には堺雅人　北村匠海らが名を連ねる。", {"堺雅人", "北村匠海"}),
        # a space inside one name still joins family and given name
        ("", "出演は森下　結衣、中川健太ほか。", {"森下 結衣", "中川健太"}),
    ],
)
def test_a_space_between_two_japanese_full_names_parts_them(title: str, body: str, people: set[str]) -> None:
    assert {m.text for m in find_entities(title, body, "ja").people} == people


@pytest.mark.parametrize(
    ("title", "shows"),
    [
        ("Yamada Haruka and Sato Ren to lead TBS drama 'The Bride's Lie'", {"The Bride's Lie"}),
        ("Yamada Haruka and Sato Ren to lead TBS drama \u2018The Bride\u2019s Lie\u2019", {"The Bride\u2019s Lie"}),
        ("Kim Min-ji joins 'Grey's Anatomy' as a surgeon", {"Grey's Anatomy"}),
        ("Kim Min-ji joins 'I'm Not a Robot' remake", {"I'm Not a Robot"}),
        ("Kim Min-ji joins 'Glass Garden's' cast", {"Glass Garden"}),
        ("Kim Min-ji joins 'Glass Garden''s cast", {"Glass Garden"}),
        ("Kim Min-ji joins \u2018Glass Garden\u2019s cast", {"Glass Garden"}),
        ("Netflix dramas 'Grey's Anatomy', 'Goblin' and 'Itaewon Class' top the list", {"Grey's Anatomy", "Goblin", "Itaewon Class"}),
    ],
)
def test_an_apostrophe_inside_a_single_quoted_title(title: str, shows: set[str]) -> None:
    """'The Bride's Lie' gave no show: the apostrophe of "Bride's" was taken for the closing
    quote, which may not stand before a letter; in curly quotes the title was "The Bride"."""
    assert {m.text for m in find_entities(title, "", "en").shows} == shows


def test_a_k_pop_comeback_names_records_and_members_not_shows_and_people() -> None:
    """A group's comeback (the tI fixture's ko-4): "정규 2집 '노스'" is an album and "타이틀곡
    '오로라'" a song, not shows; "정규" (full-length) and "멤버 전원" (all members) are no one."""
    title = "그룹 스텔라, 정규 2집으로 컴백…타이틀곡 '오로라'"
    body = ("그룹 스텔라가 정규 2집으로 컴백한다.\n"
            "소속사는 6일 스텔라가 오는 20일 정규 2집 '노스'를 발매한다고 밝혔다. 타이틀곡 '오로라'는 몽환적인 신스팝 장르다.\n"
            "스텔라는 이번 앨범에서 멤버 전원이 작사에 참여해 음악적 성장을 보여줄 예정이다.\n"
            "컴백에 앞서 스텔라는 다음 주부터 콘셉트 사진과 뮤직비디오 티저를 순차 공개한다.")
    found = find_entities(title, body, "ko")
    assert found.shows == () and found.people == ()


@pytest.mark.parametrize(
    ("title", "body", "shows"),
    [
        ("그룹 스텔라, 신보 '노스'로 컴백", "그룹 스텔라가 미니 3집 '노스'로 돌아온다. 타이틀곡은 '오로라'다.", set()),
        ("배우 김태희, '하이바이, 마마!'로 컴백", "김태희가 드라마 '하이바이, 마마!'로 5년 만에 안방극장에 복귀한다.", {"하이바이, 마마!"}),
    ],
)
def test_a_record_a_group_comes_back_with_is_no_show_but_an_actors_drama_is(title: str, body: str, shows: set[str]) -> None:
    assert {m.text for m in find_entities(title, body, "ko").shows} == shows


def test_a_co_production_is_no_japanese_name() -> None:
    """"日韓合作ドラマ" (a Japan-Korea co-production) after "主演を務める" was read as a name."""
    title = "中村結衣＆オ・ジフン、日韓合作ドラマ『赤い糸』クランクイン"
    body = "女優の中村結衣と韓国俳優オ・ジフンがダブル主演を務める日韓合作ドラマ『赤い糸』が、ソウルでクランクインした。"
    assert {m.text for m in find_entities(title, body, "ja").people} == {"中村結衣", "オ・ジフン"}


@pytest.mark.parametrize(
    ("title", "body", "people"),
    [
        ("애플TV+ '솔트 브리지' 시즌2, 2월 24일 공개…유시현·클레어 던햄 재회",
         "애플TV+ 시리즈 '솔트 브리지' 시즌2가 내년 2월 24일 공개된다.\n유시현과 클레어 던햄이 다시 주연을 맡았다.",
         {"유시현", "클레어 던햄"}),
        ("'솔트 브리지' 캐스팅", "할리우드 배우 제니퍼 로페즈가 '솔트 브리지'에 출연한다.", {"제니퍼 로페즈"}),
        # a character's name is no actor, loanwords of the trade no name
        ("'솔트 브리지' 캐스팅", "배우 유시현이 클레어 던햄 역을 맡았다.", {"유시현"}),
        ("'솔트 브리지' 캐스팅", "유시현은 블랙 코미디 장르에 처음 출연한다.", {"유시현"}),
    ],
)
def test_a_western_name_written_in_hangul(title: str, body: str, people: set[str]) -> None:
    """"클레어 던햄" (Claire Dunham) beside a cue was no one: its first word ends like a
    Korean verb (어); two words that read as a transliteration now join into one name."""
    assert {m.text for m in find_entities(title, body, "ko").people} == people



@pytest.mark.parametrize(("title", "body", "language", "show", "translation"), [
    ("김지원X이도현 '달빛 약국(Moonlight Pharmacy)' 캐스팅", "배우 김지원과 이도현이 '달빛 약국(Moonlight Pharmacy)'에 캐스팅됐다.",
     "ko", "달빛 약국", "Moonlight Pharmacy"),
    ("'강철왕관(Iron Crown)' 첫 촬영", "드라마 '강철왕관(Iron Crown)'이 첫 촬영을 시작했다.", "ko", "강철왕관", "Iron Crown"),
    ("『青の航跡（Blue Wake）』配信決定", "ドラマ『青の航跡（Blue Wake）』がNetflixで配信される。", "ja", "青の航跡", "Blue Wake"),
])
def test_a_translation_in_brackets_inside_the_quotes_is_the_titles_translation(
        title: str, body: str, language: str, show: str, translation: str) -> None:
    """Not one title "달빛 약국(Moonlight Pharmacy)", apart from both of its forms."""
    found = find_entities(title, body, language)
    assert [(m.text, m.aliases) for m in found.shows] == [(show, (translation,))]


@pytest.mark.parametrize(("title", "body", "language", "working", "final"), [
    ("'Paper Moon Hotel' has been retitled 'Harbor Lights.'",
     "The drama 'Paper Moon Hotel' has been retitled 'Harbor Lights.' It stars Kim Ji-won.", "en",
     "Paper Moon Hotel", "Harbor Lights"),
    ("JTBC's 'Summer Letters' retitled 'Farewell Summer'",
     "JTBC's upcoming drama \"Summer Letters\" has been retitled \"Farewell Summer.\"", "en",
     "Summer Letters", "Farewell Summer"),
    ("'Harbor Lights' is the new title of 'Paper Moon Hotel'", "Filming begins next month.", "en",
     "Paper Moon Hotel", "Harbor Lights"),
    ("'여름 편지', '작별의 여름'으로 제목 확정", "JTBC 새 드라마 '여름 편지'가 '작별의 여름'으로 제목을 확정했다.", "ko",
     "여름 편지", "작별의 여름"),
    ("『夏の手紙』が『さよならの夏』に改題", "ドラマ『夏の手紙』が『さよならの夏』に改題された。", "ja", "夏の手紙", "さよならの夏"),
])
def test_a_retitle_ties_the_working_title_to_its_final_title(
        title: str, body: str, language: str, working: str, final: str) -> None:
    shows = {m.text: m for m in find_entities(title, body, language).shows}
    assert shows[working].role == "working_title"
    assert shows[working].working_title_of == shows[final].key
    assert shows[final].working_title_of is None
    # two titles side by side are not a retitle
    plain = find_entities(f"Kim Ji-won stars in '{working}' and '{final}'", "Both get posters.", "en")
    assert all(m.working_title_of is None for m in plain.shows)


@pytest.mark.parametrize(("title", "body", "people"), [
    ("桜井ひなの×永瀬陸「恋するパン屋さん」予告解禁",
     "女優の桜井ひなのが主演を務めるTBS系火曜ドラマ「恋するパン屋さん」の予告映像が解禁された。\n◆桜井ひなの＆永瀬陸、息ぴったり",
     {"桜井ひなの", "永瀬陸"}),
    ("森川あやの、初の刑事役", "女優の森川あやのが連続ドラマ「青い坂」で主演を務める。", {"森川あやの"}),
    # the particle: "桜井ひなの主演作" with the name written without it elsewhere
    ("女優の桜井ひなが主演", "桜井ひなが主演を務める。桜井ひなの新作はTBS系で放送。", {"桜井ひな"}),
])
def test_a_kana_given_name_keeps_its_final_no(title: str, body: str, people: set[str]) -> None:
    """桜井ひなの was stored as 桜井ひな: names were read up to the particle の, which a kana
    given name may end with; now what follows decides (が, 、, × after it: the name's)."""
    assert {m.text for m in find_entities(title, body, "ja").people} == people


@pytest.mark.parametrize(("title", "body", "language", "people"), [
    # the actor is the subject, the character what the actor appears as
    ("'블루 문' 시즌2 제작 확정..최가온 돌아온다",
     "디즈니+는 \"시즌1을 이끈 최가온이 다시 주인공 한서윤으로 출연한다\"고 밝혔다.\n"
     "시즌2는 1년 뒤를 배경으로, 한서윤이 국제 연구팀에 합류하며 더 큰 비밀에 다가선다.", "ko", {"최가온"}),
    ("도하준, 윤채령과 '달빛 정원사' 출연 확정",
     "도하준은 식물원을 사들이려는 투자사 대표 강이준으로 변신하고, 윤채령은 식물원을 지키려는 정원사 서하늘을 연기한다.\n"
     "극 중 서하늘은 괴짜 정원사다. '달빛 정원사'(극본 한수진/연출 박은솔)는 내년 방송된다.", "ko", {"도하준", "윤채령"}),
    ("森下璃子、月9初主演「白い灯台」",
     "女優の森下璃子が、フジテレビ系月9ドラマ「白い灯台」で同枠初主演を務める。共演は高槻蒼。\n"
     "森下は「歴史ある月9で主演を務めさせていただくことになり、身が引き締まる思いです」と明かした。", "ja",
     {"森下璃子", "高槻蒼"}),
    ("桜井ひなの、初のパン職人役で早朝特訓「失敗したパンは家族の朝ごはんに」＜インタビュー＞",
     "TBS系火曜ドラマ「恋するパン屋さん」で主演を務める女優の桜井ひなのにインタビュー。", "ja", {"桜井ひなの"}),
])
def test_verbs_settings_characters_and_firsts_are_no_cast(
        title: str, body: str, language: str, people: set[str]) -> None:
    """지키려 (a verb), 배경 ("배경으로,"), characters ("한서윤으로 출연", "서하늘을 연기", "극 중"),
    the director after "극본 …/연출", 歴史ある, 同枠初 and 早朝特訓 were taken as cast, and
    최가온 was lost to "이끈 최" read as a two-word foreign name."""
    assert {m.text for m in find_entities(title, body, language).people} == people


@pytest.mark.parametrize(("title", "body", "language", "shows"), [
    ("森下璃子、月9初主演「白い灯台」",
     "フジテレビ系月9ドラマ「白い灯台」で主演を務める。\n◆高槻蒼「しおりは森下さんしかいない」\n高槻は意気込んだ。", "ja",
     ["白い灯台"]),
    ("佐伯隆之介主演「刑事の灯」続編決定",
     "日本テレビ系ドラマ「刑事の灯」の続編が決定した。\n◆佐伯隆之介「もう一度、灯野として生きられる」\n喜びを語った。", "ja",
     ["刑事の灯"]),
    ("桜井ひなの、早朝特訓「失敗したパンは家族の朝ごはんに」＜インタビュー＞",
     "TBS系火曜ドラマ「恋するパン屋さん」で主演。\n◆桜井ひなの、パン作りの特訓は「毎朝4時起き」\n― 気持ちは？", "ja",
     ["恋するパン屋さん"]),
    ("'블루 문' 시즌2 온다, 디즈니+ \"최가온 다시 주연\"", "디즈니+ 오리지널 시리즈 '블루 문'이 시즌2로 돌아온다.", "ko",
     ["블루 문"]),
    ("<인터뷰> '검은 항구' 박서율", "넷플릭스 시리즈 '검은 항구'는 내년 공개된다.", "ko", ["검은 항구"]),
    # a title in a heading, or with what is said of a title after it, stays one
    ("高橋一生「僕らは奇跡でできている」で主演", "◆高橋一生主演「僕らは奇跡でできている」", "ja",
     ["僕らは奇跡でできている"]),
    ("「僕らは奇跡でできている」", "「僕らは奇跡でできている」で高橋一生が主演。", "ja", ["僕らは奇跡でできている"]),
])
def test_quoted_speech_and_headline_tags_are_no_titles(
        title: str, body: str, language: str, shows: list[str]) -> None:
    """Quotes in 「」 that are speech (a 、, a topic and its predicate, the quote ending a ◆
    heading), a Korean headline's "최가온 다시 주연" and the tag ＜インタビュー＞ were shows."""
    assert [m.text for m in find_entities(title, body, language).shows] == shows


@pytest.mark.parametrize(("body", "people"), [
    ("The upcoming Netflix drama 'The Golden Tide' has begun filming. Photos released by the team show "
     "Kim Min-jun and Lee Seo-yeon reading the script.", {"Kim Min-jun", "Lee Seo-yeon"}),
    ("The upcoming TVING drama 'The Golden Tide' has begun filming. Photos released by the production feature "
     "Oguri Shun & Han Hyo-joo reading the script.", {"Oguri Shun", "Han Hyo-joo"}),
    ("The upcoming drama 'The Golden Tide' has begun filming. The new stills show Shun Oguri on set.", set()),
])
def test_show_or_feature_as_a_verb_before_names_introduces_no_title(body: str, people: set[str]) -> None:
    """"Photos released by the team show Kim Min-jun and Lee Seo-yeon…" gave the show
    "Kim Min-jun and Lee Seo-yeon" ("the team show X" read as a genre phrase) and no people:
    "show"/"feature" after pictures is their verb, and a run of names is no title."""
    found = find_entities("New drama starts filming", body, "en")
    assert [m.text for m in found.shows] == ["The Golden Tide"]
    assert people <= {m.text for m in found.people}


@pytest.mark.parametrize(("body", "show"), [
    ("She appeared on the talk show Running Man last week.", "Running Man"),
    ("Photos released by the show Running Man went viral.", "Running Man"),
    ("Fans loved Netflix's comedy Kim and Lee, a sitcom about two neighbours.", "Kim and Lee"),
])
def test_a_show_noun_before_a_title_still_introduces_it(body: str, show: str) -> None:
    assert show in {m.text for m in find_entities("", body, "en").shows}



@pytest.mark.parametrize(("body", "people"), [
    ("Coupang Playの新ドラマ『The Golden Verdict』にJung Ji-young、Jang So-youngが出演することが決定した。",
     {"Jung Ji-young", "Jang So-young"}),
    ("本作はKim Soo-hyun主演の韓国ドラマ。撮影は来月開始予定。", {"Kim Soo-hyun"}),
    ("배우 Kim Soo-hyun이 출연한다.", {"Kim Soo-hyun"}),
])
def test_a_latin_name_ends_where_korean_or_japanese_script_starts(body: str, people: set[str]) -> None:
    """"…にJung Ji-young、Jang So-youngが出演することが決定した。" gave the person
    "Jang So-youngが出演することが決定した": the Latin word ran on through the kana."""
    found = find_entities("", body, "ko" if "배우" in body else "ja").people
    assert people <= {m.text for m in found}
    assert all(m.text.isascii() for m in found if m.text[:1].isascii())



def test_korean_words_for_the_rest_or_some_of_the_cast_are_no_names() -> None:
    """"나머지 출연진은 추후 공개될 예정이다" gave the cast member 나머지 ("the rest")."""
    body = ("배우 한민연과 송민서가 쿠팡플레이 새 드라마 '진홍의 계약'에 캐스팅됐다.\n"
            "나머지 출연진은 추후 공개될 예정이다. 일부 출연진은 기존 배우들이다. 추가 캐스팅은 다음 달 발표된다.")
    assert {m.text for m in find_entities("'진홍의 계약' 캐스팅", body, "ko").people} == {"한민연", "송민서"}



def test_an_event_is_no_person() -> None:
    """"Content Showcase" was read as a person: an event's words end no name."""
    body = "At the Disney+ APAC Content Showcase held on Wednesday, Kim Min-jun spoke about the series."
    assert {m.text for m in find_entities("", body, "en").people} == {"Kim Min-jun"}


@pytest.mark.parametrize(("title", "body", "people"), [
    # a headline's subject after "…", then a two-word noun phrase ("smuggling ring") it faces
    ("'붉은 항구' 메인 예고편 공개…남지환, 밀수 조직과 정면 대결", "디즈니+ '붉은 항구'가 메인 예고편을 공개했다.", {"남지환"}),
    # a loanword ("container") beside a name, with no casting word in the sentence
    ("'붉은 항구' 스틸 최초 공개…남지환·고은별 강렬한 눈빛",
     "공개된 스틸에는 비 내리는 부두에 선 남지환과 컨테이너를 살피는 고은별의 모습이 담겼다.", {"남지환", "고은별"}),
])
def test_korean_nouns_beside_a_name_are_no_cast(title: str, body: str, people: set[str]) -> None:
    """"남지환, 밀수 조직과 정면 대결" gave the cast ['밀수 조직'] and lost 남지환; "남지환과 컨테이너를
    살피는" gave 컨테이너: a word with no surname beside a name is a name only in a casting context."""
    assert {m.text for m in find_entities(title, body, "ko").people} == people


@pytest.mark.parametrize(("body", "language", "people"), [
    ("'Crimson Harbor', starring Nam Ji-hwan and Go Eun-byeol, premiered today on Disney+.\n"
     "The noir thriller follows customs officer Han Do-yoon and detective Cha Su-a as they chase a smuggling ring.",
     "en", {"Nam Ji-hwan", "Go Eun-byeol"}),
    ("Netflix released the teaser. The clip follows Han Seo-jun as he walks the alleys.", "en", {"Han Seo-jun"}),
    ("The series follows actress Kim Min-ji and her co-star Park Seo-jun.", "en", {"Kim Min-ji", "Park Seo-jun"}),
    ("배우 남지환이 출연하는 '붉은 항구'는 세관 공무원 한도윤과 형사 차수아가 밀수 조직을 쫓는 이야기다.", "ko", {"남지환"}),
])
def test_characters_named_after_what_they_are_in_the_story_are_no_cast(body: str, language: str, people: set[str]) -> None:
    """"The noir thriller follows customs officer Han Do-yoon and detective Cha Su-a" put both
    characters in the cast ("as they chase" was read as "as the …", a cast listed with roles);
    "세관 공무원 한도윤과 형사 차수아" likewise."""
    assert {m.text for m in find_entities("", body, language).people} == people


@pytest.mark.parametrize(("title", "body", "language", "people"), [
    ("「硝子の約束」ポスタービジュアル解禁", "ビジュアルでは、ガラス越しに見つめ合う藤井蒼真と白石七海の姿が切り取られている。", "ja",
     {"藤井蒼真", "白石七海"}),
    ("「硝子の約束」予告映像解禁", "映像では、藤井蒼真がガラスを吹く姿や、白石七海が10年前の手紙を読み返す場面が映し出されている。", "ja",
     {"藤井蒼真", "白石七海"}),
    ("「硝子の約束」クランクアップ", "W主演の藤井蒼真は「最高のチームでした」とあいさつし、白石七海も「宝物」と語った。", "ja",
     {"藤井蒼真", "白石七海"}),
    # a compound noun, a place and a title, and the crew, are no one
    ("「水底の街」", "撮影現場が公開された。石川県庁も協力し、上田市長は歓迎した。大根仁が監督を務める。監督の堤幸彦は語った。", "ja", set()),
    ("Review: 'Glass Promise' is a delicate romance",
     "Soma Fujii and Nanami Shiraishi have an easy chemistry, and the workshop in Otaru is shot like a dream.", "en",
     {"Soma Fujii", "Nanami Shiraishi"}),
    ("Watch: first teaser for 'Lantern Street'",
     "The clip follows Han Seo-jun's reporter through alleys as Park Yeon-woo's voice reads from an old statement.", "en",
     {"Han Seo-jun", "Park Yeon-woo"}),
])
def test_stars_named_outside_a_casting_sentence(title: str, body: str, language: str, people: set[str]) -> None:
    """A poster's "見つめ合う藤井蒼真と白石七海の姿", a review's "Soma Fujii and Nanami Shiraishi have an easy
    chemistry" and a teaser's "as Park Yeon-woo's voice reads" named no one: no casting word was near."""
    assert {m.text for m in find_entities(title, body, language).people} == people


def test_the_written_spelling_of_a_show_the_aliases_file_names_is_the_files_name() -> None:
    """rv T2: one rule for the name a show is given, whoever reads it (event_keys when the article
    is analysed, entity_links when it is stored): the aliases file's name, else the body's spelling
    of a title-case headline's."""
    aliases = parse_aliases({"show": [{"name": "Romantics Anonymous", "aliases": ["Romantic Anonymous"]}]})
    title, body = "Kim Ji-won Joins 'Romantic Anonymous'", "Kim Ji-won will star in 'Romantic Anonymous'."
    (show,) = find_entities(title, body, "en", aliases=aliases).shows
    assert written_spelling(show, title, body) == "Romantics Anonymous"
    title, body = "Kim Ha Yoon To Exit “Harbor Of Glass”", "Kim Ha Yoon will leave “Harbor of Glass”."
    (show,) = find_entities(title, body, "en").shows
    assert written_spelling(show, title, body) == "Harbor of Glass"


@pytest.mark.parametrize(
    ("title", "body", "people"),
    [
        # a sports paper writes the name apart and glues the trade to it: "女優藤咲 凛（ふじさき・りん＝27）"
        ("藤咲 凛＆長谷部 湊がＷ主演　Netflix「名もなき灯台」来春世界配信",
         "女優藤咲 凛（ふじさき・りん＝27）と俳優長谷部 湊（はせべ・みなと＝30）が、Netflixシリーズ「名もなき灯台」で"
         "ダブル主演することが27日、分かった。来春、世界190以上の国と地域で独占配信される。", {"藤咲 凛", "長谷部 湊"}),
        # a kana given name apart from the family name
        ("小松 ひなた主演ABEMAドラマ「渋谷ラストダンス」新田 蓮、早乙女 ゆい出演",
         "女優小松 ひなた（こまつ・ひなた＝19）が、ABEMAオリジナルドラマ「渋谷ラストダンス」で主演することが30日、発表された。"
         "新田 蓮（にった・れん＝21）と早乙女 ゆい（さおとめ・ゆい＝20）の出演も決まった。", {"小松 ひなた", "新田 蓮", "早乙女 ゆい"}),
        # a name apart right before 主演; a trade glued to a name written whole; a trade's words are none
        ("宮下 圭吾主演「東京ネオン探偵」来年1月22日から配信", "俳優山田裕貴（33）が共演する。俳優陣が集結した。",
         {"宮下 圭吾", "山田裕貴"}),
    ],
)
def test_japanese_names_written_apart_and_after_a_glued_trade(title: str, body: str, people: set[str]) -> None:
    assert {m.text for m in find_entities(title, body, "ja").people} == people


def test_japanese_remarks_quoted_as_voices_are_no_titles() -> None:
    """「癒やされる」「かわいい」などの声: fans' words, in the body and where the headline quotes them again."""
    found = find_entities("長谷部湊、愛犬との2ショット公開　ファン「癒やされる」",
                          "俳優の長谷部湊が自身のインスタグラムを更新した。ファンからは「癒やされる」「かわいい」などの声が寄せられている。",
                          "ja")
    assert {m.text for m in found.shows} == set()


@pytest.mark.parametrize(
    ("title", "body", "people"),
    [
        # a headline's word before the space is no family name: "キャスト解禁　新田蓮・早乙女ゆいが出演"
        ("小松ひなた主演『渋谷ラストダンス』キャスト解禁　新田蓮・早乙女ゆいが出演",
         "小松ひなたが主演するABEMAオリジナルドラマ『渋谷ラストダンス』の追加キャストが解禁された。",
         {"小松ひなた", "新田蓮", "早乙女ゆい"}),
        # a full name listed before another one and its particle, outside a casting sentence
        ("", "あわせてポスタービジュアルも公開された。石原美月、桐谷恭平が並び立つ姿が切り取られている。", {"石原美月", "桐谷恭平"}),
        ("", "撮影現場、東京都内が舞台となる。", set()),
    ],
)
def test_japanese_names_after_a_headline_word_and_listed_before_a_name(title: str, body: str, people: set[str]) -> None:
    assert {m.text for m in find_entities(title, body, "ja").people} == people


def test_a_japanese_headline_shortening_a_remark_is_no_title() -> None:
    """The headline's 「また焼けるのがうれしい」 shortens the 「…」と喜んだ of the body; a title the remark names is one."""
    found = find_entities("吉岡 里桜「恋するパン屋の事件簿」続編決定に「また焼けるのがうれしい」",
                          "ドラマ「恋するパン屋の事件簿」の続編の制作が発表された。吉岡は「また皆さんとパンを焼けるのがうれしい」と喜んだ。"
                          "中島は「『恋するパン屋の事件簿』は最高の作品」と語った。", "ja")
    assert {m.text for m in found.shows} == {"恋するパン屋の事件簿"}


def test_a_japanese_request_quoted_in_a_headline_is_no_title() -> None:
    """「待っていてください」 is said, as 「…ます」 is."""
    found = find_entities("日曜劇場『白夜の法廷』1月11日スタート　高村蒼真「待っていてください」",
                          "高村は「最高のチームで撮影しています。待っていてください」とメッセージを寄せた。", "ja")
    assert {m.text for m in found.shows} == {"白夜の法廷"}


@pytest.mark.parametrize(("body", "people"), [
    ("배우 김하늘이 극 중 재벌 상속녀 윤서진 역을 맡는다.", {"김하늘"}),
    ("극 중 윤서진 역을 맡은 김하늘은 재벌 상속녀로 변신한다.", {"김하늘"}),
    ("극 중 윤서진은 재벌가의 상속녀로, 김하늘이 연기한다.", {"김하늘"}),
    # the actor after "극 중", the character after the verb of playing
    ("극 중 이도현이 연기하는 강태오는 냉철한 검사다.", {"이도현"}),
    ("극 중 이도현이 맡은 강태오는 냉철한 검사다.", {"이도현"}),
    ("극 중 강태오를 연기하는 이도현은 냉철한 검사로 변신한다.", {"이도현"}),
    ("이도현이 연기하는 냉철한 검사 강태오는 사건을 쫓는다.", {"이도현"}),
    # a character alone is no one; who took the lead ("주연을 맡은") is the actor
    ("극 중 윤서진은 재벌가의 상속녀다.", set()),
    ("주연을 맡은 김하늘은 극 중 윤서진으로 분한다.", {"김하늘"}),
])
def test_a_character_in_the_story_is_not_its_actor(body: str, people: set[str]) -> None:
    """"극 중 X이 연기하는 Y" made X (the actor) a character and Y (the character) a person; "극 중 Y를
    연기하는 X" made Y a person: the name right after "극 중" was always read as the character."""
    assert {m.text for m in find_entities("", body, "ko").people} == people


@pytest.mark.parametrize(("title", "body", "people"), [
    # the one joined named again with a role, or the two then said to be a pair
    ("", "Emma Stone joins Ryan Gosling. The pair will star in a new romance for Netflix.", {"Emma Stone", "Ryan Gosling"}),
    ("", "Emma Stone joins Ryan Reynolds. Reynolds plays a pilot who falls for a painter.", {"Emma Stone", "Ryan Reynolds"}),
    ("Emma Stone Joins Ryan Gosling", "Emma Stone joins Ryan Gosling. The duo reunite for the romance.",
     {"Emma Stone", "Ryan Gosling"}),
    # or followed by "in" and the show the article names
    ("", "'Midnight Harbor' is the new Netflix film. Emma Stone joins Ryan Gosling in Midnight Harbor as a painter.",
     {"Emma Stone", "Ryan Gosling"}),
    # one joins an agency, a label, a corps, a company: no pair of actors, no role, no show
    ("", "Lee Do-hyun joined Starship Entertainment. The agency said the pair of contracts run two years.",
     {"Lee Do-hyun"}),
    ("", "Lee Chae-yeon joins Warner Music. The label signed her for three albums.", {"Lee Chae-yeon"}),
    ("", "Song Kang joins Marine Corps next month. He will serve for 18 months.", {"Song Kang"}),
    ("", "Emma Stone joins Fruit Films in Los Angeles. Fruit plays host to new talent each year.", {"Emma Stone"}),
])
def test_the_one_joined_is_a_person_when_the_article_says_so(title: str, body: str, people: set[str]) -> None:
    """"Emma Stone joins Ryan Gosling." with no casting right after it lost Ryan Gosling; one joins an
    agency or a corps too, so the name joined is a person only when the article names it again as one
    (with a role, or the two as "the pair") or the show it is joined in."""
    assert {m.text for m in find_entities(title, body, "en").people} == people


@pytest.mark.parametrize(("title", "body", "shows"), [
    ("Netflix Orders Midnight Harbor Starring Kim Ji-won", "The streamer has ordered eight episodes.", {"Midnight Harbor"}),
    ("Disney+ Greenlights Midnight Harbor Starring Kim Ji-won and Lee Do-hyun", "The series was greenlit on Monday.",
     {"Midnight Harbor"}),
    ("", "Netflix has ordered Midnight Harbor starring Kim Ji-won.", {"Midnight Harbor"}),
    # what is ordered is no title when it is a season, episodes or a kind of show
    ("Netflix Orders More Episodes Starring Kim Ji-won", "The streamer has ordered eight episodes.", set()),
    ("Netflix Orders Second Season Starring Kim Ji-won", "The streamer has ordered a second season.", set()),
    ("Netflix Picks Up Korean Remake Starring Kim Ji-won", "The streamer picked up the remake.", set()),
])
def test_an_unquoted_title_ordered_with_its_stars_is_a_show(title: str, body: str, shows: set[str]) -> None:
    """"Netflix Orders Midnight Harbor Starring Kim Ji-won": trade headlines write the title unquoted;
    what a platform orders with its stars is the show."""
    assert {m.text for m in find_entities(title, body, "en").shows} == shows


@pytest.mark.parametrize(
    ("title", "body", "shows"),
    [
        # と that reports no remark: what a title is, the same director, a list of titles
        ("「青い港」石原美月が主演", "「青い港」とは、漁村を舞台にした物語。石原美月が主演を務める。", {"青い港"}),
        ("「青い港」石原美月が主演", "石原美月が主演する「青い港」「赤い月」と話題作が続く。", {"青い港", "赤い月"}),
        ("「青い港」石原美月が主演", "石原美月が「青い港」で主演を務める。「青い港」と同じ監督の新作だ。", {"青い港"}),
        # said once, written as a title elsewhere: each 「」 is judged where it stands
        ("石原美月、主演作への思い", "石原美月が「青い港」で主演を務める。石原は撮影を振り返り「青い港」と一言で語った。", {"青い港"}),
        # a remark holding the title's characters apart is no shortening of it
        ("「恋の港町」石原美月が主演", "石原美月は「恋をした時の港町の景色が好き」と語った。", {"恋の港町"}),
        # a request for a title, where a work word stands by it
        ("映画「待っていてください」公開", "映画「待っていてください」が公開される。", {"待っていてください"}),
        ("石原美月が出演", "ドラマ「どうか教えてください」に石原美月が出演する。", {"どうか教えてください"}),
    ],
)
def test_japanese_titles_near_a_to_or_ending_like_a_request_stay_titles(title: str, body: str, shows: set[str]) -> None:
    assert {m.text for m in find_entities(title, body, "ja").shows} == shows


@pytest.mark.parametrize(
    ("title", "people"),
    [("主演　ふたり　再共演「青い港」", set()), ("話題　なんと　石原美月が主演", {"石原美月"}), ("注目　いよ　石原美月", set())],
)
def test_hiragana_words_of_a_spaced_japanese_headline_are_no_people(title: str, people: set[str]) -> None:
    assert {m.text for m in find_entities(title, "", "ja").people} == people


@pytest.mark.parametrize("title", [
    "HBO Orders Pilot Starring Jennifer Aniston",
    "Apple Orders Comedy From Rob McElhenney Starring Charlie Day",
    "Netflix Orders Second Installment Starring Lee Jung-jae",
    "Coupang Play Orders Untitled Kim Soo-hyun Project Starring Kim Soo-hyun",
    "Netflix Picks Up BBC Thriller Starring Olivia Colman",
])
def test_what_is_ordered_is_no_title_when_it_names_a_kind_of_show(title: str) -> None:
    """"Orders Pilot Starring …", "Orders Comedy From …": a kind of show, its maker or its order is no title;
    "picks up" is an acquisition as often as an order."""
    assert {m.text for m in find_entities(title, "The streamer made the deal on Monday.", "en").shows} == set()


@pytest.mark.parametrize(("title", "body", "people"), [
    ("이도현, 김하늘과 '푸른 항구' 출연", "이도현이 연기할 때 김하늘이 옆에서 도왔다고 한다.", {"이도현", "김하늘"}),
    ("", "이도현이 연기하는 동안 김하늘이 옆에서 도왔다.", {"이도현", "김하늘"}),
    ("", "이도현이 맡은 역할에 김하늘이 조언을 더했다.", {"이도현", "김하늘"}),
])
def test_the_one_beside_an_actor_acting_is_no_character(title: str, body: str, people: set[str]) -> None:
    """"이도현이 연기할 때 김하늘이": "when acting", not "the one 이도현 plays": a noun after the verb is no
    character's description."""
    assert {m.text for m in find_entities(title, body, "ko").people} == people


@pytest.mark.parametrize("body", [
    "Samsung joins Hyundai Motor. The pair will cooperate on batteries.",
    "Emma Stone joins Hyundai Motor. The pair will cooperate on batteries.",
])
def test_a_company_joined_is_no_person(body: str) -> None:
    """"Samsung joins Hyundai Motor. The pair …": "the pair" makes people of the two only when the joiner
    is a person and the one joined reads as no company."""
    assert "Hyundai Motor" not in {m.text for m in find_entities("", body, "en").people}


#: US networks, where a K-drama's American remake airs, are platforms, never people ("CBS is bringing a K-drama …").
@pytest.mark.parametrize(("title", "body", "people", "platforms"), [
    ("CBS Greenlights Korean Legal Drama Remake ‘Night Lawyer’", "CBS is bringing a K-drama to network television.",
     set(), {"CBS"}),
    ("‘Night Lawyer’ Remake", "NBC said today that the remake will air in the fall.", set(), {"NBC"}),
    ("‘Night Lawyer’ Remake", "FOX is bringing it; ABC passed.", set(), {"Fox", "ABC"}),
    # a person's name is still no network: "Megan Fox" stars, "Fox" alone is no network
    ("‘Night Lawyer’ Remake", "Megan Fox will star in the remake for The CW.", {"Megan Fox"}, {"The CW"}),
    # a network's name inside a title or a company's name is neither: "The ABC Murders", "CBS Studios", "AMC Theatres"
    ("Rupert Grint joins ‘Servant’", "'The ABC Murders' star Rupert Grint joins 'Servant'.", {"Rupert Grint"}, set()),
    ("‘Parasite’ screenings", "CBS Studios produces it, and AMC Theatres screen it in March.", set(), set()),
    ("‘Night Lawyer’ Remake", "ABC News reported that Lee Min-ho will star; AMC passed.", {"Lee Min-ho"}, {"AMC"}),
    # ... but the word after a title's last one is no part of its name: the body begins a new line (rv3)
    ("‘Night Lawyer’ renewed at CBS", "News of the renewal came Monday.", set(), {"CBS"}),
    # "Showtime" is a title's word as often: "Showtime Begins!" (an MBC drama), "EXO's Showtime", "It's Showtime"
    ("‘Night Lawyer’ Remake", "The remake will air on Showtime; Showtime's 'Yellowjackets' ends.", set(), {"Showtime"}),
    ("‘Night Lawyer’ Remake", "Park Hae-jin starred in MBC's Showtime Begins!", {"Park Hae-jin"}, {"MBC"}),
    ("‘Night Lawyer’ Remake", "EXO's Showtime was a hit; It's Showtime is a Filipino show.", set(), set()),
    ("‘Night Lawyer’ Remake", "The BTS SHOWTIME concert sold out.", set(), set()),
])
def test_us_networks_are_platforms_not_people(title: str, body: str, people: set[str], platforms: set[str]) -> None:
    found = find_entities(title, body, "en")
    assert names(found.people) == {person_key(p) for p in people}
    assert names(found.platforms) == {platform_key(p) for p in platforms}


#: The shows a star "fronted", "headlined" or "toplined" before are no cast ("Park, who fronted Itaewon Class and
#: Gyeongseong Creature, will play …"); who a show is "fronted by" is.
@pytest.mark.parametrize(("body", "people"), [
    ("Park Seo Joon is set to co-lead the series opposite Kim Da-mi.\n\nPark, who fronted Itaewon Class and "
     "Gyeongseong Creature, will play a prosecutor.", {"Park Seo-joon", "Kim Da-mi"}),
    ("Kim Da-mi, who headlined Itaewon Class, will play a customs officer.", {"Park Seo-joon", "Kim Da-mi"}),
    ("The series is fronted by Sophia Bush and Megan Fox, who will play sisters.",
     {"Park Seo-joon", "Sophia Bush", "Megan Fox"}),
])
def test_past_shows_a_star_fronted_are_no_cast(body: str, people: set[str]) -> None:
    found = find_entities("Netflix’s ‘Moonlight Cartel’ Adds Park Seo Joon", body, "en")
    assert names(found.people) == {person_key(p) for p in people}


#: Who leaves a cast is named with it as who replaces them ("Song Kang has exited …, and Lee Do-hyun will replace
#: him"); a company that "exits" a deal is no one.
@pytest.mark.parametrize(("title", "body", "people"), [
    ("Song Kang Exits Netflix’s ‘Blue Ash’, Lee Do-hyun To Replace Him",
     "Song Kang has exited Netflix’s Korean thriller Blue Ash, and Lee Do-hyun will replace him in the lead role.",
     {"Song Kang", "Lee Do-hyun"}),
    ("‘Blue Ash’ recast", "Han So-hee dropped out of Blue Ash last week. Kim Go-eun replaces her.",
     {"Han So-hee", "Kim Go-eun"}),
    ("‘Blue Ash’ studio change", "The studio exited the project, and Netflix took it over.", set()),
])
def test_who_exits_a_cast_and_who_replaces_them_are_people(title: str, body: str, people: set[str]) -> None:
    found = find_entities(title, body, "en")
    assert names(found.people) == {person_key(p) for p in people}


#: Who comes back "as showrunner", "serving as executive producer" is crew, not cast; an actor "as director Yoon"
#: plays one.
@pytest.mark.parametrize(("body", "people"), [
    ("Yamazaki Kento and Komatsu Nana reprise their roles, with Hirokazu Kore-eda returning as showrunner.",
     {"Yamazaki Kento", "Komatsu Nana"}),
    ("Kim Eun-sook serves as writer and executive producer, and Song Hye-kyo will star.", {"Song Hye-kyo"}),
    ("Song Hye-kyo will star, with Lee Do-hyun as director Yoon.", {"Song Hye-kyo", "Lee Do-hyun"}),
    # an actor-director is cast too: a cast cue of their own follows in the clause
    ("Lee Jung-jae returns as director and star of 'Hunt 2'.", {"Lee Jung-jae"}),
    ("Ha Jung-woo, serving as director, also stars in 'Lobby'.", {"Ha Jung-woo"}),
    ("Song Kang-ho returns as director of the film festival and stars in 'Cobweb'.", {"Song Kang-ho"}),
    # ... not one whose show someone else stars in
    ("Kim Eun-sook returns as writer, and Song Hye-kyo also stars.", {"Song Hye-kyo"}),
    ("Kim Eun-sook returns as director of the film, which also stars Song Hye-kyo.", {"Song Hye-kyo"}),
])
def test_who_returns_as_showrunner_is_crew(body: str, people: set[str]) -> None:
    found = find_entities("Netflix Renews Japanese Series ‘Kamakura Nights’", body, "en")
    assert names(found.people) == {person_key(p) for p in people}


#: A remake's article names the original's star in passing ("the original series, which starred Lee Jong-suk", "The
#: role was played by Lee Jong-suk in the original"): no one of the remake; "which stars X", "will be played by X" are.
@pytest.mark.parametrize(("body", "people"), [
    ("Sophia Bush has been cast in the lead role. The role was played by Lee Jong-suk in the original.",
     {"Sophia Bush"}),
    ("The original series, which starred Lee Jong-suk and aired on tvN in 2025, followed a public defender.", set()),
    ("The series, which stars Kim Go-eun, follows a lawyer. The lead will be played by Song Kang.",
     {"Kim Go-eun", "Song Kang"}),
    # the work "which starred" X is no earlier one unless the sentence says so: the film the article is about
    ("The film, which starred Song Kang-ho, premieres on Netflix today.", {"Song Kang-ho"}),
    ("The earlier film, which starred Song Kang-ho, was a hit. Kim Go-eun stars in the remake.", {"Kim Go-eun"}),
])
def test_the_star_of_an_earlier_work_is_named_in_passing(body: str, people: set[str]) -> None:
    found = find_entities("CBS Orders ‘Night Lawyer’, U.S. Remake Of Korean Drama", body, "en")
    assert names(found.people) == {person_key(p) for p in people}
@pytest.mark.parametrize(("title", "body", "people"), [
    # one word before a verb a company does too, with nothing to say it is a person
    ("Samsung joins Hyundai Motor in sponsoring K-drama festival",
     "Samsung joins Hyundai Motor in sponsoring the festival in Seoul next month.", set()),
    ("", "Lotte joins CJ in funding the film.", set()),
    ("", "Naver signs on to stream the drama festival.", set()),
    ("", "Coca-Cola joins Samsung as a sponsor of the drama awards.", set()),
    # a stage name of one word with evidence: a cast or a show joined, a person joined, a trade, named again
    ("", "Rain joins the cast of the series. The singer-actor will play a detective.", {"Rain"}),
    ("", "IU joins 'Glass Garden' as its heroine.", {"IU"}),
    ("IU joins Park Seo-joon in new Netflix drama", "IU joins Park Seo-joon in the drama.", {"IU", "Park Seo-joon"}),
    ("", "Singer Rain joins Samsung as its new model.", {"Rain"}),
    ("", "Rain joins Samsung as its new model. Rain stars in the Netflix film next year.", {"Rain"}),
    # ... a person joined, accepted by any rule; a role signed on to; an agency or a label signed with
    ("", "Suzy joins Gong Yoo in the new romance.", {"Suzy", "Gong Yoo"}),
    ("", "Zendaya teams up with Tom Holland for a new film.", {"Zendaya", "Tom Holland"}),
    ("", "Rain teams up with Kim Bum for 'Red Swan'.", {"Rain", "Kim Bum"}),
    ("", "Suzy signs on to star in Netflix's 'Genie, Make a Wish'.", {"Suzy"}),
    ("", "Kai signs with a new agency.", {"Kai"}),
    ("", "Rosé signs with Atlantic Records.", {"Rosé"}),
    ("", "IU signs with EDAM Entertainment.", {"IU"}),
    ("", "IU signs with Kakao Entertainment.", {"IU"}),
    # ... not a company signing with a company: a big agency, or a name the article writes as a company's
    ("Hybe signs with SM Entertainment", "Hybe signs with SM Entertainment.", set()),
    ("", "Starship signs with Kakao Entertainment for a joint label.", set()),
    ("", "Amuse signs with Avex Management.", set()),
    ("", "Hybe Labels signs with SM Entertainment.", set()),
    ("", "Lumina signs with EDAM Entertainment. Lumina Entertainment will fund the tour.", set()),
    ("", "Singer Rain signs with Hybe.", {"Rain"}),
    # ... not a company teamed up with, nor a role that is no performer's
    ("", "Samsung teams up with Hyundai Motor for the festival.", set()),
    ("", "Sony teams up with Warner Bros. for the film.", set()),
    ("", "Samsung signs on to sponsor the festival.", set()),
    # ... nor a company the platforms catalogue knows behind a platform ("CJ ENM" of tvN, "Naver" of Naver TV)
    ("CJ ENM signs with Big Hit Music", "CJ ENM signs with Big Hit Music.", set()),
    ("", "CJ ENM signs with Kim Go-eun for a drama.", {"Kim Go-eun"}),
    # ... a talent agency signed with (pipeline/data/companies.toml), one word or written whole: no person in it
    ("Zendaya signs with William Morris Endeavor", "Zendaya signs with William Morris Endeavor.", {"Zendaya"}),
    ("", "Zendaya signs with WME.", {"Zendaya"}),
    ("", "Tom Holland signs with Creative Artists Agency.", {"Tom Holland"}),
    ("", "Kim Go-eun signs with William Morris Endeavor for U.S. representation.", {"Kim Go-eun"}),
    ("", "Suzy signs with the Gersh Agency.", {"Suzy"}),
    ("", "Kim Go-eun signs with Artist Company.", {"Kim Go-eun"}),
    ("", "Rain signs with Hybe.", set()),
    # ... nor one word signing with a person's full name: a company signing them, known or not (a co-star
    # signing with one, "Rain signs with Kim Tae-ri for 'X'", is lost: an unknown brand is likelier)
    ("", "SLL signs with Kim Go-eun.", {"Kim Go-eun"}),
    ("SLL signs with Kim Go-eun for new drama", "SLL signs with Kim Go-eun for a new drama.", {"Kim Go-eun"}),
    ("", "KOZ signs with Kim Go-eun.", {"Kim Go-eun"}),
    ("", "Barunson signs with Lee Jung-jae for the thriller.", {"Lee Jung-jae"}),
    ("", "Lumina signs with Kim Tae-ri as its new model.", {"Kim Tae-ri"}),
    # ... but one signing with a person's agency is a person
    ("", "Suzy signed with Lee Byung-hun's BH Entertainment last year.", {"Suzy", "Lee Byung-hun"}),
    ("", "Rain signs with Yoo Jae-suk's agency.", {"Rain", "Yoo Jae-suk"}),
    ("", "ZICO signed with Lee Byung-hun's BH Entertainment.", {"ZICO", "Lee Byung-hun"}),
    # ... nor a studio or a distributor trade news writes alone, joining a show as its producer
    ("", "Lionsgate joins 'Blue Ash' as producer.", set()),
    ("", "Lionsgate joins the remake as producer.", set()),
    ("", "Showbox joins the film as investor.", set()),
    ("Naver signs with YG Entertainment", "Naver signs with YG Entertainment for a webtoon drama.", set()),
    ("", "ZICO signs with KOZ Entertainment.", {"ZICO"}),
    ("", "LISA signs with RCA Records.", {"LISA"}),
    ("", "네이버가 YG엔터테인먼트와 웹툰 드라마 계약을 체결했다.", set()),
    ("", "CJ ENMがワーナーと新作ドラマで提携した。", set()),
    # ... a platform joined in a person's role: a producer, a host, a judge (not a sponsor, a co-producer)
    ("IU joins Netflix as producer", "IU joins Netflix as producer of a new drama.", {"IU"}),
    ("", "Rain joins Disney+ as a judge of the audition show.", {"Rain"}),
    ("", "Rosé joins Netflix as its new host.", {"Rosé"}),
    ("", "Samsung joins Netflix as a sponsor.", set()),
    ("", "Lotte joins Netflix as co-producer.", set()),
    ("", "Jisoo joins Netflix as executive producer.", {"Jisoo"}),
    ("", "LISA joins Netflix as host and producer.", {"LISA"}),
    # ... the role is the whole of it: a sponsor, a partner, a brand are a company's
    ("", "Samsung joins Netflix as the lead sponsor.", set()),
    ("", "Hyundai joins tvN as host sponsor of the festival.", set()),
    ("", "Toyota joins Disney+ as the first ambassador brand.", set()),
    ("", "Lotte joins Netflix as the lead partner.", set()),
    ("", "가수 겸 배우 아이유가 넷플릭스 새 드라마에 프로듀서로 합류한다.", {"아이유"}),
])
def test_one_word_before_a_verb_a_company_does_too_needs_a_persons_evidence(title: str, body: str, people: set[str]) -> None:
    """"Samsung joins Hyundai Motor in sponsoring …" named two people: a single capitalised word before
    "joins" (or "signs", "teams") was a cast member, and so was the one it joined; a name ending as a
    company's ("Hyundai Motor") was a person wherever it stood."""
    assert {m.text for m in find_entities(title, body, "en").people} == people


#: "Netflix confirmed IU for 'Glass Garden'": one word confirmed for a show the article names is a person; not a day,
#: a month, a place or a studio confirmed for something else.
@pytest.mark.parametrize(("body", "people"), [
    ("Netflix confirmed IU for 'Glass Garden'.", {"IU"}),
    ("Netflix has confirmed IU for 'Glass Garden'.", {"IU"}),
    ("Netflix confirmed Suzy for ‘Glass Garden’.", {"Suzy"}),
    ("Disney+ confirms Rain for 'Red Swan'.", {"Rain"}),
    ("tvN confirmed Jisoo for 'Snowdrop 2'.", {"Jisoo"}),
    ("Netflix confirmed Kim Go-eun for 'Glass Garden'.", {"Kim Go-eun"}),
    ("Netflix confirmed Friday for the premiere of 'Glass Garden'.", set()),
    ("Netflix confirmed December for 'Glass Garden'.", set()),
    ("Netflix confirmed Seoul for the shoot of 'Glass Garden'.", set()),
    ("Netflix confirmed Lionsgate for 'Glass Garden'.", set()),
    ("Disney+ confirmed Tuesday for the release of 'Moving'.", set()),
    ("Netflix confirmed IU for the event.", set()),
    # a place, a vendor or a day confirmed for what the show needs, not a person cast in it
    ("The producers confirmed Jeju for 'Glass Garden' location shooting.", set()),
    ("Disney confirmed Weta for 'Glass Garden' visual effects work.", set()),
    ("Netflix confirmed Christmas for 'Glass Garden', which streams worldwide.", set()),
    ("The network confirmed Sundays for 'Glass Garden', airing at 9 p.m.", set()),
    ("The agency confirmed Suzy for 'Glass Garden' on Monday.", {"Suzy"}),
    ("JTBC confirmed Rain for \"Glass Garden\" opposite Kim Tae-ri.", {"Rain", "Kim Tae-ri"}),
])
def test_one_word_confirmed_for_a_show_is_a_person(body: str, people: set[str]) -> None:
    """"Netflix confirmed IU for 'X'" lost IU: one word with no cue of its own after it, and "confirmed" before
    it no cue."""
    assert {m.text for m in find_entities("", body, "en").people} == people


#: A name ending as a company's ("Steel", "Records") is a person's when a performer's cue of its own follows it.
@pytest.mark.parametrize(("body", "people"), [
    ("Dawn Steel joins the cast of 'The Bride'.", {"Dawn Steel"}),
    ("Danielle Steel will star as herself in 'Zoya'.", {"Danielle Steel"}),
    ("Lotte joins Hyundai Steel in sponsoring the festival.", set()),
    ("Hyundai Steel joins the festival as a sponsor.", set()),
])
def test_a_name_ending_as_a_companys_with_a_performers_cue_is_a_person(body: str, people: set[str]) -> None:
    assert {m.text for m in find_entities("", body, "en").people} == people


#: "with" names a co-star ("reteaming with Zendaya", "a new drama with Suzy"); one word after business done "with"
#: is a company as often ("a deal with Warner", "in talks with Lionsgate"): a person then only when the article
#: names it as one by another cue.
@pytest.mark.parametrize(("body", "people"), [
    ("Studio Dragon signs a deal with Warner for remakes.", set()),
    ("Kim Go-eun is in talks with Lionsgate.", {"Kim Go-eun"}),
    ("Lotte is in talks with Netflix for the film.", set()),
    ("Lotte is in talks with Studio Dragon.", set()),
    ("IU is in talks with Netflix for the lead.", {"IU"}),
    ("Suzy is in talks with Netflix for a new drama.", {"Suzy"}),
    ("Max signs with CAA.", set()),
    ("Studio Dragon partners with SLL on the remake.", set()),
    ("The studio signed an agreement with Barunson last week.", set()),
    ("Ma Dong-seok stars in a film co-produced with Showbox.", {"Ma Dong-seok"}),
    ("Studio Dragon signs a deal with Kim Go-eun.", {"Kim Go-eun"}),
    ("Tom Holland is reteaming with Zendaya for the sequel.", {"Tom Holland", "Zendaya"}),
    ("Byeon Woo-seok teams up with IU for the new romance.", {"Byeon Woo-seok", "IU"}),
    ("Cha Eun-woo is reportedly filming with Jisoo.", {"Cha Eun-woo", "Jisoo"}),
    ("Lee Min-ho is in a new drama with Suzy.", {"Lee Min-ho", "Suzy"}),
    ("Kim Hye-yoon is cast in the drama along with Rain.", {"Kim Hye-yoon", "Rain"}),
    ("Rowoon is in talks for a drama with YoonA and Taecyeon.", {"Rowoon", "YoonA", "Taecyeon"}),
    ("Netflix drama 'Anna' with Suzy gets a sequel.", {"Suzy"}),
    ("The drama will star Suzy with Gong Yoo.", {"Suzy", "Gong Yoo"}),
    ("The drama stars Kim Go-eun with Suzy.", {"Kim Go-eun", "Suzy"}),
    ("Gong Yoo is in talks to star with Suzy.", {"Gong Yoo", "Suzy"}),
    ("Lee Jong Suk will star in 'Seocho-dong'. The actor last appeared in 'Big Mouth' with YoonA.",
     {"Lee Jong Suk", "YoonA"}),
    ("Kim Go-eun stars opposite Suzy in the new drama.", {"Kim Go-eun", "Suzy"}),
    ("Kim Go-eun reunites with Gong Yoo in 'Blue Ash'.", {"Kim Go-eun", "Gong Yoo"}),
    ("Kim Tae Ri has been offered the lead, starring with BLACKPINK's Jisoo.", {"Kim Tae Ri", "Jisoo"}),
    ("Suzy will lead the thriller. The writer made the drama with Suzy in mind.", {"Suzy"}),
    ("배우 수지가 공유와 함께 새 드라마 '푸른 재'에 출연한다.", {"수지"}),
])
def test_with_names_a_co_star_but_one_word_after_business_only_with_evidence(body: str, people: set[str]) -> None:
    assert {m.text for m in find_entities("", body).people} == people


@pytest.mark.parametrize(("body", "people"), [
    ("主演の白石七海（24）と、共演の山田太郎が会見に臨んだ。", {"白石七海", "山田太郎"}),
    ("ヒロインの白石七海（24）が出演を喜んだ。", {"白石七海"}),
    ("主演の永瀬陸（22）と、ヒロインの桜井ひなの（19）が会見した。", {"永瀬陸", "桜井ひなの"}),
    ("主演を務める桐谷恭平さん（35）が意気込みを語った。", {"桐谷恭平"}),
    ("主演の藤咲 凛（ふじさき・りん＝27）と共演の高村蒼真（30）が登壇した。", {"藤咲 凛", "高村蒼真"}),
    # a number in brackets after a word that is no name is no age
    ("全10話（30）の主演が決まった。", set()),
    ("主演の新作映画（2）が公開された。", set()),
    ("白石七海主演の続編（2）が決まった。", {"白石七海"}),
    # a character's age is given as a performer's: the one played, described, or after who plays it
    ("広瀬すずが主演し、女子高生の千尋（17）を演じる。", {"広瀬すず"}),
    ("主演の広瀬すずが演じる春香（17）は、母の美咲（45）と暮らす。", {"広瀬すず"}),
    ("刑事・千尋（17）を演じる白石七海（24）が出演する。", {"白石七海"}),
    ("主演の白石七海（24）が演じる千尋（17）は高校生。", {"白石七海"}),
    ("女優の浜辺美波（22）が主演し、天才少女の結衣（16）を好演。", {"浜辺美波"}),
    ("千尋（17）を演じる広瀬すず（25）が会見した。", {"広瀬すず"}),
])
def test_a_japanese_name_given_its_age_in_a_casting_sentence_is_a_person(body: str, people: set[str]) -> None:
    """"主演の白石七海（24）と" missed the lead: a name was read before a particle or a list's separator,
    never before the bracketed age (or reading and age) papers give a person; then "千尋（17）を演じる" made
    the character a cast person, papers giving a character's age the same way."""
    assert {m.text for m in find_entities("", body, "ja").people} == people


@pytest.mark.parametrize(("body", "shows"), [
    # an event, a campaign, their slogan: by their last word, or by what is said of them
    ("テレビ局は「夏の特別キャンペーン」を7月から実施する。", set()),
    ("東京ドラマフェスのスローガン「つながる物語」が発表された。", set()),
    ("今年の夏祭りは「未来へつなぐ」をテーマに開催される。", set()),
    ("イベント「秋の星空ナイト」には約2万人が来場した。", set()),
    ("「青い港」の放送を記念し、「青い港キャンペーン」を実施する。", {"青い港"}),
    # written as a work: a work's word before it, or in its clause
    ("ドラマ「夏の特別キャンペーン」に石原美月が主演する。", {"夏の特別キャンペーン"}),
    ("「夏の特別キャンペーン」で石原美月が主演を務める。", {"夏の特別キャンペーン"}),
    ("石原美月が主演する「真夏のフェス」が7月に放送される。", {"真夏のフェス"}),
    ("イベント「秋の星空ナイト」で石原美月が主演する。", {"秋の星空ナイト"}),
    # a show's own campaign, fair or tie-in: the event word attached to the title, or a work's word in its clause
    ("「SHOGUN 将軍」キャンペーンを実施中。真田広之が登場。", {"SHOGUN 将軍"}),
    ("「silent」フェアが開催され、目黒蓮のパネルが展示された。", {"silent"}),
    ("「推しの子」をテーマにしたコラボカフェがオープン。", {"推しの子"}),
    # a theme or a slogan said of it, with no work's word, is still none
    ("「未来へ」をテーマにした展示を開催。", set()),
    ("「つながる夏」を合言葉に、イベントを開催。", set()),
])
def test_an_event_or_its_slogan_in_japanese_quotes_is_no_show(body: str, shows: set[str]) -> None:
    """「夏の特別キャンペーン」 was a show: anything in 「」 not read as speech was a title, an event's
    name and a campaign's slogan too; then 「SHOGUN 将軍」キャンペーン lost the show its campaign promotes."""
    assert {m.text for m in find_entities("", body, "ja").shows} == shows


@pytest.mark.parametrize(("title", "body", "people"), [
    # a common noun before the space, or leading a line, is no family name
    ("", "注目作 あおい出演決定。", set()),
    ("", "人気作 さくらと出演する。", set()),
    ("話題作 ふたり 共演「青い港」", "", set()),
    # a family name written apart from its given name in kana, with the particle after it left out
    ("", "陸上の桜井 ゆいが出演する。", {"桜井 ゆい"}),
    ("", "桜井 ゆいと小松 ひなたが共演する。", {"桜井 ゆい", "小松 ひなた"}),
    ("", "大泉 洋が共演する。", {"大泉 洋"}),
    ("森七菜 主演「青い港」", "", {"森七菜"}),
    ("", "女優ののんが主演する。", {"のん"}),
    # any common noun before a given name in hiragana (新人, 本作), not a family name that is a noun too (新田)
    ("", "主演 中川大志が出演する。新人 あおいが共演。", {"中川大志"}),
    ("", "主演の本作 ひなたが出演。同作 あかりが共演。", set()),
    ("", "主演の新田 あおいが出演する。", {"新田 あおい"}),
    ("", "主演の浜辺 美波が出演する。", {"浜辺 美波"}),
    # a given name in hiragana with と in it (さとみ) is no list of two
    ("", "主演の石原 さとみが出演。", {"石原 さとみ"}),
    ("", "主演の新垣 結衣、石原 さとみが出演。", {"新垣 結衣", "石原 さとみ"}),
    ("", "石原さとみと中川大志が共演する。", {"石原さとみ", "中川大志"}),
    ("", "主演の山田 ことねが出演する。", {"山田 ことね"}),
    ("", "主演の桜井 ゆいと、中川大志が共演する。", {"桜井 ゆい", "中川大志"}),
])
def test_a_common_noun_before_a_spaced_word_is_no_family_name(title: str, body: str, people: set[str]) -> None:
    """"注目作 あおい出演決定" named 注目作 あおい, and "人気作 さくらと出演" 人気作: a run of kanji before a
    space was a family name whatever it was; "桜井 ゆいが出演" named 桜井 ゆいが, the particle read as the
    given name's last kana; then "新人 あおい" was a name (新人 is no suffixed or verbal noun), and "石原 さとみ"
    was "石原 さ", its と read as "and"."""
    assert {m.text for m in find_entities(title, body, "ja").people} == people


@pytest.mark.parametrize(("body", "people"), [
    # a plain noun written alone is no one ("newcomer"), unless a name begins with it
    ("新人が出演する。", set()),
    ("ドラマ「青い港」に新人が出演することが決まった。", set()),
    ("浜辺美波が主演する。浜辺は「うれしい」と語った。", {"浜辺美波"}),
    # a family name that is a native noun too, before a given name in kana of a name's shape
    ("主演の浜辺 みなみが出演する。", {"浜辺 みなみ"}),
    ("浜辺 みなみ、中川大志が共演する。", {"浜辺 みなみ", "中川大志"}),
    # or any such noun its trade introduces
    ("女優の剛力 あやめが出演する。", {"剛力 あやめ"}),
    ("剛力彩芽が出演する。剛力は「楽しみ」と語った。", {"剛力彩芽"}),
    ("主演の剛力 彩芽が出演する。", {"剛力 彩芽"}),
    # names beginning with 新 or 東, family names in UniDic, keep their people
    ("綾瀬はるかが主演する。松本潤、新木優子、新田真剣佑、東出昌大が共演する。",
     {"綾瀬はるか", "松本潤", "新木優子", "新田真剣佑", "東出昌大"}),
])
def test_a_plain_noun_is_a_family_name_only_with_evidence(body: str, people: set[str]) -> None:
    """"新人が出演" named 新人 (newcomer); 浜辺 or 剛力 before a given name in kana was no family name
    whatever the article said of it ("主演の浜辺 みなみ", "女優の剛力 あやめ")."""
    assert {m.text for m in find_entities("", body, "ja").people} == people


@pytest.mark.parametrize(("body", "people"), [
    ("東京都が出演者を募集する。", set()),
    ("音楽フェスが開催され、中川大志が出演する。", {"中川大志"}),
    ("東京都と音楽フェスが共演する。", set()),
    ("横浜市の野外ライブに中川大志が出演する。", {"中川大志"}),
    # names of kanji and katakana, or ending in a kanji a division is written with, keep their people
    ("森崎ウィン、黒木メイサが共演する。", {"森崎ウィン", "黒木メイサ"}),
    ("中村倫也と北村匠海が共演する。", {"中村倫也", "北村匠海"}),
    # ... and so do a native word and a given name in katakana, which is no loanword (ユメ, ミナミ; フェス is one)
    ("女優の浜辺ユメが出演する。", {"浜辺ユメ"}),
    ("林ユメ、中川大志が共演する。", {"林ユメ", "中川大志"}),
    ("主演の星ミナミ（24）が出演する。", {"星ミナミ"}),
    ("人気アイドルが出演する。", set()),
])
def test_a_place_or_an_event_is_no_person(body: str, people: set[str]) -> None:
    """"東京都が出演者を募集" named 東京都 (a prefecture), and "音楽フェスが開催され" 音楽フェス (a music festival)."""
    assert {m.text for m in find_entities("", body, "ja").people} == people


#: A subject in kanji alone that UniDic reads as common nouns none of which may be a name's part is no one: an event
#: ("記者会見、森七菜が登場"), a kind of performer ("新人女優が出演") or of character ("新人物が登場"); a name is someone,
#: its parts common words too (剛力彩芽, 森七菜), and so is any such word a trade introduces.
@pytest.mark.parametrize(("title", "body", "people"), [
    ("記者会見、森七菜が登場", "ドラマ「青い春」の記者会見が都内で開かれ、主演の森七菜が登場した。", {"森七菜"}),
    ("舞台挨拶　森七菜が登場", "", {"森七菜"}),
    ("完成披露、森七菜が登場", "", {"森七菜"}),
    ("第2話に新人物が登場", "「青い春」第2話に謎の男が登場し、話題となった。", set()),
    ("", "若手俳優が出演する。新人女優が出演する。", set()),
    ("", "主演の若手俳優が登場した。", set()),
    ("", "剛力彩芽が主演する。森七菜、新田真剣佑、林遣都が出演する。",
     {"剛力彩芽", "森七菜", "新田真剣佑", "林遣都"}),
    ("", "若葉流星が出演する。", {"若葉流星"}),
    ("", "女優の若手俳優が出演する。", {"若手俳優"}),
])
def test_common_nouns_in_kanji_are_no_person(title: str, body: str, people: set[str]) -> None:
    """"記者会見、森七菜が登場" named 記者会見 (a press conference) and "新人女優が出演" 新人女優 (a new actress)."""
    assert {m.text for m in find_entities(title, body, "ja").people} == people


#: Who appears at an event (登場) or attends it (出席) is cast news' person: "記者会見に森七菜が登場した"; an event
#: held ("記者会見が行われ", "が開催され") is no one, and what appears in a story (新キャラクター, ゲスト) neither.
@pytest.mark.parametrize(("body", "people"), [
    ("記者会見に森七菜が登場した。", {"森七菜"}),
    ("舞台挨拶に森七菜が登場した。", {"森七菜"}),
    ("音楽フェスに中村倫也が登場した。", {"中村倫也"}),
    ("記者会見には森七菜、岸優太が出席した。", {"森七菜", "岸優太"}),
    ("記者会見が行われ、森七菜が登場した。", {"森七菜"}),
    ("完成披露試写会が開催され、森七菜が出演した。", {"森七菜"}),
    ("新キャラクターが登場する。", set()),
    ("豪華ゲストが登場した。", set()),
    ("主人公の母親が登場する。", set()),
])
def test_who_appears_at_an_event_is_a_person(body: str, people: set[str]) -> None:
    assert {m.text for m in find_entities("", body, "ja").people} == people


@pytest.mark.parametrize(("title", "body"), [
    ("石原さとみ主演「青い港」", "主演の石原 さとみが出演する。石原さとみは「楽しみ」と語った。"),
    ("", "石原さとみが主演する。石原 さとみが共演する。"),
    ("", "主演の浜辺 美波が出演。浜辺美波が共演する。"),
])
def test_a_name_written_apart_and_together_is_one_person(title: str, body: str) -> None:
    """An article writing 石原さとみ in one place and 石原 さとみ in another named no one: each
    form was dropped as the start of the other."""
    people = find_entities(title, body, "ja").people
    assert len(people) == 1
    assert people[0].key == person_key(people[0].text.replace(" ", ""))


#: The one a cue names just before the subject's particle is a person: the lead, a co-star or the one cast in a part
#: ("主演の長澤まさみは", "共演の池田エライザも"), and the one a relative clause says appears or plays ("ドラマに出演する
#: 長澤まさみは", "主人公を演じる…"); what the cue names that is no one (a work, a kind of performer, a count, a
#: show's place) is not, nor the one played ("広瀬すずが演じる春香は").
@pytest.mark.parametrize(("body", "people"), [
    ("主演の長澤まさみが「楽しみ」とコメントした。", {"長澤まさみ"}),
    ("主演の長澤まさみは、撮影について語った。", {"長澤まさみ"}),
    ("主演の広瀬すず、「楽しみ」とコメント。", {"広瀬すず"}),
    ("出演の有村架純も「楽しみ」と語った。", {"有村架純"}),
    ("共演の池田エライザは「うれしい」と話した。", {"池田エライザ"}),
    ("ヒロイン役の中村アンは「うれしい」と話した。", {"中村アン"}),
    ("ドラマ「青い春」に出演する長澤まさみは「楽しみ」とコメント。", {"長澤まさみ"}),
    ("主人公を演じる杉咲花は「楽しみ」と語った。", {"杉咲花"}),
    ("刑事・千尋を演じる長澤まさみは「楽しみ」と語った。", {"長澤まさみ"}),
    ("映画で主演を務める浜辺美波が「楽しみ」と語った。", {"浜辺美波"}),
    ("主演の広瀬すずが演じる春香は高校生。", {"広瀬すず"}),
    ("主演の作品が話題になった。主演のドラマは好調だ。主演の新人女優は「楽しみ」とコメント。", set()),
    ("主演の2人は「楽しみ」とコメント。出演するキャストは「楽しみ」とコメント。", set()),
    ("出演する若手俳優は「楽しみ」とコメント。主演の座を射止めた。", set()),
    ("主演を務める作品は人気だ。出演する番組は来月スタート。", set()),
    ("出演する東京公演は好評だ。", set()),
    ("主演を務める予定だ。", set()),
])
def test_the_one_a_cue_names_before_the_subjects_particle_is_a_person(body: str, people: set[str]) -> None:
    """"主演の長澤まさみは「楽しみ」とコメント" named no one: 主演の was no cue (only 共演の), no cue word followed
    the name, and a name after a cue verb in a relative clause ("出演する長澤まさみは") was never read; "共演の池田
    エライザは" gave 池田 alone, the window after a cue being read to the first name's shortest end."""
    assert {m.text for m in find_entities("新ドラマ「青い春」", body, "ja").people} == people


@pytest.mark.parametrize(("body", "people"), [
    ("岸井ゆきのが出演する。", {"岸井ゆきの"}),
    ("岸井ゆきのが主演を務める。", {"岸井ゆきの"}),
    ("主演の岸井ゆきのは「楽しみ」とコメント。", {"岸井ゆきの"}),
    ("岸井ゆきの、長澤まさみが出演する。", {"岸井ゆきの", "長澤まさみ"}),
    ("印象的なのは主演の広瀬すずが語った言葉。", {"広瀬すず"}),
    ("大好きなのが出演する。", set()),
])
def test_a_kana_given_name_ending_in_no_alone_before_a_cue_is_a_person(body: str, people: set[str]) -> None:
    """"岸井ゆきのが出演する" named no one: a name ending in の was read only before a list's separator, the の
    otherwise being the particle; alone before the subject's particle it is the name's where UniDic reads the
    kanji as a proper noun (岸井), not a word ("印象的なのは")."""
    assert {m.text for m in find_entities("新ドラマ「青い春」", body, "ja").people} == people


@pytest.mark.parametrize(("body", "people"), [
    ("主演を務める広瀬すずさんは「楽しみ」と語った。", {"広瀬すず"}),
    ("主演は広瀬すずさん。", {"広瀬すず"}),
    ("共演は池田エライザ、広瀬すず。", {"池田エライザ", "広瀬すず"}),
])
def test_a_name_after_a_cue_is_read_to_its_end(body: str, people: set[str]) -> None:
    """"主演を務める広瀬すずさんは" named 広瀬すずさ: the names after a cue were read to the first name's
    shortest end, not to where what follows a name (さん, a particle, punctuation) begins."""
    assert {m.text for m in find_entities("", body, "ja").people} == people


@pytest.mark.parametrize(("body", "people"), [
    ("ムロツヨシが出演する。", {"ムロツヨシ"}),
    ("主演のオダギリジョーは「楽しみ」とコメント。", {"オダギリジョー"}),
    ("共演のイモトアヤコも「うれしい」と話した。", {"イモトアヤコ"}),
    # one word, or one name a character is given as often, is no stage name alone
    ("主演のミュージカルは好評。出演するアイドルグループは「楽しみ」。", set()),
    ("ヒロインのタカシが出演する。コメンテーターが出演する。", set()),
])
def test_a_stage_name_in_katakana_alone_by_a_cue_is_a_person(body: str, people: set[str]) -> None:
    """"ムロツヨシが出演する" named no one: a katakana word was a name only in a list of names. Alone by a cue it
    is one where UniDic reads it as two names or more (ムロ ツヨシ, オダギリ ジョー)."""
    assert {m.text for m in find_entities("", body, "ja").people} == people


@pytest.mark.parametrize(("body", "people"), [
    ("菅田将暉主演の日本版は「楽しみ」と話題だ。", {"菅田将暉"}),
    ("菅田将暉主演の韓国版は好評。", {"菅田将暉"}),
    ("菅田将暉主演の実写版が公開された。", {"菅田将暉"}),
    ("菅田将暉主演の舞台版は好評。", {"菅田将暉"}),
    ("菅田将暉主演の特別編は好評。", {"菅田将暉"}),
    ("出演の豪華陣は「楽しみ」とコメント。", set()),
    # a given name ending in such a kanji stays a name
    ("主演の森田健作は「楽しみ」とコメント。", {"森田健作"}),
    ("主演の団時朗は「楽しみ」とコメント。", {"団時朗"}),
])
def test_a_version_or_a_group_a_cue_names_is_no_person(body: str, people: set[str]) -> None:
    """"X主演の日本版は" named 日本版: the one a cue names before the subject's particle may be a word ending in a
    noun that ends words as a suffix does (版, 編, 陣, 団), which is no name."""
    assert {m.text for m in find_entities("新ドラマ", body, "ja").people} == people


@pytest.mark.parametrize(("body", "people"), [
    ("同番組に出演する宝塚歌劇団は「楽しみ」とコメント。", set()),
    ("舞台に出演する劇団四季は、東京で上演する。", set()),
    ("番組に出演する吉本興業は「楽しみ」とコメント。", set()),
    ("出演する東宝芸能は「楽しみ」とコメント。", set()),
    ("主演の東映は好調だ。", set()),
    ("出演する京都は好評。出演する横浜は好評。", set()),
    # a family name UniDic reads as a place too, a comedian named for a troupe
    ("主演の横浜流星は「楽しみ」とコメント。", {"横浜流星"}),
    ("主演の劇団ひとりは「楽しみ」とコメント。", {"劇団ひとり"}),
    ("綾瀬はるかが出演する。", {"綾瀬はるか"}),
])
def test_a_company_or_a_place_a_cue_names_is_no_person(body: str, people: set[str]) -> None:
    """"番組に出演する吉本興業は" named 吉本興業: a troupe, a company or a place UniDic reads as one proper noun
    and never as a person's name is no person."""
    assert {m.text for m in find_entities("新ドラマ", body, "ja").people} == people


@pytest.mark.parametrize("body", ["'푸른 봄' 주연 여배우가 소감을 밝혔다.", "'푸른 봄'에 출연하는 배우진은 화려하다.",
                                  "새 드라마에 남배우가 출연한다."])
def test_korean_words_for_the_cast_are_no_people(body: str) -> None:
    assert not find_entities("'푸른 봄' 캐스팅", body, "ko").people


@pytest.mark.parametrize(("body", "people"), [
    ("松たか子が主演する。", {"松たか子"}),
    ("主演の松たか子は「楽しみ」と語った。", {"松たか子"}),
    ("女優の石田ゆり子が出演する。", {"石田ゆり子"}),
    ("真木よう子、中川大志が共演する。", {"真木よう子", "中川大志"}),
    ("共演の中川大志、大山のぶ代も「楽しみ」と話した。", {"中川大志", "大山のぶ代"}),
    ("和田アキ子主演のドラマ「青い春」が放送される。", {"和田アキ子"}),
    ("主演の泉ピン子（45）が会見した。", {"泉ピン子"}),
    # a child someone had, next to, well known: no given name
    ("生まれた子が主演する。隣の子が出演する。いい子が出演する。", set()),
    ("売れっ子が出演する。主演の教え子は好評。末っ子が主演する。主演した子が「楽しみ」と語った。", set()),
])
def test_a_japanese_given_name_of_kana_and_ko_is_a_name(body: str, people: set[str]) -> None:
    """"松たか子が主演する" named no one, and "女優の大山のぶ代が出演" named 大山: a given name of kana and a kanji
    (たか子, ゆり子, アキ子, のぶ代) was no name's shape; one is where UniDic reads a family name before it and no verb,
    adjective or particle after it."""
    assert {m.text for m in find_entities("", body, "ja").people} == people


@pytest.mark.parametrize(("body", "people"), [
    ("主演の松竹は好調だ。出演する角川は「楽しみ」とコメント。", set()),
    ("出演する吉本は「楽しみ」。角川が出演者を募集する。", set()),
    ("製作の松竹と出演の吉本は「楽しみ」。共演の吉本は好評だ。", set()),
    # a family name said alone after its full name stays its person's
    ("吉本実憂が出演する。主演の吉本は「楽しみ」と語った。", {"吉本実憂"}),
    ("主演の角川春樹は「楽しみ」とコメント。", {"角川春樹"}),
])
def test_a_japanese_studio_or_agency_is_no_person(body: str, people: set[str]) -> None:
    """"主演の松竹は" named 松竹, "出演する吉本は" 吉本: a studio or an agency UniDic reads as a family name (角川) or
    can read alone as one (吉本), or as a word (松竹), was no company to it."""
    assert {m.text for m in find_entities("", body, "ja").people} == people


@pytest.mark.parametrize(("body", "people"), [
    ("女優の のんが出演する。", {"のん"}),
    ("のんが主演する。", {"のん"}),
    ("ドラマ「青い春」は、のんが初主演する。", {"のん"}),
    ("のんが主演を務める。", {"のん"}),
    # a noun, a pronoun or an adverb in hiragana is no one's stage name
    ("ふたりが主演する。こどもが主演する。ねこが主演する映画。", set()),
    ("それが主演の条件だ。だれが主演を務めるのか。わたしが主演する。それぞれが主演を務める。", set()),
    ("女優の みなさんが出演する。", set()),
])
def test_a_one_word_hiragana_stage_name_given_the_lead_is_a_person(body: str, people: set[str]) -> None:
    """"のんが主演する" named no one, nor "女優の のんが出演" (a space after the trade): a name in hiragana alone was one
    only right after "女優の"; at a clause's start before が主演 it is one where UniDic reads it as no noun, pronoun or
    adverb (のん is a particle to it, りょう a given name)."""
    assert {m.text for m in find_entities("", body, "ja").people} == people


@pytest.mark.parametrize(("body", "people"), [
    ("主演の長澤まさみ、ムロツヨシ、夏帆は「楽しみ」と語った。", {"長澤まさみ", "ムロツヨシ", "夏帆"}),
    ("主演の長澤まさみ、ヒコロヒー、夏帆は「楽しみ」と語った。", {"長澤まさみ", "ヒコロヒー", "夏帆"}),
    ("共演の中川大志、オダギリジョーも「楽しみ」と話した。", {"中川大志", "オダギリジョー"}),
    # the last word of the list is a name only where UniDic reads it as names
    ("主演の長澤まさみ、マネージャーは「楽しみ」と語った。", {"長澤まさみ"}),
    ("主演の長澤まさみ、プロデューサーは語った。主演の長澤まさみ、スタッフは「楽しみ」。", {"長澤まさみ"}),
])
def test_a_katakana_stage_name_listed_after_the_lead_is_a_person(body: str, people: set[str]) -> None:
    """"主演の長澤まさみ、ムロツヨシ、夏帆は" named no ムロツヨシ: the names after 主演の were read only as far as the
    first one-word katakana name."""
    assert {m.text for m in find_entities("", body, "ja").people} == people


def _shuffled_texts(pieces: list[str], needles: list[str], count: int, seed: int) -> list[tuple[str, str]]:
    import random

    rnd = random.Random(seed)
    pairs = []
    for _ in range(count):
        needle = "".join(rnd.choice(needles) for _ in range(rnd.randint(0, 3)))
        pairs.append((needle, "".join(rnd.choice([*pieces, needle, needle]) for _ in range(rnd.randint(0, 10)))))
    return pairs


def test_a_korean_subject_is_found_as_the_pattern_per_word_found_it() -> None:
    """_ko_subject looks for the word and its particle with str.find: the same answers as the pattern it
    compiled for each word."""
    import re

    from pipeline import entities

    def by_pattern(text: str, word: str) -> bool:
        return any(not (word.endswith("하") and match.group(1) == "는") for match in re.finditer(
            rf"(?<![\uac00-\ud7a3]){re.escape(word)}(은|는|이|가|도|과의|와의|과|와|,|·)(?![\uac00-\ud7a3])", text))

    pieces = ["김", "수", "하", "는", "은", "이", "과", "의", "와", ",", "·", " ", "a", "_", "가", "도"]
    for word, text in _shuffled_texts(pieces, pieces, 20000, 11):
        assert entities._ko_subject(text, word) == by_pattern(text, word), (word, text)


def test_a_written_spelling_is_what_the_case_insensitive_pattern_found() -> None:
    """written_spelling finds a name's spellings without a pattern for each name: the same answers as
    re.finditer(re.escape(name), body, re.IGNORECASE) (the letters IGNORECASE equates included)."""
    import re

    from pipeline.entities import SHOW, Mention, written_spelling

    def by_pattern(name: str, title: str, body: str) -> str:
        start = len(title) if body.startswith(title) else 0
        spellings = (m.group() for m in re.finditer(re.escape(name), body[start:], re.IGNORECASE))
        return next((written for written in spellings if written[0] == name[0]), name)

    pieces = ["한", "日", "カ", "a", "A", "s", "S", "ſ", "i", "I", "İ", "ı", "K", "k", "\u212a", " ", "(", "Ａ", "ß", "é", "É"]
    for name, body in _shuffled_texts(pieces, pieces, 20000, 7):
        if not name:
            continue
        title = f"x {name}"
        mention = Mention(SHOW, name, "k", name, "title")
        for text in (body, title + body):
            assert written_spelling(mention, title, text) == by_pattern(name, title, text), (name, text)
