"""The composer over a tiny inline corpus: one test per template, citations, no-answer."""

from __future__ import annotations

from pathlib import Path

from retrieval.answers.compose import compose_answer
from retrieval.answers.extract import count_in, meeting_name, sentences, trim, unquote
from retrieval.engine import Engine
from retrieval.models import Answer
from retrieval.query.question import Query

PAGE = """二七区召开垃圾分类工作推进会

本报讯 6月10日上午，二七区召开垃圾分类工作推进会，区委书记张三主持会议并讲话。区领导李四出席会议。

张三强调，各单位要把垃圾分类作为民生实事抓紧抓实。全区已建成分类驿站35个，覆盖小区120个。
记者 王五

区领导调研老旧小区改造

本报讯 6月12日，区委书记张三带队调研老旧小区改造工作，实地察看了幸福小区、和平小区的施工现场。

张三要求，要加快施工进度，确保群众早日受益。记者 王五

二七区举办夏季读书节

本报讯 近日，二七区举办夏季读书节，区长李四出席开幕式。读书节共设8个分会场。记者 王五
"""


def tiny_engine(folder: Path) -> Engine:
    """An engine over one inline page of three articles (2023-06-10, 06-12, 近日)."""
    folder.mkdir()
    (folder / "100_tiny.txt").write_text(PAGE, encoding="utf-8")
    (folder / "manifest.toml").write_text('[pages."100_tiny.txt"]\nyear = 2023\n', "utf-8")
    return Engine.open(folder, None)


def text_of(answer: Answer) -> str:
    return "\n".join(block.text for block in answer.blocks)


def assert_well_formed(answer: Answer) -> None:
    """Citations for every quoted block, emphasis inside its text, hits cited or listed."""
    cited = {c.article_id for c in answer.citations}
    assert answer.citations
    for block in answer.blocks:
        assert block.article_id is None or block.article_id in cited
        assert all(term in block.text for term in block.emphasis)


def test_meetings_exclude_an_inspection_without_a_meeting(tmp_path: Path) -> None:
    answer = tiny_engine(tmp_path / "c").ask("张三开了哪些会")
    assert answer.intent == "meetings"
    assert [h.article.title for h in answer.hits] == ["二七区召开垃圾分类工作推进会"]
    items = [b for b in answer.blocks if b.kind == "item"]
    assert len(items) == 1
    assert items[0].text.startswith("2023年6月10日 · 垃圾分类工作推进会 · 主持、讲话 · “张三强调")
    assert "张三" in items[0].emphasis
    assert "1 场会议" in answer.blocks[0].text
    assert_well_formed(answer)


def test_events_include_the_inspection_newest_first(tmp_path: Path) -> None:
    answer = tiny_engine(tmp_path / "c").ask("张三最近参加了什么活动")
    dates = [h.article.date for h in answer.hits]
    assert dates == sorted(dates, reverse=True)
    assert len(answer.hits) == 2
    assert "带队、调研" in answer.blocks[1].text
    assert all("张三" in h.article.text for h in answer.hits)
    assert answer.period == "2023年6月10日—2023年6月12日"


def test_role_filter_falls_back_with_a_note(tmp_path: Path) -> None:
    answer = tiny_engine(tmp_path / "c").ask("李四主持了哪些会议")
    assert not answer.no_answer
    assert any(b.kind == "note" and "没有李四主持会议的记载" in b.text for b in answer.blocks)
    assert "出席" in text_of(answer)


def test_when_gives_the_date_with_its_year_and_the_sentence(tmp_path: Path) -> None:
    answer = tiny_engine(tmp_path / "c").ask("垃圾分类工作推进会是哪天开的")
    assert answer.intent == "when"
    assert answer.blocks[0].text.startswith("2023年6月10日")
    assert "6月10日上午，二七区召开垃圾分类工作推进会" in text_of(answer)
    assert_well_formed(answer)


def test_when_never_claims_a_day_for_an_approximate_date(tmp_path: Path) -> None:
    answer = tiny_engine(tmp_path / "c").ask("夏季读书节是什么时候举办的")
    heading = answer.blocks[0].text
    assert heading.startswith("约2023年6月（原文“近日”）")
    assert "12日" not in text_of(answer)
    assert any(b.kind == "note" and "没有给出确切日期" in b.text for b in answer.blocks)


def test_how_many_gives_the_number_with_its_noun(tmp_path: Path) -> None:
    answer = tiny_engine(tmp_path / "c").ask("全区建成了多少个分类驿站")
    assert answer.intent == "how_many"
    assert answer.blocks[0].text == "35个"
    assert "全区已建成分类驿站35个" in answer.blocks[1].text
    assert_well_formed(answer)


def test_who_holds_a_role(tmp_path: Path) -> None:
    answer = tiny_engine(tmp_path / "c").ask("区长是谁")
    assert answer.intent == "who"
    assert answer.blocks[0].text.startswith("李四 · ")
    assert "区长李四" in answer.blocks[0].text


def test_who_did_something(tmp_path: Path) -> None:
    answer = tiny_engine(tmp_path / "c").ask("谁主持了垃圾分类工作推进会")
    assert answer.blocks[0].text == "张三"
    assert "张三主持会议" in answer.blocks[1].text


def test_topic_shows_dated_passages_with_emphasis(tmp_path: Path) -> None:
    answer = tiny_engine(tmp_path / "c").ask("读书节")
    assert answer.blocks[0].text == "约2023年6月（原文“近日”） · 《二七区举办夏季读书节》"
    assert "读书节" in answer.blocks[1].emphasis
    assert_well_formed(answer)


def test_no_answer_says_what_the_corpus_covers(tmp_path: Path) -> None:
    answer = tiny_engine(tmp_path / "c").ask("量子计算机的原理是什么")
    assert answer.no_answer
    assert answer.hits == ()
    assert answer.citations == ()
    text = text_of(answer)
    assert "量子计算机" in text
    assert "3 篇" in text
    assert "2023年6月10日到2023年6月12日" in text
    assert "张三最近开了哪些会" in text  # an example built from the corpus, not the reporter


def test_no_meetings_in_a_period(tmp_path: Path) -> None:
    answer = tiny_engine(tmp_path / "c").ask("2019年开了哪些会")
    assert answer.no_answer
    assert "没有找到2019年的会议报道" in text_of(answer)


def test_ambiguous_alias_asks_instead_of_guessing(tmp_path: Path) -> None:
    engine = tiny_engine(tmp_path / "c")
    query = Query(
        question="王书记开了哪些会",
        text="王书记开了哪些会",
        topic="",
        intent="meetings",
        ambiguous=(("王书记", ("王一", "王二")),),
    )
    answer = compose_answer(query, engine.index, engine.corpus)
    assert answer.no_answer
    assert answer.hits == ()
    assert answer.notes == ("“王书记”可能指王一、王二，请写出全名。",)
    assert "王一开了哪些会" in text_of(answer)


def test_limit_caps_the_list_and_says_so(tmp_path: Path) -> None:
    answer = tiny_engine(tmp_path / "c").ask("张三最近参加了什么活动", limit=1)
    assert len(answer.hits) == 1
    assert "共 2 场，列出最近 1 场" in answer.blocks[0].text


def test_sentences_keep_punctuation_and_drop_the_label() -> None:
    assert sentences("本报讯 近日，开会。他说：“好。”\n第二段") == [
        "近日，开会。",
        "他说：“好。”",
        "第二段",
    ]


def test_trim_cuts_at_clause_boundaries_around_the_term() -> None:
    sentence = "甲" * 50 + "，乙乙乙重点词乙乙，" + "丙" * 50 + "。"
    cut = trim(sentence, ["重点词"], limit=40)
    assert cut == "……乙乙乙重点词乙乙……"


def test_meeting_names_from_headline_and_lead() -> None:
    engine_free = [
        ("二七区召开安置房建设工作专题会", "安置房建设工作专题会"),
        ("二七区委常委会召开", "二七区委常委会"),
        ("二七商圈区域城市复兴工作推进会召开", "二七商圈区域城市复兴工作推进会"),
        ("二七区委常委会召开(扩大)会议", "二七区委常委会(扩大)会议"),
    ]
    from retrieval.models import Article, Byline, DatePrecision

    for title, name in engine_free:
        article = Article("x-00", "p.txt", title, "", False, None, DatePrecision.UNKNOWN, "",
                          False, Byline(), ("正文。",))  # fmt: skip
        assert meeting_name(article) == name


def test_count_nearest_the_noun() -> None:
    sentence = "截至目前,二七经开区共有高新技术企业22家,科技型企业61家。"
    assert count_in(sentence, ["高新技术企业"], "家") == "22家"
    assert count_in(sentence, ["科技型企业"], "家") == "61家"
    assert count_in(sentence, ["高新技术企业"], "个") is None


def test_unquote_keeps_paired_quotes() -> None:
    assert unquote("“三送一强”活动暨推进会") == "“三送一强”活动暨推进会"
    assert unquote("“智慧团建专题推进会") == "智慧团建专题推进会"


def test_trim_keeps_the_list_a_term_sums_up() -> None:
    sentence = (
        "会议要求，要紧盯各个重要方面开展监督检查，重点提升核酸检测、流调溯源、隔离管控、"
        "社会免疫等“五种能力”，切实把各项举措做深做细做实，推动工作落地见效。"
    )
    cut = trim(sentence, ["五种能力"], 60)
    assert cut.startswith("……重点提升核酸检测、流调溯源、隔离管控、社会免疫等“五种能力”")


def test_trim_finds_a_term_whatever_its_case() -> None:
    sentence = (
        "在严厉打击上出重拳，加强专业队伍建设，集中优势力量，突出落地快打，持续保持严打高压"
        "态势，要牢牢把握“国家反诈中心”APP推广宣传，让防骗知识家喻户晓。"
    )
    assert "“国家反诈中心”APP推广宣传" in trim(sentence, ["app"], 40)
