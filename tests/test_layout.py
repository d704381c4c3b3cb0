"""The package's layout rules, checked on the source: no underscore name crosses a
module, no module is over about 600 lines, and the graders are declared once.

"Crossing" means a module, chapter or benchmark importing a name that starts with
an underscore from another module (``from dlguide.network import _x``) or
reaching one through an attribute (``network._x``, ``opt._update``). Private
*modules* with plain names (``dlguide._kernels``) are the shared kernel layer
and may be imported; what they export has no underscore.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dlguide import check

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dlguide"
MODULES = sorted(PACKAGE.rglob("*.py"))
#: The private modules with plain names: the shared layer, importable as modules.
KERNEL_MODULES = {p.stem for p in PACKAGE.glob("_*.py")} - {"__init__"}
CODE_BLOCK = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)```", re.DOTALL)


def dlguide_aliases(tree, path):
    """Names bound to dlguide modules in a file (``from . import x as K``,
    ``import dlguide.network as net``, ``from dlguide import network``)."""
    aliases = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            inside = node.level > 0 and path.is_relative_to(PACKAGE)
            from_package = node.module in ("dlguide", "dlguide.check") or inside
            if (from_package and (node.module is None or inside)) or node.module == "dlguide":
                aliases |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.Import):
            aliases |= {a.asname or a.name.split(".")[0] for a in node.names
                        if a.name.startswith("dlguide")}
    return aliases


def crossings(source, path):
    """The underscore names a file takes from another dlguide module."""
    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith(
                "dlguide")):
            found += [f"imports {a.name}" for a in node.names
                      if a.name.startswith("_") and a.name != "__version__"
                      and a.name not in KERNEL_MODULES]
    aliases = dlguide_aliases(tree, path)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                and not node.attr.startswith("__")):
            base = node.value
            if isinstance(base, ast.Name) and base.id in aliases:
                found.append(f"uses {base.id}.{node.attr}")
            elif (isinstance(base, ast.Name) and base.id not in ("self", "cls", "S")
                  and not path.is_relative_to(PACKAGE)):
                # a method of another module's object: opt._update, layout._place
                found.append(f"uses {base.id}.{node.attr}")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_underscore_name_crosses_a_module(path):
    assert crossings(path.read_text(encoding="utf-8"), path) == []


@pytest.mark.parametrize("path", sorted((ROOT / "docs").rglob("*.md")) + sorted(
    (ROOT / "docs").rglob("*.py")) + sorted((ROOT / "benchmarks").glob("*.py")),
    ids=lambda p: p.relative_to(ROOT).as_posix())
def test_chapters_and_benchmarks_use_no_underscore_names(path):
    text = path.read_text(encoding="utf-8")
    blocks = CODE_BLOCK.findall(text) if path.suffix == ".md" else [text]
    for block in blocks:
        lines = [line for line in block.splitlines() if not line.startswith(":")]
        assert crossings("\n".join(lines), path) == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_module_is_over_about_600_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 620


def test_the_crossing_detector_finds_crossings():
    here = ROOT / "docs" / "x.md"
    assert crossings("from dlguide.network import _model_forward\n", here) == [
        "imports _model_forward"]
    assert crossings("import dlguide.network as net\nnet._x(1)\n", here) == ["uses net._x"]
    assert crossings("opt._update_flat(t, d, l)\n", here) == ["uses opt._update_flat"]
    assert crossings("from dlguide._kernels import sigmoid\n", here) == []
    assert crossings("from dlguide.step import TrainingStep\n", here) == []


def test_each_grader_is_declared_once_and_everything_follows():
    registry = check.registry.REGISTRY
    assert tuple(registry) == check.GRADERS
    assert list(check.__all__) == ["GRADERS", "Result", "reference", *check.GRADERS]
    for name, grader in registry.items():
        assert getattr(check, name) is grader.public
        assert grader.public.__module__ == "dlguide.check"
        assert grader.public.__doc__ == grader.body.__doc__
        assert check.reference(name) is grader.reference
    declared = sum(len(re.findall(r"^@grader\(", p.read_text(), re.MULTILINE))
                   for p in (PACKAGE / "check").glob("part*.py"))
    assert declared == len(registry)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_control_characters_in_the_source(path):
    """A tab or a backspace where ``\\t`` or ``\\b`` was meant (a docstring that lost its
    ``r`` prefix: ``\\text`` became a tab) shows up in the API page as garbage."""
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
