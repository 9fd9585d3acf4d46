"""Deterministic synthetic corpora and doc projects for the benchmark (seeded, no network)."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docutils.nodes import make_id

try:
    from sphinx_bizterms.corpus.article import Article, load_article
except ImportError:  # a checkout from before the core moved into its own folder
    from sphinx_bizterms.article import Article, load_article

#: Bump when the generated text changes, so that stale corpora in the work dir are rebuilt.
GENERATOR_VERSION = 4


def _split(text: str) -> list[str]:
    return text.split()


_TITLE_WORDS = _split("""
account accrual acquisition allocation amortization annuity arbitrage asset audit backlog
balance bank bankruptcy barter benchmark bond bonus broker budget buyback capital cartel cash
ceiling charter claim clearing collateral commission commodity compliance consignment contract
cost coupon covenant credit currency custody debenture debt deduction default deficit deposit
depreciation derivative discount dividend duty earnings easement equity escrow estate excise
exchange exposure factoring fiduciary franchise freight fund futures goodwill grant guarantee
hedge holding income indemnity index inflation insurance interest inventory invoice lease
ledger leverage liability licence lien liquidity loan margin merger monopoly mortgage netting
option overhead partnership patent payroll pension portfolio premium principal profit proxy
quota rebate receivable recession refinancing reinsurance rent reserve retail revenue risk
royalty salary savings security settlement share solvency spread stock subsidy surplus swap
tariff tax tender trade tranche treasury trust turnover underwriting union valuation vendor
venture volume wage warrant warranty wholesale yield
""")

_QUALIFIERS = _split("""
annual average backed bilateral blended capped compound contingent convertible corporate
cumulative current deferred direct effective fixed floating foreign forward gross implied
indirect marginal minimum mutual net nominal offshore operating preferred primary private
public quarterly real regional residual secured senior statutory strategic subordinated
synthetic trailing unsecured variable weighted økonomisk årlig
""")

_PROSE = _split("""
the a an of to in for on with by as at from that which this these those it its is are was
were be been has have had will would can could may might must should company companies firm
firms market markets investor investors business businesses price prices value rate rates
year years period periods report reports account accounts buyer buyers seller sellers bank
banks government law rules risk return returns cost costs sale sales customer customers
contract contracts payment payments amount amounts share shares fund funds often usually
generally typically also however therefore because when while although since unless between
within across under over after before during higher lower larger smaller new current future
past total annual expected actual common specific important significant different similar
example case way part number level terms conditions practice purpose result results effect
effects decision decisions strategy process processes operation operations service services
product products growth loss losses income debt capital equity owner owners manager managers
employee employees tax taxes economy economic financial legal accounting regulators analysts
measure measures compare compares include includes require requires reduce reduces increase
increases provide provides allow allows depend depends determine determines apply applies
""")

_KEYWORDS = """
Business|Small Business|Corporate Finance|Accounting|Taxes|Investing|Banking|Insurance|
Economics|Trading|Real Estate|Retirement|Personal Finance|Law|Management|Marketing|
International Trade|Derivatives|Bonds|Stocks|Funds|Credit|Payroll|Startups|Regulation
""".replace("\n", "").split("|")

_HEADINGS = (
    "What Is {t}?",
    "Understanding {t}",
    "How {t} Works",
    "Special Considerations",
    "Advantages and Disadvantages",
    "Example of {t}",
    "History of {t}",
    "Types of {t}",
)


@dataclass(frozen=True)
class Term:
    """One generated article's identity, as a doc page cites it."""

    index: int
    title: str
    slug: str
    acronym: str
    description: str
    path: str


def _words(rng: random.Random, n: int) -> list[str]:
    return [rng.choice(_PROSE) for _ in range(n)]


def _sentence(rng: random.Random, low: int = 8, high: int = 22) -> str:
    words = _words(rng, rng.randint(low, high))
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _titles(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """``count`` distinct titles and acronyms whose lookup keys never collide."""
    taken: set[str] = set()
    titles: list[tuple[str, str]] = []
    while len(titles) < count:
        words = [rng.choice(_QUALIFIERS), *rng.sample(_TITLE_WORDS, rng.choice((1, 2, 2, 3)))]
        if rng.random() < 0.3:
            words = words[1:]
        title = " ".join(w.capitalize() for w in words)
        key = "".join(title.lower().split())
        if key in taken:
            continue
        acronym = ""
        if len(words) >= 2 and rng.random() < 0.25:
            candidate = "".join(w[0].upper() for w in words)
            if candidate.lower() not in taken:
                acronym = candidate
                taken.add(candidate.lower())
        taken.add(key)
        titles.append((title, acronym))
    return titles


def _paragraph(rng: random.Random, links: list[tuple[str, str]]) -> str:
    sentences = [_sentence(rng) for _ in range(rng.randint(3, 6))]
    for text, slug in links:
        i = rng.randrange(len(sentences))
        words = sentences[i][:-1].split(" ")
        at = rng.randrange(1, len(words) + 1)
        words.insert(at, f"[{text}](/{slug})")
        sentences[i] = " ".join(words) + "."
    return " ".join(sentences)


def article_text(rng: random.Random, term: Term, terms: Sequence[Term], keywords: list[str]) -> str:
    """An article like the shipped seed: frontmatter, a title, sections, prose, six internal links."""
    targets = [terms[rng.randrange(len(terms))] for _ in range(rng.randint(5, 7))]
    links = [(t.title.lower() if rng.random() < 0.7 else " ".join(_words(rng, 2)), t.slug) for t in targets]
    heading_count = rng.randint(2, 4)
    headings = [h.format(t=term.title) for h in rng.sample(_HEADINGS, heading_count)]
    paragraphs_per = [rng.randint(1, 3) for _ in headings]
    slots = sum(paragraphs_per)
    per_slot: list[list[tuple[str, str]]] = [[] for _ in range(slots)]
    for link in links:
        per_slot[rng.randrange(slots)].append(link)
    lines = ["---", f"title: {term.title}" if not term.acronym else f"title: {term.title} ({term.acronym})"]
    if term.description:
        lines.append(f"description: {term.description}")
    lines.append(f"keywords: {','.join(keywords)}")
    lines += ["---", "", f"# {lines[1][len('title: ') :]}"]
    slot = 0
    for heading, count in zip(headings, paragraphs_per, strict=True):
        lines += [f"## {heading}", ""]
        for _ in range(count):
            lines += [_paragraph(rng, per_slot[slot]), ""]
            slot += 1
        extra = rng.random()
        if extra < 0.15:
            lines += ["> " + _sentence(rng), ""]
        elif extra < 0.3:
            lines += [f"- {_sentence(rng, 4, 9)}" for _ in range(rng.randint(2, 4))] + [""]
    if rng.random() < 0.2:
        lines += [f"See [the reference](https://example.com/{term.slug}) for details.", ""]
    return "\n".join(lines)


def corpus_terms(count: int, seed: int) -> list[Term]:
    """The identities of a corpus of ``count`` articles; the same for the same arguments."""
    rng = random.Random(f"terms-{seed}-{count}")
    terms = []
    for i, (title, acronym) in enumerate(_titles(rng, count)):
        description = _sentence(rng, 12, 28) if rng.random() < 0.9 else ""
        digest = hashlib.sha1(f"{seed}-{i}".encode(), usedforsecurity=False).hexdigest()[:16]
        terms.append(Term(i, title, make_id(title), acronym, description, f"{i:05d}_{digest}.md"))
    return terms


def _fresh(folder: Path, stamp: dict[str, object]) -> bool:
    """Whether ``folder`` holds exactly what ``stamp`` describes (then it is reused)."""
    marker = folder / ".generated.json"
    try:
        return json.loads(marker.read_text()) == stamp
    except (OSError, ValueError):
        return False


def _mark(folder: Path, stamp: dict[str, object]) -> None:
    (folder / ".generated.json").write_text(json.dumps(stamp))


def make_corpus(folder: Path, count: int, seed: int = 1) -> list[Term]:
    """Write a corpus of ``count`` articles into ``folder`` (reused when already there)."""
    terms = corpus_terms(count, seed)
    stamp = {"version": GENERATOR_VERSION, "count": count, "seed": seed}
    if _fresh(folder, stamp):
        return terms
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(f"bodies-{seed}-{count}")
    for term in terms:
        keywords = rng.sample(_KEYWORDS, rng.randint(1, 3))
        (folder / term.path).write_text(article_text(rng, term, terms, keywords), encoding="utf-8")
    _mark(folder, stamp)
    return terms


@dataclass(frozen=True)
class Project:
    """A generated doc project: the same pages with sphinx-bizterms and with Sphinx's glossary."""

    bizterms: Path
    builtin: Path
    pages: int
    terms: int
    citations: int
    #: A cited term with a description, the one the edit scenario changes (see ``edit_term``).
    edited: Term


_CONF = """\
project = "bench"
extensions = {extensions!r}
exclude_patterns = ["_build"]
html_theme = "alabaster"
# The theme's sidebar renders the whole toctree on every page, a cost that grows with the square
# of the page count and is the same with or without the extension; it would only dilute the ratios.
html_sidebars = {{"**": []}}
{extra}"""


def _cite(rng: random.Random, term: Term, builtin: bool) -> str:
    """One citation of ``term``, in one of the forms writers use, for either project."""
    form = rng.random()
    if builtin:
        full = f"{term.title} ({term.acronym})" if term.acronym else term.title
        if form < 0.7:
            return f":term:`{full}`"
        return f":term:`{term.title.lower()} <{full}>`"
    if form < 0.7:
        return f":bizterm:`{term.title}`"
    if form < 0.85 or not term.acronym:
        return f":bizterm:`{term.title.lower()} <{term.slug}>`"
    return f":bizterm:`{term.acronym}`"


def _page(rng: random.Random, n: int, own: list[Term], extra: list[Term], builtin: bool) -> str:
    title = f"Topic {n}: " + " ".join(w.capitalize() for w in _words(rng, 3))
    lines = [title, "=" * len(title), ""]
    cited = own + extra
    rng.shuffle(cited)
    sections = 3
    per = [cited[i::sections] for i in range(sections)]
    for s, group in enumerate(per):
        heading = f"Part {s + 1}: " + " ".join(_words(rng, 2))
        lines += [heading, "-" * len(heading), ""]
        for chunk in range(0, len(group), 3):
            sentences = [_sentence(rng) for _ in range(4)]
            for term in group[chunk : chunk + 3]:
                i = rng.randrange(len(sentences))
                sentences[i] = sentences[i][:-1] + f", see {_cite(rng, term, builtin)}."
            lines += [" ".join(sentences), ""]
    return "\n".join(lines)


def _description(path: Path) -> str:
    """The text the extension shows as the term's description (the first paragraph if none)."""
    loaded = load_article(path)
    assert isinstance(loaded, Article), loaded
    return loaded.description


def make_project(
    folder: Path, corpus: Path, terms: list[Term], pages: int, cited_terms: int, seed: int = 1
) -> Project:
    """Two projects of ``pages`` pages citing ``cited_terms`` distinct terms, twice each on average.

    ``bizterms/`` cites with ``:bizterm:`` and lists them with ``bizterm-glossary``;
    ``builtin/`` cites with ``:term:`` and holds a ``glossary`` of the same terms and descriptions.
    """
    stamp = {
        "version": GENERATOR_VERSION,
        "corpus": str(corpus),
        "terms": len(terms),
        "pages": pages,
        "cited": cited_terms,
        "seed": seed,
    }
    rng = random.Random(f"project-{seed}")
    chosen = rng.sample(terms, cited_terms)
    per_page = [chosen[i::pages] for i in range(pages)]
    extra = [[rng.choice(chosen) for _ in range(len(own))] for own in per_page]
    citations = sum(len(own) + len(more) for own, more in zip(per_page, extra, strict=True))
    edited = next(t for t in chosen if t.description)
    project = Project(folder / "bizterms", folder / "builtin", pages, cited_terms, citations, edited)
    if _fresh(folder, stamp):
        return project
    shutil.rmtree(folder, ignore_errors=True)
    for root, builtin in ((project.bizterms, False), (project.builtin, True)):
        root.mkdir(parents=True)
        extensions = ["myst_parser"] if builtin else ["myst_parser", "sphinx_bizterms"]
        extra_conf = "" if builtin else f"bizterms_corpus = [{str(corpus)!r}]\n"
        (root / "conf.py").write_text(_CONF.format(extensions=extensions, extra=extra_conf))
        page_rng = random.Random(f"pages-{seed}")  # the same prose in both projects
        names = []
        for n in range(pages):
            name = f"page{n:04d}"
            names.append(name)
            (root / f"{name}.rst").write_text(_page(page_rng, n, per_page[n], extra[n], builtin))
        toctree = "\n".join(f"   {name}" for name in [*names, "glossary"])
        (root / "index.rst").write_text(f"Bench\n=====\n\n.. toctree::\n   :maxdepth: 1\n\n{toctree}\n")
        if builtin:
            entries = []
            for term in sorted(chosen, key=lambda t: t.title.lower()):
                full = f"{term.title} ({term.acronym})" if term.acronym else term.title
                entries.append(f"   {full}\n      {_description(corpus / term.path)}\n")
            body = ".. glossary::\n   :sorted:\n\n" + "\n".join(entries)
        else:
            body = ".. bizterm-glossary::\n"
        (root / "glossary.rst").write_text(f"Glossary\n========\n\n{body}")
    _mark(folder, stamp)
    return project


#: What the edit scenario appends to one term's description.
EDIT = " Revised."


def edit_term(project: Project, corpus: Path, builtin: bool) -> tuple[Path, bytes]:
    """Change the description of ``project.edited`` where each project keeps it.

    For sphinx-bizterms that is the article in the corpus; for Sphinx's glossary, its entry in
    ``glossary.rst``. Returns the file and its old content, for the caller to put back.
    """
    path = project.builtin / "glossary.rst" if builtin else corpus / project.edited.path
    old = path.read_bytes()
    text = old.decode("utf-8")
    description = _description(corpus / project.edited.path) if builtin else project.edited.description
    if description not in text:
        raise ValueError(f"{path} does not hold the description of {project.edited.title!r}")
    path.write_text(text.replace(description, description + EDIT, 1), encoding="utf-8")
    return path, old
