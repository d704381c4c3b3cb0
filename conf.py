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


# -- Which chapters a source change re-executes --------------------------------
# jupyter-cache keys a chapter on its code cells only. Each chapter is also keyed
# on the source of the dlguide modules it uses (and of the docs/ modules it
# imports), followed through their own imports (tools/book_deps.py): editing
# dlguide/schedules.py re-executes the chapters that use the schedules, and no others.
sys.path.insert(0, str(ROOT / "tools"))
from book_deps import chapter_dependencies, dependency_hash  # noqa: E402


def key_on_dependencies(app, docname, source):
    """Append to an executed chapter a hidden cell naming the hash of the modules it
    depends on (a changed module changes the chapter's cache key), and tell Sphinx
    to re-read the chapter when one of those files changes."""
    if "```{code-cell}" not in source[0]:
        return
    path = Path(app.env.doc2path(docname))
    deps = chapter_dependencies(path, source[0])
    for dep in deps:
        app.env.note_dependency(str(dep))
    source[0] += ("\n\n```{code-cell} ipython3\n:tags: [remove-cell]\n\n"
                  f"# dlguide sources this chapter runs: {dependency_hash(deps)}\n```\n")


# -- Project -----------------------------------------------------------------
project = "dlguide"
author = "The dlguide authors"
copyright = "2026, the dlguide authors"
# Read, not imported: a rebuild with nothing to do need not import NumPy.
version = release = re.search(r'__version__ = "(.+?)"',
                              (ROOT / "dlguide" / "__init__.py").read_text()).group(1)

extensions = [
    "myst_nb",
    "sphinx.ext.mathjax",
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
    "numpydoc",
    "sphinx_copybutton",
    "sphinx_exercise",
    "sphinx_togglebutton",
]

exclude_patterns = ["_build", "**.ipynb_checkpoints", "**/README.md"]
# Development aid: DLGUIDE_ONLY="part1/activations,part2/dropout" builds just those
# chapters (plus the home page); the full book is always built by `nox -s docs`.
if os.environ.get("DLGUIDE_ONLY"):
    _keep = {"index", *os.environ["DLGUIDE_ONLY"].split(",")}
    exclude_patterns += [
        p.relative_to(ROOT / "docs").with_suffix("").as_posix() + ".md"
        for p in (ROOT / "docs").rglob("*.md")
        if p.relative_to(ROOT / "docs").with_suffix("").as_posix() not in _keep
    ]
numfig = True
math_numfig = True
math_eqref_format = "({number})"
nitpicky = True

autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_xref_param_type = False
intersphinx_mapping = {}  # offline: no inventories fetched

# -- MyST and execution -------------------------------------------------------
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist", "substitution"]
myst_dmath_double_inline = True
myst_heading_anchors = 3

nb_execution_mode = "cache"  # keyed on each chapter's modules too: key_on_dependencies
nb_execution_cache_path = os.environ.get("DLGUIDE_JCACHE", str(ROOT / "_build" / ".jupyter_cache"))
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
}
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
html_static_path = [str(_mathjax_static)]
mathjax_path = "mathjax/tex-chtml.js"


# -- Notebooks to download ---------------------------------------------------
# Every executed chapter is offered as a Jupyter notebook (.ipynb) beside its
# MyST source in the download menu. The notebook runs in a plain kernel with
# only dlguide installed: `glue` falls back to a no-op outside the book build.
GLUE_IMPORT = "from myst_nb import glue"
GLUE_FALLBACK = """try:
    from myst_nb import glue
except ImportError:  # running outside the book build: glue only records the value
    def glue(name, value, display=True):
        globals().setdefault("GLUED", {})[name] = value
        return value"""


def blank_solutions(source):
    """Replace each ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region with a
    placeholder at the same indentation: the reader's notebook has the task, the
    book has the reference solution."""
    out, skipping = [], False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == "### BEGIN SOLUTION":
            indent = line[: len(line) - len(line.lstrip())]
            out += [f"{indent}# YOUR CODE HERE", f"{indent}raise NotImplementedError"]
            skipping = True
        elif stripped == "### END SOLUTION":
            skipping = False
        elif not skipping:
            out.append(line)
    return "\n".join(out)


def chapter_notebook(text):
    """The chapter as a notebook (nbformat v4), with no outputs."""
    import nbformat
    from myst_nb.core.read import read_myst_markdown_notebook

    nb = read_myst_markdown_notebook(text)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = blank_solutions(cell.source.replace(GLUE_IMPORT, GLUE_FALLBACK))
            cell.outputs, cell.execution_count = [], None
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}
    return nbformat.v4.upgrade(nb) if nb.nbformat < 4 else nb


def add_notebook_download(app, pagename, templatename, context, doctree):
    if doctree is None or app.builder.format != "html":
        return
    source = Path(app.env.doc2path(pagename))
    if source.suffix != ".md":
        return
    text = source.read_text(encoding="utf-8")
    if "```{code-cell}" not in text:
        return
    import nbformat

    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(chapter_notebook(text), str(target))
    context["ipynb_source"] = f"{pagename}.ipynb"


def note_whether_anything_is_read(app, env, docnames):
    env.dlguide_read_any = bool(docnames) or bool(env.dlguide_removed_any)


def note_removed(app, env, added, changed, removed):
    env.dlguide_removed_any = bool(removed)
    return []


def skip_numbering_when_nothing_was_read(app):
    """Sphinx renumbers every figure of the book on every build, unpickling each
    chapter's doctree to do so (about a second here), even when no chapter was
    read. With nothing read or removed no number can have changed: skip it then."""
    from sphinx.environment.collectors.toctree import TocTreeCollector

    for listener in list(app.events.listeners.get("env-get-updated", [])):
        if getattr(listener.handler, "__func__", None) is TocTreeCollector.get_updated_docs:
            renumber = listener.handler
            app.disconnect(listener.id)

            def get_updated_docs(app, env, renumber=renumber):
                return renumber(app, env) if getattr(env, "dlguide_read_any", True) else []

            app.connect("env-get-updated", get_updated_docs, priority=listener.priority)


def cache_compiled_templates(app):
    """Keep the theme's Jinja templates compiled between builds (Jinja's own
    bytecode cache, in the doctree folder): compiling them again costs about
    half a second per build, even one that writes only the search page."""
    if app.builder.format != "html":
        return
    from jinja2 import FileSystemBytecodeCache

    folder = Path(app.doctreedir) / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    app.builder.templates.environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def setup(app):
    skip_numbering_when_nothing_was_read(app)
    app.connect("builder-inited", cache_compiled_templates)
    app.connect("env-get-outdated", note_removed)
    app.connect("env-before-read-docs", note_whether_anything_is_read)
    # Before sphinx-book-theme draws the download menu (priority 501).
    app.connect("html-page-context", add_notebook_download, priority=500)
    app.connect("source-read", key_on_dependencies)
