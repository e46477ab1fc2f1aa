"""Question understanding: people and aliases, intents, time ranges, topics."""

from __future__ import annotations

import datetime as dt

import pytest

from retrieval.query.question import Query, parse_question
from retrieval.query.timeexpr import chinese_number, find_time_range
from retrieval.search.people import Person

TODAY = dt.date(2022, 3, 4)
PEOPLE = (
    Person("陈红民", ("区委书记",), ("a1",)),
    Person("苏建设", ("区委副书记", "区长"), ("a2",)),
    Person("吕安民", ("区人大常委会主任",), ("a3",)),
    Person("李雅", ("区委常委", "常务副区长"), ("a4",)),
    Person("汤晓义", ("区委常委", "纪委书记"), ("a5",)),
    Person("王传胜", ("区委常委", "副区长"), ("a6",)),
    Person("王波", ("区委书记",), ("a7",)),
    Person("王炅", ("区人民法院院长",), ("a8",)),
)


PLACES = {"郑州", "河南", "二七区"}  # places the pages name, as PlaceNames tells them


def ask(question: str, today: dt.date | None = TODAY) -> Query:
    return parse_question(
        question, PEOPLE, today=today, district="二七", is_place=PLACES.__contains__
    )


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("陈书记最近参加了什么活动", "陈红民"),
        ("苏区长主持了哪些会议", "苏建设"),
        ("吕主任开了哪些会", "吕安民"),
        ("汤书记最近在忙什么", "汤晓义"),
        ("王院长是谁", "王炅"),
        ("李副区长开了哪些会", "李雅"),
        ("陳書記最近開了哪些會", "陈红民"),  # traditional characters
    ],
)
def test_alias_from_surname_and_title(question: str, person: str) -> None:
    assert ask(question).people == (person,)


def test_loose_title_used_only_when_no_one_holds_the_exact_one() -> None:
    # 李雅 is 常务副区长; people call her 李区长, and no 区长 is named 李.
    assert ask("李区长开了哪些会").people == ("李雅",)
    # 苏建设 is the 区长 himself; no deputy stands in his way.
    assert ask("苏区长开了哪些会").people == ("苏建设",)


def test_alias_of_one_holder_resolves() -> None:
    assert ask("王书记最近开了哪些会").people == ("王波",)
    assert ask("王书记最近开了哪些会").ambiguous == ()


def test_two_deputies_make_the_loose_alias_ambiguous() -> None:
    people = (*PEOPLE, Person("王明", ("副区长",), ("a9",)))
    query = parse_question("王区长开了哪些会", people, today=TODAY)
    assert query.people == ()
    assert query.ambiguous == (("王区长", ("王传胜", "王明")),)


def test_two_people_holding_one_title_are_ambiguous() -> None:
    people = (*PEOPLE, Person("陈明", ("纪委书记",), ("a9",)))
    query = parse_question("陈书记开了哪些会", people, today=TODAY)
    assert query.people == ()
    assert query.ambiguous == (("陈书记", ("陈红民", "陈明")),)


def test_full_name_wins_over_alias_and_is_not_reported() -> None:
    query = ask("王波王书记开了哪些会")
    assert query.people == ("王波",)
    assert query.ambiguous == ()


def test_full_names_are_found_and_removed_from_the_topic() -> None:
    query = ask("陈红民和苏建设都出席了哪些会议")
    assert set(query.people) == {"陈红民", "苏建设"}
    assert "陈红民" not in query.topic
    assert "苏建设" not in query.topic


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("陈红民最近开了哪些会", "meetings"),
        ("苏建设主持了哪些会议", "meetings"),
        ("陈书记最近参加了什么活动", "meetings"),
        ("陈红民最近在忙什么", "meetings"),
        ("12月开了几次会", "meetings"),
        ("谁被任命为二七区政府副区长", "who"),
        ("区人大常委会主任是谁", "who"),
        ("常淼是谁", "who"),
        ("安置房建设工作专题会是哪天开的", "when"),
        ("霹雳行动什么时候启动的", "when"),
        ("人才工作领导小组会议是几月几日召开的", "when"),
        ("二七经开区有多少家高新技术企业", "how_many"),
        ("为侯寨乡、马寨镇配备了几名年轻干部", "how_many"),
        ("撤销合并了多少个社区", "how_many"),
        ("霹雳行动是什么", "what"),
        ("李卓瑜去哪家企业走访调研了", "what"),
        ("人才工作领导小组会议讲了什么", "what"),
        ("郭家咀水库加固", "topic"),
        ("三送一强活动", "topic"),
        ("组织、宣传思想和统战工作会议", "topic"),
    ],
)
def test_intent(question: str, intent: str) -> None:
    assert ask(question).intent == intent


def test_meetings_carry_kind_and_role() -> None:
    assert ask("陈书记最近参加了什么活动").slot("event_kind") == "event"
    assert ask("陈红民最近开了哪些会").slot("event_kind") == "meeting"
    assert ask("苏建设主持了哪些会议").slot("person_role") == "主持"
    assert ask("陈红民参加了哪些会").slot("person_role") == ""  # 参加 is how anyone asks


def test_when_keeps_a_verb_that_is_the_topic() -> None:
    due = ask("安置房什么时候开工")  # 开工 is what is asked about, not 开 (a meeting held)
    assert (due.intent, due.topic, due.slot("held")) == ("when", "安置房 开工", "")
    held = ask("安置房建设工作专题会是哪天开的")
    assert (held.topic, bool(held.slot("held"))) == ("安置房建设工作专题会", True)
    assert ask("人大常委会什么时候开会").slot("held")


def test_how_many_keeps_the_counting_word() -> None:
    assert ask("二七经开区有多少家高新技术企业").slot("measure") == "家"
    assert ask("配备了几名年轻干部").slot("measure") == "名"


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("安置房建设工作专题会是哪天开的", "安置房建设工作专题会"),
        ("二七经开区有多少家高新技术企业", "二七经开区 高新技术企业"),
        ("霹雳行动是什么", "霹雳行动"),
        ("陈红民最近开了哪些会", ""),
        ("苏建设检查防汛抗旱工作去了哪些地方", "检查防汛抗旱工作"),
        ("请问郭家咀水库加固吗？", "郭家咀水库加固"),
    ],
)
def test_topic_is_what_is_left_to_search(question: str, topic: str) -> None:
    assert ask(question).topic == topic


def test_recent_means_newest_first_without_a_date_filter() -> None:
    query = ask("最近有什么安置房的消息")
    assert query.newest_first
    assert (query.date_from, query.date_to, query.period) == (None, None, None)
    assert not ask("安置房建设").newest_first


@pytest.mark.parametrize(
    ("question", "start", "end", "period"),
    [
        ("今年开了哪些会", dt.date(2022, 1, 1), dt.date(2022, 12, 31), "2022年"),
        ("去年开了哪些会", dt.date(2021, 1, 1), dt.date(2021, 12, 31), "2021年"),
        ("前年的安置房", dt.date(2020, 1, 1), dt.date(2020, 12, 31), "2020年"),
        ("三月开了哪些会", dt.date(2022, 3, 1), dt.date(2022, 3, 31), "2022年3月"),
        ("3月份的会议", dt.date(2022, 3, 1), dt.date(2022, 3, 31), "2022年3月"),
        # a month later in the year than "today" means last year's
        ("12月开了哪些会", dt.date(2021, 12, 1), dt.date(2021, 12, 31), "2021年12月"),
        ("十一月的会议", dt.date(2021, 11, 1), dt.date(2021, 11, 30), "2021年11月"),
        ("2021年12月开了哪些会", dt.date(2021, 12, 1), dt.date(2021, 12, 31), "2021年12月"),
        ("2020年的三送一强", dt.date(2020, 1, 1), dt.date(2020, 12, 31), "2020年"),
        ("二〇一八年的会议", dt.date(2018, 1, 1), dt.date(2018, 12, 31), "2018年"),
        ("3月3日开了什么会", dt.date(2022, 3, 3), dt.date(2022, 3, 3), "2022年3月3日"),
        ("12月14日开了什么会", dt.date(2021, 12, 14), dt.date(2021, 12, 14), "2021年12月14日"),
        ("上个月开了哪些会", dt.date(2022, 2, 1), dt.date(2022, 2, 28), "2022年2月"),
        ("本月开了哪些会", dt.date(2022, 3, 1), dt.date(2022, 3, 31), "2022年3月"),
    ],
)
def test_time_expressions_are_relative_to_the_newest_article(
    question: str, start: dt.date, end: dt.date, period: str
) -> None:
    query = ask(question)
    assert (query.date_from, query.date_to, query.period) == (start, end, period)


def test_time_words_leave_the_topic() -> None:
    query = ask("去年的安置房建设")
    assert query.topic == "安置房建设"
    assert ask("2021年12月开了哪些会").topic == ""


def test_relative_words_need_a_reference_date() -> None:
    query = ask("今年开了哪些会", today=None)
    assert query.date_from is None
    assert query.period is None
    assert ask("2021年开了哪些会", today=None).period == "2021年"


def test_season_ranges_are_not_a_year_filter() -> None:
    assert find_time_range("2021~2022年秋冬季大气污染防治", TODAY) is None


def test_impossible_dates_are_ignored() -> None:
    assert find_time_range("2月30日开了什么会", TODAY) is not None  # falls back to the month
    assert find_time_range("13月开了什么会", TODAY) is None


@pytest.mark.parametrize(
    ("text", "number"),
    [("3", 3), ("12", 12), ("三", 3), ("十", 10), ("十二", 12), ("二十一", 21), ("二〇二一", 2021)],
)
def test_chinese_numbers(text: str, number: int) -> None:
    assert chinese_number(text) == number


def test_odd_input_is_cleaned() -> None:
    query = ask("<b>陈红民</b>\u200b最近\x00开了哪些会😀")
    assert query.people == ("陈红民",)
    assert query.intent == "meetings"
    assert "\x00" not in query.text
    assert "<b>" not in query.text


def test_empty_question() -> None:
    query = ask("")
    assert (query.topic, query.people, query.intent) == ("", (), "topic")


def test_question_is_kept_as_asked() -> None:
    assert ask("陳紅民最近開了哪些會").question == "陳紅民最近開了哪些會"
    assert ask("陳紅民最近開了哪些會").text == "陈红民最近开了哪些会"


def test_people_keep_the_order_they_were_asked_about() -> None:
    assert ask("陈红民和苏建设一起开过哪些会").people == ("陈红民", "苏建设")
    assert ask("苏建设和陈红民一起开过哪些会").people == ("苏建设", "陈红民")
    assert ask("苏区长和陈书记开过哪些会").people == ("苏建设", "陈红民")


def test_connectives_between_names_leave_no_topic() -> None:
    assert ask("陈红民和苏建设一起开过哪些会").topic == ""


def test_meeting_topic_between_the_asking_words() -> None:
    query = ask("今年开了哪些关于疫情的会")
    assert (query.intent, query.topic, query.period) == ("meetings", "疫情", "2022年")
    assert ask("陈红民开了哪些疫情防控会议").topic == "疫情防控"


@pytest.mark.parametrize(
    ("text", "start", "end", "period"),
    [
        # a relative year before a month fixes the month's year (bare 11月 would be 2022's)
        ("去年11月干了什么", dt.date(2021, 11, 1), dt.date(2021, 11, 30), "2021年11月"),
        ("今年1月5日", dt.date(2022, 1, 5), dt.date(2022, 1, 5), "2022年1月5日"),
        ("21年3月的会议", dt.date(2021, 3, 1), dt.date(2021, 3, 31), "2021年3月"),
        ("11月底", dt.date(2022, 11, 21), dt.date(2022, 11, 30), "2022年11月下旬"),
        ("3月上旬", dt.date(2022, 3, 1), dt.date(2022, 3, 10), "2022年3月上旬"),
        ("去年下半年", dt.date(2021, 7, 1), dt.date(2021, 12, 31), "2021年下半年"),
        ("2021年11月到12月", dt.date(2021, 11, 1), dt.date(2021, 12, 31), "2021年11月至12月"),
        ("2020年3月至5月", dt.date(2020, 3, 1), dt.date(2020, 5, 31), "2020年3月至5月"),
        ("10月和11月", dt.date(2022, 10, 1), dt.date(2022, 11, 30), "2022年10月至11月"),
        ("11月到1月", dt.date(2022, 11, 1), dt.date(2023, 1, 31), "2022年11月至2023年1月"),
        ("最近三个月", dt.date(2022, 9, 11), dt.date(2022, 12, 10), "2022年9月11日至12月10日"),
    ],
)
def test_more_time_expressions(text: str, start: dt.date, end: dt.date, period: str) -> None:
    found = find_time_range(text, dt.date(2022, 12, 10))
    assert found is not None
    assert (found.date_from, found.date_to, found.period) == (start, end, period)


def test_two_digit_years_need_a_month_and_no_season_range() -> None:
    assert find_time_range("建成10年的水库", TODAY) is None
    found = find_time_range("2021~2022年11月", TODAY)
    assert found is not None
    assert found.words == "11月"


@pytest.mark.parametrize(
    ("question", "intent", "topic", "period"),
    [
        ("苏区长去年11月干了什么", "meetings", "", "2021年11月"),
        ("苏区长去年11月做了哪些事", "meetings", "", "2021年11月"),
        ("陈书记上个月忙啥", "meetings", "", "2022年2月"),
        ("三月份有哪些会议", "meetings", "", "2022年3月"),
        ("苏建设3月的活动", "meetings", "", "2022年3月"),
        ("去年11月干了什么", "what", "", "2021年11月"),
        ("配备了几名年轻干部", "how_many", "配备 年轻干部", None),
        ("有关于三送一强的报道吗", "topic", "三送一强", None),
        ("郭家咀水库什么时候完成加固", "when", "郭家咀水库 完成加固", None),
    ],
)
def test_time_and_filler_words_leave_no_topic(
    question: str, intent: str, topic: str, period: str | None
) -> None:
    query = ask(question)
    assert (query.intent, query.topic, query.period) == (intent, topic, period)


@pytest.mark.parametrize(
    "question", ["景静写了哪些报道", "景静记者的报道", "景静写了多少篇稿子", "景静发的新闻有哪些"]
)
def test_articles_of_a_reporter(question: str) -> None:
    people = (*PEOPLE, Person("景静", ("记者",), ("a10",)))
    query = parse_question(question, people, today=TODAY)
    assert (query.intent, query.people, query.topic) == ("articles", ("景静",), "")


def test_courtesy_titles_and_modifiers_leave_no_topic() -> None:
    query = ask(
        "请问一下，我想知道二七区区委书记陈红民同志在2021年12月份都参加了哪些重要会议，谢谢！"
    )
    assert (query.intent, query.people, query.topic) == ("meetings", ("陈红民",), "")
    assert query.period == "2021年12月"
    assert ask("區長蘇建設最近開了哪些會").topic == ""


def test_a_name_with_one_wrong_character_is_corrected_and_reported() -> None:
    query = ask("陈红明最近开了哪些会")
    assert query.people == ("陈红民",)
    assert query.corrected == (("陈红明", "陈红民"),)
    # 王传统文化 is no misspelt 王传胜: a name does not run on into a word.
    assert ask("王传统文化").corrected == ()
    assert ask("王传统文化").people == ()


@pytest.mark.parametrize("question", ["李雅是什么职务", "李雅是哪个职务", "李雅的职务是什么"])
def test_office_questions_are_who(question: str) -> None:
    assert (ask(question).intent, ask(question).topic) == ("who", "")


def test_people_counts_are_not_population() -> None:
    assert ask("二七区有多少人口").intent != "how_many"
    assert ask("引进了多少人才").intent != "how_many"
    assert ask("来了多少人").slot("measure") == "人"


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("景静最近一周写了哪些报道", dt.date(2022, 2, 26), TODAY),
        ("近三天开了哪些会", dt.date(2022, 3, 2), TODAY),
        ("过去两个星期", dt.date(2022, 2, 19), TODAY),
    ],
)
def test_recent_weeks_and_days_are_a_range_ending_today(
    text: str, start: dt.date, end: dt.date
) -> None:
    query = ask(text)
    assert (query.date_from, query.date_to) == (start, end)
    assert not {"周", "天"} & set(query.topic)


@pytest.mark.parametrize(
    ("question", "intent", "topic"),
    [
        ("王炅最近在干什么", "meetings", ""),
        ("李雅去哪了", "meetings", ""),
        ("万人助万企是什么活动", "what", "万人助万企"),
        ("霹雳行动是干什么的", "what", "霹雳行动"),
        ("区委常委会开了几次", "meetings", "区委常委会"),
        ("2021年一共有多少篇报道", "articles", ""),
        ("谁是市长", "who", "市长"),
    ],
)
def test_second_round_phrasings(question: str, intent: str, topic: str) -> None:
    query = ask(question)
    assert (query.intent, query.topic) == (intent, topic)


def test_a_surname_and_title_fitting_no_one_is_reported_not_searched() -> None:
    query = ask("高书记最近开了哪些会")
    assert query.people == ()
    assert query.ambiguous == (("高书记", ()),)
    assert "书记" not in query.topic


@pytest.mark.parametrize(
    ("question", "period"),
    [("那去年呢", "2021年"), ("那么三月呢？", "2022年3月"), ("那去年11月呢", "2021年11月")],
)
def test_a_follow_up_with_only_a_time_is_a_fragment(question: str, period: str) -> None:
    query = ask(question)
    assert (query.intent, query.topic, query.period) == ("fragment", "", period)


@pytest.mark.parametrize("question", ["去年呢", "那去年的疫情呢", "那陈红民呢", "去年开了哪些会"])
def test_a_question_with_its_own_subject_is_no_fragment(question: str) -> None:
    assert ask(question).intent != "fragment"


@pytest.mark.parametrize(
    "question", ["郑州天气", "天气怎么样", "二七区明天天气怎么样", "郑州今天气温"]
)
def test_live_weather_is_its_own_intent(question: str) -> None:
    assert ask(question).intent == "live"


@pytest.mark.parametrize("question", ["重污染天气", "重污染天气怎么应对", "北京天气"])
def test_a_topic_holding_a_weather_word_is_no_live_question(question: str) -> None:
    assert ask(question).intent != "live"


def test_the_question_is_read_up_to_the_cap_it_is_given() -> None:
    long = "安置房建设" * 200  # 1000 characters: past the old fixed 500
    assert len(ask(long).text) == 1000
    capped = parse_question(long, PEOPLE, today=TODAY, max_chars=10)
    assert capped.text == "安置房建设安置房建设"
