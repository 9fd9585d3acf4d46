"""The Markdown that site generators add: wikilinks, ``:::`` admonitions and HTML comments."""

from __future__ import annotations

import re
from typing import NamedTuple

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.container import container_plugin

#: ``[[key]]``, ``[[key#heading]]``, ``[[key|text]]``. Each part is bounded and holds no
#: bracket, so trying the rule at every ``[`` of ``[[[[…`` costs a constant each time.
_WIKILINK = re.compile(r"\[\[([^\[\]|#\n]{0,300})(#[^\[\]|\n]{0,300})?(?:\|([^\[\]\n]{0,300}))?\]\]")

#: The kinds of Docusaurus and VitePress admonitions, and the docutils node each becomes.
ADMONITION_KINDS = {
    "note": "note",
    "info": "note",
    "tip": "tip",
    "important": "important",
    "warning": "warning",
    "caution": "caution",
    "danger": "danger",
}
#: ``:::note``, ``:::note[Title]``, ``:::note Title`` (after the colons).
_ADMONITION = re.compile(r"\s*([a-z]+)(?:\[([^\]\n]*)\]|\s+([^\n{]*))?(?:\{[^}\n]*\})?\s*")

_COMMENT_START, _COMMENT_END = "<!--", "-->"


class Admonition(NamedTuple):
    """The kind (a key of :data:`ADMONITION_KINDS`) and title of a ``:::`` block."""

    kind: str
    title: str


def admonition_of(info: str) -> Admonition | None:
    """What follows the colons of a ``:::`` line, read as an admonition, or None."""
    found = _ADMONITION.fullmatch(info)
    if found is None or found.group(1) not in ADMONITION_KINDS:
        return None
    return Admonition(found.group(1), (found.group(2) or found.group(3) or "").strip())


def site_syntax(md: MarkdownIt) -> None:
    """A markdown-it plugin: wikilinks and ``:::`` admonitions, for the scan and the render."""
    md.inline.ruler.before("link", "wikilink", _wikilink)
    md.inline.ruler.before("image", "wikilink_embed", _embed)
    # One container for every kind: its token's ``info`` says which (see admonition_of).
    container_plugin(md, "admonition", validate=lambda params, *_: admonition_of(params) is not None)


def _wikilink(state: StateInline, silent: bool) -> bool:
    """``[[key|text]]`` as ``wikilink_open``, the text, ``wikilink_close``."""
    src, pos = state.src, state.pos
    if not src.startswith("[[", pos):
        return False
    found = _WIKILINK.match(src, pos)
    # ``[[a]](/b)`` is a Markdown link whose text is ``[a]``; ``[[]]`` is nothing.
    if found is None or src.startswith("(", found.end()) or not _label(found):
        return False
    if not silent:
        key = found.group(1).strip()
        if key:
            token = state.push("wikilink_open", "a", 1)
            token.meta = {"key": key, "target": found.group(0)}
            token.info = found.group(2) or ""
        # ``[[#Risks]]``, a heading of the same note, is its text: this article has no anchors.
        state.push("text", "", 0).content = _label(found)
        if key:
            state.push("wikilink_close", "a", -1)
    state.pos = found.end()
    return True


def wikilinks_as_text(text: str) -> str:
    """``text`` with each wikilink replaced by its text (``[[key|text]]``) or key."""
    if "[[" not in text:
        return text
    return _WIKILINK.sub(_label, text)


def _label(found: re.Match[str]) -> str:
    """What a wikilink shows: its text, else its key, else (``[[#Risks]]``) its heading."""
    text, key, heading = found.group(3), found.group(1).strip(), found.group(2) or "#"
    return text.strip() if text is not None else key or heading[1:].strip()


def _embed(state: StateInline, silent: bool) -> bool:
    """``![[diagram.png]]``, an embedded file, as one ``wikilink_embed`` token: never shown."""
    src, pos = state.src, state.pos
    if not src.startswith("![[", pos):
        return False
    found = _WIKILINK.match(src, pos + 1)
    if found is None:
        return False
    if not silent:
        token = state.push("wikilink_embed", "", 0)
        token.content = found.group(1).strip()
    state.pos = found.end()
    return True


def is_comment(html: str) -> bool:
    """Whether raw HTML is nothing but comments (``<!--more-->``) and white space."""
    return not strip_comments(html).strip()


def strip_comments(text: str) -> str:
    """``text`` without its HTML comments, each replaced by the line breaks it held.

    An unclosed comment hides the rest of the text, as it does in a browser. Each search
    starts where the last one ended, so the cost is linear however many ``<!--`` there are.
    """
    if _COMMENT_START not in text:
        return text
    parts: list[str] = []
    pos = 0
    while (start := text.find(_COMMENT_START, pos)) >= 0:
        end = text.find(_COMMENT_END, start + len(_COMMENT_START))
        stop = len(text) if end < 0 else end + len(_COMMENT_END)
        parts.append(text[pos:start])
        parts.append("\n" * text.count("\n", start, stop))
        pos = stop
    parts.append(text[pos:])
    return "".join(parts)
