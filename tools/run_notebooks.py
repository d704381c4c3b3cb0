"""Run the book's downloadable notebooks top to bottom in a plain Jupyter kernel.

The kernel has dlguide, NumPy and matplotlib, but not myst-nb: this checks that
a reader who downloads a chapter as ``.ipynb`` can run it. The assignment
notebooks are skipped: they are blank by design until the reader fills them in.

A translated edition's notebooks (``_build/html/<lang>/_sources``) are not run
again: each must hold exactly the code of its English notebook, and markdown
cells in its own language wherever the English ones have prose.

Usage: ``python tools/run_notebooks.py [_build/html/_sources]``
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from po import is_prose  # noqa: E402

CJK = re.compile(r"[\u3400-\u9fff]")
# display math, code blocks (not directives: those hold prose), then the lines of
# markup: fences, directive options, labels
BLOCKS = re.compile(r"\$\$.*?\$\$|^(`{3,})(?!\{)[^\n]*\n.*?^\1|^(`{3,})\{math\}.*?^\2", re.S | re.M)
MARKUP = re.compile(r"^\s*(```|:::|:\w+:|\(.*\)=).*$", re.M)


def has_prose(markdown):
    """Whether a markdown cell has words outside markup, math and code."""
    return is_prose(MARKUP.sub(" ", BLOCKS.sub(" ", markdown)))


def check_translated(english, translated):
    """Problems of the translated notebooks under ``translated``, against ``english``."""
    problems = []
    for path in sorted(english.rglob("*.ipynb")):
        rel = path.relative_to(english)
        other = translated / rel
        if not other.is_file():
            problems.append(f"{rel}: no translated notebook")
            continue
        en, tr = nbformat.read(path, as_version=4), nbformat.read(other, as_version=4)
        code = [[c.source for c in nb.cells if c.cell_type == "code"] for nb in (en, tr)]
        if code[0] != code[1]:
            problems.append(f"{rel}: its code differs from the English notebook's")
        for number, cell in enumerate(tr.cells):
            if cell.cell_type == "markdown" and has_prose(cell.source) \
                    and not CJK.search(cell.source):
                problems.append(f"{rel}: markdown cell {number} is not translated: "
                                f"{cell.source[:60]!r}")
    return problems


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    sources = Path(argv[0] if argv else ROOT / "_build" / "html" / "_sources").resolve()
    notebooks = sorted(p for p in sources.rglob("*.ipynb")
                       if p.relative_to(sources).parts[0] != "assignments")
    if not notebooks:
        print(f"no notebooks under {sources}: build the book first (nox -s docs)")
        return 1
    failures = []
    for path in notebooks:
        rel = path.relative_to(sources)
        nb = nbformat.read(path, as_version=4)
        # Run beside the chapter's source, where any helper module it imports lives.
        cwd = ROOT / "docs" / rel.parent
        t = time.perf_counter()
        try:
            NotebookClient(nb, timeout=900, kernel_name="python3",
                           resources={"metadata": {"path": str(cwd)}}).execute()
            status = "ok"
        except CellExecutionError as err:
            status = "FAILED"
            failures.append(f"{rel}: {str(err).strip().splitlines()[-1]}")
        print(f"{status:6} {rel} ({time.perf_counter() - t:.1f} s)", flush=True)
    print(f"{len(notebooks) - len(failures)} passed, {len(failures)} failed")
    for translated in sorted(sources.parent.glob("*/_sources")):
        problems = check_translated(sources, translated)
        count = len(list(translated.rglob("*.ipynb")))
        print(f"{translated.parent.name}: {count} notebooks, {len(problems)} problems")
        failures += problems
    for line in failures:
        print("  " + line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
