"""The Sphinx layer: the ``bizterm`` role, directives, domain, glossary, previews and builder."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.typing import ExtensionMetadata

from ..version import __version__
from .builder import BizTermsBuilder
from .config import setup_config
from .directives import BizTermDirective, GlossaryDirective
from .domain import BizTermsDomain
from .events import on_build_finished, on_builder_inited, on_env_get_outdated, on_env_updated
from .glossary import (
    GlossaryTransform,
    HTMLGlossaryTransform,
    depart_link_line,
    link_line,
    visit_link_line,
)
from .mentions import setup_mentions
from .nodes import bizterm_glossary, release_written
from .roles import BizTermRole
from .targets import IdTargetTransform
from .tooltips import setup_tooltips


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the configuration, domain, role, directives, transforms, builder and events."""
    setup_config(app)
    app.add_domain(BizTermsDomain)
    app.add_role("bizterm", BizTermRole())
    app.add_directive("bizterm", BizTermDirective)
    app.add_directive("bizterm-glossary", GlossaryDirective)
    app.add_node(bizterm_glossary)
    app.add_post_transform(GlossaryTransform)
    app.add_post_transform(HTMLGlossaryTransform)
    app.add_node(link_line, html=(visit_link_line, depart_link_line))
    app.add_builder(BizTermsBuilder)
    app.add_post_transform(IdTargetTransform)
    setup_tooltips(app)
    setup_mentions(app)
    app.add_message_catalog("sphinx_bizterms", str(Path(__file__).parent / "locale"))

    app.connect("builder-inited", on_builder_inited)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-updated", on_env_updated)
    app.connect("build-finished", on_build_finished)
    app.connect("html-page-context", release_written, priority=999)

    return {
        "version": __version__,
        # 2: the domain's records and derived state changed shape (corpus settings, mentions,
        # the glossary entry model); an environment pickled by version 1 is read afresh.
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
