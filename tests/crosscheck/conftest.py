"""The cross-check prints what it measured: one line per comparison, and a summary.

Nothing here imports torch, so collecting this folder without torch is harmless:
tests/crosscheck/test_torch.py skips itself when torch is missing.
"""

from __future__ import annotations

import pytest

MEASURED: list[tuple[str, float, float]] = []


@pytest.fixture
def report():
    """``report(name, difference, tolerance)``: print, keep for the summary, and assert."""

    def _report(name, difference, tolerance):
        difference = float(difference)
        MEASURED.append((name, difference, tolerance))
        print(f"\n    {name}: {difference:.3e} (tolerance {tolerance:.0e})", end="")
        assert difference <= tolerance, f"{name}: {difference:.3e} > {tolerance:.0e}"

    return _report


def pytest_terminal_summary(terminalreporter):
    if not MEASURED:
        return
    terminalreporter.section("dlguide against PyTorch: largest differences measured")
    width = max(len(name) for name, _, _ in MEASURED)
    for name, difference, tolerance in MEASURED:
        terminalreporter.write_line(
            f"{name:<{width}}  {difference:10.3e}   (tolerance {tolerance:.0e})"
        )
