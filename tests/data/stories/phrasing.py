"""How each fictional outlet writes (dev styles and, separately, held-out styles)."""

from __future__ import annotations

DEV_OUTLETS = {
    "hallyuherald": {"language": "en", "host": "www.hallyuherald.example", "style": "en_news", "quotes": "single", "name_variant": 0},
    "dramawire": {"pool": 1, "language": "en", "host": "dramawire.example", "style": "en_blog", "quotes": "double", "name_variant": 1, "alt_titles": True},
    "screenasia": {"pool": 1, "language": "en", "host": "screenasia.example", "style": "en_news", "quotes": "plain", "name_variant": 1},
    "kwave": {"language": "en", "host": "kwavedaily.example", "style": "en_blog", "quotes": "single", "name_variant": 2},
    "starnews24": {"language": "ko", "host": "www.starnews24.example.kr", "style": "ko_news", "quotes": "single", "name_variant": 0, "bilingual": "(영제 '{en}')", "native_foreign": True},
    "entoday": {"pool": 1, "language": "ko", "host": "entoday.example.kr", "style": "ko_daily", "quotes": "angle", "name_variant": 0},
    "dramapress": {"language": "ja", "host": "dramapress.example.jp", "style": "ja_news", "quotes": "kagi", "name_variant": 0, "bilingual": "（原題『{en}』）"},
    "entasoku": {"pool": 1, "language": "ja", "host": "entasoku.example.jp", "style": "ja_daily", "quotes": "dkagi", "name_variant": 0},
}

HELDOUT_OUTLETS = {
    "seoulscope": {"language": "en", "host": "seoulscope.example", "style": "en_wire", "quotes": "double", "name_variant": 1},
    "bingeasia": {"pool": 1, "language": "en", "host": "www.bingeasia.example", "style": "en_list", "quotes": "single", "name_variant": 0, "alt_titles": True},
    "dramanote": {"pool": 1, "language": "en", "host": "dramanote.example", "style": "en_wire", "quotes": "single", "name_variant": 2},
    "hanbit": {"language": "ko", "host": "news.hanbit.example.kr", "style": "ko_wire", "quotes": "dangle", "name_variant": 0, "bilingual": "('{en}')"},
    "geinou": {"language": "ja", "host": "geinou.example.jp", "style": "ja_wire", "quotes": "kagi", "name_variant": 0, "bilingual": "（英題：『{en}』）"},
    "tvlife": {"pool": 1, "language": "ja", "host": "tvlife.example.jp", "style": "ja_wire", "quotes": "dkagi", "name_variant": 0},
}

TITLES = {
    "en_news": {
        "casting": ["{people} to star in {platform}'s {show}", "{p1} and {p2} confirmed to lead {show}", "{p1} cast in {platform} drama {show} opposite {p2}"],
        "release": ["{platform}'s {show} sets {premiere} premiere", "{show} starring {p1} confirms premiere date", "{show} to premiere on {platform} on {premiere}"],
        "trailer": ["{show} drops first teaser with {p1}", "Watch: {platform} unveils {show} trailer", "{p1} and {p2} shine in first {show} teaser"],
        "renewal": ["{show} renewed for season {season} at {platform}", "{platform} confirms {show} season {season}"],
        "production": ["{show} begins filming with {p1} and {p2}", "Cameras roll on {platform}'s {show}"],
        "other": ["{show} review: {p1} carries a quiet, aching drama", "{show} episodes 1-2 recap: a slow burn begins"],
    },
    "en_blog": {
        "casting": ["It's official! {p1} and {p2} will star in {show}", "{p1} joins the cast of {show} alongside {p2}", "Casting news: {people} lead {platform}'s {show}"],
        "release": ["Mark your calendars: {show} arrives {premiere} on {platform}", "{show} finally gets a release date", "When does {show} come out? {platform} sets {premiere}"],
        "trailer": ["{show} teaser: first look at {p1} and {p2}", "The {show} trailer is here and we can't stop watching", "New {show} teaser hints at {p1}'s role"],
        "renewal": ["Good news! {show} is coming back for season {season}", "{show} season {season} officially happening"],
        "production": ["{show} kicks off filming with {p1}", "Filming is underway for {show}"],
        "other": ["Why {show} is the quiet gem of the season (review)", "{show} recap: episode 3 changes everything"],
    },
    "ko_news": {
        "casting": ["{p1}·{p2}, {show} 출연 확정", "{p1}, {platform} {show} 주연 발탁…{p2}와 호흡", "[단독] {p1}, {show} 출연 확정"],
        "release": ["{show}, {premiere} 첫 공개 확정", "{p1} 주연 {show}, {premiere} {platform} 공개"],
        "trailer": ["{show}, 티저 예고편 공개…{p1} 변신", "{p1}·{p2} {show} 첫 티저 영상 공개"],
        "renewal": ["{show} 시즌{season} 제작 확정", "{platform} {show} 시즌{season} 간다"],
        "production": ["{show}, 첫 촬영 현장 공개…{p1}·{p2} 호흡", "{show} 크랭크인…{p1} 촬영 돌입"],
        "other": ["[리뷰] {show}, {p1}의 섬세한 연기가 빛났다", "{show} 시청 포인트…{p1}의 새로운 얼굴"],
    },
    "ja_news": {
        "casting": ["{p1}＆{p2}、{platform}{show}出演決定", "{p1}主演{show}、{p2}の出演が決定", "{p1}が{show}で主演を務める"],
        "release": ["{show}、{premiere}より{platform}で配信開始", "{p1}主演{show}、{premiere}配信スタート"],
        "trailer": ["{show}予告編解禁　{p1}の新たな表情", "{show}、キービジュアル＆ティザー解禁"],
        "renewal": ["{show}シーズン{season}制作決定", "{show}続編決定　{p1}続投"],
        "production": ["{show}クランクイン　{p1}＆{p2}が撮影開始", "{show}撮影開始　{p1}が意気込み"],
        "other": ["【レビュー】{show}、{p1}の静かな熱演", "{show}第1話感想　{p1}が魅せた"],
    },
    "en_wire": {
        "casting": ["{platform} taps {p1}, {p2} for {show}", "{p1} lands lead role in {show}", "{people} board {platform} series {show}"],
        "release": ["{show} slated for {premiere} debut on {platform}", "{platform} dates {show} for {premiere}"],
        "trailer": ["{platform} releases teaser trailer for {show}", "First look: {show} key art and teaser"],
        "renewal": ["{platform} renews {show} for season {season}", "{show} greenlit for season {season}"],
        "production": ["Production begins on {show} in Seoul", "{show} starts filming with {p1}"],
        "other": ["Review: {show} is smart, sad and too long", "{show} episode 5 recap"],
    },
    "en_list": {
        "casting": ["5 things to know about {show}, {p1}'s next drama", "Everything we know about {show} with {p1} and {p2}"],
        "release": ["{show}: release date, cast and where to watch", "Coming soon: {show} hits {platform} on {premiere}"],
        "trailer": ["{show} trailer breakdown: 7 details you missed", "Watch the first teaser for {show}"],
        "renewal": ["{show} season {season}: everything we know so far", "Is there a {show} season {season}? Yes, it's confirmed"],
        "production": ["{show} is now filming: cast and plot details", "Behind the scenes as {show} kicks off filming"],
        "other": ["{show} ending explained", "Should you watch {show}? Our honest review"],
    },
    "ko_wire": {
        "casting": ["{people}, {show}로 뭉친다", "{p1}, 신작 {show} 주인공으로 낙점"],
        "release": ["{show} {premiere} 베일을 벗는다", "{platform} {show}, {premiere} 전 세계 공개"],
        "trailer": ["{show}, 첫 티저 예고편 공개", "{show} 티저 영상 공개…{p1} 눈길"],
        "renewal": ["{show}, 시즌{season}로 돌아온다", "{show} 시즌{season} 제작 확정…{p1} 재출연"],
        "production": ["{show} 첫 촬영 시작", "{p1}·{p2} {show} 크랭크인"],
        "other": ["[TV리뷰] {show}, 기대 이상의 완성도", "{show} 결말, 시청자 반응 엇갈려"],
    },
    "ja_wire": {
        "casting": ["{show}キャスト解禁、{people}が共演", "{p1}、{show}で初主演"],
        "release": ["{show}、{premiere}放送スタート", "{show}の配信日が決定"],
        "trailer": ["{show}特報映像が公開", "{show}ティザー映像解禁"],
        "renewal": ["{show}、シーズン{season}制作へ", "{show}の続編制作が決定"],
        "production": ["{show}撮影がスタート", "{show}クランクイン"],
        "other": ["{show}最終回の感想", "{show}の結末を考察"],
    },
}

LEADS = {
    "en_news": {
        "casting": ["{people} have been cast in {platform}'s upcoming series {show}, the streamer announced on Tuesday.", "{p1} will star in {show} opposite {p2}, according to an announcement from {platform}."],
        "release": ["{platform} has set {premiere} as the premiere date for {show}, the drama starring {people}.", "{show}, starring {people}, will premiere on {platform} on {premiere}, the network confirmed."],
        "trailer": ["{platform} has unveiled the first teaser trailer for {show}, giving viewers a look at {p1} and {p2} in character.", "The first teaser for {show} was released today, showing {p1} in a striking new look."],
        "renewal": ["{platform} has renewed {show} for season {season}, with {p1} expected to return.", "{show} will return for season {season}, {platform} confirmed, following a strong run for the first season."],
        "production": ["{show} has begun filming, with {p1} and {p2} spotted on set in Seoul this week.", "Production has started on {show}, the new {platform} drama led by {people}."],
        "other": ["{show} is not the drama its marketing promised, and that is mostly a good thing, writes our reviewer.", "The first two episodes of {show} take their time, but {p1} makes every quiet scene count."],
    },
    "en_blog": {
        "casting": ["Fans, get excited: {people} will star in {show}, and we honestly could not be happier about this pairing.", "{p1} has officially joined the cast of {show}, where they will appear alongside {p2} in {platform}'s next big series."],
        "release": ["The wait is almost over! {show} is set to premiere on {platform} on {premiere}, with all episodes dropping at once.", "{show} finally has a release date: the series starring {p1} and {p2} arrives on {platform} on {premiere}."],
        "trailer": ["The first teaser for {show} just dropped, and {p1} and {p2} look incredible in it.", "{platform} shared the trailer for {show} today, and it is everything fans hoped for."],
        "renewal": ["{show} is officially coming back! {platform} announced a new season, so {p1} will return as the lead.", "Season {season} of {show} is happening, and {p1} is back."],
        "production": ["The cast of {show} gathered on set for the first day of filming this week, and {p1} and {p2} already have great chemistry.", "Filming for {show} kicked off this week, with {p1} sharing a photo from set."],
        "other": ["I binged {show} over the weekend and I have thoughts, mostly about {p1}.", "Episode 3 of {show} is where everything clicks into place for {p1}'s character."],
    },
    "ko_news": {
        "casting": ["배우 {people}가 {platform} 새 시리즈 {show}에 출연을 확정했다.", "{p1}가 {show}의 주인공으로 발탁됐다. {p2}가 상대역으로 호흡을 맞춘다."],
        "release": ["{platform} 시리즈 {show}가 {premiere} 첫 공개를 확정했다.", "{people} 주연의 {show}가 오는 {premiere} {platform}에서 공개된다."],
        "trailer": ["{show}가 티저 예고편을 공개했다. 영상 속 {p1}는 새로운 모습으로 눈길을 끈다.", "{platform} {show}가 {p1}와 {p2}의 모습을 담은 첫 티저 영상을 공개했다."],
        "renewal": ["{platform} {show}가 시즌{season} 제작을 확정했다.", "{show}가 시즌{season}로 돌아온다. {p1}가 다시 주연을 맡는다."],
        "production": ["{show}가 첫 촬영 현장을 공개했다. {p1}와 {p2}가 첫 호흡을 맞췄다.", "{show}가 크랭크인했다. {p1}는 첫 촬영에 돌입했다."],
        "other": ["{show}는 화려하지 않지만 오래 남는 드라마다. {p1}의 연기가 그 중심에 있다.", "{show}의 관전 포인트는 {p1}의 새로운 얼굴이다."],
    },
    "ja_news": {
        "casting": ["{platform}シリーズ{show}に{people}が出演することが決定した。", "俳優の{p1}が{show}で主演を務めることが発表された。共演は{p2}。"],
        "release": ["{people}出演の{show}が{premiere}より{platform}で配信開始されることが決定した。", "{show}の配信日が{premiere}に決定した。"],
        "trailer": ["{show}の予告編が解禁された。{p1}と{p2}の姿が映し出されている。", "{show}のキービジュアルとティザー映像が解禁された。"],
        "renewal": ["{show}のシーズン{season}制作が決定した。{p1}も続投する。", "{platform}の{show}の続編制作が発表された。"],
        "production": ["{show}がクランクインし、{p1}と{p2}が撮影に臨んだ。", "{show}の撮影が都内でスタートした。"],
        "other": ["{show}は派手さはないが、{p1}の繊細な芝居が光る作品だ。", "{show}第1話が放送され、{p1}の演技が話題となっている。"],
    },
    "en_wire": {
        "casting": ["SEOUL — {platform} has tapped {people} to lead {show}, a drama series now in development.", "{p1} has landed the lead role in {show}, with {p2} also attached, sources close to the production confirmed."],
        "release": ["{platform} said {show} is slated to debut on {premiere}.", "{show}, led by {people}, is scheduled to stream on {platform} from {premiere}."],
        "trailer": ["{platform} on Thursday released a teaser trailer for {show}.", "The first key art and teaser for {show} were released by {platform}."],
        "renewal": ["{platform} has renewed {show} for a second season.", "{show} has been greenlit for season {season}, {platform} said."],
        "production": ["Production began this week on {show}, the {platform} series starring {people}.", "{show} started filming in Seoul on Monday with {p1} on set."],
        "other": ["{show} has a smart premise and two strong leads, but it runs out of story by the midpoint.", "In episode 5 of {show}, {p1}'s character finally confronts the past."],
    },
    "en_list": {
        "casting": ["{show} is shaping up to be one of the most anticipated dramas of the year. Here is what we know: {people} will star.", "{p1} has a new project: {show}, where {p2} will also star."],
        "release": ["{show} is coming to {platform} on {premiere}. Here is everything you need to know about the cast, the plot and where to watch.", "Good news for fans of {p1}: {show} will premiere on {premiere}."],
        "trailer": ["{platform} just released the first trailer for {show}, and we spotted a few details worth talking about.", "Watch the first teaser for {show}, starring {people}."],
        "renewal": ["Yes, {show} season {season} is confirmed. {platform} announced the renewal this week.", "{show} will return for a new season, {platform} confirmed."],
        "production": ["{show} has officially started filming, with {people} leading the cast.", "Cameras are rolling on {show}, and {p1} shared a photo from set."],
        "other": ["The finale of {show} left viewers with questions. Here is our take on the ending.", "{show} is worth your time if you like slow dramas. Our review."],
    },
    "ko_wire": {
        "casting": ["{people}가 신작 {show}로 뭉친다. 제작사는 이날 캐스팅 라인업을 공개했다.", "{p1}가 {show}의 주인공으로 낙점됐다. 상대역은 {p2}가 맡는다."],
        "release": ["{show}가 {premiere} 베일을 벗는다. {platform}는 이날 공개일을 확정했다고 밝혔다.", "{platform} 오리지널 {show}가 {premiere} 전 세계 동시 공개된다."],
        "trailer": ["{show}가 첫 티저 예고편을 공개했다.", "{show}가 티저 영상을 공개했다. {p1}의 모습이 눈길을 끈다."],
        "renewal": ["{show}가 시즌{season}로 돌아온다. {p1}가 재출연한다.", "{platform}는 {show} 시즌{season} 제작을 확정했다."],
        "production": ["{show}가 첫 촬영을 시작했다. {people}가 현장에 함께했다.", "{show}가 크랭크인했다. {p1}와 {p2}는 첫 촬영에 임했다."],
        "other": ["{show}는 기대 이상의 완성도를 보여줬다.", "{show}의 결말을 두고 시청자 반응이 엇갈리고 있다."],
    },
    "ja_wire": {
        "casting": ["{show}のキャストが解禁され、{people}が共演することが分かった。", "{p1}が{show}で初主演を務めることが決定した。{p2}も出演する。"],
        "release": ["{show}が{premiere}から放送スタートすることが決定した。", "{platform}は{show}の配信日を{premiere}に決定したと発表した。"],
        "trailer": ["{show}の特報映像が公開された。", "{show}のティザー映像が解禁された。"],
        "renewal": ["{show}のシーズン{season}制作が決定した。", "{show}の続編制作が発表された。"],
        "production": ["{show}の撮影が始まった。{people}が現場入りした。", "{show}がクランクインを迎えた。"],
        "other": ["{show}の最終回を見届けた感想をまとめる。", "{show}の結末について考察する。"],
    },
}

SECOND = {
    "en": {
        "casting": ["The series will have {episodes} episodes and is written by a team behind several hit melodramas. Further casting is expected in the coming weeks.", "Negotiations with the supporting cast are ongoing, and the production company said more names will be announced soon.", "The two actors have never worked together before, which has fans eager to see their chemistry."],
        "release": ["The series will run for {episodes} episodes, with new episodes every weekend after the premiere.", "All {episodes} episodes will be available at once, the streamer said in a statement.", "The date was confirmed in a statement that also teased a new poster for the series."],
        "trailer": ["The clip runs just over a minute and ends with a hint at the central mystery of the series.", "The teaser has already passed a million views on YouTube within hours of its release.", "The teaser shows the two leads standing back to back under a grey sky."],
        "renewal": ["The first season ended on a cliffhanger that left many questions unanswered.", "The new season is expected to have {episodes} episodes, the same as the first."],
        "production": ["The production team plans to shoot for about five months in Seoul and Busan.", "Before cameras rolled, the cast read through the first four scripts together, the production company said."],
        "other": ["The pacing drags in the middle episodes, but the final act pays off.", "The supporting cast is uneven, yet the central performance holds it together."],
    },
    "ko": {
        "casting": ["작품은 총 {episodes}부작으로 제작될 예정이다. 추가 캐스팅 소식도 곧 전해질 전망이다.", "두 배우의 첫 만남에 팬들의 기대가 모이고 있다."],
        "release": ["작품은 총 {episodes}부작으로, 매주 주말 시청자를 찾는다.", "{platform} 측은 공개일과 함께 새 포스터를 선보였다."],
        "trailer": ["영상은 1분 남짓한 분량으로 작품의 미스터리를 암시하며 끝난다.", "영상 속 두 사람은 서로 등을 맞대고 서 있다."],
        "renewal": ["지난 시즌은 열린 결말로 마무리돼 후속 시즌에 대한 기대가 컸다.", "새 시즌은 전 시즌과 같은 {episodes}부작으로 구성된다."],
        "production": ["제작진은 약 5개월간 서울과 부산에서 촬영을 진행할 계획이다.", "배우들은 촬영에 앞서 1~4부 대본을 함께 읽으며 호흡을 맞췄다."],
        "other": ["중반부 전개가 다소 늘어지지만 마지막 회가 이를 만회한다.", "조연진의 연기는 고르지 않지만 주연의 존재감이 작품을 지탱한다."],
    },
    "ja": {
        "casting": ["全{episodes}話で構成される予定で、追加キャストも近く発表される見込みだ。", "二人の初共演にファンの期待が高まっている。"],
        "release": ["全{episodes}話で、毎週末に新エピソードが配信される。", "配信日の発表とあわせて新ポスターも公開された。"],
        "trailer": ["映像は約1分で、物語の謎を予感させる場面で終わる。", "映像には背中合わせに立つ二人の姿が映っている。"],
        "renewal": ["前シーズンは多くの謎を残したまま幕を閉じていた。", "新シーズンも全{episodes}話で構成される。"],
        "production": ["撮影は約5か月にわたり都内近郊で行われる予定だ。", "撮影に先立ち、キャスト陣は第1話から第4話までの台本を読み合わせている。"],
        "other": ["中盤の展開はやや間延びするが、最終章で見事に回収される。", "脇を固めるキャストにはばらつきがあるが、主演の存在感が作品を支えている。"],
    },
}

BACKGROUND = {
    "en": ["{p1} previously starred in {past}, which became one of the most talked-about dramas of its year.", "{p1} last appeared in {past}, and this marks a return to television after two years.", "{p2} is best known for the mystery series {past}."],
    "ko": ["{p1}는 앞서 {past}에서 주연을 맡아 호평을 받았다.", "{p2}는 {past} 이후 2년 만의 안방극장 복귀다."],
    "ja": ["{p1}は以前、{past}で主演を務め話題を集めた。", "{p2}は{past}以来、約2年ぶりの連続ドラマとなる。"],
}

CLOSINGS = {
    "hallyuherald": ["Stay tuned for more updates on {show}.", ""],
    "dramawire": ["Are you excited? Let us know in the comments!\nAlso See: The 10 best dramas of the year so far", "Share this article\nFollow us on Instagram"],
    "screenasia": ["", "Up Next: Our guide to this month's drama premieres"],
    "kwave": ["Which drama are you looking forward to most? Tell us below!", ""],
    "starnews24": ["[스타뉴스24 김하늘 기자]", "관련기사: 올해 주목할 드라마"],
    "entoday": ["", "ⓒ 연예투데이, 무단전재 및 재배포 금지"],
    "dramapress": ["関連記事：今期注目のドラマ", ""],
    "entasoku": ["", "この記事をシェアする"],
    "seoulscope": ["", "Reporting by our Seoul desk."],
    "bingeasia": ["Did we miss anything? Tell us in the comments.", "Read more: Best new dramas this month"],
    "dramanote": ["", ""],
    "hanbit": ["", "[한빛뉴스 이서준 기자]"],
    "geinou": ["", "あわせて読みたい：春ドラマまとめ"],
    "tvlife": ["", ""],
}

PREMISES = {
    "ra": {"en": "Adapted from the French film Les Emotifs anonymes, the story follows a chocolatier and a shop owner who are both painfully shy.", "ko": "프랑스 영화 '엉뚱한 사랑의 레시피'를 원작으로, 극도로 수줍음이 많은 두 사람의 사랑을 그린다.", "ja": "フランス映画を原作に、極度に人見知りなショコラティエと店主の恋を描く。"},
    "lt": {"en": "The drama follows a widowed lighthouse keeper on a remote island who finds a stranger washed ashore.", "ko": "외딴섬의 등대지기가 해변에 떠밀려 온 낯선 이를 발견하며 벌어지는 이야기다.", "ja": "離島の灯台守が、浜辺に打ち上げられた見知らぬ人物を見つけることから物語が始まる。"},
    "ms": {"en": "Set in a hair salon that only opens after midnight, it tells the stories of the customers who come in at night.", "ko": "자정 이후에만 문을 여는 미용실을 배경으로 손님들의 사연을 그린다.", "ja": "深夜0時以降にだけ開く美容室を舞台に、訪れる客たちの物語を描く。"},
    "bt": {"en": "It is a coming-of-age story about a high school swim team in a fading harbor town.", "ko": "쇠락해가는 항구 도시 고등학교 수영부의 성장 이야기다.", "ja": "寂れた港町の高校水泳部を舞台にした青春物語だ。"},
    "cs": {"en": "The crime thriller follows a detective who goes undercover in a gang that controls a single street.", "ko": "한 거리를 장악한 조직에 잠입한 형사의 이야기를 그린 범죄 스릴러다.", "ja": "ある通りを支配する組織に潜入した刑事を描くクライムサスペンスだ。"},
    "hw": {"en": "A chaebol heir discovers that his arranged bride has been living a double life.", "ko": "재벌 후계자가 정략결혼 상대의 이중생활을 알게 되며 벌어지는 이야기다.", "ja": "財閥の後継者が、政略結婚の相手の二重生活に気づく物語だ。"},
    "sk": {"en": "The series centres on a famous chef who loses her sense of taste and opens a tiny restaurant in the countryside.", "ko": "미각을 잃은 유명 셰프가 시골에 작은 식당을 열며 벌어지는 이야기다.", "ja": "味覚を失った有名シェフが田舎に小さな食堂を開く物語だ。"},
    "pg": {"en": "Two origami artists compete for the same commission and slowly fall for each other.", "ko": "같은 의뢰를 두고 경쟁하는 두 종이접기 작가의 로맨스다.", "ja": "同じ依頼を競い合う二人の折り紙作家の恋を描く。"},
    "ot": {"en": "A physics student and a washed-up astronaut team up to prove a theory nobody believes.", "ko": "물리학도와 은퇴한 우주비행사가 아무도 믿지 않는 이론을 증명하려 손잡는다.", "ja": "物理学専攻の学生と落ちぶれた元宇宙飛行士が、誰も信じない理論の証明に挑む。"},
    "wl": {"en": "A postman delivers letters that were lost for twenty years, reuniting old lovers one by one.", "ko": "20년 동안 잃어버렸던 편지를 배달하는 집배원이 옛 연인들을 다시 이어준다.", "ja": "20年間行方不明だった手紙を届ける郵便配達員が、かつての恋人たちを再会させていく。"},
    "nd": {"en": "A retired detective with a neon sign shop solves cases for his neighbours.", "ko": "네온사인 가게를 운영하는 은퇴한 형사가 이웃들의 사건을 해결한다.", "ja": "ネオン看板店を営む元刑事が、近所の事件を解決していく。"},
    "ss": {"en": "Strangers stranded at a rural train station during a summer storm discover they are connected.", "ko": "여름 폭풍으로 시골 기차역에 발이 묶인 낯선 이들이 서로 연결돼 있음을 알게 된다.", "ja": "夏の嵐で田舎の駅に足止めされた見知らぬ人々が、互いのつながりに気づいていく。"},
    "kc": {"en": "A clockmaker's family guards a secret that can stop time for one minute a day.", "ko": "하루 1분 시간을 멈출 수 있는 비밀을 지키는 시계공 가족의 이야기다.", "ja": "一日一分だけ時間を止められる秘密を守る時計職人一家の物語だ。"},
    "lb": {"en": "A bus driver on the last route of the night becomes entangled in a missing persons case.", "ko": "심야 막차 버스 기사가 실종 사건에 휘말리는 이야기다.", "ja": "最終便のバス運転手が失踪事件に巻き込まれていく。"},
    "gf": {"en": "A glass artist inherits a cursed mansion on the coast and the debts that come with it.", "ko": "유리 공예가가 바닷가 저주받은 저택과 빚을 함께 물려받는다.", "ja": "ガラス作家が海辺の呪われた屋敷と借金を相続する。"},
    "tc": {"en": "A Korean interpreter and a Tokyo taxi driver cross paths every night at the same intersection.", "ko": "한국인 통역사와 도쿄의 택시 기사가 매일 밤 같은 교차로에서 마주친다.", "ja": "韓国人通訳と東京のタクシー運転手が、毎晩同じ交差点ですれ違う。"},
    "ry": {"en": "Four roommates grow vegetables on a Seoul rooftop while their lives fall apart below.", "ko": "서울 옥탑방에 사는 네 명의 룸메이트가 텃밭을 가꾸며 성장하는 이야기다.", "ja": "ソウルの屋上で野菜を育てる四人のルームメイトの物語だ。"},
    "sm": {"en": "A salt farmer and a lunar scientist exchange letters across an ocean.", "ko": "염전 농부와 달 연구자가 바다를 사이에 두고 편지를 주고받는다.", "ja": "塩田の農夫と月の研究者が海を越えて手紙を交わす。"},
    "fr": {"en": "Three estranged siblings reopen their late mother's restaurant.", "ko": "사이가 멀어진 삼남매가 돌아가신 어머니의 식당을 다시 연다.", "ja": "疎遠だった三きょうだいが亡き母の食堂を再開させる。"},
    "hh": {"en": "Doctors at an understaffed harbor hospital handle emergencies from ships and fishing boats.", "ko": "인력이 부족한 항구 병원 의료진이 선박 응급 환자를 돌본다.", "ja": "人手不足の港の病院で、医師たちが船からの急患に向き合う。"},
    "vd": {"en": "A debt collector falls for the heiress whose family owes his boss a fortune.", "ko": "빚 수금원이 막대한 빚을 진 집안의 상속녀와 사랑에 빠진다.", "ja": "借金取りの男が、莫大な借金を抱える一家の令嬢に恋をする。"},
    "ek": {"en": "Children at a mountain school start hearing the voices of the people who once lived there.", "ko": "산골 학교 아이들이 그곳에 살았던 사람들의 목소리를 듣기 시작한다.", "ja": "山奥の学校の子どもたちが、かつてそこに住んでいた人々の声を聞き始める。"},
    "mm": {"en": "A family mystery unfolds in an old mansion surrounded by maple trees.", "ko": "단풍나무로 둘러싸인 오래된 저택에서 가족의 비밀이 드러난다.", "ja": "カエデに囲まれた古い屋敷で、家族の秘密が明らかになっていく。"},
    "cr": {"en": "A pilot grounded after an accident investigates what really happened on the runway.", "ko": "사고 이후 비행 정지 처분을 받은 조종사가 활주로에서의 진실을 파헤친다.", "ja": "事故で乗務停止となったパイロットが、滑走路で本当に何が起きたのかを調べる。"},
}

CONTEXT = {
    "en": [
        "The series comes from a production company that has built a reputation for character-driven stories, and its director is known for long, patient takes and a muted colour palette.",
        "Industry watchers see the project as part of a wider push by streamers and networks to build dramas that travel well beyond Korea and Japan, with subtitles in more than thirty languages.",
        "Representatives for the actors did not comment beyond the official statement, but both have spoken in past interviews about wanting to try a genre they had never done before.",
        "The screenplay was developed over two years, and the writer has said the story grew out of a short essay about loneliness in big cities.",
    ],
    "ko": [
        "연출은 섬세한 감정 묘사로 호평받은 감독이 맡았고, 극본은 2년에 걸쳐 완성됐다.",
        "제작사는 해외 시청자를 겨냥해 30여 개 언어 자막을 준비하고 있다고 밝혔다.",
        "양측 소속사는 공식 입장 외에 별도의 언급은 하지 않았다.",
    ],
    "ja": [
        "演出は繊細な感情描写に定評のある監督が担当し、脚本は約2年をかけて完成した。",
        "制作会社は海外の視聴者に向けて30以上の言語の字幕を用意しているという。",
        "両者の所属事務所は公式発表以外のコメントを控えている。",
    ],
}

# second Korean and Japanese dev styles (entoday, entasoku): own headlines and leads
TITLES["ko_daily"] = {
    "casting": ["'{show_plain}' {p1}, {p2}와 만난다", "{p1}, 차기작은 {show}…{p2}와 연기 호흡"],
    "release": ["{platform}, {show} 공개일 {premiere} 확정", "{show} {premiere} 안방극장 찾는다"],
    "trailer": ["베일 벗은 {show}…{p1}·{p2} 첫 티저", "{show} 티저 영상 공개, {p1} 분위기 반전"],
    "renewal": ["돌아오는 {show}, 시즌{season} 확정", "{show} 시즌제로…{platform} 후속 시즌 편성"],
    "production": ["{show} 본격 촬영 돌입, {p1} 현장 사진 공개", "{p1}·{p2}, {show} 첫 촬영서 만남"],
    "other": ["[드라마 리뷰] {show}, 조용하지만 깊다", "{show} 결말 두고 갑론을박"],
}
LEADS["ko_daily"] = {
    "casting": ["배우 {p1}가 차기작으로 {show}를 선택했다. 소속사 관계자는 {p2}와 함께 출연한다고 전했다.", "{p1}와 {p2}가 {platform} 새 드라마 {show}에서 연기 호흡을 맞춘다. 두 사람의 첫 만남이다."],
    "release": ["{show}의 공개일이 {premiere}로 확정됐다. {platform}는 이날 공식 포스터와 함께 일정을 알렸다.", "{p1} 주연작 {show}가 {premiere} 안방극장을 찾는다."],
    "trailer": ["{show}가 첫 티저를 통해 베일을 벗었다. {p1}와 {p2}의 강렬한 눈빛이 담겼다.", "{platform} 측은 {show}의 티저 영상을 공개하며 {p1}의 반전 분위기를 예고했다."],
    "renewal": ["{show}가 시즌{season}로 돌아온다. {platform}는 후속 시즌 편성을 확정했다.", "시청자들의 요청에 힘입어 {show}가 시즌제로 이어진다."],
    "production": ["{show}가 본격적인 촬영에 돌입했다. {p1}는 첫 촬영 현장 사진을 공개했다.", "{p1}와 {p2}가 {show} 첫 촬영 현장에서 만났다."],
    "other": ["{show}는 조용하지만 깊은 여운을 남기는 작품이다.", "{show}의 결말을 두고 시청자들 사이에서 의견이 분분하다."],
}
TITLES["ja_daily"] = {
    "casting": ["{p1}、新ドラマ{show}に出演　{p2}と初共演", "{show}に{p1}が主演、ヒロインは{p2}"],
    "release": ["{show}、{platform}で{premiere}から独占配信へ", "{p1}主演作{show}の配信開始日が決定"],
    "trailer": ["{show}ティザー映像解禁、{p1}が鋭い表情", "{show}特報映像が到着"],
    "renewal": ["{show}、待望の続編制作が決定", "{show}シリーズ化決定、{p1}が再び主演"],
    "production": ["{p1}、{show}の撮影現場から意気込み", "{show}が都内でクランクイン"],
    "other": ["{show}最終回レビュー、余韻の残る結末", "{show}の感想まとめ"],
}
LEADS["ja_daily"] = {
    "casting": ["{p1}が新ドラマ{show}に出演することが分かった。{p2}とは初共演となる。", "{platform}の新ドラマ{show}で{p1}が主演を務め、{p2}がヒロインを演じる。"],
    "release": ["{show}が{platform}にて{premiere}から独占配信されることが決まった。", "{p1}の主演作{show}の配信開始日が{premiere}に決定した。"],
    "trailer": ["{show}のティザー映像が解禁され、{p1}の鋭い表情が切り取られている。", "{show}の特報映像が到着した。"],
    "renewal": ["{show}の続編制作が決定し、{p1}が再び主演を務める。", "{show}のシリーズ化が決まった。"],
    "production": ["{show}の撮影現場で、{p1}が作品への意気込みを語った。", "{show}が都内でクランクインを迎えた。"],
    "other": ["{show}が最終回を迎え、静かな余韻を残した。", "{show}について視聴者の感想をまとめた。"],
}
SECOND["ko"]["casting"] += ["제작진은 두 배우의 이미지가 캐릭터와 잘 맞아떨어졌다고 설명했다.", "캐스팅 소식이 전해지자 온라인 커뮤니티에서는 기대감을 드러내는 반응이 이어졌다."]
SECOND["ja"]["casting"] += ["制作陣は二人のイメージが役柄にぴったりだと説明している。", "発表を受け、SNSでは期待の声が相次いだ。"]
SECOND["ko"]["release"] += ["첫 회는 2회 연속 공개되며, 이후 매주 한 편씩 공개된다."]
SECOND["ja"]["release"] += ["初回は2話連続で配信され、以降は毎週1話ずつ配信される。"]
CONTEXT["ko"] += ["제작사는 해외 판매도 염두에 두고 기획 단계부터 공을 들였다고 전했다.", "원작 팬들 사이에서는 각색 방향에 대한 관심도 높다."]
CONTEXT["ja"] += ["制作会社は企画段階から海外展開も視野に入れていたという。", "原作ファンの間では脚色の方向性にも注目が集まっている。"]
