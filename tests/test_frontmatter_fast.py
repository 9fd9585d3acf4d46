"""The reader of simple frontmatter: what it reads, PyYAML reads the same; the rest is left to PyYAML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from sphinx_bizterms.corpus import article
from sphinx_bizterms.corpus.article import load_article
from sphinx_bizterms.corpus.findings import Finding
from sphinx_bizterms.corpus.frontmatter import SafeLoader, simple_frontmatter

from helpers import SEED, SEEDS, weighted

#: Characters that mean something to YAML somewhere, and others that look harmless.
SPECIAL = [*":#-?[]{},&*!|>'\"%@`.=<~+\\/ \t\n", "\x85", "\u2028", "\u2029", "\ufeff", "\x7f", "\x00"]
#: Values that PyYAML's resolvers, indicators or scanner treat as something else than text.
TRICKY_SCALARS = [
    'yes', 'No', 'ON', 'off', 'y', 'n', 'true', 'null', 'Null', '~', '=', '<<', '2020-01-01',
    '2020-13-45', '2001-12-14t21:59:43.10-05:00', '1_000', '0x1F', '0o17', '0b101', '1:20', '190:20:30',
    '.5', '.inf', '-.INF', '.NaN', '1e3', '+12', '-0', '...', '---', 'a#b', 'a:b', 'x:', '|', '>', "'q'",
    '"q"', '%TAG', '@a', '`a', '[a]', '*a', 'Æble', '12:30', '2020-01-01T10:00:00Z', '', 'a: b', 'a #b',
    '- a', '? a', '!tag a', '&a b', '{a: b}', 'a, b', 'Banking,Small Business',
    'Business Process Outsourcing (BPO)',
]  # fmt: skip
word = st.text(alphabet=st.sampled_from(list("abxyzAZæø0159")), min_size=1, max_size=5)
plain = st.lists(word, min_size=1, max_size=3).map(" ".join)

# --- frontmatter in the simple form, which the reader takes ----------------------------------

#: The special characters that keep a scalar on its line and printable (the others, line
#: breaks and controls, make the reader step aside at once).
INLINE_SPECIAL = [char for char in SPECIAL if char.isprintable()]
#: Words that start with a letter, which no resolver of PyYAML reads as a number.
named = st.lists(st.tuples(st.sampled_from("abxyzAZæø"), word).map("".join), min_size=1, max_size=3).map(
    " ".join
)
#: Such words, now and then with a special character inside: YAML may still read text, or
#: not, and the reader has to tell which.
texts = weighted((2, named), (1, st.tuples(named, st.sampled_from(INLINE_SPECIAL), named).map("".join)))


def entries_of(
    values: st.SearchStrategy[str], keys: st.SearchStrategy[str] = texts
) -> st.SearchStrategy[str]:
    """A ``key: value`` line, or a ``key:`` line with its ``- item`` lines; an article's text
    fields in the first and its list fields in the second, among other keys."""
    return st.one_of(
        st.builds(
            "{}: {}\n".format,
            st.one_of(st.sampled_from(["title", "Title", "description", "slug"]), keys),
            values,
        ),
        st.builds(
            lambda key, indent, items: f"{key}:\n" + "".join(f"{indent}- {item}\n" for item in items),
            st.one_of(st.sampled_from(["aliases", "keywords"]), keys),
            st.sampled_from(["", "  "]),
            st.lists(values, max_size=3),
        ),
    )


simple_parts = st.lists(entries_of(texts), min_size=1, max_size=5)

# --- one step outside it ---------------------------------------------------------------------

#: Text with a special character at an edge, or a mapping or comment indicator inside, or a
#: value that PyYAML reads as something else than text: what a reader too lenient takes.
edges = st.one_of(
    st.tuples(named, st.sampled_from(SPECIAL)).map("".join),
    st.tuples(st.sampled_from(SPECIAL), named).map("".join),
    st.tuples(named, st.sampled_from([": ", " #", ":\t", "\t#"]), named).map("".join),
    st.sampled_from(TRICKY_SCALARS),
)

# --- any shape: special characters at the edges, odd separators and indents, stray lines -----

#: Plain text with a special character anywhere, text of special characters, or a value
#: that PyYAML reads as something else than text.
scalars = st.one_of(
    plain,
    st.tuples(plain, st.sampled_from(SPECIAL), plain).map("".join),
    st.tuples(st.sampled_from(SPECIAL), plain).map("".join),
    st.tuples(plain, st.sampled_from(SPECIAL)).map("".join),
    st.text(alphabet=st.sampled_from([*SPECIAL, *"aZæ0159 "]), max_size=12),
    st.sampled_from(TRICKY_SCALARS),
)
separators = st.sampled_from([": "] * 8 + [":", ":  ", " : ", ":\t", "\t: ", "::", ": #"])
lines = st.one_of(
    st.tuples(scalars, separators, scalars).map("".join),
    st.tuples(st.sampled_from(["- ", "  - ", " - ", "-", "-  ", "\t- "]), scalars).map("".join),
    st.tuples(scalars, st.sampled_from([":", ": ", ":  "])).map("".join),
    st.sampled_from(["", " ", "# comment", "  continued", "...", "--- ", "%YAML 1.1"]),
    scalars,
)
#: A ``key: value`` line, or a ``key:`` line with its ``- item`` lines, with a special
#: character or an odd indent here and there.
items = st.tuples(
    st.sampled_from(["", "", "", " ", "\t"]), st.sampled_from(["- ", "- ", "- ", "-", "-  "]), scalars
).map("".join)
entries = st.one_of(
    st.tuples(scalars, separators, scalars).map(lambda kv: "".join(kv) + "\n"),
    st.tuples(
        scalars,
        st.sampled_from([":", ":", ":", ": ", "::", ":#"]),
        st.sampled_from(["", "", "  ", " "]),
        st.lists(items, max_size=3),
    ).map(lambda e: f"{e[0]}{e[1]}\n" + "".join(f"{e[2]}{item}\n" for item in e[3])),
)

#: One entry in the simple form but for a key or value one step outside it, or an entry or
#: line of any shape.
spoilers = weighted(
    (3, entries_of(edges)),
    (1, entries_of(texts, keys=edges)),
    (1, entries),
    (1, lines.map(lambda line: line + "\n")),
)
#: Frontmatter in the simple form (four draws in seven: the reader takes it, and the property
#: compares), the simple form but for one entry (two in seven: the reader should take some
#: and leave the others to PyYAML), or of any shape (one in seven). Built, not filtered:
#: drawn from the last shape alone, one in twelve to thirty was simple.
frontmatters = weighted(
    (4, simple_parts.map("".join)),
    (
        2,
        st.builds(
            lambda parts, at, spoiler: "".join([*parts[:at], spoiler, *parts[at:]]),
            simple_parts,
            st.integers(0, 5),
            spoilers,
        ),
    ),
    (
        1,
        st.one_of(
            st.lists(weighted((3, entries), (1, lines)), max_size=5).map("".join),
            st.lists(lines, max_size=6).map(lambda parts: "".join(f"{part}\n" for part in parts)),
            st.text(alphabet=st.sampled_from([*SPECIAL, *"atyno019 "]), max_size=40),
        ),
    ),
)


def yaml_load(text: str) -> object:
    try:
        return yaml.load(text, Loader=SafeLoader)
    except Exception as exc:
        return exc


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frontmatters)
@example("title: T\ndescription: a: b\n")
@example("title: yes\n")
@example("title: null\nkeywords:\n")
@example("title: 2020-01-01\n")
@example("title: 2020-13-45\n")
@example("title: 1_000\n")
@example("title: .inf\n")
@example("<<: a\n")
@example("title: =\n")
@example("title: T\n... x: y\n")
@example("title: T\n...x: y\n")
@example("title: T # comment\n")
@example("title: a#b\n")
@example("title: T\n  continued\n")
@example("title: T\n\tcontinued\n")
@example("title: T\x85x\n")
@example("title: T\u2028x\n")
@example("title: \ufeffT\n")
@example("\ufefftitle: T\n")
@example("title: T\n- a\n")
@example("aliases:\n- a\n  - b\n")
@example("aliases:\n  - a\n- b\n")
@example("aliases:\n\n- a\n")
@example("aliases:\n- a: b\n")
@example("aliases:\n- - a\n")
@example("aliases:\n-\n")
@example("aliases:\n- yes\n")
@example("title: T\ntitle: U\n")
@example("a:b:\n")
@example("a :\n")
@example("x" * 1100 + ": y\n")
def test_simple_frontmatter_reads_what_yaml_reads(text: str) -> None:
    fast = simple_frontmatter(text)
    event(f"fast path: {fast is not None}")
    if fast is not None:
        assert isinstance(fast, dict)
        assert fast == yaml_load(text)
        # the same types too: a str that PyYAML would load as a str subclass or a bool differs
        assert [type(v) for v in fast.values()] == [type(v) for v in yaml_load(text).values()]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: Insurance\ndescription: Equity, while.\nkeywords: Banking\n", None),
        ("keywords: Business,Small Business\ntitle: Business Process Outsourcing (BPO)\n", None),
        ("title: Æble\naliases:\n  - apple pie\n  - æblekage\nslug: aeble\n", None),
        ("title: T\nkeywords:\n- a\n- b\nfoo:\n", None),
        ("title: x [y] {z}, a:b a#b\n", None),
    ],
)
def test_simple_frontmatter_is_read_without_pyyaml(text: str, expected: None) -> None:
    # These must take the fast path: otherwise it would save nothing on common articles.
    assert simple_frontmatter(text) == yaml_load(text) != expected


def test_the_seed_takes_the_fast_path() -> None:
    fm = article.split_body(article.decode((SEEDS / SEED).read_bytes())).frontmatter
    assert fm is not None
    assert simple_frontmatter(fm) == yaml_load(fm)


# --- the articles loaded are those PyYAML alone would give -----------------------------------

TRICKY = [
    "---\ntitle: T\ndescription: a: b\n---\n",
    "---\ntitle: T\n\tbad\n---\n",
    "---\ntitle: 123\n---\n",
    "---\nkeywords: x\ntitle: 2020-01-01\n---\n",
    "---\ntitle: T\ndescription: 2020-13-45\n---\nbody\n",
    "---\ntitle: yes\n---\n",
    "---\ntitle: null\n---\n",
    "---\ntitle: T\nkeywords:\n- a\n- 1\n---\n",
    "---\ntitle: T\naliases:\n  - a\n  - b\nslug: s\n---\n\nFirst paragraph.\n",
    "---\ntitle: T\naliases:\n\n- a\n---\n",
    "---\ntitle: T\n... x: y\n---\n",
    "---\ntitle: T # c\ndescription:\n---\n\nText [link](/x).\n",
    "---\ntitle: T\ntitle: U\n---\n",
    "---\n<<: {title: T}\n---\n",
    "---\ntitle: T\n  more\n---\n",
    "---\n\n---\nbody\n",
    "---\n- a\n---\n",
    "---\njust text\n---\n",
]


def _load_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> tuple[object, object]:
    path = tmp_path / "article.md"
    path.write_text(text, encoding="utf-8")
    fast = load_article(path)
    with monkeypatch.context() as patch:
        patch.setattr(article, "simple_frontmatter", lambda fm: None)
        slow = load_article(path)
    return fast, slow


@pytest.mark.parametrize("text", TRICKY)
def test_articles_and_findings_are_as_pyyaml_gives_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    fast, slow = _load_both(tmp_path, monkeypatch, text)
    assert fast == slow


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# a title first, so that the article loads unless the rest of its frontmatter spoils it
@given(st.builds("title: {}\n{}".format, texts, frontmatters))
def test_any_article_loads_as_pyyaml_gives_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fm: str
) -> None:
    fast, slow = _load_both(tmp_path, monkeypatch, f"---\n{fm}---\n\nA paragraph.\n")
    event(
        f"fast path, article loaded: {simple_frontmatter(fm) is not None and not isinstance(fast, Finding)}"
    )
    assert fast == slow
