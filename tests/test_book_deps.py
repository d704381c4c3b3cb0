"""The book's execution cache is keyed on the modules each chapter runs
(tools/book_deps.py, used by the docs/_ext build extension): editing a dlguide module must re-execute
the chapters that import it, directly or through other modules, and no others."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from book_deps import chapter_dependencies, dependency_hash  # noqa: E402

DOCS = ROOT / "docs"


def deps(chapter):
    path = DOCS / chapter
    return {p.relative_to(ROOT).as_posix()
            for p in chapter_dependencies(path, path.read_text(encoding="utf-8"))}


def test_a_chapter_depends_on_what_it_imports_and_what_that_imports():
    d = deps("part2/weighted-averages.md")
    assert {"dlguide/averages.py", "dlguide/_validation.py", "dlguide/__init__.py"} <= d
    assert "dlguide/schedules.py" not in d
    assert "dlguide/network.py" not in d


def test_imports_are_followed_through_the_package():
    d = deps("part2/mini-batch.md")  # imports dlguide.train, which imports these
    assert {"dlguide/train.py", "dlguide/step.py", "dlguide/_kernels.py",
            "dlguide/initializers.py", "dlguide/_validation.py"} <= d
    assert not any(p.startswith("dlguide/check/") for p in d)


def test_a_subpackage_and_its_relative_imports_are_followed():
    d = deps("assignments/part1.md")  # uses dlguide.check, a package of modules
    assert {"dlguide/check/__init__.py", "dlguide/check/part1_logistic.py",
            "dlguide/check/runner.py", "dlguide/activations.py", "dlguide/_kernels.py"} <= d


def test_a_chapters_own_module_beside_it_counts():
    d = deps("appendix/results.md")
    assert "docs/appendix/course_experiments.py" in d
    assert "dlguide/schedules.py" in d  # imported by course_experiments.py


@pytest.mark.parametrize("text", [
    "from dlguide import schedules\n",
    "from dlguide import (averages,\n    schedules)\n",
    "import dlguide.schedules as s\n",
    "x = dlguide.schedules.inverse_time_decay\n",
])
def test_every_import_form_is_seen(tmp_path, text):
    chapter = tmp_path / "c.md"
    found = {p.name for p in chapter_dependencies(chapter, text)}
    assert "schedules.py" in found


def test_the_hash_changes_with_the_source(tmp_path):
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("x = 1\n")
    b.write_text("y = 2\n")
    before = dependency_hash([a, b], root=tmp_path)
    assert dependency_hash([a, b], root=tmp_path) == before
    b.write_text("y = 3\n")
    assert dependency_hash([a, b], root=tmp_path) != before
