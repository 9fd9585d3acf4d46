"""Reading a corpus in another format: field names, drafts and excluded files (no Sphinx)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sphinx_bizterms.corpus.article import Article, load_article
from sphinx_bizterms.corpus.exclude import Exclude
from sphinx_bizterms.corpus.files import LeftOut
from sphinx_bizterms.corpus.findings import Finding, Subtype
from sphinx_bizterms.corpus.load import load_corpus
from sphinx_bizterms.corpus.settings import CorpusSettings, Fields

from helpers import term

HUGO_FIELDS = Fields(
    description=("short_description", "description"),
    aliases=("aka", "aliases"),
    keywords=("tags",),
    slug=("id",),
)


def test_fields_come_from_the_configured_keys_tried_in_order(tmp_path: Path) -> None:
    path = term(
        tmp_path,
        "hpa.md",
        "title: Horizontal Pod Autoscaler\nid: horizontal-pod-autoscaler\n"
        "short_description: Scales pods.\ndescription: Long text.\naka:\n- HPA\ntags:\n- workload\n"
        "status: deprecated\nreplaced_by: autoscaler\n",
    )
    article = load_article(path, fields=HUGO_FIELDS, entry=2)
    assert isinstance(article, Article)
    assert (article.slug, article.description, article.aliases, article.keywords) == (
        "horizontal-pod-autoscaler",
        "Scales pods.",
        ("HPA",),
        ("workload",),
    )
    assert article.explicit_slug
    assert (article.status, article.replaced_by, article.entry) == ("deprecated", "autoscaler", 2)
    # a later key is used when the earlier ones are absent or empty
    path = term(tmp_path, "pod.md", "title: Pod\nshort_description:\ndescription: A group.\n")
    assert load_article(path, fields=HUGO_FIELDS).description == "A group."  # type: ignore[union-attr]


def test_frontmatter_keys_are_matched_case_insensitively(tmp_path: Path) -> None:
    path = term(tmp_path, "pod.md", "Title: Pod\nDescription: A group.\nKeywords: a, b\n")
    article = load_article(path)
    assert isinstance(article, Article)
    assert (article.title, article.description, article.keywords) == ("Pod", "A group.", ("a", "b"))


def test_messages_name_the_keys_as_configured_and_written(tmp_path: Path) -> None:
    fields = Fields(title=("name", "title"))
    path = term(tmp_path, "a.md", "description: x\n")
    assert load_article(path, fields=fields) == Finding(
        Subtype.BAD_ARTICLE, str(path), 2, "frontmatter has no 'name' or 'title'"
    )
    path = term(tmp_path, "b.md", "description: x\nTitle: [a, b]\n")
    assert load_article(path) == Finding(
        Subtype.BAD_ARTICLE, str(path), 3, "'Title' must be text, not a list"
    )


@pytest.mark.parametrize(
    ("frontmatter", "reason"),
    [
        ("draft: true\n", "draft: true"),
        ("published: false\n", "published: false"),
        ("Draft: 'true'\n", "Draft: true"),
    ],
)
def test_drafts_are_left_out_silently(tmp_path: Path, frontmatter: str, reason: str) -> None:
    term(tmp_path, "kept.md", "title: Kept\ndraft: false\npublished: true\n")
    # a draft may be unfinished: no title is no finding
    draft = term(tmp_path, "draft.md", frontmatter)
    corpus = load_corpus([tmp_path])
    assert [a.title for a in corpus] == ["Kept"]
    assert corpus.check() == []
    assert corpus.lookup("draft") is None
    assert corpus.excluded() == [LeftOut(str(draft), reason)]


@pytest.mark.parametrize(
    ("pattern", "left_out", "kept"),
    [
        ("index.md", ["index.md", "a/index.md"], ["a/index.mdx", "xindex.md"]),
        ("/index.md", ["index.md"], ["a/index.md"]),
        ("_*", ["_index.md", "a/_b/c.md", "_x/y.md"], ["a/b_c.md"]),
        ("docs/*.md", ["docs/a.md"], ["docs/b/a.md", "x/docs/a.md"]),
        ("docs/**/*.md", ["docs/a.md", "docs/b/c/a.md"], ["x/docs/a.md"]),
        ("**/drafts/", ["drafts/a.md", "x/drafts/b.md"], ["drafts.md"]),
        ("[Tt]emplate?.md", ["Template1.md", "x/templateA.md"], ["Template12.md"]),
    ],
)
def test_exclude_patterns_work_like_gitignore_lines(
    pattern: str, left_out: list[str], kept: list[str]
) -> None:
    exclude = Exclude([pattern])

    def matched(path: str) -> bool:
        parts = path.split("/")
        # a file is left out when a pattern matches it or one of its folders, as the walk prunes
        folders = ["/".join(parts[: i + 1]) for i in range(len(parts) - 1)]
        return exclude.match(path, False) is not None or any(exclude.match(f, True) for f in folders)

    assert [path for path in left_out if matched(path)] == left_out
    assert [path for path in kept if matched(path)] == []


def test_default_and_configured_excludes_leave_files_out(tmp_path: Path) -> None:
    for name in ("_index.md", "index.md", "README.md", "_TEMPLATE.md", "sub/_partial.md", "skip/x.md"):
        term(tmp_path, name, "title: Not a term\n")
    term(tmp_path, "pod.md", "title: Pod\n")
    term(tmp_path, "sub/node.md", "title: Node\n")
    corpus = load_corpus([CorpusSettings(str(tmp_path), exclude=("skip/",))])
    assert sorted(a.title for a in corpus) == ["Node", "Pod"]
    assert corpus.check() == []
    assert [
        (Path(item.path).relative_to(tmp_path).as_posix(), item.reason) for item in corpus.excluded()
    ] == [
        ("README.md", "exclude 'README.md'"),
        ("_TEMPLATE.md", "exclude '_*'"),
        ("_index.md", "exclude '_index.md'"),
        ("index.md", "exclude '/index.md'"),
        ("skip", "exclude 'skip/'"),
        ("sub/_partial.md", "exclude '_*'"),
    ]


def test_a_term_in_a_folder_of_its_own_is_named_by_the_folder(tmp_path: Path) -> None:
    # Hugo's page bundles and MDN keep each term as <name>/index.md; the root's index.md is
    # the glossary's own page.
    term(tmp_path, "index.md", "title: Glossary\n")
    term(tmp_path, "ajax/index.md", "title: Asynchronous JavaScript and XML\n", "Over [HTTP](../http/).\n")
    term(tmp_path, "http/index.md", "title: Hypertext Transfer Protocol\n", "See [Ajax](../ajax/index.md).\n")
    corpus = load_corpus([tmp_path])
    ajax, http = corpus.lookup("ajax"), corpus.lookup("http")
    assert ajax is not None and ajax.path == str(tmp_path / "ajax" / "index.md")
    assert http is not None and http.title == "Hypertext Transfer Protocol"
    assert corpus.linked(ajax) == [http] and corpus.linked(http) == [ajax]
    assert corpus.check() == []
    assert [Path(item.path).name for item in corpus.excluded()] == ["index.md"]
    # a vault's note without a title takes its folder's name too
    term(tmp_path, "pod/index.md", "aliases: [po]\n")
    untitled = load_corpus([CorpusSettings(str(tmp_path), title_from_file_name=True)])
    pod = untitled.lookup("po")
    assert pod is not None and pod.title == "pod"


def test_a_corpus_folder_without_an_article_file_is_one_config_finding(tmp_path: Path) -> None:
    glossary, empty, listed_twice = tmp_path / "glossary", tmp_path / "empty", tmp_path / "glossary" / "sub"
    term(glossary, "README.md", "title: About\n")
    term(listed_twice, "pod.md", "title: Pod\n")
    empty.mkdir()
    corpus = load_corpus([listed_twice, glossary, empty])
    # the folder whose files an earlier entry found holds articles: no finding for it
    assert [a.title for a in corpus] == ["Pod"]
    assert corpus.check() == [
        Finding(Subtype.CONFIG, str(empty), 0, "no article file in this corpus folder"),
    ]
    # what the walk left out is named, so that the reader sees why
    other = tmp_path / "other"
    term(other, "index.md", "title: Glossary\n")
    term(other, "notes/_draft.md", "title: Draft\n")
    assert load_corpus([other]).check() == [
        Finding(
            Subtype.CONFIG,
            str(other),
            0,
            f"no article file in this corpus folder; 2 left out, such as '{other / 'index.md'}'"
            " (exclude '/index.md'): see 'bizterms list --excluded'",
        )
    ]


def test_settings_fields_are_used_when_loading_a_corpus(tmp_path: Path) -> None:
    term(tmp_path, "autoscaler.md", "title: Horizontal Pod Autoscaler\naka: [HPA]\n")
    plain = load_corpus([tmp_path])
    assert plain.lookup("HPA") is None
    corpus = load_corpus([CorpusSettings(str(tmp_path), fields=HUGO_FIELDS)])
    article = corpus.lookup("HPA")
    assert article is not None and article.title == "Horizontal Pod Autoscaler"
    assert corpus.settings_of(article).fields == HUGO_FIELDS
    # the settings are part of the corpus's fingerprint
    assert corpus.fingerprint != plain.fingerprint


def test_hostile_exclude_patterns_match_in_linear_time() -> None:
    # With backtracking regular expressions, k stars before a letter that never comes cost the
    # name's length to the power k: doubling the name would make this 256 times as slow.
    hostile = Exclude(["*a*a*a*a*a*a*a*a*b", "**/a/**/a/**/a/**/a/**/b"])

    def seconds(n: int) -> float:
        name, deep = "a" * n, "/".join(["a"] * n)
        start = time.perf_counter()
        for _ in range(100):
            assert hostile.match(name, False) is None and hostile.match(deep, False) is None
        return time.perf_counter() - start

    # the two sizes measured in turn, so that a pause of the machine falls on both alike
    small, large = zip(*((seconds(120), seconds(240)) for _ in range(5)), strict=True)
    assert min(large) < 8 * min(small)
