"""Unlinked mentions: the words of a text that name a term, found by word forms, longest first."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from .article import file_stem
from .findings import Finding, Subtype
from .forms import WordForms
from .index import Corpus
from .keys import normalize_key

#: The longest phrase, in words, that is looked for. Terms are short; a longer title is still
#: found by its shorter keys (its parenthetical, aliases), and the bound keeps matching linear.
MAX_WORDS = 6
MENTION_MODES = ("off", "report", "warn", "link")

#: A word of a text: a run of letters, digits and underscores. A run with an underscore is an
#: identifier (``user_id``), never a mention, and a word next to one is no whole word.
_TOKEN = re.compile(r"\w+")
#: A word of a phrase: letters and digits, as in keys.
_WORD = re.compile(r"[^\W_]+")
#: What may not stand between two words of one mention: a phrase does not run across a
#: sentence, a clause, brackets or quotes.
_BREAK = re.compile(r"[^\s\-‐‑–/&'’+]")


class Mention(NamedTuple):
    """A term named in a text: ``text[start:end]`` names the term ``slug``."""

    slug: str
    start: int
    end: int
    text: str


class _Phrase(NamedTuple):
    slug: str | None  # None: several terms share this form, so it names none of them
    #: An abbreviation written in capitals (``IT``, ``BPO``): a mention must be in capitals
    #: too, or every "it" would name Information Technology.
    capitals: int


class _Node:
    """A trie node: the phrases that go on with each next word, and the one that ends here."""

    __slots__ = ("next", "phrase")

    def __init__(self) -> None:
        self.next: dict[str, _Node] = {}
        self.phrase: _Phrase | None = None


class MentionMatcher:
    """Finds mentions of a set of terms in texts, in time linear in the text.

    Phrases are kept in a trie of their words' forms; a text is split into words once, and
    from each word the trie is followed for as long as the text's words go on in it (at most
    :data:`MAX_WORDS`), so that the longest phrase wins.
    """

    def __init__(self, phrases: Iterable[tuple[str, str]], forms: WordForms) -> None:
        self._forms = forms
        self._root = _Node()
        self._cache: dict[str, str] = {}
        for text, slug in phrases:
            self._add(text, slug)

    @classmethod
    def of_corpus(cls, corpus: Corpus, language: str | None) -> MentionMatcher:
        """A matcher of every term of ``corpus`` by the names prose uses, in ``language``'s word forms."""
        return cls(term_phrases(corpus), WordForms(language))

    def _add(self, text: str, slug: str) -> None:
        words = _WORD.findall(self._forms.fold(text))
        joined = "".join(words)
        if len(joined) < 2 or len(words) > MAX_WORDS or joined.isdigit():
            return
        capitals = len(text) if len(words) == 1 and text.isupper() else 0
        node = self._root
        for word in words:
            form = self._forms.stem(word)
            child = node.next.get(form)
            if child is None:
                child = node.next[form] = _Node()
            node = child
        known = node.phrase
        if known is None:
            node.phrase = _Phrase(slug, capitals)
        elif known.slug == slug:
            # a derived key (the slug ``it``) does not undo an abbreviation's capitals
            node.phrase = _Phrase(slug, max(known.capitals, capitals))
        elif known.slug is not None:
            node.phrase = _Phrase(None, 0)

    @staticmethod
    def _names(phrase: _Phrase | None, first: str) -> str | None:
        """The term that a phrase ending here names, its first word written as ``first``."""
        if phrase is None or (phrase.capitals and not first[: phrase.capitals].isupper()):
            return None
        return phrase.slug

    def _form(self, token: str) -> str:
        if "_" in token:
            form = ""
        else:
            words = _WORD.findall(self._forms.fold(token))
            form = self._forms.stem(words[0]) if len(words) == 1 else "".join(words)
        self._cache[token] = form
        return form

    def find(self, text: str) -> Iterator[Mention]:
        """Every mention in ``text``, in order; where phrases overlap, the longest wins."""
        tokens = _TOKEN.findall(text)
        cache, root = self._cache, self._root.next
        forms = [cache[t] if t in cache else self._form(t) for t in tokens]
        spans: list[tuple[int, int]] | None = None
        free = 0  # the first word not taken by a mention already found
        for i, form in enumerate(forms):
            node = root.get(form) if i >= free else None
            if node is None:
                continue
            if spans is None:
                spans = [m.span() for m in _TOKEN.finditer(text)]
            best: tuple[int, str] | None = None
            last = i
            while True:
                slug = self._names(node.phrase, tokens[i])
                if slug is not None:
                    best = last, slug
                following = last + 1
                if following == len(forms) or _BREAK.search(text, spans[last][1], spans[following][0]):
                    break
                node = node.next.get(forms[following])
                if node is None:
                    break
                last = following
            if best is not None:
                last, slug = best
                start, end = spans[i][0], spans[last][1]
                yield Mention(slug, start, end, text[start:end])
                free = last + 1


def term_phrases(corpus: Corpus, slugs: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """``(text, slug)`` for the title (with and without its parenthetical), each parenthetical
    and each alias of terms: the names prose uses. Slugs and file names are not prose.

    Only what each term owns: a name that another term won, or that is ambiguous, names none.
    ``slugs`` limits the terms (default: the whole corpus).
    """
    chosen = corpus if slugs is None else [corpus.by_slug[s] for s in slugs if s in corpus.by_slug]
    phrases, keys = [], corpus.keys
    for article in chosen:
        # An article's claims are its title, short title, parentheticals and aliases, then its
        # slug and file stem, each key once; corpus.keys says which keys it owns after collisions.
        identifiers = (article.slug, file_stem(article.path))
        for key, text, _explicit in article.claims:
            if text not in identifiers and keys.get(key) == article.slug:
                phrases.append((text, article.slug))
    return phrases


def is_terms_choice(value: object) -> bool:
    """A right ``bizterms_mentions_terms``: ``"cited"``, ``"all"``, or a list of keywords."""
    if isinstance(value, str):
        return value in ("cited", "all")
    return isinstance(value, (list, tuple)) and bool(value) and all(isinstance(k, str) and k for k in value)


def terms_choice(text: str) -> str | list[str]:
    """``--terms`` on the command line: ``cited``, ``all`` or comma-separated keywords."""
    if text in ("cited", "all"):
        return text
    keywords = [k.strip() for k in text.split(",") if k.strip()]
    if not keywords:
        raise ValueError("expected 'cited', 'all' or comma-separated keywords")
    return keywords


def select_terms(corpus: Corpus, which: str | Sequence[str], cited: Iterable[str]) -> set[str]:
    """The slugs whose mentions count: ``"cited"``, ``"all"``, or terms with one of these keywords.

    Only terms of ``corpus``: a term deleted since a page cited it counts no more.
    """
    if which == "all":
        return set(corpus.by_slug)
    if isinstance(which, str):
        return corpus.by_slug.keys() & set(cited)
    wanted = {normalize_key(k) for k in which}
    return {a.slug for a in corpus if wanted.intersection(normalize_key(k) for k in a.keywords)}


class Found(NamedTuple):
    """A mention in a page, with the section it stands in (any number unique in the page)."""

    section: int
    line: int
    slug: str
    text: str


def unlinked(found: Sequence[Found], cited: dict[int, set[str]]) -> list[int]:
    """The first mention of each term in each section that does not cite the term: their indexes."""
    seen: set[tuple[int, str]] = set()
    first = []
    for index, mention in enumerate(found):
        key = (mention.section, mention.slug)
        if key in seen or mention.slug in cited.get(mention.section, ()):
            continue
        seen.add(key)
        first.append(index)
    return first


class PageMentions:
    """The mentions in one page's prose, each with its section, and the terms each section cites."""

    def __init__(self, matcher: MentionMatcher) -> None:
        self.matcher = matcher
        self.found: list[Found] = []
        self.cited: dict[int, set[str]] = {}

    def find(self, text: str, section: int, line: int) -> list[Mention]:
        """Note the mentions in ``text``, which starts on ``line`` in ``section``; return them."""
        mentions = list(self.matcher.find(text))
        for mention in mentions:
            own_line = line + text.count("\n", 0, mention.start)
            self.found.append(Found(section, own_line, mention.slug, mention.text))
        return mentions

    def cite(self, section: int, slug: str) -> None:
        self.cited.setdefault(section, set()).add(slug)

    def unlinked(self) -> list[int]:
        """The indexes in :attr:`found` of the mentions that :func:`unlinked` chooses."""
        return unlinked(self.found, self.cited)


class UnlinkedMention(NamedTuple):
    """An unlinked mention of a term that counts, as a finding reports it."""

    #: The page: each term is reported once per page.
    page: str
    #: Where the mention is written (in a build, maybe a file that the page includes).
    path: str
    line: int
    slug: str
    text: str


def unlinked_findings(corpus: Corpus, mentions: Iterable[UnlinkedMention]) -> list[Finding]:
    """One ``unlinked_mention`` finding per term per page: the first of its ``mentions``."""
    seen: set[tuple[str, str]] = set()
    findings = []
    for mention in mentions:
        if (mention.page, mention.slug) in seen:
            continue
        seen.add((mention.page, mention.slug))
        # a mention across lines is quoted on one
        text, title = " ".join(mention.text.split()), corpus.by_slug[mention.slug].title
        message = f"'{text}' mentions the business term '{title}' without citing it"
        findings.append(Finding(Subtype.UNLINKED_MENTION, mention.path, mention.line, message, mention.slug))
    return findings
