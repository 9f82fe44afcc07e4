"""The labelled events: what happened, who reported it, who copied whom.

An outlet spec "a" is an own article; "b<=a" is b's word-for-word copy of a's
article; "b<~a" is b's light rewrite of it.

An event is one happening, one digest entry: every report of it says the same thing
(phrasing.py). A "trailer" event is the show's first teaser (not a poster, stills or the
main trailer, which come days apart and are news of their own); a "production" event is
the start of filming (not the script reading or the wrap, weeks or months away); a
"release" event is the announcement of the premiere date, not the premiere.
"""

from __future__ import annotations


def event(id, category, show, people, platform, date, outlets, premiere=None, past="kc", global_=False, **extra):
    return {"id": id, "category": category, "show": show, "people": people, "platform": platform,
            "date": date, "outlets": outlets.split(), "premiere": premiere, "past": past,
            "global": global_, **extra}


DEV_EVENTS = [
    # Romantics Anonymous: the casting, then 18 months later a release date, a trailer, reviews
    event("ra-cast", "casting", "ra", ["hhj", "oguri"], "netflix", "2024-03-12T09:00:00+00:00",
          "hallyuherald dramawire screenasia kwave<=hallyuherald starnews24 entoday dramapress entasoku<~dramapress",
          past="lt", global_=True),
    event("ra-release", "release", "ra", ["hhj", "oguri"], "netflix", "2025-08-20T02:00:00+00:00",
          "hallyuherald dramawire kwave starnews24 dramapress entasoku", premiere="2025-09-18", global_=True),
    event("ra-trailer", "trailer", "ra", ["hhj", "oguri"], "netflix", "2025-09-03T02:00:00+00:00",
          "hallyuherald screenasia dramawire entoday", global_=True),
    event("ra-review-1", "other", "ra", ["hhj", "oguri"], "netflix", "2025-09-22T10:00:00+00:00", "hallyuherald"),
    event("ra-review-2", "other", "ra", ["hhj", "oguri"], "netflix", "2025-09-23T10:00:00+00:00", "dramawire"),
    event("ra-review-3", "other", "ra", ["oguri", "hhj"], "netflix", "2025-09-23T03:00:00+00:00", "dramapress entasoku<=dramapress"),
    # same actor, another show, the same week as the Romantics Anonymous casting
    event("lt-cast", "casting", "lt", ["hhj", "psj"], "tvn", "2024-03-14T01:00:00+00:00",
          "hallyuherald kwave screenasia starnews24 entoday", past="ms"),
    # Midnight Salon: casting, additional casting six weeks later, release date, trailer 16 days later
    event("ms-cast", "casting", "ms", ["kjw", "lds"], "jtbc", "2024-01-10T01:00:00+00:00",
          "hallyuherald dramawire starnews24 entoday screenasia kwave"),
    event("ms-addcast", "casting", "ms", ["sey", "cmh"], "jtbc", "2024-02-20T01:00:00+00:00",
          "hallyuherald starnews24 entoday<~starnews24", past="bt"),
    event("ms-release", "release", "ms", ["kjw", "lds"], "jtbc", "2024-06-02T01:00:00+00:00",
          "dramawire kwave starnews24 entoday hallyuherald", premiere="2024-06-29"),
    event("ms-trailer", "trailer", "ms", ["kjw", "lds"], "jtbc", "2024-06-18T01:00:00+00:00",
          "hallyuherald starnews24 screenasia"),
    event("bt-cast", "casting", "bt", ["jhy", "ysa"], "netflix", "2024-04-05T01:00:00+00:00",
          "hallyuherald dramawire screenasia starnews24 dramapress entoday", global_=True, past="hw"),
    event("bt-prod", "production", "bt", ["jhy", "ysa"], "netflix", "2024-07-01T01:00:00+00:00",
          "starnews24 entoday kwave"),
    event("bt-release", "release", "bt", ["jhy", "ysa"], "netflix", "2024-09-10T01:00:00+00:00",
          "hallyuherald dramawire starnews24 dramapress", premiere="2024-10-04", global_=True),
    event("cs-cast", "casting", "cs", ["psj", "kny"], "disney", "2024-05-08T01:00:00+00:00",
          "hallyuherald kwave starnews24 entoday dramawire<~hallyuherald", past="lt"),
    event("hw-release", "release", "hw", ["bjh", "ohj"], "sbs", "2024-05-20T01:00:00+00:00",
          "hallyuherald screenasia starnews24 entoday", premiere="2024-06-14"),
    event("hw-review", "other", "hw", ["bjh", "ohj"], "sbs", "2024-06-20T01:00:00+00:00", "kwave"),
    event("sk-cast", "casting", "sk", ["ars", "ktk"], "netflix", "2024-02-02T03:00:00+00:00",
          "dramapress entasoku screenasia dramawire hallyuherald", global_=True, past="pg"),
    event("sk-renew", "renewal", "sk", ["ars", "ktk"], "netflix", "2025-03-10T03:00:00+00:00",
          "dramapress entasoku dramawire hallyuherald", global_=True),
    event("pg-cast", "casting", "pg", ["msn", "nkr"], "fuji", "2024-04-22T03:00:00+00:00",
          "dramapress entasoku screenasia", past="wl"),
    event("pg-release", "release", "pg", ["msn", "nkr"], "fuji", "2024-06-10T03:00:00+00:00",
          "dramapress entasoku dramawire", premiere="2024-07-08"),
    event("ot-trailer", "trailer", "ot", ["hym", "tnk"], "prime", "2024-08-01T03:00:00+00:00",
          "dramapress entasoku screenasia dramawire", global_=True),
    # the same actor (Kitamura Takumi) in another show
    event("wl-cast", "casting", "wl", ["swm", "ktk"], "tbs", "2024-09-05T03:00:00+00:00",
          "dramapress entasoku hallyuherald", past="sk"),
    event("nd-renew", "renewal", "nd", ["ljs", "ysa"], "tving", "2024-10-01T01:00:00+00:00",
          "starnews24 entoday hallyuherald kwave"),
    event("ss-cast", "casting", "ss", ["gyj", "nmj"], "tvn", "2024-10-15T01:00:00+00:00",
          "hallyuherald dramawire screenasia starnews24 entoday kwave<=dramawire", past="cs"),
    event("ss-prod", "production", "ss", ["gyj", "nmj"], "tvn", "2024-11-20T01:00:00+00:00",
          "starnews24 entoday hallyuherald"),
    event("kc-release", "release", "kc", ["hsk", "jwy"], "netflix", "2024-11-05T01:00:00+00:00",
          "hallyuherald dramawire screenasia kwave starnews24 entoday", premiere="2024-12-06", past="ms"),
    event("kc-review", "other", "kc", ["hsk", "jwy"], "netflix", "2024-12-09T01:00:00+00:00", "screenasia"),
    event("lb-cast", "casting", "lb", ["ymk", "fjn"], "ntv", "2025-01-14T03:00:00+00:00",
          "dramapress entasoku screenasia", past="ot"),
    event("gf-trailer", "trailer", "gf", ["sjy", "kdh"], "coupang", "2025-02-03T01:00:00+00:00",
          "starnews24 entoday hallyuherald kwave"),
    # a Korean-Japanese co-production: both casts, all languages
    event("tc-cast", "casting", "tc", ["kjw", "ymk"], "netflix", "2025-04-08T01:00:00+00:00",
          "hallyuherald dramawire starnews24 entoday dramapress entasoku screenasia", global_=True, past="ms"),
    event("tc-release", "release", "tc", ["kjw", "ymk"], "netflix", "2025-09-01T01:00:00+00:00",
          "hallyuherald starnews24 dramapress", premiere="2025-09-26", global_=True),
    event("ry-cast", "casting", "ry", ["imr", "bjh"], "tving", "2025-05-12T01:00:00+00:00",
          "starnews24 entoday kwave hallyuherald", past="hw"),
    event("sm-prod", "production", "sm", ["sey", "nmj"], "disney", "2025-06-02T01:00:00+00:00",
          "starnews24 entoday dramawire"),
    event("ek-cast", "casting", "ek", ["kny", "jwy"], "sbs", "2025-07-07T01:00:00+00:00",
          "hallyuherald dramawire screenasia starnews24 entoday kwave", past="cs"),
    event("mm-release", "release", "mm", ["ars", "mrh"], "unext", "2025-07-15T03:00:00+00:00",
          "dramapress entasoku screenasia hallyuherald", premiere="2025-08-01"),
    event("cr-cast", "casting", "cr", ["cmh", "hsk"], "prime", "2025-08-04T01:00:00+00:00",
          "hallyuherald dramawire screenasia starnews24 entoday", past="kc"),
    event("vd-trailer", "trailer", "vd", ["psj", "gyj"], "tvn", "2025-10-01T01:00:00+00:00",
          "hallyuherald kwave starnews24 entoday dramawire"),
    # reports in two scripts that share one lead and name no platform on one side (an English
    # report naming one of the two leads, a Korean or Japanese one leaving the platform out)
    event("ek-renew", "renewal", "ek", ["kny", "jwy"], "sbs", "2026-03-02T01:00:00+00:00",
          "entoday starnews24 kwave dramawire"),
    event("mm-prod", "production", "mm", ["ars", "mrh"], "unext", "2025-05-20T03:00:00+00:00",
          "entasoku dramapress screenasia hallyuherald"),
    event("cr-trailer", "trailer", "cr", ["cmh", "hsk"], "prime", "2025-11-03T01:00:00+00:00",
          "entoday starnews24 kwave hallyuherald", spread_hours=36),
    # one actor (Kang Na-yeon) in two shows with news of one kind the same days, in two scripts
    event("ek-prod", "production", "ek", ["kny", "jwy"], "sbs", "2026-05-04T01:00:00+00:00",
          "entoday starnews24", spread_hours=24),
    event("cs-prod", "production", "cs", ["psj", "kny"], "disney", "2026-05-05T01:00:00+00:00",
          "hallyuherald dramawire", spread_hours=24),
]

HELDOUT_EVENTS = [
    event("hh-cast", "casting", "hh", ["lds", "sjy"], "jtbc", "2025-02-10T01:00:00+00:00",
          "seoulscope bingeasia dramanote hanbit", past="ms"),
    event("hh-release", "release", "hh", ["lds", "sjy"], "jtbc", "2025-05-02T01:00:00+00:00",
          "seoulscope bingeasia hanbit dramanote<=seoulscope", premiere="2025-05-31"),
    event("fr-cast", "casting", "fr", ["ohj", "kdh", "imr"], "coupang", "2025-03-03T01:00:00+00:00",
          "seoulscope dramanote hanbit bingeasia", past="ry"),
    event("fr-prod", "production", "fr", ["ohj", "kdh"], "coupang", "2025-04-14T01:00:00+00:00",
          "hanbit seoulscope dramanote"),
    event("lt-release", "release", "lt", ["hhj", "psj"], "tvn", "2024-09-02T01:00:00+00:00",
          "seoulscope bingeasia hanbit dramanote", premiere="2024-09-28"),
    event("lt-trailer", "trailer", "lt", ["hhj", "psj"], "tvn", "2024-09-16T01:00:00+00:00",
          "seoulscope hanbit bingeasia"),
    event("wl-release", "release", "wl", ["swm", "ktk"], "tbs", "2024-12-02T03:00:00+00:00",
          "geinou tvlife dramanote", premiere="2025-01-10"),
    event("pg-renew", "renewal", "pg", ["msn", "nkr"], "fuji", "2025-02-20T03:00:00+00:00",
          "geinou tvlife seoulscope"),
    event("cs-renew", "renewal", "cs", ["psj", "kny"], "disney", "2025-06-10T01:00:00+00:00",
          "seoulscope bingeasia hanbit dramanote"),
    event("cs-review", "other", "cs", ["psj", "kny"], "disney", "2025-06-12T01:00:00+00:00", "bingeasia"),
    event("lb-trailer", "trailer", "lb", ["ymk", "fjn"], "ntv", "2025-03-20T03:00:00+00:00",
          "geinou tvlife<~geinou dramanote"),
    event("sm-cast", "casting", "sm", ["sey", "nmj"], "disney", "2025-04-01T01:00:00+00:00",
          "seoulscope hanbit geinou bingeasia", global_=True, past="ss"),
    event("gf-cast", "casting", "gf", ["sjy", "lds"], "coupang", "2025-01-27T01:00:00+00:00",
          "seoulscope hanbit dramanote", past="nd"),
]
