"""The runner: calls the learner's code and turns every outcome into a :class:`Result`.

It calls the learner's function on deep copies of the test inputs, records the
warnings NumPy gives and what the function prints, reports an exception of any
kind (``KeyboardInterrupt`` aside) with the learner's line, stops code that
does not return, and puts back whatever the learner's code replaced in dlguide
or NumPy (:mod:`dlguide.check.guard`). The comparisons and the diagnoses are in
:mod:`dlguide.check.compare`.
"""

from __future__ import annotations

import copy
import linecache
import os
import secrets
import sysconfig
import traceback
import warnings
from contextlib import redirect_stderr, redirect_stdout

import numpy as np

from .compare import Comparisons, describe, first_change, kind, same
from .guard import CappedText, TimeLimit, time_limit
from .result import Result

__all__ = ["DEFAULT_TIME_LIMIT", "Mistake", "Session", "run", "summary"]

#: Seconds a grader gives the learner's function, all its calls together.
DEFAULT_TIME_LIMIT = 5.0


class Mistake(Exception):
    """Stops a grader at the first mistake it finds."""

    def __init__(self, headline, details=()):
        super().__init__(headline)
        self.headline = headline
        self.details = [d for d in details if d]


HERE = os.path.dirname(os.path.normcase(os.path.abspath(__file__))) + os.sep  # dlguide/check/


LIBRARY_DIRS = tuple(
    os.path.normcase(os.path.abspath(p)) + os.sep
    for p in {
        os.path.dirname(np.__file__),
        os.path.dirname(os.path.dirname(HERE)),
        *(sysconfig.get_paths().get(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")),
    }
    if p
)


def is_library(filename):
    path = os.path.normcase(os.path.abspath(filename)) if filename else ""
    return path.startswith(LIBRARY_DIRS)


def exception_hint(exc, extra_hints):
    msg = str(exc)
    for exc_type, text in extra_hints:
        if isinstance(exc, exc_type):
            return text
    if isinstance(exc, ValueError) and ("not aligned" in msg or "matmul" in msg):
        return ("a matrix product whose inner dimensions differ: (a, b) @ (b, c) needs the "
                "same b; check the order of the factors and which one needs a transpose (.T)")
    if "could not be broadcast" in msg:
        return ("an elementwise operation (+, -, *) between arrays whose shapes do not "
                "broadcast: print the shapes; did you mean a matrix product (np.dot or @)?")
    if isinstance(exc, TypeError) and ("only length-1" in msg or "only 0-dimensional" in msg
                                       or "only size-1" in msg):
        return ("the math module works on single numbers; on arrays use NumPy's version "
                "(np.exp, np.log, np.sqrt)")
    if isinstance(exc, TypeError) and ("argument" in msg):
        return None
    if isinstance(exc, KeyError):
        return (f"the dict has no key {msg}: check the key names and the layer numbers "
                "(layers count from 1 to L)")
    if "unpack" in msg:
        return "a tuple unpacked into the wrong number of names: check what the cache holds"
    if isinstance(exc, ZeroDivisionError):
        return "a division by zero"
    return None


class Session(Comparisons):
    """One grading run: calls the learner's function and collects what went wrong.

    A grader's body runs once per pass: ``mode`` is ``"fixed"`` (the cases a
    fixed seed draws, the same in every run), ``"fresh"`` (the same kinds of
    case drawn with ``seed``, new in every run unless a seed is given) and, for
    graders that declare them, ``"extreme"`` (large ``|z|``, confident
    probabilities, constant features).
    """

    def __init__(self, name, fn, signature, hints=(), *, seed=0, guard=None):
        self.name = name
        self.fn = fn
        self.signature = signature
        self.hints = list(hints)
        self.seed = seed
        self.mode = "fixed"
        self.guard = guard
        self.case = ""
        self.cases = 0
        self.warned = []
        self.restored = []
        self.printed = CappedText()
        self._inputs = None

    def gen(self, key):
        """The generator of test case ``key``: fixed in the fixed pass, drawn from
        ``(key, seed)`` in the fresh pass."""
        if self.mode == "fresh":
            return np.random.default_rng([key, self.seed])
        return np.random.default_rng(key)

    def call(self, args, kwargs=None, *, may_change=()):
        """Call the learner on deep copies of ``args`` (passed in order) and ``kwargs``."""
        kwargs = dict(kwargs or {})
        self.case = describe({**args, **kwargs})
        self.cases += 1
        given = {k: copy.deepcopy(v) for k, v in args.items()}
        given_kw = {k: copy.deepcopy(v) for k, v in kwargs.items()}
        try:
            with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn", under="ignore"), \
                    redirect_stdout(self.printed), redirect_stderr(self.printed):
                warnings.simplefilter("always")
                try:
                    out = self.fn(*given.values(), **given_kw)
                finally:
                    self._record(caught)
        except (KeyboardInterrupt, TimeLimit):
            raise
        except BaseException as exc:  # the learner's error, whatever it is, reported as such
            raise Mistake(*self._raised(exc)) from None
        finally:
            self._put_back()
        self._inputs = (args, given, may_change)
        return out

    def _put_back(self):
        """Undo whatever the learner's code replaced in dlguide or NumPy."""
        if self.guard is not None:
            for name in self.guard.restore():
                if name not in self.restored:
                    self.restored.append(name)

    def _record(self, caught):
        for w in caught:
            text = f"{w.category.__name__}: {w.message}"
            source = linecache.getline(w.filename, w.lineno).strip() if w.filename else ""
            if not is_library(w.filename) and source:
                text += f" (line {w.lineno}: {source})"
            if text not in self.warned:
                self.warned.append(text)

    def _raised(self, exc):
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if not os.path.normcase(os.path.abspath(f.filename or "")).startswith(HERE)]
        learner = [f for f in frames if not is_library(f.filename)]
        text = " ".join(str(exc).split())
        if len(text) > 300:
            text = text[:297] + "..."
        headline = f"your function raised {type(exc).__name__}" + (f": {text}" if text else "")
        details = []
        frame = (learner or frames or [None])[-1]
        if frame is not None:
            details.append(f'File "{frame.filename}", line {frame.lineno}, in {frame.name}')
            if frame.line:
                details.append(f"    {frame.line.strip()}")
        hint = exception_hint(exc, self.hints)
        if isinstance(exc, TypeError) and hint is None and "argument" in str(exc):
            hint = f"the grader calls your function as {self.signature}"
            if "'rng'" in str(exc):
                hint += (", passing the random generator as a keyword argument: its parameter "
                         "must be named rng")
        if hint:
            details.append(f"Hint: {hint}" + ("" if hint[-1] in ".?!" else "."))
        return headline, details

    def unchanged(self):
        """Fail if the learner changed an input it was given (other than ``may_change``)."""
        if self._inputs is None:
            return
        original, given, may_change = self._inputs
        for name, value in original.items():
            if name in may_change or same(value, given[name]):
                continue
            where = first_change(value, given[name], name)
            self.fail(
                f"your function mutated its input: it changed {where} in place",
                "Inputs belong to the caller; `x *= ...`, `x -= ...`, `x[...] = ...` or "
                "`d[key] = ...` change the caller's array or dict. Build new arrays instead "
                "(e.g. `dZ = np.array(dA, copy=True)` before editing a copy).",
            )

    def fail(self, headline, *details):
        raise Mistake(headline, details)

    def failure_text(self, mistake):
        lines = [f"{self.name} failed: {mistake.headline}"]
        lines += [f"  {d}" for d in mistake.details]
        if self.case:
            where = {"fresh": " (drawn at random", "extreme": " (a case at the extremes"}
            lines.append(f"  Test case: {self.case}" + (
                f"{where[self.mode]}; check.{self.name}(your_function, seed={self.seed}) draws "
                "it again)" if self.mode in where else ""))
        for w in self.warned[:3]:
            lines.append(f"  NumPy warned while your function ran: {w}")
        if len(self.warned) > 3:
            lines.append(f"  ... and {len(self.warned) - 3} more warning(s).")
        return "\n".join(lines + self._notes())

    def success_text(self, summary):
        lines = [f"{self.name} passed: {summary}"]
        for w in self.warned[:3]:
            lines.append(f"  Note: NumPy warned while your function ran (the results are right "
                         f"here, but look at it): {w}")
        return "\n".join(lines + self._notes())

    def _notes(self):
        notes = []
        if self.restored:
            shown = ", ".join(self.restored[:4]) + (", ..." if len(self.restored) > 4 else "")
            notes.append(f"  Note: your code replaced {shown}; the grader put the original(s) "
                         "back (it compares with references bound when dlguide was imported).")
        if self.printed.total:
            text = self.printed.text().splitlines()
            notes.append(f"  Your function printed {self.printed.total:,} character(s)"
                         + ("; the first lines:" if text else "."))
            notes += [f"  | {line[:200]}" for line in text[:8]]
            if len(text) > 8 or self.printed.total > self.printed.kept:
                notes.append("  | ...")
        return notes


def summary(session, what="test cases", state=None):
    """The line a passing grader prints."""
    kinds = "some drawn afresh" + (" and some at the extremes" if session.mode == "extreme"
                                   else "")
    if state is None:
        return (f"{session.cases} {what}, {kinds}; values, shapes and types match the "
                "reference, and the inputs are unchanged.")
    return (f"{session.cases} {what}, {kinds}; values, shapes and types match the reference, "
            f"and grads is unchanged ({state} may be updated in place).")


def run(name, learner_fn, body, signature, *, hints=(), extremes=False, seed=None,
        time_limit_s=DEFAULT_TIME_LIMIT, guard=None):
    """Run a grader's ``body`` on a session, pass by pass; every outcome becomes a
    :class:`Result` (a grader never raises, ``KeyboardInterrupt`` aside)."""
    if not callable(learner_fn):
        return Result(name, False, (
            f"{name} failed: expected a function to grade, got {kind(learner_fn)}\n"
            f"  Pass the function itself, check.{name}(my_function), without calling it."))
    if seed is None:
        seed = secrets.randbits(32)
    session = Session(name, learner_fn, signature, hints, seed=seed, guard=guard)
    session._put_back()  # a patch made before this grader ran
    modes = ("fixed", "fresh", "extreme") if extremes else ("fixed", "fresh")
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"), time_limit(time_limit_s):
            warnings.simplefilter("ignore")
            for mode in modes:
                session.mode = mode
                text = body(session)
    except Mistake as mistake:
        return Result(name, False, session.failure_text(mistake))
    except TimeLimit as exc:
        session._put_back()
        return Result(name, False, session.failure_text(Mistake(
            f"your function did not return within {time_limit_s:g} s",
            [*_where(exc), "Is there a loop that never ends? "
             f"check.{name}(your_function, time_limit=60) allows more time."])))
    except KeyboardInterrupt:
        raise
    except BaseException as exc:  # something the checks could not interpret
        session._put_back()
        return Result(name, False, session.failure_text(Mistake(
            "the grader could not interpret what your function returned "
            f"({type(exc).__name__}: {exc})",
            [f"It must be called as {signature}; compare the types and shapes it returns "
             "with the description of the assignment."])))
    return Result(name, True, session.success_text(text))


def _where(exc):
    """The learner's line an interrupted call was running."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not is_library(f.filename)]
    if not frames:
        return []
    f = frames[-1]
    return [f'It was interrupted in File "{f.filename}", line {f.lineno}, in {f.name}'] + (
        [f"    {f.line.strip()}"] if f.line else [])
