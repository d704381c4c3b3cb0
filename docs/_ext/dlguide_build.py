"""The book's build hooks, each on a public Sphinx event (a local Sphinx extension).

- ``source-read``: key each executed chapter's cache on the dlguide modules it
  runs (:func:`key_on_dependencies`).
- ``html-page-context``: write each executed chapter as a notebook to download,
  with the assignments' solutions blanked (:func:`add_notebook_download`).

conf.py only configures; it loads this extension by name.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from book_deps import chapter_dependencies, dependency_hash

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


def setup(app):
    # Before sphinx-book-theme draws the download menu (priority 501).
    app.connect("html-page-context", add_notebook_download, priority=500)
    app.connect("source-read", key_on_dependencies)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
