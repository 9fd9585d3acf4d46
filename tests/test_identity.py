"""Term identity across articles and corpora: order, files reached twice, ambiguous keys, slugs."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from sphinx_bizterms.corpus.article import Article
from sphinx_bizterms.corpus.cache import CorpusCache
from sphinx_bizterms.corpus.findings import Finding, Subtype
from sphinx_bizterms.corpus.index import Corpus
from sphinx_bizterms.corpus.keys import make_slug
from sphinx_bizterms.corpus.load import load_corpus
from sphinx_bizterms.corpus.settings import CorpusSettings, Fields

from helpers import term


def test_the_first_corpus_listed_wins_whatever_the_paths(tmp_path: Path) -> None:
    shared = term(tmp_path / "a-shared", "pod.md", "title: Pod\naliases: [Unit]\ndescription: Shared.\n")
    own = term(tmp_path / "z-own", "pod.md", "title: Pod\naliases: [Unit]\ndescription: Own.\n")
    corpus = load_corpus([tmp_path / "z-own", tmp_path / "a-shared"])
    assert corpus.by_slug["pod"].path == str(own)
    assert corpus.lookup("Unit") is corpus.by_slug["pod"]
    # derived claims (the title, the slug) go to the first corpus silently; the alias clashes
    assert corpus.check() == [
        Finding(
            Subtype.DUPLICATE_KEY,
            str(shared),
            1,
            f"key 'Unit' is also claimed by {own}, which keeps it",
            "Unit",
        )
    ]
    assert corpus.lookup("Pod") is corpus.by_slug["pod"]


@pytest.mark.parametrize(
    "roots",
    [
        ["corpus", "corpus"],
        ["corpus", "corpus/pod.md"],
        ["corpus/pod.md", "corpus"],
        ["corpus", "corpus/sub/.."],
    ],
)
def test_a_file_reached_twice_is_loaded_once(tmp_path: Path, roots: list[str]) -> None:
    term(tmp_path / "corpus", "pod.md", "title: Pod\n")
    term(tmp_path / "corpus", "node.md", "title: Node\n")
    (tmp_path / "corpus" / "sub").mkdir()
    corpus = load_corpus([tmp_path / root for root in roots])
    assert sorted(a.title for a in corpus) == ["Node", "Pod"]
    assert corpus.check() == []
    assert {item.reason.split(" ")[0] for item in corpus.excluded()} == {"the"}  # "the same file as …"


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_symlink_to_a_file_of_the_corpus_is_not_a_second_article(tmp_path: Path) -> None:
    real = term(tmp_path, "z-pod.md", "title: Pod\n")
    (tmp_path / "a-link.md").symlink_to(real)
    corpus = load_corpus([tmp_path])
    assert [a.path for a in corpus] == [str(real)]  # the file itself, though the link sorts first
    assert corpus.check() == []


def test_a_key_only_derived_claims_share_is_ambiguous(tmp_path: Path) -> None:
    delivery = term(tmp_path, "delivery.md", "title: Continuous Delivery (CD)\n")
    deployment = term(tmp_path, "deployment.md", "title: Continuous Deployment (CD)\n")
    term(tmp_path, "down.md", "title: Downstream (disambiguation)\n")
    term(tmp_path, "up.md", "title: Upstream (disambiguation)\n", "See [CD](/cd).\n")
    corpus = load_corpus([tmp_path])
    resolution = corpus.resolve("CD")
    assert resolution.article is None
    assert [a.path for a in resolution.candidates] == [str(delivery), str(deployment)]
    assert corpus.lookup("cd") is None
    assert corpus.resolve("Continuous Delivery") == (corpus.by_slug["continuous-delivery"], ())
    # no duplicate_key; a link to the key is ambiguous, and the keys are listed as notes
    assert corpus.check() == [
        Finding(
            Subtype.AMBIGUOUS_TERM,
            str(tmp_path / "up.md"),
            4,
            "ambiguous internal link '/cd': it could mean 'Continuous Delivery (CD)' ("
            "continuous-delivery) or 'Continuous Deployment (CD)' (continuous-deployment)",
            "/cd",
        )
    ]
    assert [(Path(n.path).name, n.target) for n in corpus.notes()] == [
        ("delivery.md", "CD"),
        ("down.md", "disambiguation"),
    ]
    assert corpus.suggest("dc") == ()
    assert corpus.suggest("disambiguatio") == ("disambiguation",)


def test_an_explicit_claim_beats_derived_ones_silently_and_clashes_with_explicit_ones(tmp_path: Path) -> None:
    term(tmp_path, "a.md", "title: Continuous Delivery (CD)\n")
    chosen = term(tmp_path, "b.md", "title: Compact Disc\naliases: [CD]\n")
    corpus = load_corpus([tmp_path])
    assert corpus.resolve("CD") == (corpus.by_slug["compact-disc"], ())
    assert corpus.check() == []
    other = term(tmp_path, "c.md", "title: Certificate of Deposit\naliases: CD\n")
    corpus = load_corpus([tmp_path])
    assert corpus.check() == [
        Finding(
            Subtype.DUPLICATE_KEY,
            str(other),
            1,
            f"key 'CD' is also claimed by {chosen}, which keeps it",
            "CD",
        )
    ]


def test_a_term_of_mixed_scripts_does_not_take_the_key_of_its_latin_letters(tmp_path: Path) -> None:
    # "API 게이트웨이" made into an id by docutils alone is "api": a derived slug that would
    # outrank the parenthetical "(API)" of the term it abbreviates.
    term(tmp_path, "api-gateway.md", "title: API 게이트웨이 (API Gateway)\n")
    api = term(
        tmp_path, "application-programming-interface.md", "title: 애플리케이션 프로그래밍 인터페이스 (API)\n"
    )
    corpus = load_corpus([tmp_path])
    found = corpus.lookup("API")
    assert found is not None and found.path == str(api)
    assert corpus.check() == []


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("객체(Object)", "객체"),
        ("객체 지향", "객체-지향"),
        ("Объект Данных", "объект-данных"),
        ("Ελληνικά (Greek)", "ελληνικά"),
        ("Back Office", "back-office"),
        ("Årsregnskab", "arsregnskab"),
        # docutils would keep "api" alone, the slug of the term "API"
        ("API 게이트웨이 (API Gateway)", "api-게이트웨이"),
        ("Kubernetes Объект", "kubernetes-объект"),
    ],
)
def test_titles_with_letters_of_another_script_keep_them_in_their_slug(
    tmp_path: Path, title: str, slug: str
) -> None:
    term(tmp_path, "a.md", f"title: {title}\n")
    (article,) = load_corpus([tmp_path])
    assert article.slug == slug
    assert make_slug("(!)") == ""


def _articles(titles: list[str]) -> list[Article]:
    return [
        Article(f"{i:05}.md", (1, 1), make_slug(t), t, "", (), (), ((t.lower(), t, False),), 1, False)
        for i, t in enumerate(titles)
    ]


def test_many_articles_of_one_title_cost_as_little_as_pairs_of_titles() -> None:
    n = 6000
    # the same number of articles, half of them renamed as well: as many findings per article
    same, pairs = _articles(["Same"] * n), _articles([f"Term {i // 2}" for i in range(n)])

    def seconds(articles: list[Article]) -> float:
        start = time.perf_counter()
        Corpus(articles)
        return time.perf_counter() - start

    best = [min(seconds(same) for _ in range(3)), min(seconds(pairs) for _ in range(3))]
    corpus = Corpus(same)
    assert len(corpus) == n and f"same-{n}" in corpus.by_slug
    # counting up from -2 for each duplicate made this hundreds of times as slow (40 s for 20,000)
    assert best[0] < 5 * best[1]


def test_corpus_settings_reach_each_article(tmp_path: Path) -> None:
    term(tmp_path / "one", "a.md", "title: A\n")
    term(tmp_path / "two", "b.md", "title: B\n")
    first = CorpusSettings(str(tmp_path / "one"), link_prefixes=("/one/",))
    second = CorpusSettings(str(tmp_path / "two"), link_prefixes=("/two/",))
    corpus = load_corpus([first, second])
    assert corpus.settings_of(corpus.by_slug["a"]) is first
    assert corpus.settings_of(corpus.by_slug["b"]) is second


def test_a_corpus_read_from_its_cache_keeps_settings_ambiguity_and_what_was_left_out(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    term(root, "autoscaler.md", "title: Horizontal Pod Autoscaler\naka: [HPA]\n")
    term(root, "delivery.md", "title: Continuous Delivery (CD)\n")
    term(root, "deployment.md", "title: Continuous Deployment (CD)\n")
    term(root, "wip.md", "title: Later\ndraft: true\n")
    term(root, "index.md", "title: Glossary\n")
    settings = CorpusSettings(str(root), fields=Fields(aliases=("aka",)))
    cache_file = tmp_path / "cache.json"
    CorpusCache(cache_file, "tag").save(load_corpus([settings], cache=CorpusCache(cache_file, "tag")))
    fresh = load_corpus([settings])
    cached = load_corpus([settings], cache=CorpusCache(cache_file, "tag"))
    assert cached.cache_current  # read from the cache, when first used
    hpa = cached.lookup("HPA")
    assert hpa is not None and cached.settings_of(hpa) is settings
    assert cached.resolve("CD") == fresh.resolve("CD") and len(cached.resolve("CD").candidates) == 2
    assert cached.excluded() == fresh.excluded() and len(fresh.excluded()) == 2
    assert cached.notes() == fresh.notes()
