"""The ``bizterms`` command: check, show and list a corpus of articles without Sphinx."""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence

from .corpus.baseline import DEFAULT_NAME, BaselineError, match, read_baseline, stale_finding, write_baseline
from .corpus.findings import Finding, did_you_mean, json_line, printable
from .corpus.index import DEFAULT_PREFIXES, DEFAULT_SUFFIXES, Corpus
from .corpus.links import could_mean
from .corpus.load import load_corpus
from .corpus.mentions import terms_choice
from .corpus.project import ConfError, read_project
from .corpus.settings import CorpusSettings, corpus_settings
from .corpus.sources import find_mentions
from .version import __version__

#: Exit statuses, as docs/cli.md ("Exit status") documents them.
EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake on the command line that argparse cannot see (a path that does not exist)."""


def main(argv: list[str] | None = None) -> int:
    """Run ``bizterms`` with ``argv`` (default: the process arguments); return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error already printed by argparse
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if not args.paths and args.conf is None:
        try:
            args.parser.error("give at least one corpus folder or file, or --conf DOCS_DIR")
        except SystemExit:
            return EXIT_USAGE
    try:
        status: int = args.run(args)
    except UsageError as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (``bizterms list | head``): stop quietly, without a traceback
        # when Python flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FINDINGS
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bizterms",
        description="Check, show and list a corpus of business-term articles (Markdown with YAML "
        "frontmatter), and find mentions of its terms in docs, without running Sphinx.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", dest="command", required=True, metavar="COMMAND")

    corpus_options = argparse.ArgumentParser(add_help=False)
    corpus_options.add_argument(
        "--suffixes",
        type=_suffixes,
        metavar=".md,.txt",
        help="comma-separated suffixes of the files that are articles "
        f"(default: {','.join(DEFAULT_SUFFIXES)}, or the project's with --conf)",
    )
    corpus_options.add_argument(
        "--conf",
        metavar="DOCS_DIR",
        help="also read the corpora of the Sphinx project whose conf.py is in DOCS_DIR, with their "
        "settings, as its build does (conf.py is run, as Sphinx runs it)",
    )

    link_options = argparse.ArgumentParser(add_help=False)
    link_options.add_argument(
        "paths", nargs="*", metavar="PATH", help="folders or files of articles (at least one, or --conf)"
    )
    link_options.add_argument(
        "--prefix",
        dest="prefixes",
        action="append",
        type=_prefix,
        metavar="PREFIX",
        help="a link target prefix that points into the corpus; repeatable (default: /)",
    )

    # the corpus paths of the commands whose own positional argument is something else
    paths_option = argparse.ArgumentParser(add_help=False)
    paths_option.add_argument(
        "--corpus",
        dest="paths",
        action="append",
        default=[],
        metavar="PATH",
        help="a folder or file of articles; repeatable (at least one, or --conf)",
    )

    check = _add_command(
        commands,
        "check",
        run_check,
        [corpus_options, link_options],
        help="report broken links, duplicate keys, bad articles and unsafe content",
        description="Report every finding of the corpus as 'path:line: message [bizterms.subtype]'. "
        "Exit status: 0 when clean, 1 when there are findings, 2 on usage errors.",
    )
    _add_format_argument(check)
    check.add_argument(
        "--baseline",
        metavar="FILE",
        help="a baseline file (see 'bizterms baseline write'): its findings are not reported, "
        "and its entries that no longer occur are",
    )

    show = _add_command(
        commands,
        "show",
        run_show,
        [corpus_options, paths_option],
        help="show one term: title, slug, description, keywords, file",
        description="Show the term that KEY finds (a slug, title, abbreviation, alias or file stem).",
    )
    show.add_argument("key", metavar="KEY", help="any lookup key of the term, e.g. BPO")

    listing = _add_command(
        commands,
        "list",
        run_list,
        [corpus_options, paths_option],
        help="list every term with its slug, title, keys and file",
        description="List every term of the corpus, sorted by slug: slug, title, the normalised "
        "lookup keys it owns, and its file (tab-separated, or JSON Lines).",
    )
    listing.add_argument(
        "--format", choices=("text", "json"), default="text", help="text (default) or JSON Lines"
    )
    listing.add_argument(
        "--excluded",
        action="store_true",
        help="list the files left out instead, and why: exclude patterns, drafts, files reached twice",
    )

    baseline = commands.add_parser(
        "baseline",
        help="write the baseline of known findings (bizterms_baseline)",
        description="Manage the baseline file that lists a corpus's known findings.",
    )
    actions = baseline.add_subparsers(title="actions", dest="action", required=True, metavar="ACTION")
    write = _add_command(
        actions,
        "write",
        run_baseline_write,
        [corpus_options, link_options],
        help="write every finding of the corpus to a baseline file",
        description="Write every finding of the corpus (those of 'bizterms check') to a baseline "
        "file, with paths relative to the file's folder. Exit status: 0, or 2 on usage errors.",
    )
    write.add_argument(
        "-o",
        "--output",
        default=DEFAULT_NAME,
        metavar="FILE",
        help="the baseline file to write (default: %(default)s)",
    )

    mentions = _add_command(
        commands,
        "mentions",
        run_mentions,
        [corpus_options, paths_option],
        help="list plain-text mentions of terms in the pages of a docs folder",
        description="List the unlinked mentions in the .rst and .md pages under DOCS_DIR, as a build "
        "with bizterms_mentions = 'warn' reports them. Exit status: 0 if none, 1 if some, 2 on usage errors.",
    )
    mentions.add_argument("docs", metavar="DOCS_DIR", help="the docs folder (its conf.py folder)")
    mentions.add_argument(
        "--terms",
        type=terms_choice,
        default="cited",
        metavar="cited|all|KEYWORDS",
        help="which terms: those the pages cite (default), all, or comma-separated keywords",
    )
    mentions.add_argument("--language", default="en", help="the language, for word forms (default: en)")
    _add_format_argument(mentions)
    return parser


def _add_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    run: Callable[[argparse.Namespace], int],
    parents: list[argparse.ArgumentParser],
    help: str,
    description: str,
) -> argparse.ArgumentParser:
    """Add the command ``name``, that ``run`` runs; ``main`` reports usage errors with its parser."""
    command = commands.add_parser(name, parents=parents, help=help, description=description)
    command.set_defaults(run=run, parser=command)
    return command


def _add_format_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (default), JSON Lines, or GitHub Actions annotations",
    )


def _suffixes(value: str) -> tuple[str, ...]:
    suffixes = tuple(s if s.startswith(".") else f".{s}" for s in (p.strip() for p in value.split(",")) if s)
    if not suffixes:
        raise argparse.ArgumentTypeError("expected suffixes such as '.md,.txt'")
    return suffixes


def _prefix(value: str) -> str:
    if not value:
        raise argparse.ArgumentTypeError("a prefix cannot be empty")
    return value


def _load(
    args: argparse.Namespace, prefixes: Sequence[str] = DEFAULT_PREFIXES
) -> tuple[Corpus, list[Finding]]:
    """The corpus of ``--conf`` and the paths given, each with its settings, and their findings."""
    corpora: list[CorpusSettings] = []
    findings: list[Finding] = []
    suffixes = args.suffixes
    if args.conf is not None:
        try:
            project = read_project(args.conf)
        except ConfError as exc:
            raise UsageError(str(exc)) from exc
        corpora += project.corpora
        findings += project.findings
        suffixes = suffixes or project.suffixes
    for path in args.paths:
        if not os.path.exists(path):
            raise UsageError(f"no such file or folder: {path!r}")
        # every path given is checked, whatever the language its settings give it
        settings, found = corpus_settings(path, "", prefixes)
        findings += found
        if settings is not None:
            corpora.append(settings)
    return load_corpus(corpora, suffixes or DEFAULT_SUFFIXES, prefixes), findings


def _findings(args: argparse.Namespace) -> tuple[Corpus, list[Finding]]:
    """The corpus and every finding ``check`` reports: its settings' and its articles'."""
    corpus, config_findings = _load(args, args.prefixes or DEFAULT_PREFIXES)
    return corpus, sorted(config_findings + corpus.check(), key=lambda f: f.sort_key)


def run_check(args: argparse.Namespace) -> int:
    corpus, findings = _findings(args)
    known = 0
    if args.baseline is not None:
        try:
            entries = read_baseline(args.baseline)
        except BaselineError as exc:
            raise UsageError(str(exc)) from None
        matched = match(entries, findings, os.path.dirname(args.baseline) or os.curdir)
        stale = [stale_finding(entry, args.baseline) for entry in matched.stale]
        findings = sorted([*matched.new, *stale], key=lambda f: f.sort_key)
        known = len(matched.known)
    for finding in findings:
        _print_finding(finding, args.format)
    # an ambiguous key is a problem only where it is cited: a note, which does not fail the check
    for note in corpus.notes():
        _print_finding(note, args.format, note=True)
    if findings and args.format == "text":
        files = {item.path for item in corpus.loaded}
        with_findings = {finding.path for finding in findings} & files
        print(
            f"{_count(len(findings), 'finding')} in {len(with_findings)} of {_count(len(files), 'article')}"
            + (f" ({known} more known, in the baseline)" if known else ""),
            file=sys.stderr,
        )
    return EXIT_FINDINGS if findings else EXIT_CLEAN


def _print_finding(finding: Finding, form: str, note: bool = False) -> None:
    if form == "json":
        record = finding.as_json()
        if note:
            record["level"] = "note"
        print(json_line(record))
    else:
        print(finding.github(note) if form == "github" else finding.format(note))


def run_mentions(args: argparse.Namespace) -> int:
    if not os.path.isdir(args.docs):
        raise UsageError(f"no such folder: {args.docs!r}")
    corpus, problems = _load(args)
    _report(problems)
    # the corpus's own files are no pages, wherever they lie
    articles = [*args.paths, *(item.path for item in corpus.loaded)]
    findings = find_mentions(corpus, args.docs, args.language, args.terms, articles)
    for finding in findings:
        _print_finding(finding, args.format)
    if findings and args.format == "text":
        pages = len({finding.path for finding in findings})
        print(f"{_count(len(findings), 'unlinked mention')} on {_count(pages, 'page')}", file=sys.stderr)
    return EXIT_FINDINGS if findings else EXIT_CLEAN


def run_baseline_write(args: argparse.Namespace) -> int:
    _corpus, findings = _findings(args)
    try:
        write_baseline(args.output, findings)
    except OSError as exc:
        raise UsageError(f"cannot write {args.output!r}: {exc.strerror or exc}") from None
    print(f"wrote {_count(len(findings), 'finding')} to {args.output}", file=sys.stderr)
    return EXIT_CLEAN


def _report(findings: list[Finding]) -> None:
    """Settings problems, on standard error: ``show`` and ``list`` still work without them."""
    for finding in findings:
        print(finding.format(), file=sys.stderr)


def run_show(args: argparse.Namespace) -> int:
    corpus, findings = _load(args)
    _report(findings)
    found = corpus.resolve(args.key)
    article = found.article
    if found.candidates:
        print(
            printable(f"ambiguous business term '{args.key}': {could_mean(found.candidates)}"),
            file=sys.stderr,
        )
        return EXIT_FINDINGS
    if article is None:
        suggestions = corpus.suggest(args.key)
        print(printable(f"unknown business term '{args.key}'{did_you_mean(suggestions)}"), file=sys.stderr)
        return EXIT_FINDINGS
    fields = [
        ("title", article.title),
        ("slug", article.slug),
        ("description", corpus.description(article)),
        ("keywords", ", ".join(article.keywords)),
        ("aliases", ", ".join(article.aliases)),
        ("file", article.path),
    ]
    for name, value in fields:
        if value:
            print(f"{name + ':':<13}{printable(value)}")
    return EXIT_CLEAN


def run_list(args: argparse.Namespace) -> int:
    corpus, findings = _load(args)
    _report(findings)
    if args.excluded:
        for left_out in corpus.excluded():
            if args.format == "json":
                print(json_line({"file": left_out.path, "reason": left_out.reason}))
            else:
                print(printable(left_out.path), printable(left_out.reason), sep="\t")
        return EXIT_CLEAN
    owned = keys_by_slug(corpus)
    for article in sorted(corpus, key=lambda a: a.slug):
        keys = owned[article.slug]
        if args.format == "json":
            record = {"slug": article.slug, "title": article.title, "keys": keys, "file": article.path}
            print(json_line(record))
        else:
            print(
                "\t".join(
                    printable(field) for field in (article.slug, article.title, ",".join(keys), article.path)
                )
            )
    return EXIT_CLEAN


def keys_by_slug(corpus: Corpus) -> dict[str, list[str]]:
    """The normalised lookup keys each term owns after collisions are settled, sorted."""
    owned: dict[str, list[str]] = defaultdict(list)
    for key, slug in sorted(corpus.keys.items()):
        owned[slug].append(key)
    return owned


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


if __name__ == "__main__":  # pragma: no cover - ``python -m sphinx_bizterms`` is the usual way
    sys.exit(main())
