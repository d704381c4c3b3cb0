"""Which dlguide (and docs/) modules each chapter of the book runs.

The book's build extension (docs/_ext/dlguide_build.py) keys each chapter's
execution cache on the source of these modules, so that editing one module
re-executes the chapters that import it, and no others.
Standard library only: the extension and the tests import it.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_PACKAGE = ROOT / "dlguide"
_NAME = re.compile(r"\bdlguide\.(\w+)")
_FROM_PACKAGE = re.compile(r"from\s+dlguide\s+import\s+\(?([\w\s,]+)")


def _module_file(base: Path, dotted: str) -> Path | None:
    """The file of module ``dotted`` below ``base``: a ``.py`` file or a package."""
    path = base.joinpath(*dotted.split(".")) if dotted else base
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _package_module(dotted: str) -> Path | None:
    """The file of ``dlguide.<dotted>`` (``dotted`` may be empty: the package)."""
    return _module_file(_PACKAGE, dotted)


@functools.cache  # every chapter follows the same modules: parse each once
def _imports_of(path: Path) -> frozenset[Path]:
    """The dlguide (or sibling docs/) modules a Python file imports directly."""
    found = set()
    inside = path.is_relative_to(_PACKAGE)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level and inside:  # from .x import y / from .. import x
                base = path.parent
                for _ in range(node.level - 1):
                    base = base.parent
                module = _module_file(base, node.module or "")
                found.add(module)
                for a in node.names:  # a name may be a submodule: from . import x
                    found.add(_module_file(base, ".".join(filter(None, [node.module, a.name]))))
            elif node.module == "dlguide":
                found |= {_package_module(a.name) for a in node.names}
            elif node.module and node.module.startswith("dlguide."):
                dotted = node.module.split(".", 1)[1]
                found.add(_package_module(dotted))
                found |= {_package_module(f"{dotted}.{a.name}") for a in node.names}
            elif node.module and node.level == 0:
                found.add(path.parent / f"{node.module}.py")
        elif isinstance(node, ast.Import):
            for a in node.names:
                parts = a.name.split(".")
                found.add(_package_module(".".join(parts[1:])) if parts[0] == "dlguide"
                          and len(parts) > 1 else path.parent / f"{parts[0]}.py")
    return frozenset(f for f in found if f is not None and f.is_file() and f != path)


def chapter_dependencies(source: Path, text: str) -> list[Path]:
    """Every module file a chapter's execution depends on, transitively (the
    package's ``__init__`` re-exports only, so its own imports are not followed)."""
    direct = {_package_module(n) for n in _NAME.findall(text)}
    for names in _FROM_PACKAGE.findall(text):
        direct |= {_package_module(n.strip()) for n in names.split(",") if n.strip()}
    direct |= {source.parent / f"{n}.py"
               for n in re.findall(r"^\s*(?:import|from)\s+(\w+)", text, re.MULTILINE)}
    todo = [f for f in direct if f is not None and f.is_file()]
    seen = {_PACKAGE / "__init__.py"}
    while todo:
        f = todo.pop()
        if f not in seen:
            seen.add(f)
            todo += _imports_of(f)
    return sorted(seen)


def dependency_hash(paths, root: Path = ROOT) -> str:
    """A short hash of the files' names (relative to ``root``) and contents."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


