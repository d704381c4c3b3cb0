"""Tests of the book's build extension (docs/_ext/dlguide_build.py): the pieces that
need no Sphinx application."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from dlguide_build import (  # noqa: E402
    GLUE_FALLBACK,
    GLUE_IMPORT,
    blank_solutions,
    run_solutions,
    solution_cells,
)


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


PAGE = """# A chapter

```{code-cell} ipython3
x = 1
```

````{solution} ex-first
:class: dropdown

Some prose, then the code:

```python
y = x + 1
assert y == 2
```

More prose.
````

```{solution} ex-prose-only
:class: dropdown

No code here: `x` is one.
```

```{exercise}
:label: ex-task

```python
print("the task's code is not a solution")
```
```
"""


def test_each_solutions_python_code_becomes_a_hidden_cell_naming_its_exercise():
    cells = solution_cells(PAGE)
    assert cells == ["```{code-cell} ipython3\n:tags: [remove-cell]\n\n"
                     "# the solution of ex-first, run by the build (docs/_ext/dlguide_build.py)\n"
                     "y = x + 1\nassert y == 2\n```\n"]


def test_solutions_are_appended_to_executed_chapters_only():
    source = [PAGE]
    run_solutions(None, "chapter", source)
    assert source[0].startswith(PAGE)
    assert source[0].endswith(solution_cells(PAGE)[0])
    prose_only = [PAGE.replace("```{code-cell} ipython3", "```python")]
    run_solutions(None, "page", prose_only)
    assert prose_only[0] == PAGE.replace("```{code-cell} ipython3", "```python")


def python_fences_in_solutions(text):
    """Counted line by line, independently of the pattern solution_cells uses."""
    count, closing = 0, None
    for line in text.splitlines():
        if closing is None and line.lstrip("`").startswith("{solution}"):
            closing = line[: len(line) - len(line.lstrip("`"))]
        elif closing is not None and line.rstrip() == closing:
            closing = None
        elif closing is not None and line.startswith("```python"):
            count += 1
    return count


def test_every_solution_with_code_in_the_book_is_found():
    """Each ``python`` fence inside a solution of an executed chapter is run."""
    total = 0
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        expected = python_fences_in_solutions(text)
        if expected:
            assert "```{code-cell}" in text, f"{page}: solutions with code, never run"
        assert len(solution_cells(text)) == expected, page
        total += expected
    assert total >= 70  # the book's 72 solutions with code, at the time of writing
