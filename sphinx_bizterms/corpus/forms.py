"""Word forms: phrases compared by the Snowball stems of their words, spelling variants folded."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

import snowballstemmer

#: Snowball algorithm by the primary subtag of a Sphinx ``language`` code (``pt_BR`` → ``pt``).
#: Norwegian has one algorithm for Bokmål, Nynorsk and the macrolanguage code.
_ALGORITHMS = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "eo": "esperanto",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fa": "persian",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "nn": "norwegian",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "st": "sesotho",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}

_NORDIC = {"aa": "å", "ae": "æ", "oe": "ø"}
#: Spelling variants written without the language's letters (on keyboards or in URLs that lack
#: them), folded to the letters so that the stemmer sees the spelling it was written for.
#: ``ß`` needs no entry: case-folding already makes it ``ss``.
_VARIANTS: dict[str, tuple[re.Pattern[str], dict[str, str]]] = {
    "da": (re.compile("aa|ae|oe"), _NORDIC),
    "nb": (re.compile("aa|ae|oe"), _NORDIC),
    "nn": (re.compile("aa|ae|oe"), _NORDIC),
    "no": (re.compile("aa|ae|oe"), _NORDIC),
    # German writes ``ue`` for ``u`` + ``e`` after ``q`` (``Quelle``), never for ``ü``.
    "de": (re.compile("ae|oe|(?<!q)ue"), {"ae": "ä", "oe": "ö", "ue": "ü"}),
}

#: Sphinx asks for snowballstemmer 2.2 or later, which lacks some of the newer algorithms.
_INSTALLED = frozenset(snowballstemmer.algorithms())

#: Languages whose Snowball stemmer removes and changes only the ends of words (and accents,
#: which :data:`_BASE_LETTERS` and NFKD take off a first letter too); others (Arabic,
#: Indonesian, Irish and Dutch strip prefixes, Serbian transliterates, Lithuanian rewrites
#: a word of one letter) keep all claims together.
_SUFFIX_ONLY = frozenset(
    {"ca", "cs", "da", "de", "en", "es", "et", "fi", "fr", "hu", "it", "nb", "nn", "no", "pt"}
    | {"ro", "ru", "sv", "tr"}
)
#: Letters that NFKD leaves whole, as the letter their spelling variant starts with.
_BASE_LETTERS = {"æ": "a", "ø": "o", "œ": "o", "ß": "s"}

#: A word is a run of letters and digits, as in keys (``re``'s ``\w`` without ``_``).
_WORD = re.compile(r"[^\W_]+")


def primary_language(language: str | None) -> str:
    """``pt_BR``, ``pt-BR`` and ``PT`` → ``pt``; no language → ``""``."""
    return re.split(r"[_-]", language or "", maxsplit=1)[0].lower()


def has_stemming(language: str | None) -> bool:
    """Whether words of ``language`` (a Sphinx ``language`` code) are compared by their stems."""
    return _algorithm(primary_language(language)) is not None


def stemming_languages() -> tuple[str, ...]:
    """The language codes that have stemming with the installed ``snowballstemmer``, sorted."""
    return tuple(code for code in sorted(_ALGORITHMS) if _algorithm(code) is not None)


def has_word_forms(language: str | None) -> bool:
    """Whether a phrase's word-form key can differ from its exact key in ``language``."""
    code = primary_language(language)
    return _algorithm(code) is not None or code in _VARIANTS


def _algorithm(code: str) -> str | None:
    name = _ALGORITHMS.get(code)
    return name if name in _INSTALLED else None


class WordForms:
    """The word forms of one language: fold, split and stem phrases.

    Each instance keeps its own stemmer (Snowball stemmers hold state while they work) and
    remembers each word's stem, so a word met again costs a dictionary lookup.
    """

    def __init__(self, language: str | None) -> None:
        self.language = primary_language(language)
        algorithm = _algorithm(self.language)
        self._stem: Callable[[str], str] | None = (
            snowballstemmer.stemmer(algorithm).stemWord if algorithm is not None else None
        )
        self._variants = _VARIANTS.get(self.language)
        self._stems: dict[str, str] = {}

    @property
    def stemming(self) -> bool:
        return self._stem is not None

    def fold(self, text: str) -> str:
        """NFKC, case-folded, and the language's spelling variants made its letters."""
        folded = unicodedata.normalize("NFKC", text).casefold()
        if self._variants is not None:
            pattern, letters = self._variants
            folded = pattern.sub(lambda m: letters[m.group()], folded)
        return folded

    def words(self, text: str) -> list[str]:
        """The folded words of ``text``, in order."""
        return _WORD.findall(self.fold(text))

    def stem(self, word: str) -> str:
        """The stem of one folded word (the word itself without stemming, or with digits)."""
        found = self._stems.get(word)
        if found is None:
            # Stemmers know words, not codes: "2fa", "ecdf2bf2053fa52b" (a file name) stay.
            stem = self._stem if self._stem is not None and word.isalpha() else None
            found = self._stems[word] = stem(word) if stem is not None else word
        return found

    def stems(self, text: str) -> tuple[str, ...]:
        """The stem of each word of ``text``: ``Deployments`` → ``("deploy",)`` in English."""
        return tuple(self.stem(word) for word in self.words(text))

    def key(self, text: str) -> str:
        """The word-form key of a phrase: its stems joined.

        Joined without a separator, as exact keys ignore spaces and punctuation: ``back
        offices`` and ``backoffice`` are one key.
        """
        return "".join(self.stems(text))


def form_key(text: str, language: str | None) -> str:
    """The word-form key of ``text`` in ``language`` (see :meth:`WordForms.key`)."""
    return WordForms(language).key(text)


class FormIndex:
    """Terms by the word-form key of each of their keys, in one language.

    Each claim is a key as written, the slug of its term, and whether the term claims it
    explicitly (an alias or ``slug``) rather than by its title or file name.

    Stemming every key of a corpus of 10,000 articles took two seconds (22,000 distinct
    words), paid on the first citation that misses. Where the language's stemmer only ever
    changes the ends of words, two keys of one form start with one letter: claims are kept
    by that letter, and a miss stems only its own letter's claims.
    """

    def __init__(self, forms: WordForms, claims: Iterable[tuple[str, str, bool]]) -> None:
        self.forms = forms
        self._pending: dict[str, list[tuple[str, str, bool]]] = {}
        for claim in claims:
            self._pending.setdefault(self._initial(claim[0]), []).append(claim)
        self._slugs: dict[str, tuple[str, ...]] = {}

    def _initial(self, text: str) -> str:
        """The letter all forms of ``text`` start with; ``""`` where stemmers may change it."""
        if self.forms.language not in _SUFFIX_ONLY:
            return ""
        first = _WORD.search(text)
        if first is None:
            return ""
        letter = unicodedata.normalize("NFKD", first.group()[0].casefold())[0]
        return _BASE_LETTERS.get(letter, letter)

    def _index(self, claims: list[tuple[str, str, bool]]) -> None:
        owners: dict[str, dict[str, bool]] = {}
        for text, slug, explicit in claims:
            key = self.forms.key(text)
            if key:
                found = owners.setdefault(key, {})
                found[slug] = found.get(slug, False) or explicit
        # An explicit claim beats derived ones, as it does among exact keys.
        for key, found in owners.items():
            self._slugs[key] = tuple(slug for slug, explicit in found.items() if explicit) or tuple(found)

    def find(self, text: str) -> tuple[str, ...]:
        """The slugs of the terms whose keys share the word forms of ``text`` (several: ambiguous)."""
        key = self.forms.key(text)
        if not key:
            return ()
        claims = self._pending.pop(self._initial(text), None)
        if claims is not None:
            self._index(claims)
        return self._slugs.get(key, ())
