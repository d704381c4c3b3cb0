"""Shared test settings.

Hypothesis: no deadline (the machine is shared, so timings vary) and no example
database (no ``.hypothesis/`` folder in the repository); each property runs a
fixed number of examples, derandomized so that a failure reproduces exactly.

Matplotlib: the non-interactive Agg backend, so that no window ever opens.
"""

from __future__ import annotations

import os
import warnings

import pytest
from hypothesis import settings

os.environ.setdefault("MPLBACKEND", "Agg")

settings.register_profile("dlguide", deadline=None, database=None, derandomize=True,
                          max_examples=40)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dlguide"))


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Let Hypothesis report a failing example.

    On a failure, Hypothesis's pytest plugin imports libcst (to suggest a patch),
    whose import warns about ``mypy_extensions.TypedDict``; under
    ``filterwarnings = error`` that warning would replace the real failure with
    an INTERNALERROR.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="mypy_extensions.TypedDict is deprecated",
                                category=DeprecationWarning)
        yield
