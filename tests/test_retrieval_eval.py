"""Retrieval quality over the real seeds: the right article first, and honest no-answers.

Each case names the article it wants by a phrase only that article contains, so the test
does not depend on how article ids are made.  ``evaluate`` computes rank-1 accuracy and MRR
for any ranking function; the figures for plain jieba + BM25 versus newsbot's index are in
test_index_beats_plain_jieba (and quoted in the closing note of issue 3).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import jieba
import pytest
from rank_bm25 import BM25Okapi

from retrieval.models import Article
from retrieval.pages.corpus import Corpus, load_corpus
from retrieval.search.index import SearchIndex

# (question, phrase naming the wanted article, how deep it may be ranked)
CASES: list[tuple[str, str, int]] = [
    # c9be: 2021-11-29 区委常委会 studying central/provincial meetings
    ("区委常委会专题学习中央省市重要会议精神", "专题学习贯彻中央、省、市重要", 1),
    ("树牢终身学习意识", "专题学习贯彻中央、省、市重要", 1),
    ("老旧小区改造和断头路打通", "专题学习贯彻中央、省、市重要", 1),
    # 区人大常委会第三十七次会议
    ("吕安民", "区人大四楼会议室", 1),
    ("人大常委会第三十七次会议", "区人大四楼会议室", 1),
    ("谁被任命为二七区政府副区长", "区人大四楼会议室", 1),
    ("常淼是谁", "区人大四楼会议室", 1),
    ("孙维宁被免去职务", "区人大四楼会议室", 1),
    ("区人民法院优化营商环境专项报告", "区人大四楼会议室", 1),
    # 疫情防控工作电视电话会议
    ("疫情防控电视电话会议", "扎紧“四个口袋”", 1),
    ("四个口袋", "扎紧“四个口袋”", 1),
    ("尽快建立全民免疫屏障", "扎紧“四个口袋”", 1),
    ("冷链及货物监管", "扎紧“四个口袋”", 1),
    # 秋冬季大气污染防治攻坚动员会 (2021)
    ("秋冬季大气污染防治攻坚动员会", "秋冬季大气污染防治攻坚动员会", 1),
    ("降低ＰＭ２．５浓度", "秋冬季大气污染防治攻坚动员会", 1),
    ("微站空气质量月考核倒数第一", "秋冬季大气污染防治攻坚动员会", 1),
    ("大气污染防治攻坚", "秋冬季大气污染防治攻坚动员会", 3),
    # 理论学习中心组学习经验交流会
    ("理论学习中心组学习经验交流会", "理论学习中心组学习经验", 1),
    ("火车站地区管委会和福华街街道做了交流发言", "理论学习中心组学习经验", 1),
    # 2021年人才工作领导小组会议
    ("人才工作领导小组会议讲了什么", "2021年人才工作领导小组会议", 1),
    ("人才新政二十二条配套细则", "2021年人才工作领导小组会议", 1),
    ("蒋明伦", "2021年人才工作领导小组会议", 1),
    ("招商引资与招才引智同频共振", "2021年人才工作领导小组会议", 1),
    # 安置房建设工作专题会
    ("安置房", "苏建设主持召开安置房建设工作专题", 1),
    ("安置房建设工作专题会是哪天开的", "苏建设主持召开安置房建设工作专题", 1),
    ("安置房開工回遷", "苏建设主持召开安置房建设工作专题", 1),
    ("动迁清零", "苏建设主持召开安置房建设工作专题", 1),
    ("苏建设主持了哪些会议", "苏建设主持召开安置房建设工作专题", 3),
    # 2022-03-04 区委常委会
    ("汤晓义领学了什么文件", "关于加强巡视整改和成果运用的意见", 1),
    ("巡视整改和成果运用", "关于加强巡视整改和成果运用的意见", 1),
    ("四挂钩", "关于加强巡视整改和成果运用的意见", 1),
    ("能力作风建设年", "关于加强巡视整改和成果运用的意见", 1),
    # 二七商圈区域城市复兴
    ("二七商圈城市复兴", "二七商圈区域城市复兴工作", 1),
    ("华润二期项目规划手续", "二七商圈区域城市复兴工作", 1),
    ("国家级步行街验收", "二七商圈区域城市复兴工作", 1),
    ("袁斌", "二七商圈区域城市复兴工作", 1),
    # 万人助万企 走访 (李卓瑜)
    ("李卓瑜去哪家企业走访调研了", "河南桂洲村食品有限公司", 1),
    ("桂洲村食品", "河南桂洲村食品有限公司", 1),
    ("统战系统万人助万企走访调研", "河南桂洲村食品有限公司", 1),
    # 疫情防控常态化监督检查
    ("疫情防控常态化监督检查工作推进会", "疫情防控常态化监督检查工作推进会", 1),
    ("十个哨点", "疫情防控常态化监督检查工作推进会", 1),
    ("核酸检测流调溯源五种能力", "疫情防控常态化监督检查工作推进会", 1),
    # 基层社会治理
    ("红色物业建设", "红色物业", 1),
    ("基层社会治理新样板", "红色物业", 1),
    ("组建了多少个楼院党组织", "红色物业", 1),
    ("撤销合并12个社区", "红色物业", 1),
    # 中央经济工作会议
    ("传达学习中央经济工作会议精神", "传达学习中央经济工作会议精神", 1),
    ("七大政策取向", "传达学习中央经济工作会议精神", 1),
    ("两化五强四个高地", "传达学习中央经济工作会议精神", 1),
    # 灾后恢复重建
    ("郭家咀水库加固", "郭家咀水库", 1),
    ("灾后恢复重建工作领导小组会议", "郭家咀水库", 1),
    ("受灾群众温暖过冬", "郭家咀水库", 1),
    # 先宁新材料研究院
    ("二七经开区有多少家高新技术企业", "河南先宁新材料研究院", 1),
    ("先宁新材料研究院揭牌", "河南先宁新材料研究院", 1),
    ("尼龙材料重点实验室签约", "河南先宁新材料研究院", 1),
    ("时博", "河南先宁新材料研究院", 1),
    # 霹雳行动
    ("霹雳", "国家反诈中心", 1),
    ("霹雳行动是什么", "国家反诈中心", 1),
    ("电信诈骗", "国家反诈中心", 1),
    ("電信詐騙犯罪", "国家反诈中心", 1),
    ("无诈校园", "国家反诈中心", 1),
    # 优秀年轻干部
    ("优秀年轻干部培养", "加快优秀年轻干部培养使用10条举措", 1),
    ("侯寨乡马寨镇配备年轻干部", "加快优秀年轻干部培养使用10条举措", 1),
    ("公开引进49名硕士研究生", "加快优秀年轻干部培养使用10条举措", 1),
    # 三送一强
    ("三送一强活动", "刘砦社区改造二期", 1),
    ("三送一强", "刘砦社区改造二期", 1),
    ("企业问题台账", "刘砦社区改造二期", 1),
    ("姚志伟", "刘砦社区改造二期", 3),
    # 一环十纵十横
    ("一环十纵十横道路改造涉及哪些道路", "一环十纵十横", 1),
    ("住改商工作", "一环十纵十横", 1),
    ("第一眼工程", "一环十纵十横", 1),
    # 组织、宣传思想和统战工作会议
    ("组织、宣传思想和统战工作会议", "组织、宣传思想和统战工作会议", 1),
    ("雍明轩", "组织、宣传思想和统战工作会议", 1),
    ("头雁领飞工程", "组织、宣传思想和统战工作会议", 1),
    ("宣传工作创新年", "组织、宣传思想和统战工作会议", 1),
    # 防汛抗旱
    ("苏建设检查防汛抗旱工作去了哪些地方", "南水北调荆胡渡槽", 1),
    ("荆胡渡槽", "南水北调荆胡渡槽", 1),
    ("防优于抗减先于救", "南水北调荆胡渡槽", 1),
    ("汛期24小时值班制度", "南水北调荆胡渡槽", 1),
    # 人才工作八项机制
    ("人才工作八项机制", "推进人才工作八项机制", 1),
    ("优秀人才评选机制", "推进人才工作八项机制", 1),
    # 生态建设工作推进会 (2018)
    ("生态建设工作推进会", "国土绿化提速行动", 1),
    ("今冬明春生态项目绿化", "国土绿化提速行动", 1),
    # 廉政教育片
    ("党员干部观看了什么廉政教育片", "兴衰之鉴", 1),
    ("《興衰之鑑》", "兴衰之鉴", 1),
    # 生态园林绿化调研
    ("郑西高铁沿线绿化", "淮园", 1),
    ("创建国家生态园林城市", "淮园", 1),
    # 秋冬季环境污染防治攻坚战 (2018)
    ("大气污染防治攻坚第13次调度会", "第13次调度会", 1),
    ("重污染天气预警应急减排", "第13次调度会", 1),
    # 安委会
    ("安委会第四次全体会议", "安全生产委员会第四次全体", 1),
    ("路华大厦党建引领安全生产", "安全生产委员会第四次全体", 1),
    ("打非治违", "安全生产委员会第四次全体", 1),
    # 智慧团建
    ("智慧团建工作推进会", "智慧团建系统录入流程", 1),
    ("团区委智慧团建信息录入", "智慧团建系统录入流程", 1),
    # 基层卫生
    ("许广佑", "基层卫生服务站点", 1),
    ("绿云社区卫生服务中心", "基层卫生服务站点", 1),
    ("打通健康服务最后一公里", "基层卫生服务站点", 1),
    # people: name-only queries (several articles may name them), bylines
    ("苏建设", "区长苏建设", 3),
    ("王传胜", "副区长王传胜", 3),
    ("汤晓义", "汤晓义", 3),
    ("王炅", "区人大四楼会议室", 1),
    ("魏锋", "区人大四楼会议室", 1),
    ("胡伟", "理论学习中心组学习经验", 1),
    ("马鹏迪", "南水北调荆胡渡槽", 1),
    ("刘晓静", "红色物业", 1),
    ("左学彬", "区人大四楼会议室", 1),
    ("崔世英", "组织、宣传思想和统战工作会议", 1),
    ("吕安民主持人大常委会会议", "区人大四楼会议室", 1),
    ("苏建设安置房", "苏建设主持召开安置房建设工作专题", 1),
    ("陈红民灾后恢复重建", "郭家咀水库", 1),
    ("陈红民调研二七商圈", "二七商圈区域城市复兴工作", 1),
    ("苏区长防汛", "南水北调荆胡渡槽", 1),
    # partial and half-remembered words
    ("三送", "刘砦社区改造二期", 1),
    ("万人助", "河南桂洲村食品有限公司", 3),
    ("经开区研究院", "河南先宁新材料研究院", 1),
    ("先宁研究院", "河南先宁新材料研究院", 1),
    ("反诈", "国家反诈中心", 1),
    ("一环十纵", "一环十纵十横", 1),
    ("兴衰", "兴衰之鉴", 1),
    ("政产学研", "河南先宁新材料研究院", 1),
    ("散乱污企业", "专题学习贯彻中央、省、市重要", 3),
    ("人才新政", "2021年人才工作领导小组会议", 1),
    ("飞地管辖", "红色物业", 1),
    ("头雁", "组织、宣传思想和统战工作会议", 1),
    # numbers
    ("22家高新技术企业", "河南先宁新材料研究院", 1),
    ("816个楼院党组织", "红色物业", 1),
    ("260余人参加安委会", "安全生产委员会第四次全体", 1),
    ("抽调400余名年轻干部", "加快优秀年轻干部培养使用10条举措", 1),
    ("27公里道路改造", "一环十纵十横", 1),
    # traditional characters and full-width forms
    ("陳紅民主持災後恢復重建會議", "郭家咀水库", 1),
    ("區人大常委會主任", "区人大常委会主任", 3),
    ("二七經開區高新技術企業", "河南先宁新材料研究院", 1),
    ("紅色物業", "红色物业", 1),
    ("霹靂行動", "国家反诈中心", 1),
    ("萬人助萬企走訪調研", "河南桂洲村食品有限公司", 1),
    ("智慧團建", "智慧团建系统录入流程", 1),
    ("ＰＭ２．５浓度", "秋冬季大气污染防治攻坚动员会", 1),
]

NO_ANSWER = [
    "今天北京天气怎么样",
    "量子计算机的原理是什么",
    "世界杯决赛谁赢了",
    "怎么做红烧肉",
    "特斯拉股票价格",
    "明天会下雨吗",
    "推荐一部好看的电影",
    "如何学习英语语法",
    "hello world",
    "火星探测器发射",
]

Ranker = Callable[[str], Sequence[Article]]
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def rank_of(ranked: Sequence[Article], phrase: str) -> int | None:
    """1-based rank of the first article containing ``phrase``, or None."""
    for rank, article in enumerate(ranked, start=1):
        if phrase in f"{article.title}\n{article.subtitle}\n{article.text}":
            return rank
    return None


def evaluate(ranker: Ranker, cases: Sequence[tuple[str, str, int]] = CASES) -> tuple[float, float]:
    """Return (rank-1 accuracy, mean reciprocal rank) of a ranker over the cases."""
    ranks = [rank_of(ranker(question), phrase) for question, phrase, _ in cases]
    rank1 = sum(rank == 1 for rank in ranks) / len(ranks)
    mrr = sum(1 / rank for rank in ranks if rank) / len(ranks)
    return rank1, mrr


def plain_jieba_ranker(corpus: Corpus) -> Ranker:
    """The 'before' baseline: jieba's default cut, BM25Okapi over paragraphs, best per article."""
    tokenizer = jieba.Tokenizer()

    def cut(text: str) -> list[str]:
        return [t for t in tokenizer.lcut(text) if t.strip()]

    owners = [a for a in corpus.articles for _ in a.paragraphs]
    bm25 = BM25Okapi([cut(p) for a in corpus.articles for p in a.paragraphs])

    def rank(question: str) -> list[Article]:
        scores = bm25.get_scores(cut(question))
        order = sorted(range(len(owners)), key=lambda i: -scores[i])
        return list(dict.fromkeys(owners[i] for i in order if scores[i] > 0))[:10]

    return rank


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    """The real seeds, parsed."""
    return load_corpus(SEEDS)


@pytest.fixture(scope="module")
def index(corpus: Corpus) -> SearchIndex:
    """A fresh index over the seeds (no cache)."""
    return SearchIndex.build(corpus)


def index_ranker(index: SearchIndex) -> Ranker:
    """Rank with newsbot's search."""
    return lambda question: [hit.article for hit in index.search(question, limit=10)]


@pytest.mark.parametrize(("question", "phrase", "top"), CASES)
def test_right_article_ranks_high(index: SearchIndex, question: str, phrase: str, top: int) -> None:
    rank = rank_of(index_ranker(index)(question), phrase)
    assert rank is not None
    assert rank <= top


@pytest.mark.parametrize("question", NO_ANSWER)
def test_unrelated_question_finds_nothing(index: SearchIndex, question: str) -> None:
    assert index.search(question) == []


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("陳紅民最近開了哪些會", "陈红民最近开了哪些会"),
        ("蘇建設主持了哪些會議", "苏建设主持了哪些会议"),
        ("電信網絡詐騙", "电信网络诈骗"),
        ("ＰＭ２．５", "pm2.5"),
    ],
)
def test_traditional_and_full_width_find_the_same(
    index: SearchIndex, traditional: str, simplified: str
) -> None:
    found = [hit.article.article_id for hit in index.search(traditional)]
    assert found
    assert found == [hit.article.article_id for hit in index.search(simplified)]


def test_index_beats_plain_jieba(corpus: Corpus, index: SearchIndex) -> None:
    before = evaluate(plain_jieba_ranker(corpus))
    after = evaluate(index_ranker(index))
    assert after[0] > before[0]
    assert after[1] > before[1]
    assert after[0] >= 0.9
