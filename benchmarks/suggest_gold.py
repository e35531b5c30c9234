"""The hand-made gold list of date mentions: each mention's words, which occurrence of them, and its date.

The benchmark finds each mention's offset from its words and occurrence (``--gold-json`` writes them out), so no
offset is counted by hand. A date is ISO at its precision, or "vague" for words that give none ("recently").

Not dates: ages ("156-year-old", "at 43"), durations ("two years", "60 days"), times of day, recurring dates
("its fiscal year ends May 31"), names with a year in them ("Budget 2023").
"""

SHARED = "../../resources/sources"
"""The bundled sources (the app's copies, byte for byte those in ../shared/sources/), from benchmarks/data/."""

ARTICLES = [
    {"file": f"{SHARED}/wired-italy-coreweave-openai-2025-03-12.txt", "published": "2025-03-12", "url": "bundled source (Wired Italy)",
     "mentions": [("2025-03-12", 1, "2025-03-12"), ("soon", 1, "vague"), ("Monday, March 10, 2025", 1, "2025-03-10"),
                  ("2024", 1, "2024"), ("the previous year", 1, "2023"), ("January 2023", 1, "2023-01"),
                  ("January", 2, "2025-01"), ("Recently", 1, "vague"), ("recently", 1, "vague")]},
    {"file": f"{SHARED}/openai-invests-12-billion-in-coreweave.txt", "published": "2025-03", "url": "bundled source (blog)",
     "mentions": [("Recently", 1, "vague"), ("lately", 1, "vague")]},
    {"file": "news/foxnews-thomson-reuters-2007-05-15.txt", "published": "2007-05-15",
     "url": "http://www.foxnews.com/story/2007/05/15/thomson-to-buy-reuters-for-172-billion.html",
     "mentions": [("Tuesday", 1, "2007-05-15")]},
    {"file": "news/mg-thomson-reuters-2007-05-15.txt", "published": "2007-05-15",
     "url": "https://mg.co.za/article/2007-05-15-thomson-agrees-to-buy-reuters-for-172bn/",
     "mentions": [("Tuesday", 1, "2007-05-15"), ("1984", 1, "1984"), ("Monday", 1, "2007-05-14"), ("last week", 1, "vague")]},
    {"file": "news/vedomosti-reuters-thomson-2007-05-15.txt", "published": "2007-05-15",
     "url": "http://oldtmt.vedomosti.ru/sitemap/free/2007/5/article/reuters-thomson-to-merge/197025.html",
     "mentions": [("07/27/2016", 1, "2016-07-27"), ("Tuesday", 1, "2007-05-15"), ("May 3", 1, "2007-05-03"),
                  ("April", 1, "2007-04")]},
    {"file": "news/ceooutlook-yen-2024-07-15.txt", "published": "2024-07-15", "url": "https://ceooutlookmagazine.com/news/",
     "mentions": [("July 15, 2024", 1, "2024-07-15"), ("in recent months", 1, "vague"), ("2022", 1, "2022")]},
    {"file": "news/seekingalpha-breakfast-2024-03-28.txt", "published": "2024-03-28",
     "url": "https://seekingalpha.com/article/4680939-wall-street-breakfast-podcast-state-dept-offers-10m-reward-for-blackcat-intel",
     "mentions": [("Wednesday", 1, "2024-03-27"), ("Feb. 21", 1, "2024-02-21")]},
    {"file": "news/malaysiatoday-ge15-2022-09-22.txt", "published": "2022-09-22",
     "url": "https://malaysia-today.net/2022/09/22/ministers-reportedly-divided-over-ge15-date",
     "mentions": [("this year", 1, "2022"), ("yesterday", 1, "2022-09-21"), ("this year", 2, "2022"), ("Oct 7", 1, "2022-10-07"),
                  ("this year", 3, "2022"), ("September 2023", 1, "2023-09"), ("July 16 next year", 1, "2023-07-16")]},
    {"file": "news/time-oldest-human-fossil-2015-03-04.txt", "published": "2015-03-04",
     "url": "https://time.com/3732363/oldest-human-fossil-ethiopia", "mentions": []},
    {"file": "news/natureworldtoday-fossil-teeth-2017-10.txt", "published": "2017-10",
     "url": "https://natureworldtoday.com/fossilized-teeth-could-change-assumptions-about-humanitys-past/",
     "mentions": [("1974", 1, "1974"), ("120,000 years ago", 1, "-119999"), ("2016", 1, "2016")]},
    {"file": "news/investorplace-scholastic-2023-09-22.txt", "published": "2023-09-22",
     "url": "https://investorplace.com/2023/09/why-is-scholastic-schl-stock-down-15-today/",
     "mentions": [("Friday", 1, "2023-09-22"), ("2024", 1, "2024"), ("the prior year", 1, "2023"), ("fiscal 2023", 1, "2023"),
                  ("this summer", 1, "vague"), ("a year ago", 1, "2022"), ("today", 1, "2023-09-22"), ("Friday", 2, "2023-09-22")]},
    {"file": "news/10xwealth-salesforce-2024-02-28.txt", "published": "2024-02-28",
     "url": "https://10xwealthreport.com/salesforce-beats-earnings-estimates-but-stock-falls-on-guidance/",
     "mentions": [("Feb 29, 2024", 1, "2024-02-29"), ("February 28, 2024", 1, "2024-02-28"), ("fiscal 2024", 1, "2024"),
                  ("fiscal year 2024", 1, "2024"), ("Jan. 31", 1, "2024-01-31"), ("fiscal year 2025", 1, "2025"),
                  ("fiscal 2025", 1, "2025"), ("fiscal 2024", 2, "2024")]},
    {"file": "news/formaementis-cameron-2010-05-11.txt", "published": "2010-05-11",
     "url": "https://formaementis.wordpress.com/tag/new-cabinet/",
     "mentions": [("today", 1, "2010-05-11"), ("May 6", 1, "2010-05-06"), ("1812", 1, "1812"), ("1997", 1, "1997")]},
    {"file": "news/americannewsgroup-fedex-2023-12-20.txt", "published": "2023-12-20",
     "url": "https://americannewsgroup.com/2023/12/20/fedex-shares-tumble-9-after-weaker-demand-hit-revenue-outlook/amp",
     "mentions": [("Tuesday", 1, "2023-12-19"), ("2024", 1, "2024")]},
]

HELD_OUT = [
    {"file": "news/nydailynews-hanna-2020-07-26.txt", "published": "2020-07-26",
     "url": "https://www.nydailynews.com/news/national/ny-tropical-storm-hanna-20200726-fxez7xsddrf3zavytjzqoldq2u-story.html",
     "mentions": [("Saturday", 1, "2020-07-25"), ("Sunday", 1, "2020-07-26"), ("Saturday", 2, "2020-07-25"), ("2020", 1, "2020"),
                  ("Sunday", 2, "2020-07-26")]},
    {"file": "news/aol-hurricane-lane-2018-08-23.txt", "published": "2018-08-23",
     "url": "https://www.aol.com/article/weather/2018/08/23/hurricane-lane-downgraded-as-it-shifts-closer-to-hawaii/23508247/",
     "mentions": [("Thursday", 1, "2018-08-23"), ("Thursday", 2, "2018-08-23"), ("Friday", 1, "2018-08-24"),
                  ("August 23, 2018", 1, "2018-08-23"), ("August 22, 2018", 1, "2018-08-22")]},
    {"file": "news/bizjournals-pg-2014-08-01.txt", "published": "2014-08-01",
     "url": "http://www.bizjournals.com/cincinnati/news/2014/08/01/p-g-unveils-anticipated-new-category-new-product.html",
     "mentions": [("today", 1, "2014-08-01"), ("soon", 1, "vague"), ("next week", 1, "vague"), ("last month", 1, "2014-07"),
                  ("in the next few weeks", 1, "vague"), ("1999", 1, "1999"), ("September", 1, "2014-09"),
                  ("June 18", 1, "2014-06-18")]},
    {"file": "news/airworldwide-paloma-2008-11-10.txt", "published": "2008-11-10",
     "url": "https://alert.air-worldwide.com/tropical-cyclone/2008/hurricane-paloma/landfall",
     "mentions": [("11/10/2008", 1, "2008-11-10"), ("11/7/2008", 1, "2008-11-07"), ("November 10, 2008", 1, "2008-11-10"),
                  ("Saturday, November 8", 1, "2008-11-08"), ("Saturday", 2, "2008-11-08"), ("1999", 1, "1999")]},
    {"file": "news/worldnewshunt-henri-2021-08-21.txt", "published": "2021-08-21",
     "url": "https://worldnewshunt.com/world/us-news/outer-bands-of-hurricane-henri-reach-new-york/",
     "mentions": [("Saturday", 1, "2021-08-21"), ("Sunday", 1, "2021-08-22"), ("Saturday", 2, "2021-08-21"),
                  ("Sunday", 2, "2021-08-22"), ("Monday", 1, "2021-08-23")]},
]
"""Annotated before the recogniser was first run on them, and kept out of its tuning: an estimate on unseen text."""

UNSEEN = [
    {"file": "news/newkerala-jamshedpur-2023-11-28.txt", "published": "2023-11-28",
     "url": "https://www.newkerala.com/news/2023/123409.htm",
     "mentions": [("November 28", 1, "2023-11-28"), ("Monday", 1, "2023-11-27"), ("today", 1, "2023-11-27"),
                  ("today", 2, "2023-11-27")]},
    {"file": "news/n2yo-space-news-2023-05-30.txt", "published": "2023-05-30", "url": "https://www.n2yo.com/news/read.php?p=2",
     "mentions": [("Monday", 1, "2023-05-29"), ("in coming days", 1, "vague"), ("May 31", 1, "2023-05-31"),
                  ("June 11", 1, "2023-06-11"), ("May 30", 1, "2023-05-30"), ("Saturday", 1, "2023-05-27"),
                  ("Wednesday", 1, "2023-05-24"), ("May 30", 2, "2023-05-30"), ("JUNE", 1, "2023-06"), ("June", 2, "2023-06"),
                  ("May 26", 1, "2023-05-26"), ("April 2", 1, "2023-04-02"), ("May 30", 3, "2023-05-30")]},
    {"file": "news/palapye-central-bank-2008-06-22.txt", "published": "2008-06-22",
     "url": "https://palapye.wordpress.com/2008/06/23/central-bank-responds-to-rising-inflation-with-rate-hike/",
     "mentions": [("22.06.2008", 1, "2008-06-22"), ("Thursday", 1, "2008-06-19"), ("1970", 1, "1970"), ("Thursday", 2, "2008-06-19"),
                  ("in the coming days", 1, "vague"), ("October 2007", 1, "2007-10"), ("May", 1, "2008-05")]},
    {"file": "news/econostream-ecb-2023-05-23.txt", "published": "2023-05-23",
     "url": "https://www.econostream-media.com/news/2023-05-23/they_said_it_-_recent_comments_of_ecb_governing_council_members.html",
     "mentions": [("23 May 2023", 1, "2023-05-23"), ("4 May", 1, "2023-05-04"), ("19 May 2023", 1, "2023-05-19"),
                  ("11 May 2023", 1, "2023-05-11"), ("10 May 2023", 1, "2023-05-10")]},
    {"file": "news/eyeontaiwan-central-bank-2018-05-04.txt", "published": "2018-05-04",
     "url": "https://www.eyeontaiwan.com/central-bank-says-cpi-rise-of-over-2-might-prompt-interest-rate-hike",
     "mentions": [("2018-05-04", 1, "2018-05-04")]},
]
"""Annotated before the recogniser first ran on them, measured once, and never used to change it."""
