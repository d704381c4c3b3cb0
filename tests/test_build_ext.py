"""Tests of the book's build extension (docs/_ext/dlguide_build.py): the pieces that
need no Sphinx application."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from dlguide_build import GLUE_FALLBACK, GLUE_IMPORT, blank_solutions  # noqa: E402


def test_solutions_are_blanked_at_their_indentation():
    source = "\n".join([
        "def f(x):",
        "    ### BEGIN SOLUTION",
        "    y = 2 * x",
        "    return y",
        "    ### END SOLUTION",
        "print(f)",
    ])
    assert blank_solutions(source).splitlines() == [
        "def f(x):",
        "    # YOUR CODE HERE",
        "    raise NotImplementedError",
        "print(f)",
    ]


def test_code_without_solutions_is_unchanged():
    source = "x = 1\n# ### BEGIN SOLUTION in a comment is not a marker\ny = 2"
    assert blank_solutions(source) == source


def test_the_glue_fallback_defines_glue_without_myst_nb():
    namespace = {}
    exec(GLUE_FALLBACK.replace(GLUE_IMPORT, "from not_installed_module import glue"), namespace)
    namespace["glue"]("answer", 42)
    assert namespace["GLUED"] == {"answer": 42}
