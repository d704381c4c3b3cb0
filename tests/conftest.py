"""Shared test settings.

Hypothesis: no deadline (the machine is shared, so timings vary) and no example
database (no ``.hypothesis/`` folder in the repository); each property runs a
fixed number of examples, derandomized so that a failure reproduces exactly.

Matplotlib: the non-interactive Agg backend, so that no window ever opens.
"""

from __future__ import annotations

import os

from hypothesis import settings

os.environ.setdefault("MPLBACKEND", "Agg")

settings.register_profile("dlguide", deadline=None, database=None, derandomize=True,
                          max_examples=60)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dlguide"))
