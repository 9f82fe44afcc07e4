"""Table-driven tests for pipeline.classify, and the dev-set quality thresholds."""

from __future__ import annotations

import importlib.util
import re
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from pipeline.classify import CATEGORIES, Classification, PremiereDate, classify, find_premiere
from pipeline.entities import platform_table

KST = timezone(timedelta(hours=9))
JST = timezone(timedelta(hours=9), "JST")
PUBLISHED = datetime(2024, 3, 12, 10, 0, tzinfo=KST)

CATEGORY_CASES = [
    ("Han Hyo Joo And Oguri Shun Confirmed To Star In Netflix Series", "The two will lead the remake.", "casting"),
    ("Kim Soo Hyun in talks to join Disney+ thriller", "His agency is reviewing the offer.", "casting"),
    ("한효주·오구리 슌, 넷플릭스 ‘로맨틱 어나니머스’ 주연 확정", "두 배우가 출연한다.", "casting"),
    ("小栗旬がNetflixドラマで主演", "ハン・ヒョジュとW主演を務めることが決定した。", "casting"),
    # a casting in a season's slot ("1月期") is casting news
    ("佐藤春樹×西野真央、フジテレビ1月期月9『東京ランタン』でW主演",
     "佐藤春樹と西野真央が、2027年1月期の月9ドラマ『東京ランタン』でW主演を務めることがわかった。", "casting"),
    ("'Squid Game' Season 2 Gets December Release Date", "Netflix set a Dec. 26 premiere.", "release"),
    ("‘폭싹 속았수다’, 2025년 3월 공개", "넷플릭스 시리즈가 3월 공개를 확정했다.", "release"),
    ("「海のはじまり」7月1日スタート", "フジテレビ月9ドラマが放送を開始する。", "release"),
    ("Watch: New Teaser For \"The 8 Show\"", "Netflix dropped the trailer.", "trailer"),
    ("‘엄마친구아들’ 캐릭터 포스터 공개", "tvN이 포스터를 공개했다.", "trailer"),
    ("「グラスハート」特報映像解禁", "ティザービジュアルも公開された。", "trailer"),
    ("'Alice in Borderland' Renewed for Season 3", "Netflix renewed the thriller.", "renewal"),
    ("Netflix cancels 'Song of the Bandits'", "The streamer axed it after one season.", "renewal"),
    ("‘모범택시’ 시즌3 제작 확정", "이제훈이 돌아온다.", "renewal"),
    ("「VIVANT」続編決定", "堺雅人が主演を務める。", "renewal"),
    # a long-running series' next season, its number inside the quoted title, the cast staying
    ("「相棒 season26」放送決定 水谷豊＆寺脇康文コンビ続投", "『相棒』の新シリーズ「season26」の放送が決定した。", "renewal"),
    ("「きのう何食べた？」シーズン3放送決定", "西島秀俊と内野聖陽が続投する。", "renewal"),
    # an anime's second season (第2期) announced, its voice cast staying: a renewal
    ("テレビアニメ「月下のアトラス」第2期制作決定", "テレビアニメ「月下のアトラス」の第2期が制作されることが分かった。"
     "声優の石川界人さんが続投する。", "renewal"),
    # the start month of the new season: "7月スタート" is one release cue, not two
    ("「東京ナイトシフト」シーズン2制作決定　2027年7月スタート", "", "renewal"),
    # a casting that ends with its premiere month: "3월 첫 방송 예정" is one release cue, not three
    ("박세린, ENA '구미호 변호사' 출연 확정…법정 로맨스", "소속사는 \"박세린이 ENA 새 월화드라마 '구미호 변호사' 출연을 "
     "확정했다\"고 밝혔다. '구미호 변호사'는 2027년 3월 첫 방송 예정이다.", "casting"),
    # a variety guest spot and a tagged recap that mention another show's premiere are other news
    ("강민우, '놀면 뭐하니' 출격…예능감 폭발", "배우 강민우가 MBC 예능 '놀면 뭐하니'에 출연해 입담을 뽐냈다. 강민우는 내년 1월 "
     "첫 방송되는 JTBC '비밀의 정원사'에 출연을 앞두고 있다.", "other"),
    # a variety episode previewed ("오는 5일 방송되는 … 에서는"): its preview video is no trailer news
    ("한지민, '전지적 참견 시점' 출격…데뷔 후 첫 일상 공개", "배우 한지민이 '전지적 참견 시점'을 통해 처음으로 일상을 공개한다. "
     "오는 7일 방송되는 MBC 예능 프로그램 '전지적 참견 시점'에서는 한지민의 주말이 그려진다. 공개된 예고 영상 속 한지민은 "
     "이른 아침 산책에 나섰다.", "other"),
    ("[TV리뷰] '별이 빛나는 밤에' 정우진, 결국 진실 마주했다", "지난 29일 방송된 '별이 빛나는 밤에' 8회에서는 정우진이 "
     "진실을 마주했다. 9회는 오는 6일 오후 10시 30분 방송된다.", "other"),
    # "来春放送予定": the README's own example of a date read, once read as other news
    ("「硝子の庭」来春放送", "ドラマ「硝子の庭」が来春放送予定であることがわかった。", "release"),
    # a recap names the episodes it is about: its season number is no renewal
    ("'Harbor Lights' Season 2: Episodes 3-4", "Song Kang does some of his best work as the brothers confront "
     "their father.", "other"),
    # a release verb before a date ("debuts Dec. 18", "drop Jan. 9") is a release cue
    ("'Ghost Frequency' debuts Dec. 18 on Disney+", "The series debuts Dec. 18 on Disney+.", "release"),
    ("'Paper Crown': all episodes drop Jan. 9", "All episodes drop Jan. 9 on Prime Video.", "release"),
    ("'Squid Game' Season 3 Wraps Filming", "Production has wrapped.", "production"),
    ("‘엄마친구아들’ 대본 리딩 현장 공개", "배우들이 참석했다.", "production"),
    ("「イクサガミ」クランクアップ", "撮影を終えた。", "production"),
    # who stars, said of the show (主演を務める映画「…」が), is background: the news is its filming start
    ("松坂桃李主演、新作「灯台の図書館」クランクイン 共演に広瀬すず", "松坂桃李が主演を務める映画「灯台の図書館」が、"
     "11月上旬に静岡・熱海でクランクインした。共演には広瀬すず、リリー・フランキーが名を連ねた。", "production"),
    ("綾瀬はるか主演の連続ドラマW「水の街」クランクイン、共演に松山ケンイチ", "綾瀬はるかが主演を務めるWOWOWの連続ドラマW"
     "「水の街」が、6月上旬にクランクインした。松山ケンイチ、門脇麦が共演する。", "production"),
    # …and a cast joining that show is casting news; "Xが映画主演" in a headline is
    ("吉岡里帆が映画主演、「冬の手紙」", "吉岡里帆が主演を務める映画「冬の手紙」に、大森南朋が出演する。", "casting"),
    ("'Romantics Anonymous' Review: A Sweet Remake", "Oguri Shun charms.", "other"),
    ("\"Queen Of Tears\" Hits 18.4 Percent Ratings", "Nielsen Korea said.", "other"),
    ("Lovely Runner Episodes 9-10 Recap", "Here is what happened.", "other"),
    ("IVE Makes Comeback With New Album", "The title track tops charts.", "other"),
    ("Han So Hee and Ryu Jun Yeol confirmed to be dating", "Their agencies confirmed.", "other"),
    ("Winners Of The 60th Baeksang Arts Awards", "Ryu Seung Ryong won Best Actor.", "other"),
    ("'Exhuma' passes 10 million at the box office", "Admissions keep climbing.", "other"),
    ("Lee Min Ho Renews Contract With His Agency", "He signed again.", "other"),
    ("박민영, ‘내 남편과 결혼해줘’ 이어 ‘컨피던스맨 KR’ 출연", "박민영이 출연을 확정했다.", "casting"),
    ("Weather in Seoul", "It is sunny.", "other"),
    # "won" in a Korean given name is no award
    ("Kim Ji-won and Lee Do-hyun officially starring together", "Kim Ji-won will lead the drama.", "casting"),
    ("Han Ji Won confirmed for tvN drama", "Han Ji Won will play a detective.", "casting"),
    ("Kim Hye-soo won the Daesang", "She won the grand prize at the awards.", "other"),
    # about episodes that aired: a listicle review that mentions a renewal, ratings, a synopsis
    ("4 Reasons The “Signal 2” Finale Was Perfect",
     "Warning: spoilers ahead for the finale. Thankfully, tvN has already confirmed a third season.", "other"),
    ("'조용한 시간' 첫 방송 시청률 6.1%…JTBC 토일극 순항",
     "6일 닐슨코리아에 따르면 지난 5일 첫 방송된 '조용한 시간' 1회는 전국 가구 기준 6.1%를 기록했다.", "other"),
    ("「月影の約束」第1話あらすじ＆場面写真", "日曜劇場「月影の約束」の第1話あらすじと場面写真が公開された。", "other"),
    # an explainer of news is that news, and so is a preview
    ("5 things to know about 'Harbor Hospital', Lee Do-hyun's next drama",
     "Lee Do-hyun has been cast as the lead of JTBC's new series 'Harbor Hospital'.", "casting"),
    ("3 Reasons To Watch 'Winter Harbor', Premiering January 15", "tvN's new drama premieres January 15.", "release"),
    # a release date with a line on two more actors who "also join the cast": one casting cue, counted once
    ("'Ghost Frequency' confirms Dec. 11 Netflix release",
     "Netflix's new series 'Ghost Frequency' has confirmed its release date: it will be released on Dec. 11. "
     "The series reunites writer Jang Hyun-joo and director Kim Tae-yang. Actors Jo Yeon-woo and Byun Sang-mi "
     "also join the cast.", "release"),
    # a new season's cast is casting news: the season it names needs a renewal verb to be a renewal
    ("'Harbor Lights' Season 2 Adds Jung Min-ho And Seo Yu-na", "Jung Min-ho and Seo Yu-na have joined the cast of "
     "the thriller for its second season. Season 2 is in production in Busan.", "casting"),
    ("Netflix's 'Harbor Lights' Casts Seo Yu-na, Jung Min-ho in Season 2 Roles",
     "The two actors will join the second season of the thriller, the streamer said.", "casting"),
    # leads teaming up, "locked in its leads": casting, whatever year it is expected to air
    ("Park Seo-yeon, Choi Tae-min Team Up for Office Romance 'Night Shift'", "JTBC has locked in its leads for the "
     "office romance 'Night Shift'. The series starts shooting in January and is expected to air in 2027.", "casting"),
    # a season slot describing the drama (4月期ドラマ) is no release: the first lead is the news…
    ("大森湊、日本テレビ7月期ドラマ『深夜の図書館』で連ドラ初主演", "大森湊が、2027年7月期に放送される日本テレビの新ドラマ"
     "『深夜の図書館』で連続ドラマ初主演を務めることがわかった。共演者は後日発表される。", "casting"),
    # …and a start day (10月4日スタート) is the news, the heroine named with it is not
    ("北川蓮主演『海辺の写真館』10月4日スタート ヒロインに森下葵", "北川蓮が主演を務める新ドラマ『海辺の写真館』が、10月4日"
     "にスタートすることが決定した。森下葵がヒロインを演じ、西田梨花と共演する。", "release"),
    # a film's theatrical release (개봉, 全国公開, ロードショー) is release news; "관객을 만난다" is its release,
    # not box-office news, and a co-star the headline names after the date does not make it casting
    ("한지석·윤채원 주연 '늦은 여름', 2025년 1월 21일 개봉 확정", "영화 '늦은 여름'(감독 김도윤)이 2025년 1월 21일 개봉을 "
     "확정했다. 한편 '늦은 여름'은 오는 1월 21일 전국 극장에서 관객을 만난다.", "release"),
    ("영화 '겨울 편지', 5월 개봉 확정", "배급사 측은 \"따뜻한 위로를 전할 작품\"이라고 밝혔다.", "release"),
    ("松村颯太主演『遠い灯』2025年2月20日公開決定　共演に北川玲奈", "俳優の松村颯太が主演を務める映画『遠い灯』が、2025年"
     "2月20日に全国公開されることが決定した。あわせて北川玲奈の共演も発表された。映画『遠い灯』は2025年2月20日より全国公開",
     "release"),
    ("映画『遠い灯』2月20日全国ロードショー", "映画『遠い灯』は2025年2月20日（金）全国ロードショー。", "release"),
    # a festival's opening is no show's release (개막 dates a stage show's premiere, it is no release news)
    ("제29회 부산국제영화제, 10월 2일 개막…개막작은 '전,란'", "", "other"),
    ("東京国際映画祭が10月28日に開幕", "", "other"),
    # a cast member leaving and the one replacing them is casting news, whenever the show airs
    ("최강민, 건강 문제로 '붉은 달' 하차…정태윤 대체 투입", "배우 최강민이 건강상의 이유로 드라마에서 하차한다. KBS 관계자는 "
     "\"후임으로 정태윤이 합류한다\"고 밝혔다. '붉은 달'은 예정대로 내년 2월 방송된다.", "casting"),
    ("岩田翔、体調不良で『刑事の掟』降板　代役に坂口颯", "テレビ朝日は3日、2025年1月7日スタートの木曜ドラマ『刑事の掟』に"
     "出演予定だった岩田翔が、体調不良のため降板すると発表した。代役は坂口颯が務める。放送は予定通り1月7日にスタートする。",
     "casting"),
    ("Kim Min-jae exits 'Red Moon' over health concerns, Jung Tae-yoon steps in", "The drama will premiere in "
     "February as planned.", "casting"),
    ("'Red Moon' recasts its lead after Kim Min-jae departs", "Jung Tae-yoon replaced him. The series is set to "
     "air in February.", "casting"),
    ("Kim Min-jae replaced by Jung Tae-yoon in 'Red Moon'", "The series will premiere on KBS2 in February.", "casting"),
    # …but leaving for the military, or a chart, is no cast change
    ("Kim Soo-hyun departs for military service next month", "", "other"),
    ("'Red Moon' exits Netflix's Global Top 10 after six weeks", "", "other"),
    # a cast announced (出演メンバー解禁, 新キャスト解禁) is casting news, not a trailer's unveiling
    ("ABEMA新恋愛リアリティーショー『オオカミの告白』出演メンバー解禁　MCに野田光", "ABEMAの新恋愛リアリティーショー"
     "『オオカミの告白』が、12月20日から毎週日曜よる10時に放送されることが決定し、出演メンバーとMCが発表された。", "casting"),
    ("ドラマ『夜の港』新キャスト解禁", "", "casting"),
    # a voice cast (声優に, ボイスキャスト, 목소리 출연) and "出演することがわかった" are casting news
    ("劇場アニメ『風の図書館』声優に神谷真司＆悠木ひかり　2025年3月公開", "劇場アニメ『風の図書館』のボイスキャストが"
     "発表され、声優の神谷真司と悠木ひかりが出演することがわかった。あわせて、2025年3月に全国公開されることも決定した。",
     "casting"),
    ("블루문 하람, 애니메이션 '하늘고래' 목소리 출연…첫 더빙 도전", "배급사는 \"하람이 '하늘고래' 한국어 더빙판에서 주인공 "
     "목소리를 맡았다\"고 밝혔다. '하늘고래'는 내년 1월 개봉한다.", "casting"),
    ("佐藤健、ドラマ『夜の港』に", "佐藤健がドラマ『夜の港』に出演することがわかった。", "casting"),
    # a stage greeting on a film's opening day is other news: the cast's memories of the shoot are no filming
    ("高橋蓮、主演映画『君と夜明けの駅』初日舞台あいさつで涙", "俳優の高橋蓮が6日、主演映画『君と夜明けの駅』の公開記念初日"
     "舞台あいさつに登壇した。森川は撮影中のエピソードについて「現場でいつも周りを笑わせてくれていました」と振り返った。",
     "other"),
    ("'늦은 여름' 한지석·윤채원, 개봉 첫 주말 무대인사", "배우 한지석과 윤채원이 지난 주말 서울 극장에서 무대인사를 "
     "진행했다. 한지석은 촬영 중 에피소드를 전했다.", "other"),
    ("森川ひなた、撮影中のエピソード明かす", "森川は撮影中のエピソードについて振り返った。", "other"),
    ("윤채원이 전한 '늦은 여름' 촬영 중 에피소드", "윤채원은 촬영 중 에피소드를 전했다.", "other"),
    # an interview ("X on '…'", "talks", "opens up", Q&A): the show's renewal or the actor's casting it
    # recalls is background, not its news
    ("Kanzaki Aoi on 'Kyoto Blue Hour' and learning to slow down", "Kanzaki Aoi laughs when asked whether she "
     "knew how to prepare matcha before she was cast in “Kyoto Blue Hour.”\n\n“Not at all,” the 27-year-old says over "
     "coffee in Shibuya.\n\nThe Netflix drama, in which she plays opposite Morishita Ryo, was renewed last week for a "
     "second season. Kanzaki says she hopes her character finally leaves Kyoto.", "other"),
    ("Kanzaki Aoi on 'Kyoto Blue Hour' and learning to slow down", "Kanzaki Aoi laughs when asked whether she "
     "knew how to prepare matcha before she was cast in “Kyoto Blue Hour.”", "other"),
    ("Song Kang talks 'Sweet Home' and his next drama", "Song Kang, who will lead JTBC's next drama, looked back on "
     "the series.", "other"),
    ("Park Bo-young: 'Daily Dose of Sunshine' changed me", "Q: You were cast in the lead role. How did you prepare?\n"
     "A: I read a lot.", "other"),
    # past-tense background ("before she was cast in", "after it was renewed", "was renewed last week")
    # is not the article's news
    ("Kanzaki Aoi still spills her matcha", "Kanzaki Aoi could not prepare matcha before she was cast in "
     "“Kyoto Blue Hour.” The drama was renewed last week for a second season.", "other"),
    ("Ryo Morishita takes up pottery", "Morishita took up pottery after the drama was renewed for a second "
     "season.", "other"),
    # a show's new title is production news however it is said, not its release ("will be released under the title",
    # "set to debut next year")…
    ("Jung Hae Rim's New Crime Drama Confirms Official Title “Nightshade Avenue”", "Coupang Play's upcoming drama "
     "starring Jung Hae Rim has a new name! Its crime drama previously known as “Project Seoul Noir” (working title) "
     "will be released under the title “Nightshade Avenue.”", "production"),
    ("Coupang Play's 'Project Seoul Noir' renamed 'Nightshade Avenue'", "Coupang Play's upcoming crime series "
     "“Project Seoul Noir” will be released as “Nightshade Avenue,” the streaming service said Wednesday.", "production"),
    ("Coupang Play Retitles Korean Crime Series ‘Nightshade Avenue’", "Coupang Play has given its crime series, "
     "previously known as “Project Seoul Noir,” the title “Nightshade Avenue.” The series is expected in the first "
     "half of 2027.", "production"),
    ("Coupang Play Crime Drama 'Project Seoul Noir' Gets Official Title 'Nightshade Avenue'", "The crime drama "
     "Project Seoul Noir (working title) has been retitled Nightshade Avenue. The series is set to debut next year.",
     "production"),
    ("쿠팡플레이 '프로젝트 서울 누아르', 제목 '나이트셰이드 애비뉴'로 확정", "쿠팡플레이 새 시리즈의 최종 제목이 "
     "'나이트셰이드 애비뉴'로 확정됐다. 내년 상반기 공개 예정이다.", "production"),
    # …and release news with the month or day it airs ("will air under the final title … in January")
    ("ドラマ『東京ランタン』にタイトルが決定", "仮タイトルで撮影が進められていたドラマのタイトルが『東京ランタン』に決定した。"
     "2027年1月期に放送される。", "release"),
    # a cast member leaving midseason and the one replacing her is casting news, not the filming schedule
    # of another project she cites
    ("Kim Ha-yoon leaves JTBC's 'Harbor of Glass' midseason", "Actor Kim Ha-yoon is leaving the JTBC drama "
     "“Harbor of Glass” midway through its run, her agency said Friday, citing a clash with the filming schedule of "
     "another project.\n\nSeo Eun-bi will replace her from episode 11.", "casting"),
    # a headline dating the release, with the hour and how it comes out, is release news: who stars in it
    # ("주연을 맡은", "ダブル主演を務める") and the poster or trailer shown with it are its background
    ("U-NEXT×TVING共同制作『クリムゾン・ライン』2月5日より日韓同時配信 毎週金曜20時",
     "U-NEXTと韓国のTVINGが共同制作するドラマ『クリムゾン・ライン』が、2025年2月5日（水）20時より日韓同時配信される"
     "ことが決定した。以降毎週金曜20時に1話ずつ配信される。\n\n本作は密輸組織を追う刑事と検事の共闘を描くサスペンス。"
     "青山海斗とソ・イェリンがダブル主演を務める。", "release"),
    ("Netflix韓国ドラマ『ムーンリット・ハーバー』5月8日17時より全8話一挙配信 ハン・ジウ×パク・ソジン",
     "ハン・ジウとパク・ソジンが主演するNetflixシリーズ『ムーンリット・ハーバー』が、5月8日（水）17時より全8話一挙配信"
     "されることが決定した。\n\nあわせて日本版予告編も解禁された。", "release"),
    ("넷플릭스 '하버 라이츠', 5월 8일 오전 9시 공개", "한지우와 박서진이 주연을 맡은 넷플릭스 시리즈 '하버 라이츠'가 "
     "5월 8일 오전 9시(한국시간) 전 세계 동시 공개된다. 미국 시간으로는 5월 7일 오후 5시다.", "release"),
    ("쿠팡플레이 '분실물 관리국', 5월 22일 오후 8시 전편 공개", "쿠팡플레이 오리지널 시리즈 '분실물 관리국'이 5월 22일 "
     "오후 8시 6편 전편을 공개한다.\n\n쿠팡플레이는 12일 '분실물 관리국'의 공개 일정을 확정하고 메인 포스터를 공개했다.\n\n"
     "'분실물 관리국'은 공무원들의 이야기로, 오재민과 문소희가 주연을 맡았다.", "release"),
    # stills from the set ("현장 스틸") come with the first shoot: filming news, not a trailer
    ("'유리 정원' 한지우·박서진, 첫 촬영 돌입…현장 스틸 공개", "JTBC 새 드라마 <유리 정원>이 첫 촬영에 돌입했다. "
     "공개된 현장 스틸에는 대본을 함께 보는 두 사람의 모습이 담겼다.", "production"),
    # a premiere not dated yet ("No premiere date has been set", "공개일은 미정", "配信日は未定") is no release news
    ("Netflix Confirms 'Glass Garden' Leads", "Han Ji-woo and Park Seo-jin will star as a lighthouse keeper and a "
     "biologist. No premiere date has been set, and the release window has not been announced.", "casting"),
    ("한지우·박서진, 넷플릭스 '유리 정원' 주인공", "한지우와 박서진이 넷플릭스 새 시리즈 <유리 정원>의 주인공으로 나선다. "
     "공개일은 미정이며, 편성 일정도 아직 정해지지 않았다.", "casting"),
    ("Netflix『硝子の庭』にハン・ジウ", "ハン・ジウがパク・ソジンと共演する。配信日は未定で、放送日も決まっていない。", "casting"),
    # a new show set up with its stars is its casting; set up alone it is production news, and a date set for a
    # show "starring" its cast is release news
    ("Netflix Sets Korean Romance 'Glass Garden' With Han Ji-woo and Park Seo-jin", "Netflix has greenlit 'Glass "
     "Garden', a mystery romance starring Han Ji-woo and Park Seo-jin. Production begins next spring.", "casting"),
    ("Disney+ Orders Period Thriller 'Glass Garden' Starring Ji-woo Han, Seo-jin Park", "Disney+ has ordered 'Glass "
     "Garden', a period thriller starring Ji-woo Han and Seo-jin Park. Production begins in the first half of next year.",
     "casting"),
    ("Netflix Japan Pairs Aoi Kanzaki and Korean Star Ji-woo Han for 'Glass Garden'", "Netflix Japan has set 'Glass "
     "Garden', a cross-border romance starring Aoi Kanzaki and Korean actress Ji-woo Han.", "casting"),
    ("Netflix Greenlights Live-Action 'One Piece' Spinoff in Japan", "Netflix has greenlit a Japanese-language series "
     "set in the 'One Piece' universe. No cast has been announced.", "production"),
    ("Netflix Sets 'Glass Garden' Starring Han Ji-woo for January Premiere", "", "release"),
    # …and in Japanese: a show announced with the stars who lead it ("AとBがW主演を務める…の制作が決定") is their
    # casting, a show announced alone is production news; "「…」にAとBが出演する。" is a casting
    ("青山海斗×ソ・イェリン「硝子の庭」Netflixで実写ドラマ化", "青山海斗とソ・イェリンがW主演を務めるNetflixシリーズ"
     "「硝子の庭」の制作が決定した。\n\n本作は、雨の日だけ開く食堂を舞台にしたラブストーリー。", "casting"),
    ("人気漫画「硝子の庭」Netflixで実写ドラマ化", "人気漫画「硝子の庭」の実写ドラマ化が決定した。キャストは後日発表される。",
     "production"),
    ("連続ドラマW「硝子の庭」に青山海斗とソ・イェリン、港町で出会う調律師と画家", "WOWOWの連続ドラマW「硝子の庭」に"
     "青山海斗とソ・イェリンが出演する。\n\n青山は調律師を、ソ・イェリンは画家を演じる。", "casting"),
    # a headline dating the release is release news, the poster or teaser that comes with it its material; a
    # trailer released ahead of the premiere the headline dates is trailer news
    ("「유리 정원」 4월 9일 tvN 첫 방송…한지우·박서진 커플 포스터 공개", "tvN 「유리 정원」이 4월 9일 시청자와 만난다. "
     "tvN은 3일 첫 방송일을 확정하고 커플 포스터를 공개했다. 포스터 속 두 사람은 소금밭 위에서 웃고 있다.", "release"),
    ("「유리 정원」 한지우X박서진, 21일 첫방 확정…티저 포스터 공개", "2일 공개된 티저 포스터에는 눈 덮인 약국 앞에 선 두 "
     "사람의 모습이 담겼다.", "release"),
    ("青山海斗×ソ・イェリン「硝子の庭」4月13日放送開始、ポスター解禁", "ドラマ「硝子の庭」が、フジテレビで4月13日より毎週"
     "水曜22時に放送される。あわせてポスタービジュアルが解禁された。", "release"),
    ("'Glass Garden' Drops Main Trailer Ahead Of April 9 Premiere", "Netflix released the main trailer and poster.",
     "trailer"),
    ("'유리 정원' 4월 9일 첫 방송 앞두고 티저 예고편 공개", "티저 예고편과 티저 포스터가 공개됐다.", "trailer"),
    # a cast's lineup is casting news, a platform's is not
    ("넷플릭스 '은중과 상연' 캐스팅 라인업 공개", "김고은과 박지현이 출연한다.", "casting"),
]


@pytest.mark.parametrize(("title", "body", "category"), CATEGORY_CASES)
def test_classify_category(title: str, body: str, category: str) -> None:
    result = classify(title, body, published_at=PUBLISHED)
    assert result.category == category, result.cues
    assert 0.0 <= result.confidence <= 1.0
    if category != "other":
        assert result.cues


#: "set", "pairs", "picks up … with A and B" in prose: no show set up with its stars
@pytest.mark.parametrize(("title", "body", "category"), [
    ("'Spring Letter' Review: A Drama That Pairs Romance With Mystery", "The drama pairs romance with mystery and is "
     "worth a watch. Critics praised the writing.", "other"),
    ("Why 'Spring Letter' Works", "The show pairs two grieving strangers. It is a quiet drama.", "other"),
    ("Why 'Spring Letter' Works", "The drama, set in a quiet village and starring Kim Ji-won and Park Bo-gum, is a "
     "quiet delight.", "other"),
    ("Netflix Picks Up Webtoon Rights With Studio Dragon And CJ ENM", "The streamer signed a deal with the studio on "
     "Monday.", "other"),
    ("'Night Ferry' Sets Ratings Record With Kim Ji-won And Park Bo-gum's Chemistry", "The drama recorded its best "
     "ratings on Sunday, viewers said.", "other"),
])
def test_prose_that_sets_or_pairs_is_no_casting(title: str, body: str, category: str) -> None:
    assert classify(title, body, published_at=PUBLISHED).category == category


@pytest.mark.parametrize(("title", "body"), [
    ("'Spring Letter' Hits Record Ratings", "The drama, set in a quiet village and starring Kim Ji-won and Park Bo-gum, "
     "recorded its highest ratings yet on Sunday."),
    ("Kim Ji-won and Park Bo-gum Attend Press Conference", "The drama, set in a fishing town and starring Kim Ji-won "
     "and Park Bo-gum, held its press conference in Seoul."),
])
def test_a_show_described_as_set_somewhere_with_its_stars_adds_no_casting_weight(title: str, body: str) -> None:
    described = classify(title, body, published_at=PUBLISHED)
    plain = classify(title, re.sub(r", set in [^,]+,", "", body), published_at=PUBLISHED)
    assert (described.category, described.confidence) == (plain.category, plain.confidence)


#: what was not shown on air ("방송에서 공개되지 않은") is no release left undated: the stills it shows stay cues
@pytest.mark.parametrize("body", [
    "tvN '봄날' 측은 방송에서 공개되지 않은 비하인드 스틸을 공개했다.",
    "tvN '봄날' 측은 방송에 공개되지 않은 비하인드 스틸을 공개했다.",
])
def test_what_was_not_shown_on_air_is_no_undated_release(body: str) -> None:
    assert classify("tvN '봄날', 비하인드 컷 대방출", body, published_at=PUBLISHED).category == "trailer"


def test_a_stars_other_work_adds_no_casting_weight_to_release_news() -> None:
    title, body = "「春の手紙」1月10日より配信", "「春の手紙」は1月10日から配信される。"
    alone = classify(title, body, published_at=PUBLISHED)
    with_other_work = classify(title, f"{body}ハン・ジウは「冬の薬局」にも出演する。", published_at=PUBLISHED)
    assert (with_other_work.category, with_other_work.confidence) == (alone.category, alone.confidence) == (
        "release", alone.confidence)


def test_classification_record() -> None:
    result = classify("Kim Soo Hyun to star in new series", "", "en")
    assert isinstance(result, Classification)
    assert result.category in CATEGORIES and result.premiere is None


PREMIERE_CASES = [
    ("The drama premieres March 21 on tvN.", "en", date(2024, 3, 21), "day"),
    ("It will air in July.", "en", date(2024, 7, 1), "month"),
    ("The series is set for a Nov. 15 release.", "en", date(2024, 11, 15), "day"),
    ("Netflix said it will premiere in February.", "en", date(2025, 2, 1), "month"),  # before March: next year
    ("The film will be released in 2025.", "en", date(2025, 1, 1), "year"),
    ("The show premieres on 5 April 2024.", "en", date(2024, 4, 5), "day"),
    ("2025년 7월 첫 방송 예정이다.", "ko", date(2025, 7, 1), "month"),
    ("오는 4월 8일 첫 방송된다.", "ko", date(2024, 4, 8), "day"),
    ("내년 1월 공개된다.", "ko", date(2025, 1, 1), "month"),
    ("ドラマは7月スタート。", "ja", date(2024, 7, 1), "month"),
    ("2026年1月期に放送される。", "ja", date(2026, 1, 1), "month"),
    ("10月16日より配信開始。", "ja", date(2024, 10, 16), "day"),
    ("来年１月９日から配信。", "ja", date(2025, 1, 9), "day"),  # full-width digits
    ("The film hits theaters on May 1.", "en", date(2024, 5, 1), "day"),
    ("It will premiere in spring 2025.", "en", date(2025, 1, 1), "year"),  # a season: its year
    ("It will premiere on 2024-04-05.", "en", date(2024, 4, 5), "day"),
    ("The series is expected in 2025.", "en", date(2025, 1, 1), "year"),
    # postponements: the new date, whatever the old one and the tense
    ("The drama has been pushed back to May 2024.", "en", date(2024, 5, 1), "month"),
    ("The series was postponed from April 5 to May 10.", "en", date(2024, 5, 10), "day"),
    ("The drama was postponed from Apr. 20 to Jun. 6.", "en", date(2024, 6, 6), "day"),  # abbreviated months
    # the month it was pushed back from is the old plan, whatever comes between
    ("After pushing its premiere back from April, MBC's 'Crimson Alley' has finally landed on a new date: "
     "June 6.", "en", date(2024, 6, 6), "day"),
    ("The film bows Jul. 9 in theaters.", "en", date(2024, 7, 9), "day"),
    ("It has been delayed to June. It had originally been scheduled for April.", "en", date(2024, 6, 1), "month"),
    ("방송이 4월에서 6월로 연기됐다.", "ko", date(2024, 6, 1), "month"),
    ("放送は4月から6月に延期された。", "ja", date(2024, 6, 1), "month"),
    ("Originally set to premiere on April 5, the drama will now premiere on May 10.", "en", date(2024, 5, 10), "day"),
    ("오는 4일 첫 방송 예정이던 드라마의 편성이 5월 10일로 연기됐다.", "ko", date(2024, 5, 10), "day"),
    # next month's day (it was read as this month's), a year said without a month
    ("'오늘도 출근'은 내달 6일 티빙에서 첫 공개된다.", "ko", date(2024, 4, 6), "day"),
    ("来月6日から配信開始。", "ja", date(2024, 4, 6), "day"),
    ("드라마는 내년 하반기 공개를 목표로 한다.", "ko", date(2025, 1, 1), "year"),
    ("来春放送予定のドラマに出演する。", "ja", date(2025, 1, 1), "year"),
    # next month without a day: that month
    ("ドラマ「硝子の庭」が来月スタートする。", "ja", date(2024, 4, 1), "month"),
    ("'유리 정원'이 내달 공개된다.", "ko", date(2024, 4, 1), "month"),
    # the premiere's episodes listed from the first are no later episode
    ("'경성 탐정록'은 오는 18일 오후 4시 티빙에서 1, 2회가 공개된다.", "ko", date(2024, 3, 18), "day"),
    ("The drama premieres next month on Netflix.", "en", date(2024, 4, 1), "month"),
    # a season gone by is no premiere: the one to come is
    ("지난 8월 공개된 시즌1에 이어 시즌2는 2025년 하반기 공개될 예정이다.", "ko", date(2025, 1, 1), "year"),
    # a season that aired, as a range with its year ("2023年7～9月"), and "第1期" is no "7月期"
    ("第2期は2025年に放送される。第1期は2023年7～9月にTOKYO MXほかで放送された。", "ja", date(2025, 1, 1), "year"),
    # a day without a month, confirmed or some words before its cue: this month's, or the next's once past
    ("넷플릭스 영화 '밤의 여왕'이 오는 24일 공개를 확정했다.", "ko", date(2024, 3, 24), "day"),
    ("'밤의 여왕' 21일 첫방 확정", "ko", date(2024, 3, 21), "day"),
    ("영화는 오는 5일 공개를 확정했다.", "ko", date(2024, 4, 5), "day"),
    ("영화는 오는 24일 넷플릭스를 통해 공개된다.", "ko", date(2024, 3, 24), "day"),
    # a filming clause before the date ends before it: the date is the release's
    ("'검은 우물'은 이달 중 크랭크인해 2025년 넷플릭스를 통해 전 세계에 공개될 예정이다.", "ko", date(2025, 1, 1), "year"),
    ("'무빙' 시즌2는 2025년 상반기 촬영에 들어가 2026년 공개를 목표로 하고 있다.", "ko", date(2026, 1, 1), "year"),
    ("드라마는 내년 초 촬영에 돌입해 2025년 하반기 방송을 목표로 하고 있다.", "ko", date(2025, 1, 1), "year"),
    ("映画は5月にクランクインし、2025年に公開予定。", "ja", date(2025, 1, 1), "year"),
    # a range of months gives its first
    ("ドラマは7～9月期に放送予定。", "ja", date(2024, 7, 1), "month"),
    # a film's release day and a stage show's opening day
    ("한편 '늦은 여름'은 오는 5월 21일 전국 극장에서 관객을 만난다.", "ko", date(2024, 5, 21), "day"),
    ("映画『遠い灯』は2025年2月20日（金）全国ロードショー。", "ja", date(2025, 2, 20), "day"),
    ("'시간의 정원'은 내년 3월 12일 서울 샤롯데씨어터에서 개막한다.", "ko", date(2025, 3, 12), "day"),
    ("舞台『夜明けの駅』は2025年4月5日に東京・日生劇場で開幕する。", "ja", date(2025, 4, 5), "day"),
]


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("'Blood Moon Hotel' premiere pushed back two weeks to Jun. 28", "en", date(2024, 6, 28)),
    ("The premiere has been delayed by a week, to May 10.", "en", date(2024, 5, 10)),
    ("Originally set for April 5, the drama has moved its premiere to May 10.", "en", date(2024, 5, 10)),
    ("Its premiere has been moved from April 14 to April 28.", "en", date(2024, 4, 28)),
    ("디즈니+ '블러드문 호텔' 공개 6월 28일로 2주 연기", "ko", date(2024, 6, 28)),
    ("공개일은 당초 4월 14일에서 4월 28일로 변경됐다.", "ko", date(2024, 4, 28)),
    ("첫 방송이 5월 10일로 미뤄졌다.", "ko", date(2024, 5, 10)),
    ("配信開始日が5月10日に変更された。", "ja", date(2024, 5, 10)),
])
def test_a_postponement_gives_its_new_date_and_says_it_moved(text: str, language: str, expected: date) -> None:
    """Whatever the words between the cue and the date (a delay's length, the old date)."""
    found = find_premiere(text, language, PUBLISHED)
    assert found is not None and (found.date, found.moved) == (expected, True), found


@pytest.mark.parametrize(("text", "language", "expected", "precision"), PREMIERE_CASES)
def test_find_premiere(text: str, language: str, expected: date, precision: str) -> None:
    found = find_premiere(text, language, PUBLISHED)
    assert isinstance(found, PremiereDate)
    assert (found.date, found.precision) == (expected, precision)
    assert found.text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("On March 12, Netflix announced the cast.", "en"),  # publication date, no release cue
        ("The drama premiered on March 1 to strong ratings.", "en"),  # past
        ("Filming begins in May in Busan.", "en"),  # production date
        ("Lee Jun Hyuk and Han Ji Min lead the cast.", "en"),  # "Jun" is a name
        ("지난 1일 첫 방송된 드라마가 화제다.", "ko"),
        ("5月にクランクインした。", "ja"),
        ("The show premiered in 2023.", "en"),
        ("The drama, which began airing March 1, is a hit.", "en"),
        ("It has been streaming since March 1.", "en"),
        # a day a few weeks before publication is one that has passed, not next year's
        ("tvN's drama will air every Monday starting March 4.", "en"),
        ("It was originally scheduled for April.", "en"),  # a plan since replaced
        ("It was originally scheduled to air in April.", "en"),
        # the day a statement was made is no premiere ("will return, the streamer said on March 15")
        ("Its stars will return, the streamer said on March 15.", "en"),
        # the days a later episode or week of a running show airs
        ("12月7～11日放送の第10週「約束の朝」では、灯と健太郎の間に思わぬ溝が生まれる。", "ja"),
        ("9회는 오는 16일 오후 10시 30분 방송된다.", "ko"),
        # what the episode airing that day shows, in a running (variety) show
        ("오는 16일 방송되는 MBC 예능 프로그램 '나 혼자 산다'에서는 박보영의 주말 일상이 그려진다.", "ko"),
        ("3月16日放送の「あかりの灯台」では、灯と健太郎の間に思わぬ溝が生まれる。", "ja"),
        # a platform's slate or lineup, not one show
        ("Netflix has been ramping up its Korean slate, with more than 20 series and films set for next year.", "en"),
        ("The streamer has 12 new dramas slated for 2025.", "en"),
        ("Its 2025 lineup is set to premiere in April.", "en"),
    ],
)
def test_no_premiere(text: str, language: str) -> None:
    assert find_premiere(text, language, PUBLISHED) is None


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("'Mother Tongue' arrives on Netflix next Friday.", "en", date(2026, 12, 11)),  # next week's Friday
    ("The drama premieres this Friday on tvN.", "en", date(2026, 12, 4)),
    ("It premieres this coming Sunday.", "en", date(2026, 12, 6)),
    ("드라마는 다음 주 금요일 첫 방송된다.", "ko", date(2026, 12, 11)),
    ("오는 토요일 첫 방송된다.", "ko", date(2026, 12, 5)),
    ("来週金曜にスタート。", "ja", date(2026, 12, 11)),
])
def test_a_weekday_said_relative_to_the_publication(text: str, language: str, expected: date) -> None:
    thursday = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    found = find_premiere(text, language, thursday)
    assert found is not None and (found.date, found.precision) == (expected, "day")


def test_a_title_announcing_next_fridays_release_is_release_news() -> None:
    result = classify("'Mother Tongue' Arrives Next Friday", "Netflix will release the series next Friday.", "en",
                      datetime(2026, 12, 3, 10, 0, tzinfo=UTC))
    assert result.category == "release" and result.premiere is not None
    assert result.premiere.date == date(2026, 12, 11)


def test_day_long_past_this_year_is_next_years() -> None:
    november = datetime(2024, 11, 20, 10, 0, tzinfo=KST)
    assert find_premiere("It premieres January 10.", "en", november).date == date(2025, 1, 10)


def test_premiere_phrase_of_the_brief() -> None:
    before = datetime(2024, 2, 20, 10, 0, tzinfo=KST)
    assert find_premiere("The drama premieres March 1 on tvN.", "en", before) == PremiereDate(date(2024, 3, 1), "day", "March 1")


def test_season_release_date_is_release_news() -> None:
    result = classify("'Squid Game' Season 3 Release Date Confirmed", "Netflix said the finale arrives June 27.", "en", PUBLISHED)
    assert result.category == "release", result.cues


def test_a_film_release_day_is_the_premiere() -> None:
    result = classify("한지석·윤채원 주연 '늦은 여름', 2025년 1월 21일 개봉 확정", "영화 '늦은 여름'이 2025년 1월 21일 개봉을 "
                      "확정했다. 한편 '늦은 여름'은 오는 1월 21일 전국 극장에서 관객을 만난다.", "ko", PUBLISHED)
    assert (result.category, result.premiere and result.premiere.date) == ("release", date(2025, 1, 21)), result


def test_a_musical_cast_gives_the_opening_day() -> None:
    result = classify("뮤지컬 '시간의 정원' 초연 캐스팅 공개…민지아·이현우", "제작사는 \"뮤지컬 '시간의 정원'에 민지아, 이현우가 "
                      "출연한다\"고 밝혔다. '시간의 정원'은 내년 3월 12일 서울 샤롯데씨어터에서 개막한다.", "ko", PUBLISHED)
    assert (result.category, result.premiere and result.premiere.date) == ("casting", date(2025, 3, 12)), result


def test_a_slate_of_series_and_films_dates_no_premiere() -> None:
    """A year the platform's slate ("more than 20 series and films set for next year") is set for is
    not the premiere of the show a casting article is about."""
    result = classify("Park Seo-joon & Kim Ha-yoon To Star In Netflix Korean Thriller Series 'The Last Lantern'",
                      "Park Seo-joon and Kim Ha-yoon have been cast as the leads of The Last Lantern.\n\nNetflix has "
                      "been ramping up its Korean slate, with more than 20 series and films set for next year. "
                      "Production on The Last Lantern is due to start in early December in Busan.", "en", PUBLISHED)
    assert (result.category, result.premiere) == ("casting", None), result


def test_a_retitled_show_keeps_the_year_it_is_expected_in() -> None:
    result = classify("Coupang Play Retitles Korean Crime Series ‘Nightshade Avenue’", "Coupang Play has given its "
                      "crime series, previously known as “Project Seoul Noir,” the title “Nightshade Avenue.” The "
                      "series is expected in the first half of 2027.", "en", PUBLISHED)
    assert result.category == "production" and result.premiere is not None, result
    assert (result.premiere.date, result.premiere.precision) == (date(2027, 1, 1), "year")


@pytest.mark.parametrize(("text", "language"), [
    ("At the Disney+ APAC Content Showcase held on March 14 in Singapore, the streaming platform unveiled 14 new titles.",
     "en"),
    ("Han Ji-woo and Park Seo-jin will greet fans at a press conference on Friday, March 15, before the series "
     "streams on Netflix.", "en"),
    ("3월 14일 서울 용산구 CGV에서 열린 넷플릭스 시리즈 '하버 라이츠' 공개 기념 제작발표회에는 한지우와 박서진이 참석했다.",
     "ko"),
    ("3月14日に都内で開催された配信記念イベントに、主演の佐久間涼が登壇した。", "ja"),
])
def test_the_day_of_an_event_is_no_premiere(text: str, language: str) -> None:
    """The day a showcase, a press conference or a fan meeting is held is no premiere, even beside a
    release word ("the streaming platform", "공개 기념", "配信記念")."""
    assert find_premiere(text, language, PUBLISHED) is None


def test_a_release_beside_an_event_keeps_its_date() -> None:
    found = find_premiere("5월 8일 공개되는 넷플릭스 시리즈 '하버 라이츠'의 제작발표회가 14일 열렸다.", "ko", PUBLISHED)
    assert found is not None and found.date == date(2024, 5, 8), found


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("Since its debut in October, 'Glass Orchard' has spent six weeks in the global top 10. Season 2 is slated "
     "for 2028.", "en", PremiereDate(date(2028, 1, 1), "year", "for 2028", season="Season 2")),
    ("Ever since the show's Netflix premiere in October, fans have asked for more.", "en", None),
    ("同作は10月の配信開始以来、6週連続グローバルトップ10入りを果たした。配信時期は未定。", "ja", None),
    ("'글래스 오처드'는 10월 공개 이래 6주 연속 글로벌 톱10에 올랐다.", "ko", None),
])
def test_a_release_gone_by_is_no_premiere(text: str, language: str, expected: PremiereDate | None) -> None:
    """The month a show came out "since" (以来, 이래) is past, not next year's premiere."""
    assert find_premiere(text, language, PUBLISHED) == expected


@pytest.mark.parametrize(("title", "body"), [
    ("Prime Video Japan Unveils 2025 Local Originals Lineup, Led by 'Tokyo Midnight Runner'",
     "Prime Video unveiled its 2025 slate of Japanese originals at an event in Tokyo on Sunday.\n\n'Tokyo Midnight "
     "Runner', a courier thriller starring Sakuma Ryo, opens the lineup in May."),
    ("Disney+ Reveals 2025 Lineup Including 'Paper Moon Detective'",
     "Disney+ has revealed its upcoming lineup for 2025!\n\nAt the Disney+ APAC Content Showcase held on March 14 in "
     "Singapore, the streaming platform unveiled 14 new titles, including 'Paper Moon Detective' starring Jang Hyun-woo."),
    ("Disney+ Unveils Asia Pacific Slate With 14 New Korean and Japanese Originals",
     "At its Content Showcase in Singapore, Disney+ revealed a slate of 14 Korean and Japanese originals arriving "
     "throughout 2025."),
    ("티빙, 2025년 오리지널 라인업 공개…'크림슨 라인' 등 12편", "티빙은 12일 서울에서 열린 미디어 행사에서 내년 공개할 "
     "오리지널 시리즈 12편을 발표했다. '크림슨 라인'은 내년 5월 공개된다."),
    ("Amazonプライム・ビデオ、2025年日本オリジナル作品ラインナップを発表 『東京ミッドナイト・ランナー』など",
     "Amazonプライム・ビデオは12日、都内でイベントを開催し、2025年に配信する日本オリジナル作品のラインナップを発表した。"
     "\n\n『東京ミッドナイト・ランナー』は5月より配信予定。"),
])
def test_a_platform_slate_is_release_news_of_its_year(title: str, body: str) -> None:
    """A platform's slate ("Unveils 2025 Lineup", "라인업 공개", "ラインナップを発表") is release news dated to
    the year it is for, not casting news (a "lineup"), and not dated by one of its titles' months."""
    result = classify(title, body, None, PUBLISHED)
    assert (result.category, result.premiere and (result.premiere.date, result.premiere.precision)) == (
        "release", (date(2025, 1, 1), "year")), result


def test_premiere_not_reported_for_other_news() -> None:
    result = classify("ROSÉ Announces Album", "The album will be released on December 6.", "en", PUBLISHED)
    assert result.category == "other" and result.premiere is None


def test_premiere_without_publication_date_needs_a_year() -> None:
    assert find_premiere("It premieres March 1.", "en", None) is None
    assert find_premiere("It premieres March 1, 2025.", "en", None) == PremiereDate(date(2025, 3, 1), "day", "March 1, 2025")


# --------------------------------------------------------------------------- dev set


def _bench():
    path = Path(__file__).resolve().parent.parent / "bench" / "understanding.py"
    spec = importlib.util.spec_from_file_location("bench_understanding", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_dev_set_is_large_and_varied() -> None:
    bench = _bench()
    examples = bench.load("dev")
    assert len(examples) >= 250
    assert {e["category"] for e in examples} == set(CATEGORIES)
    assert {e["language"] for e in examples} == {"en", "ko", "ja"}
    assert len({e["id"] for e in examples}) == len(examples)
    heldout = bench.load("heldout")
    assert len(heldout) >= 60
    assert not {e["title"] for e in heldout} & {e["title"] for e in examples}


def test_dev_set_quality_thresholds() -> None:
    bench = _bench()
    report = bench.evaluate(bench.load("dev"))
    assert report.macro_f1 >= 0.92, report.errors
    assert report.shows.f1 >= 0.90, report.errors
    assert report.people.f1 >= 0.90, report.errors
    assert report.platforms.f1 >= 0.90, report.errors
    assert report.premiere_accuracy >= 0.90, report.errors


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ('Disney+ has postponed the premiere of "Glass Garden", starring Han Hyo-joo and Choi Min-jae, '
         "from January 15 to February 5.", "en"),
        ("Disney+ Pushes 'Glass Garden' Back to February 5", "en"),
        ("Disney+ Pushes 'Glass Garden' Back a Week to February 5", "en"),
        ("Netflix moved 'Glass Garden' to February 5.", "en"),
        ("'Glass Garden' premieres January 15. Disney+ has now delayed the series until February 5.", "en"),
        ("'유리 정원' 공개 연기…2월 5일로", "ko"),
        ("'유리 정원'은 2월 5일로 공개를 연기했다.", "ko"),
        ("'유리 정원'이 첫 공개를 연기해 2월 5일 공개된다.", "ko"),
        ("『ガラスの庭』配信延期、2月5日に", "ja"),
        ("『ガラスの庭』の配信開始が、1月15日から2月5日に延期されることが7日、発表された。", "ja"),
    ],
)
def test_a_postponement_naming_the_show_between_verb_and_date_gives_the_new_date(text: str, language: str) -> None:
    found = find_premiere(text, language, datetime(2026, 12, 7, 2, tzinfo=UTC))
    assert found is not None and (found.date, found.moved) == (date(2027, 2, 5), True)


@pytest.mark.parametrize(
    "text",
    ["The drama, which premieres January 15, was moved to the top of the chart.",
     "The series premieres January 15 and has pushed its budget to 20 billion won."],
)
def test_a_move_to_no_date_is_no_postponement(text: str) -> None:
    found = find_premiere(text, "en", datetime(2026, 12, 7, 2, tzinfo=UTC))
    assert found is not None and (found.date, found.moved) == (date(2027, 1, 15), False)


#: Late in the year, after the months a first season aired in
AUTUMN = datetime(2026, 12, 6, 10, 0, tzinfo=KST)


@pytest.mark.parametrize(("text", "language"), [
    ("The series is written by a writer known for warm healing dramas. Filming is scheduled to begin early next year.",
     "en"),
    ("Shooting is set to start in March.", "en"),
    ("Filming of the drama is scheduled to start in March.", "en"),
    ("Principal photography is slated for February.", "en"),
])
def test_a_filming_schedule_is_no_premiere(text: str, language: str) -> None:
    """"Filming is scheduled to begin early next year": the schedule word is the filming's, not a
    release's (it gave premiere 2027)."""
    assert find_premiere(text, language, AUTUMN) is None


def test_a_release_after_a_filming_schedule_keeps_its_date() -> None:
    found = find_premiere("Filming wrapped in October, and the series is scheduled to premiere in March.", "en", AUTUMN)
    assert found == PremiereDate(date(2027, 3, 1), "month", "March.")


@pytest.mark.parametrize(("text", "expected"), [
    ("The first season of \"Iron Crown\" topped the platform's Korean chart for four weeks after its release in October.",
     None),
    ("The drama has topped Netflix's chart for four weeks following its release in October.", None),
    ("After its premiere in October, the drama became a global hit.", None),
    ("Following its premiere in January, it will air weekly.", PremiereDate(date(2027, 1, 1), "month", "January")),
    ("It airs every Friday following its delayed premiere in January.", PremiereDate(date(2027, 1, 1), "month", "January.")),
    # the month before the cue word ("its October debut"), as "after its debut in October"
    ("The first season topped the Disney+ global TV chart after its October debut.", None),
    ("After its October debut, the drama became a global hit.", None),
    ("The series became a hit after its fall 2026 premiere.", None),
    ("Following its January premiere, it will air weekly.", PremiereDate(date(2027, 1, 1), "month", "January")),
])
def test_a_release_after_which_something_happened_is_gone_by(text: str, expected: PremiereDate | None) -> None:
    """"topped … after its release in October" dates a release gone by (it gave October of next year);
    "Following its premiere in January, it will air weekly" one to come: the sentence's verb tells."""
    assert find_premiere(text, "en", AUTUMN) == expected


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("'붉은 항구'는 10월 공개 이후 디즈니+ 글로벌 1위에 올랐다.", "ko", None),
    ("'붉은 항구'는 10월 공개된 뒤 호평을 받았다.", "ko", None),
    ("「クリムゾン・ハーバー」は10月の放送開始後、高い評価を得た。", "ja", None),
    ("「クリムゾン・ハーバー」は10月の配信開始後、世界1位を獲得した。", "ja", None),
    # to come: the verb after the clause is not past, or the month is said to come
    ("새 드라마는 1월 공개 이후 매주 2회씩 방송될 예정이다.", "ko", PremiereDate(date(2027, 1, 1), "month", "1월")),
    ("'붉은 항구'는 내년 1월 공개 이후 해외 판매에 들어갔다.", "ko", PremiereDate(date(2027, 1, 1), "month", "내년 1월")),
    ("新ドラマは1月の放送開始後、毎週火曜に放送される。", "ja", PremiereDate(date(2027, 1, 1), "month", "1月")),
])
def test_a_release_after_which_something_happened_is_gone_by_in_korean_and_japanese(
        text: str, language: str, expected: PremiereDate | None) -> None:
    """"10월 공개 이후 1위에 올랐다", "10月の放送開始後、高い評価を得た": the month a show came out, said in a
    clause of time whose sentence's verb is past, is gone by (they gave October of next year)."""
    assert find_premiere(text, language, AUTUMN) == expected


def test_a_renewal_after_an_october_debut_dates_no_premiere() -> None:
    """The tester's renewal article (Nov 2026): "after its October debut" is the first season's release,
    not a premiere in October 2027 (it took the show's real premiere off the calendar)."""
    found = classify("'Crimson Harbor' renewed for Season 2 at Disney+",
                     "Disney+ has ordered a second season of 'Crimson Harbor'.\n\nDisney+ has renewed 'Crimson Harbor' "
                     "for a second season, with Nam Ji-hwan and Go Eun-byeol set to return.\n\nThe first season topped "
                     "the Disney+ global TV chart after its October debut.\n\nSeason 2 will begin filming next spring.",
                     "en", datetime(2026, 11, 20, 10, 0, tzinfo=KST))
    assert (found.category, found.premiere) == ("renewal", None), found


@pytest.mark.parametrize(("title", "body", "language", "published", "expected"), [
    ("'Crimson Harbor' is now streaming on Disney+",
     "The first two episodes of 'Crimson Harbor' are out now on Disney+.\n\n'Crimson Harbor', starring Nam Ji-hwan and "
     "Go Eun-byeol, premiered today on Disney+ with its first two episodes.\n\nNew episodes arrive every Wednesday "
     "until the finale on October 29.", "en", datetime(2026, 10, 8, 17, 0, tzinfo=KST), date(2026, 10, 8)),
    ("「硝子の約束」今夜スタート　藤井蒼真×白石七海の再会ラブストーリー",
     "TBS火曜ドラマ「硝子の約束」が今夜10時にスタートする。\n\n藤井蒼真と白石七海がW主演するTBS火曜ドラマ「硝子の約束」が、"
     "きょう13日午後10時より放送スタートする。\n\n初回は15分拡大。", "ja", datetime(2026, 10, 13, 6, 0, tzinfo=JST),
     date(2026, 10, 13)),
    ("'붉은 항구' 오늘 첫 공개", "디즈니+ 오리지널 시리즈 '붉은 항구'가 오늘(8일) 오후 4시 디즈니+를 통해 첫 공개된다.", "ko",
     datetime(2026, 10, 8, 9, 0, tzinfo=KST), date(2026, 10, 8)),
    # the publisher's day, not UTC's (still 7 October there)
    ("'붉은 항구' 오늘 첫 방송", "'붉은 항구'가 오늘 밤 10시 첫 방송된다.", "ko", datetime(2026, 10, 8, 7, 0, tzinfo=KST),
     date(2026, 10, 8)),
])
def test_a_premiere_day_article_dates_the_premiere_that_day(
        title: str, body: str, language: str, published: datetime, expected: date) -> None:
    """"premiered today", "今夜スタート", "오늘 첫 방송": the premiere is the day the article came out."""
    found = classify(title, body, language, published)
    assert (found.category, found.premiere and (found.premiere.date, found.premiere.precision)) == (
        "release", (expected, "day")), found


@pytest.mark.parametrize(("text", "expected"), [
    ("「硝子の約束」が、15日から放送スタートする。", date(2026, 10, 15)),
    ("「硝子の約束」は15日(木)よりTBSで放送。", date(2026, 10, 15)),
    ("同作は5日から配信される。", date(2026, 11, 5)),  # past this month's 5th: next month's
])
def test_a_japanese_day_without_its_month_is_this_or_next_months(text: str, expected: date) -> None:
    """As Korean "오는 15일 공개": "15日から放送スタート" dates the premiere (it gave none)."""
    found = find_premiere(text, "ja", datetime(2026, 10, 13, 6, 0, tzinfo=JST))
    assert found is not None and (found.date, found.precision) == (expected, "day"), found


@pytest.mark.parametrize(("text", "language"), [
    ("Netflix confirmed today that the series has wrapped filming.", "en"),
    ("The trailer premiered today on YouTube.", "en"),
    ("The finale premieres tonight on tvN.", "en"),
    ("Episode 5 premieres tonight.", "en"),
    ("오늘 방송되는 '붉은 항구' 5회에서는 남지환이 컨테이너를 연다.", "ko"),
    ("'붉은 항구' 측은 메인 스틸을 오늘 공개했다.", "ko"),
    ("「硝子の約束」場面写真が本日公開", "ja"),
    ("今夜放送の第5話では、七海が工房を訪れる。", "ja"),
    ("全10話を1日1話ずつ配信する。", "ja"),
    ("13日に放送された第1話の視聴率は9.8%だった。", "ja"),
])
def test_today_dates_no_premiere_but_the_shows(text: str, language: str) -> None:
    """A later episode, a finale, a trailer or stills out today are no premiere of the show."""
    assert find_premiere(text, language, datetime(2026, 10, 14, 10, 0, tzinfo=JST)) is None


@pytest.mark.parametrize(("text", "language"), [
    ("同作は深夜だけ開く診療所を舞台にした医療ヒューマンドラマ。シーズン1は今年7月から9月に放送され、高い評価を得た。", "ja"),
    ("シーズン1は2026年7月から9月に放送された。", "ja"),
    ("シーズン1は7月から9月まで配信されて話題を呼んだ。", "ja"),
    ("시즌1은 2026년 7월부터 9월까지 방송돼 호평을 받았다.", "ko"),
    ("시즌1은 7월부터 9월까지 방송돼 호평을 받았다.", "ko"),
    ("The series aired its first season from July to September and drew strong reviews.", "en"),
])
def test_a_season_that_aired_from_one_month_to_another_is_no_premiere(text: str, language: str) -> None:
    """"今年7月から9月に放送され、高い評価を得た" is a first season gone by (it gave July of next year, and with
    a year September of next year): a range is read from its first month, 今年 is this year, and a release
    verb joined to what came of it ("放送され、…を得た", "방송돼 …받았다") is past."""
    assert find_premiere(text, language, AUTUMN) is None


@pytest.mark.parametrize(("text", "language", "expected"), [
    ("新ドラマは1月から3月まで放送され、全10話となる。", "ja", date(2027, 1, 1)),
    ("새 드라마는 1월부터 3월까지 방송되며 16부작이다.", "ko", date(2027, 1, 1)),
    ("放送は4月から6月に延期された。", "ja", date(2027, 6, 1)),
])
def test_a_month_range_to_come_gives_its_first_month(text: str, language: str, expected: date) -> None:
    found = find_premiere(text, language, AUTUMN)
    assert found is not None and found.date == expected, found


def test_a_renewal_dates_neither_its_announcement_nor_its_first_season() -> None:
    """The renewal news of the tester's site: the day it was confirmed opens a sentence ("On December 5,
    Disney+ confirmed …": no premiere), the first season's release is gone by, the next season's filming
    is no premiere. It gave October of next year, and without it the announcement day."""
    found = classify("Disney+ renews 'Iron Crown' for season 2",
                     "Disney+ has renewed its Korean historical action series \"Iron Crown\" for a second season.\n\n"
                     "On December 5, Disney+ confirmed that Song Ha-eun and Jung Tae-min will return for season 2, which "
                     "will begin production next year.\n\nThe first season of \"Iron Crown\" topped the platform's Korean "
                     "chart for four weeks after its release in October.", "en", datetime(2026, 12, 5, 4, 0, tzinfo=UTC))
    assert found.category == "renewal" and found.premiere is None
    assert find_premiere("The show premieres on December 25, Netflix confirmed.", "en", AUTUMN) == PremiereDate(
        date(2026, 12, 25), "day", "December 25")


#: A Saturday afternoon in Los Angeles, the publication day of the tester's release news (tP).
LA_SATURDAY = datetime(2026, 12, 6, 14, 30, tzinfo=timezone(timedelta(hours=-8)))


@pytest.mark.parametrize("text", [
    "The Japanese thriller 'Moon Relay' is coming to Netflix. Netflix drops it at midnight PT / 3 a.m. ET on Friday, "
    "Dec. 18.",
    "'Moon Relay' premieres at 9 p.m. ET on Dec. 18 on Netflix.",
    "'Moon Relay' hits Netflix at 12:01 a.m. PT on Dec. 18.",
    "'Moon Relay' streams at 3 a.m. ET on Friday, Dec. 18.",
])
def test_a_release_hour_between_the_cue_and_the_date_keeps_the_premiere(text: str) -> None:
    """"9 p.m. ET" ended no sentence: the cue and the date were split apart and the premiere was lost."""
    found = classify("Moon Relay", text, "en", LA_SATURDAY)
    assert (found.category, found.premiere and found.premiere.date) == ("release", date(2026, 12, 18)), found


@pytest.mark.parametrize(("text", "expected"), [
    ("Prime Video's Korean legal drama 'Winter Ledger', starring Han Ji-min and Yoo Yeon-seok, debuts Friday, Jan. 9 "
     "on Prime Video.\n\nNew episodes follow weekly.", date(2027, 1, 9)),
    ("'Moon Relay' launches Friday, Dec. 18 on Netflix.", date(2026, 12, 18)),
    ("'Moon Relay' arrives Friday, Dec. 18 on Netflix.", date(2026, 12, 18)),
])
def test_a_weekday_right_after_the_release_verb_is_release_news(text: str, expected: date) -> None:
    """"debuts Friday, Jan. 9" (no "on") was no cue: the article was `other`, its premiere dropped."""
    found = classify("Winter Ledger", text, "en", LA_SATURDAY)
    assert (found.category, found.premiere and found.premiere.date) == ("release", expected), found


@pytest.mark.parametrize(("text", "language"), [
    ("'별빛 편의점'은 18일 금요일 오후 5시 넷플릭스에서 공개된다.", "ko"),
    ("'별빛 편의점'은 18일(금) 오전 8시 공개된다.", "ko"),
    ("'별빛 편의점'은 오후 5시, 18일 공개된다.", "ko"),
    ("「星の回廊」は18日午後5時から配信される。", "ja"),
    ("「星の回廊」は18日（金）午前0時からNetflixで独占配信。", "ja"),
])
def test_a_day_of_this_month_with_its_weekday_or_hour_is_the_premiere(text: str, language: str) -> None:
    """A day without its month, then its weekday or the hour before the release word: "18일 금요일 오후 5시
    공개", "18日午後5時から配信"."""
    found = find_premiere(text, language, datetime(2026, 12, 6, 10, 0, tzinfo=KST))
    assert found is not None and (found.date, found.precision) == (date(2026, 12, 18), "day"), found


@pytest.mark.parametrize(("text", "language"), [
    ("김우빈이 MBC 새 드라마 '한겨울 식당'의 주연으로 발탁됐다.\n\n방송사는 6일 밤 캐스팅 소식을 전했다.", "ko"),
    ("김우빈이 MBC 새 드라마 '한겨울 식당'의 주연으로 발탁됐다. 방송국은 6일 밤 캐스팅 소식을 알렸다.", "ko"),
    ("松坂桃李が主演に決定した。放送局は12月6日に発表した。", "ja"),
    ("松坂桃李が主演に決定した。放送局が12月8日に明らかにした。", "ja"),
    ("動画配信サービスは12月8日、新作ドラマの制作を発表した。", "ja"),
    ("Kim Woo-bin will star in the drama, the broadcaster said on Dec. 8.", "en"),
    ("The streaming service confirmed on Dec. 8 that Kim Woo-bin will star in the drama.", "en"),
    ("Kim Woo-bin will star in the drama, according to a press release Dec. 8.", "en"),
])
def test_the_day_a_broadcaster_gave_the_news_is_no_premiere(text: str, language: str) -> None:
    """방송사 (the broadcaster), 放送局, 配信サービス, "streaming service", "press release" name who
    broadcasts or what was sent out, not a release: the day they reported the news was read as the premiere."""
    found = classify("MBC '한겨울 식당' 김우빈 주연 발탁", text, language, datetime(2026, 12, 6, 23, 59, tzinfo=KST))
    assert found.premiere is None, found


def test_a_broadcaster_beside_a_premiere_keeps_it() -> None:
    found = find_premiere("'한겨울 식당'은 오는 18일 MBC에서 첫 방송된다. 방송사는 6일 이 소식을 전했다.", "ko",
                          datetime(2026, 12, 6, 10, 0, tzinfo=KST))
    assert found is not None and found.date == date(2026, 12, 18), found


@pytest.mark.parametrize(("text", "language", "season"), [
    ("'Tidewater' Season 2 sets May 10 premiere on Netflix\nThe new season will premiere on May 10.", "en", "Season 2"),
    ("The second season of 'Tidewater' will premiere on Netflix on May 10.", "en", "Season 2"),
    ("'Tidewater' Part 2 arrives May 10\nThe final episodes will premiere on Netflix on May 10.", "en", "Part 2"),
    ("'타이드워터' 시즌2, 5월 10일 공개\n넷플릭스는 '타이드워터' 시즌 2를 5월 10일 공개한다고 밝혔다.", "ko", "Season 2"),
    ("「タイドウォーター」シーズン２、5月10日より配信開始\nNetflixで5月10日より配信される。", "ja", "Season 2"),
    ("アニメ「タイドウォーター」第3期、5月10日より放送\n第3期が5月10日より放送される。", "ja", "Season 3"),
    # a first season, and a show with no season named, are one event: no season
    ("'Tidewater' Season 1 premieres on Netflix on May 10.", "en", None),
    ("'Tidewater' will premiere on Netflix on May 10.", "en", None),
    ("'타이드워터', 5월 10일 넷플릭스 공개\n'타이드워터'는 5월 10일 공개된다.", "ko", None),
])
def test_a_premiere_date_says_which_later_season_it_is_of(text: str, language: str, season: str | None) -> None:
    """The calendar keyed a premiere by show and platform only: a season 2 date moved season 1's event."""
    found = find_premiere(text, language, PUBLISHED)
    assert found is not None and found.date == date(2024, 5, 10)
    assert found.season == season


@pytest.mark.parametrize(
    ("title", "body", "category"),
    [
        # a full-width Ｗ (a sports paper's "Ｗ主演") is the W of "W主演": the pattern's letters are lowered like
        # the text's, which str.lower lowers whole
        ("藤咲 凛＆長谷部 湊がＷ主演　Netflix「名もなき灯台」来春世界配信",
         "女優藤咲 凛と俳優長谷部 湊が、Netflixシリーズ「名もなき灯台」で主演する。来春、世界で独占配信される。", "casting"),
        # the news given on a day: "出演することが3日、分かった"; a cast announced too: "の出演も発表された"
        ("石原 美月が「深海のアトリエ」出演　白石 七海と姉妹役",
         "女優石原 美月（25）が、U-NEXTオリジナルドラマ「深海のアトリエ」（来年2月配信）に出演することが3日、分かった。", "casting"),
        ("小松ひなたが主演、ABEMAオリジナルドラマ「渋谷ラストダンス」に新田蓮と早乙女ゆい",
         "小松ひなたが主演を務めるABEMAオリジナルドラマ「渋谷ラストダンス」が2027年1月8日(木)夜11時から放送される。"
         "新田蓮と早乙女ゆいの出演も発表された。", "casting"),
        # filming that starts ("撮影スタート", "撮影が開始") is production news, not a release's スタート
        ("高村蒼真×相沢結衣、月9『霧の向こうのふたり』撮影スタート",
         "フジテレビ系月9ドラマ『霧の向こうのふたり』（2027年4月スタート）の撮影が開始された。", "production"),
        # a next season decided with no verb of its making: "シーズン2決定"
        ("「恋するパン屋の事件簿」シーズン2決定、吉岡里桜と中島大地が続投",
         "日本テレビのドラマ「恋するパン屋の事件簿」のシーズン2が制作されることが決定した。2027年10月に放送予定。", "renewal"),
    ],
)
def test_japanese_sports_paper_and_portal_phrasings(title: str, body: str, category: str) -> None:
    assert classify(title, body, "ja", PUBLISHED).category == category


#: A new show announced with the stars who lead it is their casting: "A·B 주연 'X' 드라마화 확정",
#: "「X」ドラマ化決定、AとBが主演", "Disney+ Greenlights 'X' Starring A and B", and, with its title unquoted as
#: trade headlines write it, "Netflix Orders Thriller Midnight Harbor Starring Kim Ji-won".
@pytest.mark.parametrize(("title", "body"), [
    ("김하늘·이도현 주연 '푸른 항구' 드라마화 확정",
     "인기 웹툰 '푸른 항구'가 드라마로 제작된다. 김하늘과 이도현이 주연을 맡았다."),
    ("웹툰 '푸른 항구' 드라마화 확정…김하늘·이도현 출연 확정", "인기 웹툰 '푸른 항구'가 드라마로 제작된다."),
    ("김하늘 주연 '푸른 항구', 넷플릭스 시리즈로 제작 확정", "넷플릭스가 '푸른 항구'의 제작을 확정했다."),
    ("「青い港」ドラマ化決定、山田太郎・佐藤花子が主演", "漫画「青い港」のドラマ化が決定した。"),
    ("Disney+ Greenlights 'Midnight Harbor' Starring Kim Ji-won And Lee Do-hyun",
     "Disney+ has greenlit the thriller series, its first Korean original of the year."),
    ("Netflix Orders Thriller Series 'Midnight Harbor' Starring Kim Ji-won", "The streamer announced the order on Monday."),
    ("Netflix Orders Thriller Midnight Harbor Starring Kim Ji-won", "The streamer has ordered eight episodes."),
    ("Disney+ Greenlights Midnight Harbor Starring Kim Ji-won and Lee Do-hyun", "The series was greenlit on Monday."),
])
def test_a_new_show_announced_with_its_stars_is_their_casting(title: str, body: str) -> None:
    result = classify(title, body, published_at=PUBLISHED)
    assert result.category == "casting", result.cues


#: ... but a show announced with no one named, or a show named by its stars whose news is something
#: else (filming, its end, its release), or an order that sets no cast, is not.
@pytest.mark.parametrize(("title", "body", "category"), [
    ("웹툰 '푸른 항구' 드라마화 확정…캐스팅 진행 중", "인기 웹툰 '푸른 항구'가 드라마로 제작된다.", "production"),
    ("웹툰 '푸른 항구' 드라마화 확정", "인기 웹툰 '푸른 항구'가 드라마로 제작된다. 제작사는 캐스팅을 진행 중이다.", "production"),
    ("김하늘·이도현 주연 '푸른 항구' 크랭크인", "드라마 '푸른 항구'가 첫 촬영에 돌입했다.", "production"),
    ("김하늘 주연 '푸른 항구' 종영", "드라마 '푸른 항구'가 16회로 막을 내렸다.", "other"),
    ("김하늘·이도현 주연 '푸른 항구' 3월 첫 방송", "드라마 '푸른 항구'가 3월 첫 방송된다.", "release"),
    ("「青い港」ドラマ化決定　キャストは後日発表", "漫画「青い港」のドラマ化が決定した。", "production"),
    ("山田太郎主演「青い港」クランクイン", "ドラマ「青い港」の撮影が始まった。", "production"),
    ("Netflix Sets January Premiere for Midnight Harbor Starring Kim Ji-won", "The drama premieres Jan. 9.", "release"),
    ("Netflix Orders Drama Series With Studio Dragon And CJ ENM", "The streamer ordered the series on Monday.",
     "production"),
    ("Netflix Orders Documentary Series Led By Director Bong Joon-ho", "The streamer ordered the series on Monday.",
     "production"),
    ("Midnight Harbor Starring Kim Ji-won Tops Netflix Chart", "The drama topped the global chart.", "other"),
])
def test_a_show_named_with_its_stars_for_other_news_is_no_casting(title: str, body: str, category: str) -> None:
    result = classify(title, body, published_at=PUBLISHED)
    assert result.category == category, result.cues


#: A work a star led before, now adapted ("송강호 주연 '괴물' 드라마화" with "영화 '괴물'" in the text, "이병헌
#: 주연작 '…' 영화화"), or an adaptation whose body says the cast is still to be chosen, is no casting ...
@pytest.mark.parametrize(("title", "body"), [
    ("송강호 주연 '괴물' 드라마화 확정", "봉준호 감독의 영화 '괴물'이 드라마 제작을 확정했다. 캐스팅은 미정이다."),
    ("이병헌 주연작 '미스터 션샤인' 영화화 확정", "출연진은 아직 정해지지 않았다."),
    ("전지현 주연작 '킹덤' 시리즈, 영화화 확정", "넷플릭스 시리즈 '킹덤'이 영화로 제작된다."),
    ("송강호 주연 '괴물' 드라마화 확정", "봉준호 감독의 영화 '괴물'이 시리즈로 다시 태어난다."),
    ("송강호 주연 '괴물' 드라마화 확정", "'괴물'이 드라마로 제작된다. 캐스팅은 미정이다."),
])
def test_an_old_work_adapted_is_no_casting(title: str, body: str) -> None:
    result = classify(title, body, published_at=PUBLISHED)
    assert result.category != "casting", result.cues


#: ... but the new show's leads, with the rest of the cast still to come, or its source named, are.
@pytest.mark.parametrize(("title", "body"), [
    ("김하늘·이도현 주연 '푸른 항구' 드라마화 확정", "인기 웹툰 '푸른 항구'가 드라마로 제작된다. 나머지 캐스팅은 미정이다."),
    ("김하늘·이도현 주연 '푸른 항구' 드라마화 확정", "동명 웹툰을 원작으로 한 드라마 '푸른 항구'의 제작이 확정됐다."),
])
def test_a_new_show_with_its_leads_and_more_cast_to_come_is_casting(title: str, body: str) -> None:
    result = classify(title, body, published_at=PUBLISHED)
    assert result.category == "casting", result.cues


#: A trade's order of a quoted title by a network or a streamer ("CBS Orders 'Night Lawyer', U.S. Remake Of …") or a
#: "straight-to-series order" is production news, outweighing the TV season it is slated for; an order "starring" its
#: leads stays casting; a "pre-order" or a court's order is no show ordered. An acquisition is no order either:
#: "Netflix Picks Up BBC Thriller Starring …" buys a finished show.
@pytest.mark.parametrize(("title", "body", "category"), [
    ("CBS Orders ‘Night Lawyer’, U.S. Remake Of Korean Drama ‘Attorney At Midnight’",
     "CBS has given a straight-to-series order to Night Lawyer, an American adaptation of the Korean legal drama "
     "Attorney at Midnight.\n\nNight Lawyer is slated for the 2027-28 season.", "production"),
    ("NBC remakes a Korean legal drama", "NBC has given a straight-to-series order to Night Lawyer.", "production"),
    ("Netflix Orders ‘Night Lawyer’ Starring Sophia Bush", "Netflix has ordered the series.", "casting"),
    ("Netflix Sets ‘Night Lawyer’ Premiere", "Night Lawyer is slated for the 2027-28 season.", "release"),
    ("Sophia Bush Orders Fans To Rewatch ‘Attorney At Midnight’", "Sophia Bush talks about the original series.",
     "other"),
    ("Pre-order ‘Squid Game’ Season 2 Blu-ray now",
     "Fans can pre-order the Blu-ray of Squid Game, which premieres on Netflix on June 27.", "release"),
    ("Court orders ‘Moonlight Cartel’ broadcast halted", "A court ordered the broadcast of the series halted.", "other"),
    ("Netflix Picks Up BBC Thriller Starring Olivia Colman",
     "Netflix has acquired US streaming rights to the BBC thriller, which premieres in the UK next month.", "release"),
    ("Disney+ Picks Up Global Rights To Moving Starring Ryu Seung-ryong", "Disney+ acquired the global rights.", "other"),
    ("쿠팡플레이, '푸른 재' 제작 확정", "쿠팡플레이가 새 오리지널 '푸른 재'의 제작을 확정했다.", "production"),
    ("Netflix、「青い灰」の制作決定", "Netflixが新作「青い灰」の制作を決定した。", "production"),
])
def test_a_platform_ordering_or_picking_up_a_show(title: str, body: str, category: str) -> None:
    result = classify(title, body, published_at=PUBLISHED)
    assert result.category == category, result.cues


def test_who_orders_a_show_is_any_platform_of_the_catalogue_or_a_company_behind_one() -> None:
    """"Coupang Play Orders 'X'", "Crunchyroll Orders 'X'", "CJ ENM Orders 'X'" were missed: the cue had a
    hand-written list of platforms beside pipeline/data/platforms.toml."""
    orderers = [name for platform in platform_table() for name in (platform.name, *platform.companies)]
    missed = [name for name in orderers
              if classify(f"{name} Orders ‘Night Lawyer’", "The series is a legal drama.",
                          published_at=PUBLISHED).category != "production"]
    assert missed == []


def test_where_a_release_lands_is_any_platform_of_the_catalogue() -> None:
    """"'X' hits Viki on Jan. 9" and "'X' lands on Hulu" were missed or lost their date: the release cues had
    hand-written lists of platforms beside pipeline/data/platforms.toml."""
    names = [platform.name for platform in platform_table() if platform.name.isascii()]
    missed = []
    for name in names:
        hits = classify("Night Lawyer", f"'Night Lawyer' hits {name} on Jan. 9.", "en", LA_SATURDAY)
        lands = classify(f"'Night Lawyer' lands on {name}", "The legal drama stars Kim Go-eun.", "en", LA_SATURDAY)
        if (hits.category, hits.premiere and hits.premiere.date, lands.category) != (
                "release", date(2027, 1, 9), "release"):
            missed.append(name)
    assert names and missed == []



#: A guest lands on a channel's show and a show lands on a platform's chart: no release ("lands on" names where a
#: release comes out only where the sentence ends or goes on to when, "lands on Hulu next month").
@pytest.mark.parametrize(("title", "body", "category"), [
    ("IU lands on MBC's 'Radio Star'", "IU lands on MBC's talk show 'Radio Star' this week, sharing tour stories.", "other"),
    ("Kim Go-eun lands on SBS 'Running Man'", "Actress Kim Go-eun lands on SBS variety show 'Running Man' as a guest.",
     "other"),
    ("'Night Lawyer' lands on Viki's top 10", "The drama lands on Viki's global top 10 chart for the third week.", "other"),
    ("Park Bo-gum lands on KBS as music show MC", "Park Bo-gum lands on KBS as the new MC of its music show.", "other"),
    ("'Night Lawyer' lands on Hulu", "The series lands on Hulu next month after its run on JTBC.", "release"),
    ("'Night Lawyer' lands on Netflix Dec. 18", "The legal drama stars Kim Go-eun.", "release"),
])
def test_landing_on_a_channels_show_or_chart_is_no_release(title: str, body: str, category: str) -> None:
    assert classify(title, body, "en", LA_SATURDAY).category == category

#: An interview's headline quotes someone "on" doing something ("Kim Da-mi on Going Undercover for 'X'"), as on a
#: title; a casting cue it recalls is background. A verb before "on" ("Netflix Bets on Returning …") is no one speaking.
@pytest.mark.parametrize(("title", "category"), [
    ("Kim Da-mi on Going Undercover for ‘Moonlight Cartel’ and Working With Park Seo-joon", "other"),
    ("Kim Da-mi Moves on Joining ‘Moonlight Cartel’", "casting"),
    ("Park Seo-joon Signs on Joining ‘Moonlight Cartel’", "casting"),
])
def test_an_interview_on_doing_something_is_other(title: str, category: str) -> None:
    body = "Kim Da-mi talks about why she pushed for Park Seo-joon to join the cast of the Netflix series."
    result = classify(title, body, published_at=PUBLISHED)
    assert result.category == category, result.cues
