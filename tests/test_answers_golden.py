"""Composed answers over the real seed pages."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from retrieval.engine import Engine
    from retrieval.models import Answer


def text_of(answer: Answer) -> str:
    return "\n".join(block.text for block in answer.blocks)


def names(answer: Answer, person: str) -> bool:
    return all(person in hit.article.title + hit.article.text for hit in answer.hits)


def is_newest_first(answer: Answer) -> bool:
    dates = [hit.article.date or dt.date.min for hit in answer.hits]
    return dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    "question",
    ["陈红民最近开了哪些会", "陈书记最近开了哪些会", "陳紅民最近開了哪些會", "陈红民开过什么会"],
)
def test_meetings_of_chen_newest_first_all_naming_him(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.intent == "meetings"
    assert len(answer.hits) == 5
    assert names(answer, "陈红民")
    assert is_newest_first(answer)
    assert answer.hits[0].article.date == dt.date(2022, 3, 4)
    assert answer.blocks[0].kind == "heading"
    assert answer.blocks[0].text.startswith("陈红民 最近的 5 场会议")
    first = answer.blocks[1].text
    assert first.startswith("2022年3月4日 · 二七区委常委会 · 主持、讲话 · ")
    assert len(answer.citations) == 5


def test_an_inspection_without_a_meeting_is_not_a_meeting(engine: Engine) -> None:
    # 2018-11-20: 陈红民 inspects parks and green belts; nobody holds a meeting.
    listed = engine.ask("陈红民开了哪些会", limit=20)
    titles = [hit.article.title for hit in listed.hits]
    assert "区领导调研生态园林绿化工作" not in titles
    assert "统筹谋划道路改造和住改商工作" in titles  # inspected, then held a 推进会
    events = engine.ask("陈红民参加了哪些活动", limit=20)
    assert "区领导调研生态园林绿化工作" in [hit.article.title for hit in events.hits]


def test_meetings_chaired_by_su(engine: Engine) -> None:
    answer = engine.ask("苏建设主持了哪些会议")
    assert [hit.article.date for hit in answer.hits] == [dt.date(2022, 3, 3)]
    assert "安置房建设工作专题会 · 主持" in answer.blocks[1].text


def test_meetings_in_a_month(engine: Engine) -> None:
    answer = engine.ask("2021年12月开了哪些会")
    assert answer.period is not None
    assert all(hit.article.date and hit.article.date.month == 12 for hit in answer.hits)
    assert "二七区 2021年12月的" in answer.blocks[0].text
    assert is_newest_first(answer)


def test_last_year_is_relative_to_the_newest_article(engine: Engine) -> None:
    answer = engine.ask("苏区长去年开了哪些会")
    assert answer.hits
    assert {hit.article.date.year for hit in answer.hits if hit.article.date} == {2021}
    assert names(answer, "苏建设")


def test_when_the_resettlement_meeting_was_held(engine: Engine) -> None:
    answer = engine.ask("安置房建设工作专题会是哪天开的")
    assert answer.intent == "when"
    assert answer.blocks[0].text == "2022年3月3日 · 安置房建设工作专题会"
    assert "苏建设主持召开安置房建设工作专题会" in text_of(answer)


def test_when_with_an_approximate_date(engine: Engine) -> None:
    answer = engine.ask("二七商圈区域城市复兴工作推进会是什么时候开的")
    assert answer.blocks[0].text.startswith("约2022年3月（原文“近日”）")
    assert "3月4日" not in text_of(answer)


def test_who_was_appointed(engine: Engine) -> None:
    answer = engine.ask("谁被任命为二七区政府副区长")
    assert answer.blocks[0].text == "常淼"
    assert "常淼同志被任命为二七区政府副区长" in text_of(answer)


def test_who_holds_a_role_lists_each_holder_newest_first(engine: Engine) -> None:
    answer = engine.ask("区人大常委会主任是谁")
    text = text_of(answer)
    assert text.index("吕安民") < text.index("许广佑")
    assert "区人大常委会主任吕安民主持会议" in text


@pytest.mark.parametrize("question", ["常淼是谁", "吕主任是谁"])
def test_who_is_a_person(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.intent == "who"
    assert ("被任命为二七区政府副区长" in text_of(answer)) or (
        "区人大常委会主任吕安民" in text_of(answer)
    )


@pytest.mark.parametrize(
    ("question", "count", "sentence"),
    [
        ("二七经开区有多少家高新技术企业", "22家", "共有高新技术企业22家"),
        ("二七经开区有几家专精特新企业", "13家", "专精特新企业13家"),
        ("为侯寨乡、马寨镇配备了几名年轻干部", "8名", "配备8名35岁以下年轻干部"),
        ("二七区组建了多少个楼院党组织", "816个", "组建楼院党组织816个"),
    ],
)
def test_how_many(engine: Engine, question: str, count: str, sentence: str) -> None:
    answer = engine.ask(question)
    assert answer.intent == "how_many"
    assert answer.blocks[0].text == count
    assert sentence in answer.blocks[1].text


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("李卓瑜去哪家企业走访调研了", "河南桂洲村食品有限公司"),
        ("郭家咀水库加固", "郭家咀水库"),
        ("苏建设检查防汛抗旱工作去了哪些地方", "防汛抗旱"),
    ],
)
def test_what_and_topic_quote_the_passage(engine: Engine, question: str, phrase: str) -> None:
    answer = engine.ask(question)
    assert not answer.no_answer
    assert phrase in text_of(answer)
    assert answer.citations
    assert answer.blocks[0].kind == "item"


@pytest.mark.parametrize("question", ["今天北京天气怎么样", "量子计算机的原理是什么"])
def test_no_answer(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.no_answer
    assert answer.hits == ()
    text = text_of(answer)
    assert "29 篇" in text
    assert "2018年11月20日到2022年3月4日" in text
    assert "可以这样问" in text


def test_every_quote_is_in_an_article(engine: Engine) -> None:
    questions = ["陈红民最近开了哪些会", "安置房建设工作专题会是哪天开的", "红色物业建设"]
    for question in questions:
        answer = engine.ask(question)
        for block in answer.blocks:
            for quote in block.text.split("“")[1:]:
                sentence = quote.rsplit("”", 1)[0].strip("…")
                article = engine.article(block.article_id or "")
                assert article is not None
                assert all(part in article.text for part in sentence.split("……"))


def test_person_and_month_with_filler_lists_that_month(engine: Engine) -> None:
    # 去年 is 2021 (the newest article is of 2022-03-04); 干了什么 is no topic.
    answer = engine.ask("苏区长去年11月干了什么")
    assert not answer.no_answer
    assert answer.period == "2021年11月"
    assert answer.blocks[0].text.startswith("苏建设 2021年11月的 2 场活动")
    titles = [hit.article.title for hit in answer.hits]
    assert titles == [
        "二七区召开2021~2022年秋冬季大气污染防治攻坚动员会",
        "二七区召开2021年人才工作领导小组会议",
    ]
    assert names(answer, "苏建设")
    assert "人才工作领导小组会议 · 出席" in text_of(answer)


def test_meetings_of_a_month_without_a_person(engine: Engine) -> None:
    answer = engine.ask("三月份有哪些会议")
    assert answer.intent == "meetings"
    assert [hit.article.title for hit in answer.hits] == [
        "二七区委常委会召开",
        "二七商圈区域城市复兴工作推进会召开",
        "二七区召开安置房建设工作专题会",
        "二七区召开疫情防控常态化监督检查工作推进会",
    ]  # the 走访调研活动 held only a 座谈会 on site: a visit, not a meeting
    assert is_newest_first(answer)
    assert "约2022年3月（原文“近日”） · 二七商圈区域城市复兴工作推进会" in text_of(answer)
    assert "2022年3月4日 · 二七商圈" not in text_of(answer)


@pytest.mark.parametrize(
    ("question", "total", "first", "role"),
    [
        ("景静写了哪些报道", 24, dt.date(2022, 3, 4), "记者 景静"),
        ("张改华的报道", 5, None, "记者 张改华"),  # newest is 约2020年5月 (日前)
        ("郭佳星写过哪些稿子", 2, dt.date(2020, 5, 7), "通讯员 郭佳星"),
    ],
)
def test_articles_by_a_reporter_newest_first(
    engine: Engine, question: str, total: int, first: dt.date | None, role: str
) -> None:
    answer = engine.ask(question, limit=30)
    assert answer.intent == "articles"
    name = role.split()[1]
    assert len(answer.hits) == total
    assert all(name in hit.article.byline.people for hit in answer.hits)
    assert is_newest_first(answer)
    assert f"{name} 署名的报道共 {total} 篇" in answer.blocks[0].text
    assert all(role in block.text for block in answer.blocks[1:])
    if first:
        assert answer.hits[0].article.date == first


def test_articles_naming_an_official(engine: Engine) -> None:
    answer = engine.ask("陈红民的报道", limit=30)
    assert answer.blocks[0].text.startswith("提到陈红民的报道共 11 篇")
    assert names(answer, "陈红民")
    assert is_newest_first(answer)


def test_how_many_prefers_the_number_next_to_the_asked_verb(engine: Engine) -> None:
    answer = engine.ask("配备了几名年轻干部")
    assert answer.blocks[0].text == "8名"
    assert "配备8名35岁以下年轻干部" in answer.blocks[1].text


def test_when_a_plan_is_due_quotes_its_time_phrase(engine: Engine) -> None:
    answer = engine.ask("郭家咀水库什么时候完成加固")
    text = text_of(answer)
    assert "确保明年汛期前完成建设任务" in text
    assert answer.blocks[0].text.startswith("2021年12月6日的报道")
    assert "“明年”指2022年" in text
    assert "陈红民主持召开二七区灾后恢复重建工作领导小组会议" not in text


def test_when_work_starts_quotes_its_time_not_the_meeting_date(engine: Engine) -> None:
    answer = engine.ask("安置房什么时候开工")
    assert answer.blocks[0].text.startswith("2022年3月3日的报道")
    assert "逐一研究2022年安置房开工" in answer.blocks[1].text
    assert "2022年" in answer.blocks[1].emphasis


def test_a_long_polite_question_still_lists_the_meetings(engine: Engine) -> None:
    answer = engine.ask(
        "请问一下，我想知道二七区区委书记陈红民同志在2021年12月份都参加了哪些重要会议，谢谢！"
    )
    assert not answer.no_answer
    assert [hit.article.date for hit in answer.hits] == [
        dt.date(2021, 12, 14),
        dt.date(2021, 12, 6),
    ]
    assert names(answer, "陈红民")


def test_a_misspelt_name_is_answered_and_the_correction_shown(engine: Engine) -> None:
    answer = engine.ask("陈红明最近开了哪些会")
    assert answer.blocks[0].text == "报道中没有“陈红明”，按“陈红民”回答。"
    assert names(answer, "陈红民")
    assert is_newest_first(answer)


def test_a_stray_topic_word_does_not_hide_the_meetings(engine: Engine) -> None:
    answer = engine.ask("陈红民开了哪些关于天气的会")
    assert not answer.no_answer
    assert "没有找到与“天气”有关的记载，下面列出全部。" in text_of(answer)
    assert names(answer, "陈红民")


def test_office_of_a_person_quotes_the_title_before_the_name(engine: Engine) -> None:
    answer = engine.ask("李雅是什么职务")
    assert "区委常委、常务副区长李雅" in text_of(answer)


def test_who_is_a_reporter_comes_from_the_bylines(engine: Engine) -> None:
    answer = engine.ask("景静是谁")
    assert text_of(answer) == "景静 · 本报记者，署名报道 24 篇（2018年11月20日—2022年3月4日）"
    assert answer.hits[0].article.date == dt.date(2022, 3, 4)


def test_a_name_alone_lists_their_articles_quoting_them(engine: Engine) -> None:
    answer = engine.ask("陈书记")
    assert answer.intent == "topic"
    assert answer.blocks[0].text.startswith("提到陈红民的报道共 11 篇")
    assert all("陈红民" in block.text for block in answer.blocks[1:])
    assert is_newest_first(answer)


def test_one_day_leaves_out_articles_dated_only_近日(engine: Engine) -> None:
    answer = engine.ask("3月4号有什么新闻")
    assert [hit.article.title for hit in answer.hits] == ["二七区委常委会召开"]


def test_punctuation_only_asks_for_a_question(engine: Engine) -> None:
    answer = engine.ask("？？？")
    assert answer.no_answer
    assert answer.blocks[0].text == "请输入一个问题，例如下面这样。"


def test_a_bodys_sittings_are_counted_from_its_own_meetings(engine: Engine) -> None:
    answer = engine.ask("二七区委常委会开了几次")
    assert answer.intent == "meetings"
    assert [hit.article.date for hit in answer.hits] == [
        dt.date(2022, 3, 4), dt.date(2021, 12, 14), dt.date(2021, 11, 29),
    ]  # fmt: skip
    assert " 3 场会议" in answer.blocks[0].text
    assert "一次" not in answer.blocks[0].text


def test_a_numbered_session_is_named_with_its_body(engine: Engine) -> None:
    answer = engine.ask("吕安民主持了什么会")
    item = next(block for block in answer.blocks if block.kind == "item")
    assert item.text.split(" · ")[1] == "区十六届人大常委会第三十七次会议"


def test_a_reporters_last_week_is_a_range(engine: Engine) -> None:
    answer = engine.ask("景静最近一周写了哪些报道")
    assert not answer.no_answer
    assert [hit.article.date for hit in answer.hits] == [
        dt.date(2022, 3, 4), dt.date(2022, 3, 3), dt.date(2022, 3, 1),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("question", "found"), [("许广佑最近在干什么", "督导"), ("李卓瑜去哪了", "李卓瑜")]
)
def test_what_a_person_is_doing_lists_their_activities(
    engine: Engine, question: str, found: str
) -> None:
    answer = engine.ask(question)
    assert not answer.no_answer
    assert answer.intent == "meetings"
    assert found in text_of(answer)


def test_count_of_a_years_articles(engine: Engine) -> None:
    answer = engine.ask("2021年一共有多少篇报道")
    assert answer.blocks[0].text.startswith("2021年二七区的报道共 11 篇")


def test_a_surname_no_holder_has_is_no_answer_naming_the_holders(engine: Engine) -> None:
    answer = engine.ask("王书记是谁")
    assert answer.no_answer
    assert answer.hits == ()
    assert "报道中没有姓王的书记" in text_of(answer)
    assert "陈红民（区委书记）" in text_of(answer)
    assert "区委副书记" not in text_of(answer)  # a deputy is no 书记


@pytest.mark.parametrize("question", ["二七区区长是谁", "区长是谁"])
def test_the_district_head_is_not_his_deputies(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert [hit.article.title for hit in answer.hits] == ["二七区召开安置房建设工作专题会"]
    assert text_of(answer).startswith("苏建设 · ")


def test_who_holds_a_role_quotes_the_sentence_giving_that_role(engine: Engine) -> None:
    answer = engine.ask("区委副书记是谁")
    items = [block.text for block in answer.blocks if block.kind == "item"]
    assert items
    assert all("区委副书记" in item.split(" · ", 2)[2] for item in items)


def test_a_residents_chatty_question_is_answered(engine: Engine) -> None:
    answer = engine.ask(
        "你好，我是二七区的一个居民，最近听说区里在搞道路改造，好像叫什么一环十纵十横，"
        "我想问一下这个工程到底涉及哪些路，什么时候能完工啊，谢谢"
    )
    assert not answer.no_answer
    assert "京广路" in text_of(answer)
    assert "10月底前完工" in text_of(answer)


def test_a_deputy_appointed_in_a_sitting_is_listed_as_holding_the_role(engine: Engine) -> None:
    answer = engine.ask("副区长是谁")
    assert "常淼 · 2021年11月26日 · “经投票表决，常淼同志被任命为二七区政府副区长。”" in text_of(
        answer
    )


def test_a_follow_up_fragment_asks_for_the_whole_question(engine: Engine) -> None:
    answer = engine.ask("那去年呢")
    assert answer.no_answer
    assert not answer.hits
    assert not answer.citations
    assert answer.blocks[0].text == "请把问题说完整，例如“陈红民2021年开了哪些会”。"


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("三个二七指什么", "三个二七"),  # the headline matched; the passage must too
        ("反诈APP叫什么", "“国家反诈中心”APP"),
        (
            "五种能力指哪些",
            "重点提升核酸检测、流调溯源、隔离管控、医疗救治和院感防控、社会免疫等“五种能力”",
        ),
        ("先宁研究院和谁签约了", "并与郑州大学河南省先进尼龙材料及应用重点实验室签约"),
    ],
)
def test_a_topic_answer_shows_the_words_asked(engine: Engine, question: str, phrase: str) -> None:
    answer = engine.ask(question)
    first = next(block for block in answer.blocks if block.kind == "passage")
    assert phrase in first.text
    assert first.text.strip("…") in answer.hits[0].passage.text


@pytest.mark.parametrize(
    ("question", "person"), [("陈红民 疫情", "陈红民"), ("苏建设 大气污染", "苏建设")]
)
def test_a_person_and_topic_quote_passages_naming_the_person(
    engine: Engine, question: str, person: str
) -> None:
    answer = engine.ask(question)
    passages = [block.text for block in answer.blocks if block.kind == "passage"]
    assert passages
    assert all(person in text for text in passages)
    assert all(person in hit.passage.text for hit in answer.hits)


def test_where_a_person_went_quotes_the_visit(engine: Engine) -> None:
    text = text_of(engine.ask("李卓瑜去哪了"))
    assert "到河南桂洲村食品有限公司开展“万人助万企”走访调研活动" in text


@pytest.mark.parametrize("question", ["郑州天气", "天气怎么样", "郑州今天气温", "明天下雨吗"])
def test_live_information_is_no_answer(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.no_answer
    assert not answer.hits


def test_a_weather_word_in_a_covered_topic_still_answers(engine: Engine) -> None:
    assert not engine.ask("重污染天气怎么应对").no_answer
