"""The book's build hooks, each on a public Sphinx event (a local Sphinx extension).

- ``source-read``: run each exercise's solution code at the end of its chapter
  (:func:`run_solutions`), and key each executed chapter's cache on the dlguide
  modules it runs (:func:`key_on_dependencies`).
- ``html-page-context``: write each executed chapter as a notebook to download,
  with the assignments' solutions blanked and, in a translated edition, the
  prose translated (:func:`add_notebook_download`).

The editions (English and its translations) have hooks of their own, in
dlguide_editions.py, which this extension loads. conf.py only configures; it
loads this extension by name. Nothing here needs Sphinx to import (the tests
import it).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from book_deps import chapter_dependencies, dependency_hash
from po import translate_markdown

# -- Which chapters a source change re-executes --------------------------------
# jupyter-cache keys a chapter on its code cells only. Each chapter is also keyed
# on the source of the dlguide modules it uses (and of the docs/ modules it
# imports), followed through their own imports (tools/book_deps.py): editing
# dlguide/schedules.py re-executes the chapters that use the schedules, and no others.


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


# -- Exercise solutions are run ------------------------------------------------
# A solution's code is shown, not executed, inside its dropdown. So that no solution
# ships broken, or claims what its code does not do, each one's Python code is also
# appended to its chapter as a hidden cell: the build runs it after the chapter's own
# cells, in their namespace, in the order of the page, as a reader doing the
# exercises would. A solution that raises fails the build (-W) with its traceback;
# a solution states what its prose claims as an assert.
SOLUTION = re.compile(r"^(`{3,})\{solution\}[ \t]*(\S+)[^\n]*\n(.*?)\n\1[ \t]*$",
                      re.DOTALL | re.MULTILINE)
PYTHON = re.compile(r"^```python[ \t]*\n(.*?)\n```[ \t]*$", re.DOTALL | re.MULTILINE)


def solution_cells(source):
    """The Python code of each ``{solution}`` of a MyST page, as hidden code cells
    (``remove-cell``), each headed by a comment naming its exercise."""
    return [f"```{{code-cell}} ipython3\n:tags: [remove-cell]\n\n# the solution of {label}, "
            f"run by the build (docs/_ext/dlguide_build.py)\n{code}\n```\n"
            for _, label, body in SOLUTION.findall(source) for code in PYTHON.findall(body)]


def run_solutions(app, docname, source):
    """Append the solutions' code to an executed chapter (:func:`solution_cells`)."""
    if "```{code-cell}" in source[0]:
        source[0] += "".join(f"\n\n{cell}" for cell in solution_cells(source[0]))


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


def chapter_notebook(text, catalogue=None):
    """The chapter as a notebook (nbformat v4), with no outputs; with a catalogue, its
    markdown cells translated. Returns the notebook and the number of prose blocks
    the catalogue left untranslated."""
    import nbformat
    from myst_nb.core.read import read_myst_markdown_notebook

    nb = read_myst_markdown_notebook(text)
    missing = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown" and catalogue is not None:
            cell.source, done, total = translate_markdown(cell.source, catalogue)
            missing += total - done
        if cell.cell_type == "code":
            cell.source = blank_solutions(cell.source.replace(GLUE_IMPORT, GLUE_FALLBACK))
            cell.outputs, cell.execution_count = [], None
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}
    return (nbformat.v4.upgrade(nb) if nb.nbformat < 4 else nb), missing


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
    from dlguide_editions import catalogue_of
    from sphinx.util import logging

    nb, missing = chapter_notebook(text, catalogue_of(app, pagename))
    if missing:  # the page is translated (the build checks it), its notebook not all
        logging.getLogger(__name__).warning(
            "%d prose blocks of the notebook left in English (tools/po.py "
            "translate_markdown did not find them in the catalogue)", missing,
            location=pagename, type="dlguide", subtype="notebook")
    nbformat.write(nb, str(target))
    context["ipynb_source"] = f"{pagename}.ipynb"


# -- The editions' addresses -----------------------------------------------------


def edition_url(pagename, here, other, editions):
    """The relative address, from ``pagename`` in edition ``here``, of the same page
    in edition ``other``: English at the root of the build, each translation in its
    folder (``editions[code]["folder"]``)."""
    up = "../" * (pagename.count("/") + (1 if editions[here]["folder"] else 0))
    folder = editions[other]["folder"]
    return up + (f"{folder}/" if folder else "") + pagename + ".html"


def setup(app):
    app.setup_extension("dlguide_editions")
    # Before sphinx-book-theme draws the download menu (priority 501).
    app.connect("html-page-context", add_notebook_download, priority=500)
    # the solutions first: their imports count among the chapter's dependencies
    app.connect("source-read", run_solutions, priority=400)
    app.connect("source-read", key_on_dependencies)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
