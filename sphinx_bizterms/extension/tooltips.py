"""Hover previews of cited terms in HTML, and the CSS and JavaScript that show them."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

from ..corpus.article import Article
from ..corpus.deprecation import is_deprecated
from .citing import own_id
from .domain import get_domain

_ = get_translation("sphinx_bizterms")

STATIC_DIR = Path(__file__).parent / "static"
CSS_FILE = "bizterms.css"
JS_FILE = "bizterms.js"
#: A preview's id is this prefix and the term's slug: one preview per term per page.
PREVIEW_PREFIX = own_id("tip", "")
#: The builders that get previews. Not epub, whose readers rarely run scripts (the plain title
#: stays), nor other builders of the HTML format, which may not write what a browser reads.
PREVIEW_BUILDERS = ("html", "dirhtml", "singlehtml")


class bizterm_previews(nodes.General, nodes.Element):
    """A page's hidden previews, one :class:`Preview` each in ``previews``, in one node.

    As standard nodes, a page's previews were a tenth of its nodes, and each cost in every
    later stage (post-transforms, the HTML writer, the collection of garbage). ``label`` is
    the "Keywords:" label in the project's language.
    """


class Preview(NamedTuple):
    """What a term's preview shows."""

    slug: str
    title: str
    #: The URI of the term's entry from this page (the citation's own); None: the title alone.
    href: str | None
    description: str
    keywords: tuple[str, ...]
    #: For a deprecated term, what the preview says about it first.
    notice: str = ""


class bizterm_reference(nodes.reference):
    """A citation link that names its preview (``aria-describedby``)."""


class bizterm_abbreviation(nodes.abbreviation):
    """A citation of a term shown nowhere in the project: no link, but focusable, with a preview."""


def setup_tooltips(app: Sphinx) -> None:
    app.add_node(bizterm_previews, html=(visit_previews, depart_previews))
    app.add_node(bizterm_reference, html=(visit_citation_link, depart_citation_link))
    app.add_node(bizterm_abbreviation, html=(visit_citation_abbr, depart_citation_abbr))
    app.add_post_transform(PreviewTransform)
    app.connect("config-inited", add_static_path)
    app.connect("builder-inited", add_assets)


def add_static_path(app: Sphinx, config: Config) -> None:
    """Put the package's static folder in ``html_static_path`` (only HTML builders read it).

    Done when the configuration is read, not when the builder starts, so that the value
    Sphinx pickles equals the one it reads next time and no rebuild says it changed.
    """
    # First, so that a file of the same name in the project's own static path wins.
    if str(STATIC_DIR) not in config.html_static_path:
        config.html_static_path = [str(STATIC_DIR), *config.html_static_path]


def add_assets(app: Sphinx) -> None:
    """Ship the stylesheet (glossary and previews) and, with previews on, the script; HTML only."""
    if app.builder.format != "html":
        return
    app.add_css_file(CSS_FILE)
    if app.config.bizterms_tooltips and app.builder.name in PREVIEW_BUILDERS:
        app.add_js_file(JS_FILE, loading_method="defer")


class PreviewTransform(SphinxPostTransform):
    """Give each cited term on a page one hidden preview, named by every citation of it."""

    default_priority = 20  # after ReferencesResolver (10) has turned citations into links
    builders = PREVIEW_BUILDERS

    def is_supported(self) -> bool:
        return super().is_supported() and bool(self.config.bizterms_tooltips)

    def run(self, **kwargs: Any) -> None:
        corpus = get_domain(self.env).corpus
        # slug -> the URI of the term's entry from the first resolved link to it (None while
        # only unlinked citations have been seen)
        targets: dict[str, str | None] = {}
        for inline in list(self.document.findall(nodes.inline)):
            slug = inline.get("bizterm_slug")
            holder = inline.parent
            if not slug or slug not in corpus.by_slug or holder is None:
                continue
            if type(holder) is nodes.reference:
                cls: type[nodes.TextElement] = bizterm_reference
                if targets.get(slug) is None:
                    targets[slug] = holder.get("refuri") or "#" + holder.get("refid", "")
            elif type(holder) is nodes.abbreviation:
                cls = bizterm_abbreviation
                targets.setdefault(slug, None)
            else:
                continue
            citation = cls(holder.rawsource, "", *holder.children, **holder.attributes)
            citation["describedby"] = PREVIEW_PREFIX + slug
            holder.replace_self(citation)
        if not targets:
            return
        previews = []
        for slug, href in targets.items():
            article = corpus.by_slug[slug]
            notice = deprecation_notice(article) if is_deprecated(article) else ""
            description = corpus.description(article)
            previews.append(Preview(slug, article.title, href, description, article.keywords, notice))
        self.document += bizterm_previews(
            "",
            classes=["bizterm-previews", "no-search"],
            label=_("Keywords:"),
            previews=previews,
        )


def deprecation_notice(article: Article) -> str:
    """ "Deprecated; replaced by …", in the project's language.

    The replacement is named as the article names it, not by its title: a page is written
    again when an article it cites changes, not when the replacement does.
    """
    if article.replaced_by:
        return _("Deprecated; replaced by %s.") % article.replaced_by.lstrip("/")
    return _("Deprecated.")


def visit_previews(self: HTML5Translator, node: bizterm_previews) -> None:
    """Write each preview as a hidden ``role="tooltip"`` box: its title (a link to the term's
    entry), description and keywords. Hidden, so that without the script (or its stylesheet)
    a preview never shows on its own."""
    encode, attval = self.encode, self.attval
    html = [self.starttag(node, "div", CLASS="docutils container")]
    for slug, title, href, description, keywords, notice in node["previews"]:
        preview_id = attval(PREVIEW_PREFIX + slug)
        html.append(f'<div class="bizterm-preview" hidden="hidden" id="{preview_id}" role="tooltip">\n')
        title_html = encode(title)
        if href is not None:
            title_html = f'<a class="reference internal" href="{attval(href)}">{title_html}</a>'
        html.append(f'<p class="bizterm-preview-title">{title_html}</p>\n')
        if notice:
            html.append(f'<p class="bizterm-preview-deprecated">{encode(notice)}</p>\n')
        if description:
            html.append(f'<p class="bizterm-preview-description">{encode(description)}</p>\n')
        if keywords:
            html.append(
                f'<p class="bizterm-preview-keywords"><strong>{encode(node["label"])}</strong> '
                f"{encode(', '.join(keywords))}</p>\n"
            )
        html.append("</div>\n")
    html.append("</div>\n")
    self.body.append("".join(html))
    raise nodes.SkipNode


def depart_previews(self: HTML5Translator, node: bizterm_previews) -> None:
    pass  # the visit writes every preview


def visit_citation_link(self: HTML5Translator, node: bizterm_reference) -> None:
    # Like HTML5Translator.visit_reference for an internal link, plus the preview's id.
    atts = {
        "class": "reference internal",
        "href": node["refuri"] or "#" if "refuri" in node else "#" + node["refid"],
        "aria-describedby": node["describedby"],
    }
    if "reftitle" in node:
        atts["title"] = node["reftitle"]
    self.body.append(self.starttag(node, "a", "", **atts))


def depart_citation_link(self: HTML5Translator, node: bizterm_reference) -> None:
    self.body.append("</a>")


def visit_citation_abbr(self: HTML5Translator, node: bizterm_abbreviation) -> None:
    atts = {"tabindex": "0", "aria-describedby": node["describedby"]}
    if node.get("explanation"):
        atts["title"] = node["explanation"]
    self.body.append(self.starttag(node, "abbr", "", **atts))


def depart_citation_abbr(self: HTML5Translator, node: bizterm_abbreviation) -> None:
    self.body.append("</abbr>")
