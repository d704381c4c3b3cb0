"""Helpers of the grader tests: a table of broken implementations and its checks."""

from __future__ import annotations

import pytest

from dlguide import check


def grade(name, fn, **options):
    """Grade ``fn`` with the grader ``name`` (a fixed seed: the tests are repeatable)."""
    options.setdefault("seed", 0)
    return getattr(check, name)(fn, **options)


class Broken:
    """A table of broken implementations, each with the words its diagnosis must hold."""

    def __init__(self):
        self.params = []

    def __call__(self, name, *words):
        def register(fn):
            self.params.append(pytest.param(name, fn, words, id=f"{name}-{fn.__name__}"))
            return fn
        return register

    def graders(self):
        """``{grader name: number of broken implementations}``."""
        counts = {}
        for param in self.params:
            counts[param.values[0]] = counts.get(param.values[0], 0) + 1
        return counts


def assert_diagnosed(name, fn, words):
    result = grade(name, fn)
    assert result.passed is False
    assert result.message.startswith(f"{name} failed: ")
    text = result.message.lower()
    for word in words:
        assert word.lower() in text, f"{word!r} not in:\n{result.message}"


def assert_table_covers(table, module):
    """Every grader the module declares has at least five broken implementations."""
    declared = {name for name, g in check.registry.REGISTRY.items()
                if g.body.__module__ == module.__name__}
    counts = table.graders()
    assert set(counts) == declared
    assert min(counts.values()) >= 5
