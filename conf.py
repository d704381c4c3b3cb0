"""Sphinx configuration for the dlguide book (chapters in docs/)."""

from __future__ import annotations

import os
import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).parent.resolve()

# Chapters run in a kernel with docs/ as cwd and inherit the environment, not
# sys.path: put the repository root on PYTHONPATH so `import dlguide` finds this
# checkout even without an install.
sys.path.insert(0, str(ROOT))
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
)

# One BLAS thread per chapter kernel: with -j the kernels run side by side, and
# OpenBLAS threads fighting over two cores made chapters up to ten times slower.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")


# -- Project -----------------------------------------------------------------
project = "dlguide"
author = "The dlguide authors"
copyright = "2026, the dlguide authors"
# Read, not imported: a rebuild with nothing to do need not import NumPy.
version = release = re.search(r'__version__ = "(.+?)"',
                              (ROOT / "dlguide" / "__init__.py").read_text()).group(1)

# The book's build hooks (cache keys per chapter, notebook downloads) live in a
# local extension, docs/_ext/dlguide_build.py: this file only configures.
sys.path.insert(0, str(ROOT / "docs" / "_ext"))
extensions = [
    "dlguide_build",
    "myst_nb",
    "sphinx.ext.mathjax",
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "numpydoc",
    "sphinx_copybutton",
    "sphinx_exercise",
    "sphinx_togglebutton",
]

exclude_patterns = ["_build", "_ext", "_static", "_templates", "locale", "**.ipynb_checkpoints",
                    "**/README.md"]
# Development aid: DLGUIDE_ONLY="part1/activations,part2/dropout" builds just those
# chapters (plus the home page); the full book is always built by `nox -s docs`.
if os.environ.get("DLGUIDE_ONLY"):
    _keep = {"index", *os.environ["DLGUIDE_ONLY"].split(",")}
    exclude_patterns += [
        p.relative_to(ROOT / "docs").with_suffix("").as_posix() + ".md"
        for p in (ROOT / "docs").rglob("*.md")
        if p.relative_to(ROOT / "docs").with_suffix("").as_posix() not in _keep
        and p.stem != "index"  # the part pages hold the table of contents
    ]
    suppress_warnings = ["toc.not_readable", "toc.excluded"]  # the chapters left out
# Parts are numbered 1, 2, ...; chapters within them 1.1, 1.2, ...; figures and
# equations within their chapter: Figure 1.7.2, equation (1.7.3).
numfig = True
math_numfig = True
numfig_secnum_depth = 2
numfig_format = {"figure": "Figure %s", "table": "Table %s", "code-block": "Listing %s",
                 "section": "Section %s"}

# -- Two editions ------------------------------------------------------------
# English, and Simplified Chinese from the catalogues in docs/locale/zh_CN
# (gettext, one catalogue per page, kept up to date with sphinx-intl; built with
# -D language=zh_CN; nox -s docs builds both). Math blocks and the docstrings of
# the API reference are not messages (docs/_ext/dlguide_editions.py marks them).
language = "en"
locale_dirs = ["locale/"]
gettext_compact = False
gettext_location = False  # line numbers would churn every catalogue on every edit
gettext_uuid = False
dlguide_editions = {
    "en": {"label": "English", "folder": "", "title": "This page in English"},
    "zh_CN": {"label": "中文", "folder": "zh_CN", "title": "本页的中文版",
              "settings": {  # what differs besides the text
                  "numfig_format": {"figure": "图 %s", "table": "表 %s",
                                    "code-block": "代码 %s", "section": "第 %s 节"},
                  "html_title": "dlguide：可执行的深度学习"}},
}
math_eqref_format = "({number})"
nitpicky = True
# the cache types' field annotations
nitpick_ignore = [("py:class", "np.ndarray"), ("py:class", "numpy.ndarray")]

autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
intersphinx_mapping = {}  # offline: no inventories fetched

# -- MyST and execution -------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "substitution"]
myst_dmath_double_inline = True
myst_heading_anchors = 3

nb_execution_mode = "cache"  # keyed on each chapter's modules too (dlguide_build)
nb_execution_cache_path = (os.environ.get("DLGUIDE_JCACHE")
                           or str(ROOT / "_build" / ".jupyter_cache"))
nb_execution_timeout = 900
nb_execution_raise_on_error = False  # with -W the build fails and prints the traceback
nb_execution_show_tb = True
nb_merge_streams = True
nb_ipywidgets_js = {}  # no widget JavaScript from a CDN

# -- HTML ---------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "dlguide: deep learning, executed"
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": True,
    "use_source_button": False,
    "use_repository_button": False,
    "home_page_in_toc": True,
    # the link to the same page in the other edition, before the theme's buttons
    "article_header_end": ["language-switch.html", "article-header-buttons.html"],
}
templates_path = ["docs/_templates"]
html_context = {"default_mode": "auto"}  # light or dark from the reader's system
html_last_updated_fmt = None
# No general index and no module index: the API page and search serve instead,
# and each costs about half a second on every build, even one with nothing to do.
html_use_index = False
html_domain_indices = False

# MathJax served from the build, never a CDN. The sphinx-mathjax-offline wheel
# ships MathJax 3; its extension breaks parallel builds, so only its files are used.
_mathjax_static = Path(
    metadata.distribution("sphinx-mathjax-offline").locate_file("sphinx-mathjax-offline/static")
)
html_static_path = [str(_mathjax_static), "docs/_static"]
html_css_files = ["dlguide.css"]
mathjax_path = "mathjax/tex-chtml.js"
