"""What keeps a grader out of the learner's reach: restored patches, a time limit, capped output.

A learner's code runs in the same process as the grader. Three things could
let it pass wrong code or stop the grader, and each is handled here:

- **Patches.** Code that assigns ``dlguide.activations.sigmoid = mine`` (or
  replaces ``numpy.allclose``, or a comparison helper of this package) would
  change the references and the comparisons. :class:`Guard` takes a snapshot
  of those namespaces when dlguide is imported, and puts back whatever differs
  before every grader and after every call of the learner's function.
- **Time.** :func:`time_limit` stops code that does not return: an alarm
  signal in the main thread (it interrupts ``time.sleep`` too), or a trace
  function elsewhere. It raises :class:`TimeLimit`, a ``BaseException`` that an
  ``except Exception`` in the learner's code does not swallow, and keeps
  raising it every 50 ms until the grader has it back.
- **Output.** :class:`CappedText` stores the first few thousand characters the
  learner prints and counts the rest.
"""

from __future__ import annotations

import copy
import io
import math
import signal
import sys
import threading
import time
import types
from contextlib import contextmanager

import numpy as np

__all__ = ["CappedText", "Guard", "TimeLimit", "time_limit"]


class TimeLimit(BaseException):
    """Raised inside the learner's code when a grader's time is up."""


class Guard:
    """Snapshots of module and class namespaces; :meth:`restore` puts them back.

    Parameters
    ----------
    modules : iterable of module
        Their attributes are watched, and those of every class a module defines.
    """

    def __init__(self, modules):
        self.spaces = []
        for module in modules:
            self.spaces.append((module.__name__, module, dict(vars(module)), False))
            for value in list(vars(module).values()):
                if isinstance(value, type) and value.__module__ == module.__name__:
                    self.spaces.append((f"{module.__name__}.{value.__qualname__}", value,
                                        dict(vars(value)), True))

    def restore(self):
        """Put back every watched attribute that was replaced or deleted (and remove
        class attributes that were added); returns the names put back."""
        restored = []
        for label, space, snapshot, is_class in self.spaces:
            current = vars(space)
            for name, value in snapshot.items():
                if name in current and current[name] is value:
                    continue
                if isinstance(value, types.ModuleType):
                    continue  # a submodule binding: importers rebind it legitimately
                if is_class and name in ("__dict__", "__weakref__"):
                    continue
                setattr(space, name, value)
                restored.append(f"{label}.{name}")
            if is_class:  # (copy and pickle cache __slotnames__ on a class: not a patch)
                for name in [n for n in current
                             if n not in snapshot and not (n.startswith("__") and n.endswith("__"))]:
                    delattr(space, name)
                    restored.append(f"{label}.{name}")
        return restored


def watched_modules():
    """The namespaces graders rely on: every dlguide module loaded, NumPy's main
    namespaces, and ``math`` and ``copy``. (Not ``warnings`` or ``builtins``:
    ``catch_warnings`` and IPython replace their attributes legitimately.)"""
    found = [m for name, m in sorted(sys.modules.items())
             if isinstance(m, types.ModuleType) and (name == "dlguide" or
                                                     name.startswith("dlguide."))]
    return [*found, np, np.linalg, np.random, math, copy]


class CappedText(io.TextIOBase):
    """A text stream that keeps the first ``limit`` characters and counts the rest."""

    def __init__(self, limit=4000):
        super().__init__()
        self.limit, self.total, self.parts, self.kept = limit, 0, [], 0

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        self.total += len(text)
        if self.kept < self.limit:
            piece = text[: self.limit - self.kept]
            self.parts.append(piece)
            self.kept += len(piece)
        return len(text)

    def text(self):
        return "".join(self.parts)


@contextmanager
def time_limit(seconds):
    """Raise :class:`TimeLimit` in the code of the ``with`` block after ``seconds``."""
    if not math.isfinite(seconds):
        yield
        return
    armed = [True]
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        def on_alarm(signum, frame):
            if armed[0]:
                raise TimeLimit

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-3), 0.05)
        try:
            yield
        finally:
            armed[0] = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    deadline = time.monotonic() + seconds

    def tracer(frame, event, arg):
        if armed[0] and time.monotonic() > deadline:
            raise TimeLimit
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        yield
    finally:
        armed[0] = False
        sys.settrace(previous)
