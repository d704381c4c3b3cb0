"""Run the book's downloadable notebooks top to bottom in a plain Jupyter kernel.

The kernel has dlguide, NumPy and matplotlib, but not myst-nb: this checks that
a reader who downloads a chapter as ``.ipynb`` can run it. The assignment
notebooks are skipped: they are blank by design until the reader fills them in.

Usage: ``python tools/run_notebooks.py [_build/html/_sources]``
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent


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
    for line in failures:
        print("  " + line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
