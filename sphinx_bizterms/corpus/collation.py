"""Sorting and grouping titles the way readers of a language expect, without ICU."""

from __future__ import annotations

import unicodedata

#: Letters that sort after Z, in order, per language; others sort by their base letter.
_AFTER_Z = {
    "da": "æøå",
    "nb": "æøå",
    "nn": "æøå",
    "no": "æøå",
    "sv": "åäö",
    "fi": "åäö",
    "et": "õäöü",
    "is": "æö",
}
#: Spellings that a language files under one of its own letters (German ä is Danish æ).
_FOLDED = {
    "da": {"ä": "æ", "ö": "ø", "ü": "y"},
    "nb": {"ä": "æ", "ö": "ø", "ü": "y"},
    "nn": {"ä": "æ", "ö": "ø", "ü": "y"},
    "no": {"ä": "æ", "ö": "ø", "ü": "y"},
    "sv": {"æ": "ä", "ø": "ö"},
    "fi": {"æ": "ä", "ø": "ö"},
}

#: Letters that Unicode does not decompose, spelled out for languages without them.
_SPELLED = {"æ": "ae", "ø": "o", "œ": "oe", "ß": "ss", "ð": "d", "þ": "th", "ł": "l", "đ": "d", "ı": "i"}


def _language(language: str | None) -> str:
    return (language or "en").replace("-", "_").split("_")[0].lower()


def _letters(text: str, language: str | None) -> list[str]:
    """The collation letters of ``text``: lower case, accents dropped unless the language keeps them."""
    lang = _language(language)
    after_z = _AFTER_Z.get(lang, "")
    folded = _FOLDED.get(lang, {})
    letters: list[str] = []
    for ch in unicodedata.normalize("NFC", text).casefold():
        ch = folded.get(ch, ch)
        if ch in after_z:
            letters.append(ch)
            continue
        for part in unicodedata.normalize("NFKD", _SPELLED.get(ch, ch)):
            if part.isalnum():
                letters.append(part)
    return letters


def sort_key(title: str, language: str | None) -> tuple[tuple[tuple[int, str], ...], str]:
    """A key that sorts titles alphabetically for ``language`` (in ``da``, Æ Ø Å after Z).

    A title sorts before the longer titles that start with it; the title itself only
    breaks ties between titles that collate alike (``Cafe``, ``Café``).
    """
    after_z = _AFTER_Z.get(_language(language), "")
    key: list[tuple[int, str]] = []
    for letter in _letters(title, language):
        if letter in after_z:
            key.append((2, str(after_z.index(letter))))
        elif letter.isdigit():
            key.append((0, letter))
        else:
            key.append((1, letter))
    return tuple(key), title


#: Hangul's leading consonants, as NFKD spells the start of a syllable, written as readers
#: write them alone; a doubled one is filed under its single one, as Korean indexes do.
_HANGUL_INITIALS = dict(
    zip("ᄀᄁᄂᄃᄄᄅᄆᄇᄈᄉᄊᄋᄌᄍᄎᄏᄐᄑᄒ", "ㄱㄱㄴㄷㄷㄹㅁㅂㅂㅅㅅㅇㅈㅈㅊㅋㅌㅍㅎ", strict=True)
)


def group_letter(title: str, language: str | None) -> str:
    """The heading a title is filed under: its first letter, ``0–9`` or ``#``.

    Letters of any alphabet head a group of their own (``К``, ``Ω``, Hangul's ``ㄱ``);
    ideographs, of which there are thousands, are filed under ``#``.
    """
    letters = _letters(title, language)
    if not letters:
        return "#"
    first = letters[0]
    if first.isdigit():
        return "0–9"
    if first in _HANGUL_INITIALS:
        return _HANGUL_INITIALS[first]
    if not first.isalpha() or unicodedata.name(first, "").startswith("CJK"):
        return "#"
    return first.upper()
