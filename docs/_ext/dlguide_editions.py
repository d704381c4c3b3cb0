"""The book's editions: English, and translations built from gettext catalogues
(docs/locale/<lang>/LC_MESSAGES, one per page; conf.py's ``dlguide_editions``).

- ``config-inited``: the edition's own settings over conf.py's English ones
  (:func:`configure_edition`).
- a transform that leaves math blocks and the package's docstrings out of the
  catalogues (:class:`KeepUntranslated`).
- ``doctree-read``: in a translation, warn about every message left in English
  (:func:`report_untranslated`); in every edition, check that every glued number
  was pasted (:func:`check_pasted`).
- the ``{glue:text}`` role, made to work inside translated messages
  (:class:`PasteTextInTranslation`).
- ``html-page-context``: link each page to the same page in the other edition
  (:func:`link_other_edition`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import ClassVar

import sphinx.search.zh
from docutils import nodes
from myst_nb.ext.glue.domain import NbGlueDomain
from myst_nb.ext.glue.roles import PasteTextRole
from myst_nb.ext.glue.utils import PendingGlueReference
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.nodes import extract_messages

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from dlguide_build import edition_url
from po import is_prose, translations

logger = logging.getLogger(__name__)


def catalogue_of(app, docname):
    """The page's translations in the edition being built (None in English)."""
    if app.config.language in (None, "en"):
        return None
    path = (Path(app.srcdir) / app.config.locale_dirs[0] / app.config.language / "LC_MESSAGES"
            / f"{docname}.po")
    return translations(path) if path.is_file() else None


class KeepUntranslated(SphinxTransform):
    """Math blocks are formulas, not prose, and the package's docstrings (the API
    reference) are the package's own text, read with help(): neither is a message.
    Runs before Sphinx translates the page (its Locale transform has priority 20);
    ``translatable = False`` is the attribute Sphinx's i18n honours."""

    default_priority = 19

    def apply(self):
        for node in self.document.findall(nodes.TextElement):
            if isinstance(node, nodes.math_block) or ":docstring of " in (node.source or ""):
                node["translatable"] = False


def adopt_translations(app, doctree):
    """The nodes of a translated message still point at the document Sphinx parsed
    the message as, whose settings hold the whole build environment: pickled with
    the page, each message would carry a copy of it (a 9 KB page grew to 20 MB and
    the build to gigabytes). They belong to the page."""
    for node in doctree.findall():
        if getattr(node, "document", None) not in (None, doctree):
            node.document = doctree


def report_untranslated(app, doctree):
    """In a translated edition, warn about every message of prose the catalogue does
    not translate (with -W the build fails): the English changed, or a translation
    is missing or fuzzy."""
    if app.config.language in (None, "en"):
        return
    for node, message in extract_messages(doctree):
        if isinstance(node, addnodes.translatable):
            # a toctree keeps its English caption as "rawcaption"; its entries'
            # titles are the pages' own (translated with the pages)
            done = node.get("caption") != node.get("rawcaption") or message != node.get(
                "rawcaption")
        else:
            done = node.get("translated")
        if not done and is_prose(message):
            logger.warning("not translated into %s (update the catalogues: nox -s "
                           "catalogues; then tools/translate.py): %r", app.config.language,
                           message if len(message) < 90 else message[:87] + "...",
                           location=node, type="dlguide", subtype="untranslated")


def is_translation(document):
    """Sphinx parses each translated message as a document of its own, named
    ``<page>:<line>:<translated>``."""
    return str(document.get("source", "")).endswith(":<translated>")


class PasteTextInTranslation(PasteTextRole):
    """``{glue:text}`` that also works in a translated message. Sphinx parses the
    message as a document of its own, without the page's notebook, where the role
    would find no glue data. Here it becomes a reference to the page's own glue data
    (``/<page>.md::key:format``), which myst-nb resolves when the page is written."""

    def run(self):
        if is_translation(self.document) and "::" not in self.text:
            env = self.document.settings.env
            page = Path(env.doc2path(env.docname)).relative_to(env.srcdir)
            # the role reads "key:format" from the right: an unformatted key gets the
            # role's own default format, "s", or "page::key" would split at its "::"
            key = self.text if ":" in self.text else f"{self.text}:s"
            self.text = f"/{page.as_posix()}::{key}"
        return super().run()


class GlueDomain(NbGlueDomain):
    roles: ClassVar = {**NbGlueDomain.roles, "text": PasteTextInTranslation()}


def check_pasted(app, doctree):
    """Every ``{glue:text}`` of the page's source pasted a value, in every edition:
    a role that fails inside a translated message is otherwise silent."""
    path = app.env.doc2path(app.env.docname)
    wanted = Path(path).read_text(encoding="utf-8").count("{glue:text}`")
    pasted = sum(1 for node in doctree.findall(nodes.inline)
                 if "pasted-text" in node.get("classes", ()))
    pasted += sum(1 for _ in doctree.findall(PendingGlueReference))  # pasted on writing
    if pasted != wanted:
        logger.warning("%d of the page's %d {glue:text} roles pasted a value", pasted,
                       wanted, location=app.env.docname, type="dlguide", subtype="glue")


def check_pasted_words(app, doctree, docname):
    """In an edition other than English, no glued value pasted into the prose carries
    words (``po.is_prose``, the rule that makes a message need translating): the
    translation cannot reach them, and they would stay English. Glue the numbers and
    write the words in the page."""
    if (app.config.language or "en") == "en":
        return
    for node in doctree.findall(nodes.inline):
        if "pasted-text" in node.get("classes", ()) and is_prose(node.astext()):
            logger.warning("the glued text %r stays English in this edition: glue its "
                           "numbers and write its words in the page", node.astext(),
                           location=docname, type="dlguide", subtype="glue")


def configure_edition(app, config):
    """The settings of the edition being built (``dlguide_editions[lang]["settings"]``),
    e.g. the Chinese figure captions "图 1.2.3", over conf.py's English ones."""
    edition = config.dlguide_editions.get(config.language or "en", {})
    for name, value in edition.get("settings", {}).items():
        setattr(config, name, value)


def link_other_edition(app, pagename, templatename, context, doctree):
    """``dlguide_edition_link``: the same page in the other edition, for the button in
    the page header (docs/_templates/language-switch.html)."""
    if app.builder.format != "html":
        return
    editions = app.config.dlguide_editions
    here = app.config.language or "en"
    other = next((code for code in editions if code != here), None)
    if other is None or here not in editions:
        return
    context["dlguide_edition_link"] = {
        "url": edition_url(pagename, here, other, editions), "label": editions[other]["label"],
        "hreflang": other.replace("_", "-"), "title": editions[other]["title"]}


class SearchChinese(sphinx.search.zh.SearchChinese):
    """Sphinx's Chinese search, whose stemmer (for the Latin words in Chinese text)
    is the English one. Sphinx 9.0 names the stemmer's JavaScript class after the
    language, ``ChineseStemmer``, which does not exist: the search page fails
    ("ChineseStemmer is not defined", sphinx-doc/sphinx#14229). Named after its
    stemmer, it finds ``EnglishStemmer``."""

    language_name = "English"


def setup(app):
    app.setup_extension("myst_nb")  # first, so that GlueDomain replaces its domain
    app.add_config_value("dlguide_editions", {}, "env")
    app.connect("config-inited", configure_edition)
    app.add_domain(GlueDomain, override=True)
    app.connect("doctree-read", check_pasted)
    app.connect("doctree-resolved", check_pasted_words)
    app.add_transform(KeepUntranslated)
    app.connect("doctree-read", adopt_translations)
    app.connect("doctree-read", report_untranslated)
    app.connect("html-page-context", link_other_edition)
    app.add_search_language(SearchChinese)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
