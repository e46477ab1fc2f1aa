"""The `newsbot` command: validates arguments, calls retrieval, prints results.

Every failure a user can cause ends as one line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from bot import printer
from bot.defaults import CommandSettings, configured
from retrieval.engine import Engine
from retrieval.errors import NewsbotError
from retrieval.models import Article

if TYPE_CHECKING:
    from pydantic import ValidationError

    from bot.settings import Settings

logger = logging.getLogger(__name__)

EPILOG = """\
examples:
  newsbot ask "陈红民最近开了哪些会"
  newsbot ask --json "安置房建设工作专题会是哪天开的" "二七经开区有多少家高新技术企业"
  newsbot latest -n 5
  newsbot check new_page.txt
  newsbot --corpus ./pages ingest new_page.txt
  NEWSBOT_TOKEN=123:abc newsbot run

environment: NEWSBOT_CORPUS_DIR, NEWSBOT_CACHE_DIR, NEWSBOT_TOKEN, NEWSBOT_API_BASE_URL
and the other NEWSBOT_* settings listed in README.md; a .env file in the current folder
is read too. Command-line options win over the environment.
"""


def positive_int(text: str) -> int:
    """Parse a whole number of at least 1 (argparse type)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """Describe every command and option (this is what --help prints)."""
    parser = argparse.ArgumentParser(
        prog="newsbot",
        description="Answer Chinese questions about a newspaper's pages (the corpus folder).",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        metavar="DIR",
        help="folder of page files (*.txt) and an optional manifest.toml "
        "(default: $NEWSBOT_CORPUS_DIR, else the bundled seeds/)",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        metavar="DIR",
        help="where the index cache is kept (default: $NEWSBOT_CACHE_DIR, "
        "else $XDG_CACHE_HOME/newsbot or ~/.cache/newsbot)",
    )
    parser.add_argument(
        "--backend",
        choices=("local", "solr"),
        help="rank in-process or in the SolrCloud at $NEWSBOT_SOLR_URL "
        "(default: $NEWSBOT_SEARCH_BACKEND, else local)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_commands(commands)
    return parser


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the sub-commands."""
    ask = commands.add_parser("ask", help="answer one or more questions")
    ask.add_argument("questions", nargs="+", metavar="QUESTION", help="a question in Chinese")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("-k", "--limit", type=positive_int, default=5, help="hits per answer")

    chat = commands.add_parser(
        "chat",
        help="a conversation: one question per line on stdin, follow-ups (那去年呢, 他呢, "
        "还有吗, 第二条具体说说) read against the earlier questions",
    )
    chat.add_argument("--json", action="store_true", help="one JSON object per line, as ask")
    chat.add_argument("-k", "--limit", type=positive_int, default=5, help="hits per answer")

    articles = commands.add_parser("articles", help="list every article in the corpus")
    articles.add_argument("--json", action="store_true", help="one JSON object per article")

    latest = commands.add_parser("latest", help="the newest articles, newest first")
    latest.add_argument("-n", type=positive_int, default=5, help="how many (default 5)")
    latest.add_argument("--json", action="store_true", help="one JSON object per article")

    article = commands.add_parser("article", help="print one article in full")
    article.add_argument("article_id", metavar="ID", help="an id from `newsbot articles`")
    article.add_argument("--json", action="store_true", help="print it as JSON")

    ingest = commands.add_parser(
        "ingest", help="validate page files and add them to the corpus folder"
    )
    ingest.add_argument("files", nargs="+", type=Path, metavar="FILE", help="page files")

    check = commands.add_parser(
        "check",
        help="show how page files parse (headlines, dates, bylines), changing nothing",
        description="Parse each page file as the corpus would and show its articles: headline, "
        "date and how it was found, byline, and warnings. Nothing is written. Exit status 1 "
        "when a file is unusable.",
    )
    check.add_argument("files", nargs="+", type=Path, metavar="FILE", help="page files")
    check.add_argument("--json", action="store_true", help="one JSON object per file")

    index = commands.add_parser(
        "index", help="build (or check) the index cache now; with the Solr backend, push pages"
    )
    index.add_argument(
        "--backend",
        choices=("local", "solr"),
        default=argparse.SUPPRESS,
        help="solr: also send the pages the Solr collection lacks (batched, resumable)",
    )
    commands.add_parser("run", help="start the Telegram bot (needs NEWSBOT_TOKEN)")


def open_engine(settings: CommandSettings) -> Engine:
    """Load the corpus and its index (a stateless replica of the Solr collection in Solr mode).

    The replica reads neither the corpus folder nor the index cache; the cache folder only
    keeps jieba's frozen dictionary, the same for every corpus.
    """
    solr = settings.solr_target()
    if solr is None:
        return Engine.open(settings.corpus_dir, settings.cache_dir, progress=sys.stderr.isatty())
    from retrieval.replica import ReplicaEngine  # noqa: PLC0415 - Solr mode only

    return ReplicaEngine.open_replica(solr, settings.cache_dir, settings.corpus_dir)


def open_indexer(settings: CommandSettings) -> Engine:
    """Load the corpus folder and its index to (re)index it, and to push it in Solr mode."""
    return Engine.open(
        settings.corpus_dir,
        settings.cache_dir,
        progress=sys.stderr.isatty(),
        solr=settings.solr_target(),
    )


def emit_json(obj: object) -> None:
    """Print one JSON line."""
    print(json.dumps(obj, ensure_ascii=False))


def cmd_ask(args: argparse.Namespace, settings: CommandSettings) -> int:
    """Answer each question in turn."""
    engine = open_engine(settings)
    cap = settings.max_question_chars
    for n, question in enumerate(args.questions):
        if len(question) > cap:
            print(f"newsbot: question {n + 1} is over {cap} characters; reading the first {cap}"
                  " (NEWSBOT_MAX_QUESTION_CHARS)", file=sys.stderr)  # fmt: skip
        answer = engine.ask(question, limit=args.limit, max_chars=cap)
        if args.json:
            emit_json(printer.answer_json(answer))
            continue
        if n:
            print("\n" + "─" * 40)
        print(f"问：{question}\n")
        print(printer.answer_text(answer))
    return 0


def cmd_chat(args: argparse.Namespace, settings: CommandSettings) -> int:
    """Answer one question per line of standard input, reading follow-ups in context."""
    engine = open_engine(settings)
    context = None
    for n, line in enumerate(line for line in sys.stdin if line.strip()):
        answer, context = engine.chat(line.strip(), context, limit=args.limit)
        if args.json:
            emit_json(printer.answer_json(answer))
            sys.stdout.flush()
            continue
        if n:
            print("\n" + "─" * 40)
        print(f"问：{line.strip()}\n")
        print(printer.answer_text(answer), flush=True)
    return 0


def cmd_articles(args: argparse.Namespace, settings: CommandSettings) -> int:
    """List all articles in corpus order."""
    engine = open_engine(settings)
    print_articles(engine.corpus.articles, as_json=args.json)
    return 0


def cmd_latest(args: argparse.Namespace, settings: CommandSettings) -> int:
    """List the newest articles."""
    print_articles(open_engine(settings).latest(args.n), as_json=args.json)
    return 0


def print_articles(articles: Sequence[Article], *, as_json: bool) -> None:
    """Print articles one per line, as text or JSON."""
    for article in articles:
        if as_json:
            emit_json(printer.article_json(article))
        else:
            print(printer.article_line(article))


def cmd_article(args: argparse.Namespace, settings: CommandSettings) -> int:
    """Print one article, or say that the id is unknown."""
    article = open_engine(settings).article(args.article_id)
    if article is None:
        print(f"newsbot: no article with id {args.article_id!r}", file=sys.stderr)
        return 1
    if args.json:
        emit_json(printer.article_json(article))
    else:
        print(printer.article_full(article))
    return 0


def cmd_ingest(args: argparse.Namespace, settings: CommandSettings) -> int:
    """Add page files to the corpus folder, all or nothing."""
    from retrieval.pages.corpus import ingest_pages  # noqa: PLC0415 - the parser: off `ask`

    reports = ingest_pages(args.files, settings.corpus_dir, show_progress=sys.stderr.isatty())
    for report in reports:
        if report.notice:
            print(f"newsbot: note: {report.source}: {report.notice}", file=sys.stderr)
        print(f"已加入 {report.source}，存为 {report.stored_as}（{report.articles} 篇文章）")
    engine = open_indexer(settings)  # index the new pages now: the next question starts fast
    if settings.search_backend == "solr":  # and send them to the replicas' collection
        engine.push(progress=sys.stderr.isatty())
    return 0


def cmd_check(args: argparse.Namespace, settings: CommandSettings) -> int:
    """Show how each page file parses; status 1 when any is unusable."""
    # Checking imports the page parser: kept off the cold path of `newsbot ask`.
    from bot import checkreport  # noqa: PLC0415
    from retrieval.pages.check import check_pages  # noqa: PLC0415

    checks = check_pages(args.files)
    for n, check in enumerate(checks):
        if args.json:
            emit_json(checkreport.check_json(check))
        else:
            print(("\n" if n else "") + checkreport.check_text(check))
    return 0 if all(check.usable for check in checks) else 1


def cmd_index(args: argparse.Namespace, settings: CommandSettings) -> int:
    """Build or load the index cache and say what it holds."""
    engine = open_indexer(settings)
    for problem in engine.corpus.problems:
        print(f"newsbot: warning: {problem}", file=sys.stderr)
    summary = engine.summary()
    first = summary.first.isoformat() if summary.first else "?"
    last = summary.last.isoformat() if summary.last else "?"
    print(f"索引就绪：{summary.pages} 个版面，{summary.articles} 篇文章，{first} 至 {last}")
    print(f"索引缓存：{settings.cache_dir}")
    if settings.search_backend == "solr":
        report = engine.push(progress=sys.stderr.isatty())
        print(
            f"Solr {settings.solr_collection}：新送 {report.pushed} 个版面"
            f"（{report.documents} 个文档），{report.skipped} 个版面已是最新"
        )
    return 0


def cmd_run(args: argparse.Namespace, settings: CommandSettings) -> int:
    """Start the Telegram bot (with every setting: the token, the webhook, the limits…)."""
    from bot.app import run  # noqa: PLC0415 - telegram loads only for `run`
    from bot.serve import leave  # noqa: PLC0415

    code = run(full_settings(args))
    if code == 0:  # stopped by a signal: every second counts against the grace period
        leave(code)
    return code


COMMANDS: dict[str, Callable[[argparse.Namespace, CommandSettings], int]] = {
    "ask": cmd_ask,
    "chat": cmd_chat,
    "articles": cmd_articles,
    "latest": cmd_latest,
    "article": cmd_article,
    "ingest": cmd_ingest,
    "check": cmd_check,
    "index": cmd_index,
    "run": cmd_run,
}


class SettingsProblem(Exception):
    """A setting is invalid; the message names it (never its value)."""


def overrides_of(args: argparse.Namespace) -> dict[str, Any]:
    """The settings the command line gives (they win over the environment)."""
    overrides: dict[str, Any] = {}
    if args.corpus is not None:
        overrides["corpus_dir"] = args.corpus
    if args.cache_dir is not None:
        overrides["cache_dir"] = args.cache_dir
    if getattr(args, "backend", None) is not None:
        overrides["search_backend"] = args.backend
    return overrides


def load_settings(args: argparse.Namespace) -> CommandSettings:
    """The settings a command needs: the defaults with the command line's options when nothing
    configures newsbot (no pydantic then: `ask` starts faster), else validated Settings."""
    if not configured():
        return CommandSettings(**overrides_of(args))
    return full_settings(args).command_settings()


def full_settings(args: argparse.Namespace) -> Settings:
    """Read and validate every setting: environment, .env file, then command-line overrides."""
    from pydantic import ValidationError  # noqa: PLC0415 - pydantic is off the cold path

    from bot.settings import Settings  # noqa: PLC0415

    try:
        return Settings(**overrides_of(args))
    except ValidationError as error:
        raise SettingsProblem(settings_problem(error)) from None


def settings_problem(error: ValidationError) -> str:
    """Turn a pydantic error into one line naming the setting at fault (never its value)."""
    first = error.errors()[0]
    if not first["loc"]:  # a rule across settings; its message names them
        return f"settings do not fit together: {first['msg'].removeprefix('Value error, ')}"
    field = ".".join(str(part) for part in first["loc"])
    return f"setting NEWSBOT_{field.upper()} is invalid: {first['msg']}"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `newsbot` console script."""
    args = build_parser().parse_args(argv)
    # A running bot reports reloads and start-up at INFO; one-shot commands stay quiet.
    level = logging.INFO if args.verbose or args.command == "run" else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = load_settings(args)
        return COMMANDS[args.command](args, settings)
    except SettingsProblem as error:
        print(f"newsbot: {error}", file=sys.stderr)
    except NewsbotError as error:
        print(f"newsbot: error: {error}", file=sys.stderr)
    except BrokenPipeError:  # before OSError, its base class
        sys.stderr.close()  # output piped to `head`: not an error worth a message
        return 0
    except OSError as error:  # unreadable folders, a full disk: name the file, not a traceback
        print(f"newsbot: error: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    return 1


def run() -> NoReturn:
    """The `newsbot` console script: ``main``, then an exit without the interpreter's teardown.

    Freeing every module and object at exit (numpy, the mapped index, the compiled patterns)
    cost a cold `newsbot ask` 60-80 ms of its ~0.6 s, and a finished command needs none of
    it: files were written atomically and closed, no thread is left running. Output and log
    handlers are flushed first; a reader that went away (`| head`) loses nothing we owe it.
    """
    status = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nobody left to read
            stream.flush()
    logging.shutdown()
    os._exit(status)


if __name__ == "__main__":
    run()
