"""Hover previews of cited terms in HTML, and the CSS and JavaScript that show them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.locale import get_translation
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

from .article import Article
from .domain import get_domain

_ = get_translation("sphinx_bizterms")

STATIC_DIR = Path(__file__).parent / "static"
CSS_FILE = "bizterms.css"
JS_FILE = "bizterms.js"
#: A preview's id is this prefix and the term's slug: one preview per term per page.
PREVIEW_PREFIX = "bizterm-tip-"
#: The builders that get previews. Not epub, whose readers rarely run scripts (the plain title
#: stays), nor other builders of the HTML format, which may not write what a browser reads.
PREVIEW_BUILDERS = ("html", "dirhtml", "singlehtml")


class bizterm_preview(nodes.General, nodes.Element):
    """A term's title, description and keywords, hidden until the script shows it."""


class bizterm_reference(nodes.reference):
    """A citation link that names its preview (``aria-describedby``)."""


class bizterm_abbreviation(nodes.abbreviation):
    """A citation of a term shown nowhere in the project: no link, but focusable, with a preview."""


def setup_tooltips(app: Sphinx) -> None:
    app.add_node(bizterm_preview, html=(visit_preview, depart_preview))
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
        # slug -> the first resolved link to the term's entry (None while only unlinked citations seen)
        targets: dict[str, nodes.reference | None] = {}
        for inline in list(self.document.findall(nodes.inline)):
            slug = inline.get("bizterm_slug")
            holder = inline.parent
            if not slug or slug not in corpus.by_slug or holder is None:
                continue
            preview_id = PREVIEW_PREFIX + slug
            if type(holder) is nodes.reference:
                link = bizterm_reference(holder.rawsource, "", *holder.children, **holder.attributes)
                link["describedby"] = preview_id
                holder.replace_self(link)
                if targets.get(slug) is None:
                    targets[slug] = link
            elif type(holder) is nodes.abbreviation:
                abbr = bizterm_abbreviation(holder.rawsource, "", *holder.children, **holder.attributes)
                abbr["describedby"] = preview_id
                holder.replace_self(abbr)
                targets.setdefault(slug, None)
        if not targets:
            return
        previews = nodes.container(classes=["bizterm-previews", "no-search"])
        for slug, target in targets.items():
            previews += self.preview(corpus.by_slug[slug], target)
        self.document += previews

    def preview(self, article: Article, link: nodes.reference | None) -> bizterm_preview:
        preview = bizterm_preview(ids=[PREVIEW_PREFIX + article.slug], classes=["bizterm-preview"])
        # Article text is someone else's prose: leave its quotes as they are.
        preview["support_smartquotes"] = False
        title = nodes.paragraph(classes=["bizterm-preview-title"])
        if link is None:
            title += nodes.Text(article.title)
        else:
            # The citation's own link already points at the entry from this very page.
            entry = nodes.reference("", "", nodes.Text(article.title), internal=True)
            for name in ("refuri", "refid"):
                if name in link:
                    entry[name] = link[name]
            title += entry
        preview += title
        if article.description:
            preview += nodes.paragraph(
                article.description, article.description, classes=["bizterm-preview-description"]
            )
        if article.keywords:
            keywords = nodes.paragraph(classes=["bizterm-preview-keywords"])
            keywords += nodes.strong(_("Keywords:"), _("Keywords:"))
            keywords += nodes.Text(" " + ", ".join(article.keywords))
            preview += keywords
        return preview


def visit_preview(self: HTML5Translator, node: bizterm_preview) -> None:
    # hidden: without the script (or its stylesheet) a preview never shows on its own
    self.body.append(self.starttag(node, "div", role="tooltip", hidden="hidden"))


def depart_preview(self: HTML5Translator, node: bizterm_preview) -> None:
    self.body.append("</div>\n")


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
