"""A fixed set of realistic questions for the benchmark: names, topics, meetings, when, how many.

Written for the benchmark from the kinds of things readers ask; none is an evaluation
question. Names are seed names that the scale generator keeps in part of its eras.
"""

from __future__ import annotations

QUESTIONS: tuple[str, ...] = (
    # people
    "陈红民最近开了哪些会",
    "苏建设在会上提了哪些要求",
    "景静写了哪些报道",
    "姚志伟参加了什么活动",
    "李雅出席了哪些会议",
    "吕安民主持了什么会议",
    "汤晓义领学了什么文件",
    "王传胜参加了哪些会",
    # topics
    "安置房回迁进展",
    "秋冬季大气污染防治",
    "疫情防控工作部署",
    "人才工作新政",
    "生态园林绿化",
    "智慧团建",
    "安全生产隐患排查",
    "优化营商环境",
    "老旧小区改造",
    "二七商圈城市复兴",
    "廉政教育片",
    "道路改造和住改商",
    # meetings
    "区委常委会开了什么会",
    "人大常委会会议审议了什么",
    "理论学习中心组交流会",
    "组织宣传统战工作会议讲了什么",
    # when
    "生态建设工作推进会是哪天开的",
    "智慧团建专题推进会什么时候召开",
    "疫情防控电视电话会议是哪天",
    # how many
    "道路改造一期工程涉及多少公里",
    "有多少家单位做了交流发言",
    "安全生产观摩会有多少人参加",
)
