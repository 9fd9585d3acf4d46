"""Rewrite rules: which patterns are refused, and what applying the others does to a body."""

from __future__ import annotations

import pytest

from sphinx_bizterms.corpus.rewrite import MAX_REWRITE_LINE, apply_rewrites, rewrite_problem
from sphinx_bizterms.corpus.settings import Rewrite

HUGO = Rewrite(
    r'\{\{<\s*glossary_tooltip\s+(?:text="([^"]*)"\s+)?term_id="([^"]*)"\s*>\}\}',
    r"[\1](/\2)",
)
JEKYLL = Rewrite(r"\{%\s*link\s+_glossary/([^%\s]+)\s*%\}", r"\1")


@pytest.mark.parametrize("rule", [HUGO, JEKYLL, Rewrite("(?:ab)+", "x"), Rewrite("(?:a+b)?", "x")])
def test_usable_rules(rule: Rewrite) -> None:
    assert rewrite_problem(rule) is None


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        (Rewrite(r"(\w+\s?)*", "x"), "a quantifier inside a quantified group"),
        (Rewrite("(a|ab)*", "x"), "an alternation inside a quantified group"),
        (Rewrite("(?:a{2,})+", "x"), "a quantifier inside a quantified group"),
        (Rewrite(r"(a)\1", "x"), "a backreference"),
        (Rewrite(r"(?P<q>')x(?P=q)", "x"), "a backreference"),
        (Rewrite("(", "x"), "is not a valid regular expression"),
        (Rewrite("a", r"\3"), "is not valid for pattern"),
        (Rewrite("a", "b\nc"), "adds a line break"),
        (Rewrite("a", r"b\nc"), "adds a line break"),
    ],
)
def test_refused_rules_say_why(rule: Rewrite, problem: str) -> None:
    assert problem in (rewrite_problem(rule) or "")


def test_shortcodes_become_links_and_lines_stay() -> None:
    body = (
        'A {{< glossary_tooltip text="node" term_id="node" >}} runs\n'
        '{{< glossary_tooltip term_id="pod" >}}s; see [the guide]({% link _glossary/vendor.md %}).\n'
    )
    assert apply_rewrites(body, [HUGO, JEKYLL]) == (
        "A [node](/node) runs\n[](/pod)s; see [the guide](vendor.md).\n"
    )


def test_rules_apply_in_order() -> None:
    rules = [Rewrite("a", "b"), Rewrite("b", "c")]
    assert apply_rewrites("ab", rules) == "cc"
    assert apply_rewrites("ab", rules[::-1]) == "bc"


def test_refused_rules_and_line_breaks_from_escapes_change_nothing() -> None:
    assert apply_rewrites("aaa", [Rewrite(r"(a+)+", "x")]) == "aaa"
    assert apply_rewrites("a\nb", [Rewrite("a", r"\012")]) == "a\nb"  # an octal line break


def test_long_lines_are_left_as_they_are() -> None:
    short, long = "a" * MAX_REWRITE_LINE, "a" * (MAX_REWRITE_LINE + 1)
    rule = Rewrite("a+", "b")
    assert apply_rewrites(f"{short}\n{long}", [rule]) == f"b\n{long}"
