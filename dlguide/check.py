"""Graders for the programming assignments: run the learner's function, explain the first mistake.

The assignments are in :doc:`/assignments/part1` (sigmoid to the L-layer
network) and :doc:`/assignments/part2` (regularization, dropout, mini-batches,
optimizers, learning-rate decay). For every function a learner is asked to
write there is a grader of the same name::

    from dlguide import check
    check.linear_backward(my_linear_backward)

A grader calls the learner's function on test cases it generates from a fixed
seed, compares every output with dlguide's reference (and, for gradients, with
a two-sided numerical gradient), and returns a :class:`Result`. On success the
result prints one line. On failure it names the *first* mistake in plain words:
a wrong shape (expected and got), a factor of ``m``, a transposed product, a
flipped sign, a missing ``keepdims=True``, dropout without its ``1/keep_prob``
rescale, Adam without bias correction, an input changed in place, and so on.
The diagnosis comes from testing hypotheses: the grader computes the reference
and the usual wrong variants of it, and reports the variant the learner's
output matches.

A grader never raises. An exception inside the learner's code is reported as
the learner's error, with the line that raised, and NumPy warnings (overflow,
division by zero) are caught and reported with the diagnosis.
"""

from __future__ import annotations

import copy
import html
import linecache
import math
import numbers
import os
import sysconfig
import traceback
import warnings

import numpy as np

from . import activations as _act
from . import data as _data
from . import logistic as _logistic
from . import network as _network
from . import regularization as _reg
from . import schedules as _schedules
from .gradcheck import numerical_gradient

__all__ = [  # noqa: RUF022 (the order of the assignments, which the API page follows)
    "Result",
    "reference",
    "GRADERS",
    "sigmoid",
    "sigmoid_backward",
    "propagate",
    "forward_propagation",
    "backward_propagation",
    "linear_forward",
    "linear_activation_forward",
    "model_forward",
    "compute_cost",
    "linear_backward",
    "linear_activation_backward",
    "model_backward",
    "update_parameters",
    "l2_cost",
    "l2_grads",
    "dropout_forward",
    "dropout_backward",
    "random_mini_batches",
    "update_parameters_with_momentum",
    "update_parameters_with_rmsprop",
    "update_parameters_with_adam",
    "inverse_time_decay",
]


# =============================================================================
# The result
# =============================================================================


class Result:
    """What a grader found: whether the function passed, and why not.

    Printing a result (``print``, ``str``, ``repr`` or a notebook's display)
    shows its message; in a notebook it is drawn with a green (passed) or red
    (failed) bar. ``bool(result)`` is ``result.passed``.

    Attributes
    ----------
    name : str
        The graded function's name, e.g. ``"sigmoid"``.
    passed : bool
        True when every test case matched the reference.
    message : str
        On success, one line. On failure, the first mistake in plain words on
        the first line, then details: the test case, the line that raised, the
        warnings NumPy gave.

    Examples
    --------
    >>> from dlguide import check
    >>> result = check.sigmoid(lambda z: z)
    >>> result.passed
    False
    >>> result.message.splitlines()[0]
    'sigmoid failed: the result has the right shape but wrong values: at index (0, 3) expected 0.0196569, got -3.90947 (the largest difference)'
    """

    __slots__ = ("message", "name", "passed")

    def __init__(self, name, passed, message):
        self.name = name
        self.passed = bool(passed)
        self.message = message

    def __bool__(self):
        return self.passed

    def __str__(self):
        return self.message

    __repr__ = __str__

    def _repr_html_(self):
        color = "#2e7d32" if self.passed else "#c62828"
        return (
            f'<pre class="dlguide-check" style="border-left: 4px solid {color}; '
            'padding: 0.4em 0.8em; margin: 0; white-space: pre-wrap;">'
            f"{html.escape(self.message)}</pre>"
        )


# =============================================================================
# Machinery shared by the graders
# =============================================================================


class _Mistake(Exception):
    """Stops a grader at the first mistake it finds."""

    def __init__(self, headline, details=()):
        super().__init__(headline)
        self.headline = headline
        self.details = [d for d in details if d]


_RTOL, _ATOL = 1e-5, 1e-8
_HERE = os.path.normcase(os.path.abspath(__file__))
_LIBRARY_DIRS = tuple(
    os.path.normcase(os.path.abspath(p)) + os.sep
    for p in {
        os.path.dirname(np.__file__),
        os.path.dirname(_HERE),
        *(sysconfig.get_paths().get(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")),
    }
    if p
)


def _is_library(filename):
    path = os.path.normcase(os.path.abspath(filename)) if filename else ""
    return path.startswith(_LIBRARY_DIRS)


def _close(a, b):
    """Same shape and equal within tolerance (NaN equal to NaN)."""
    try:
        a = np.asarray(a, dtype=np.float64)
        b = np.asarray(b, dtype=np.float64)
        return a.shape == b.shape and bool(
            np.allclose(a, b, rtol=_RTOL, atol=_ATOL, equal_nan=True)
        )
    except (TypeError, ValueError):
        return False


def _ratio(got, ref):
    """The constant ``r`` with ``got == r * ref``, or None."""
    got = np.asarray(got, dtype=np.float64)
    ref = np.asarray(ref, dtype=np.float64)
    if got.shape != ref.shape or not np.all(np.isfinite(got)) or not np.all(np.isfinite(ref)):
        return None
    scale = float(np.max(np.abs(ref), initial=0.0))
    big = np.abs(ref) > 1e-9 * max(scale, 1e-300)
    if not big.any():
        return None
    r = got[big] / ref[big]
    r0 = float(np.median(r))
    if r0 == 0 or not np.allclose(r, r0, rtol=1e-5, atol=0):
        return None
    return r0 if _close(got, r0 * ref) else None


def _near(x, y):
    return abs(x - y) <= 1e-5 * max(abs(y), 1e-12)


def _same(a, b):
    """Deep equality for the inputs (arrays, dicts, sequences, numbers)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
                and a.shape == b.shape and a.dtype == b.dtype
                and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")))
    if isinstance(a, dict):
        return (isinstance(b, dict) and list(a) == list(b)
                and all(_same(a[k], b[k]) for k in a))
    if isinstance(a, (list, tuple)):
        return (type(a) is type(b) and len(a) == len(b)
                and all(_same(x, y) for x, y in zip(a, b, strict=True)))
    if isinstance(a, np.random.Generator):
        return True
    try:
        return bool(a == b)
    except Exception:
        return False


def _first_change(original, given, path):
    """A readable path to the first place where ``given`` differs from ``original``."""
    if isinstance(original, dict) and isinstance(given, dict):
        for k in original:
            if k not in given:
                return f"{path} (the key {k!r} was removed)"
            if not _same(original[k], given[k]):
                return _first_change(original[k], given[k], f"{path}[{k!r}]")
        extra = [k for k in given if k not in original]
        if extra:
            return f"{path} (the key {extra[0]!r} was added)"
    if (isinstance(original, (list, tuple)) and isinstance(given, (list, tuple))
            and len(original) == len(given)):
        for i, (x, y) in enumerate(zip(original, given, strict=True)):
            if not _same(x, y):
                return _first_change(x, y, f"{path}[{i}]")
    return path


def _shape_of(x):
    return tuple(int(n) for n in x.shape)


def _kind(x):
    """A short description of a value, for messages."""
    if x is None:
        return "None"
    if isinstance(x, np.ndarray):
        extra = "" if x.dtype.kind in "f" else f" of dtype {x.dtype}"
        return f"an array of shape {_shape_of(x)}{extra}"
    if isinstance(x, (bool, np.bool_)):
        return f"a bool ({x})"
    if isinstance(x, numbers.Number):
        return f"a number ({type(x).__name__} {x:.6g})" if isinstance(x, numbers.Real) \
            else f"a {type(x).__name__}"
    if isinstance(x, dict):
        keys = ", ".join(repr(k) for k in list(x)[:8])
        return f"a dict with keys [{keys}{', ...' if len(x) > 8 else ''}]"
    if isinstance(x, (list, tuple)):
        return f"a {type(x).__name__} of {len(x)} item{'s' if len(x) != 1 else ''}"
    return f"a {type(x).__name__}"


def _brief(x, depth=0):
    """Shapes of a test input, e.g. ``(3, 7)`` or ``{W1 (4, 3), b1 (4, 1)}``."""
    if isinstance(x, np.ndarray):
        return f"{_shape_of(x)}" + ("" if x.dtype.kind == "f" else f" {x.dtype}")
    if isinstance(x, dict):
        return "{" + ", ".join(f"{k} {_brief(v, depth + 1)}" for k, v in x.items()) + "}"
    if isinstance(x, (list, tuple)):
        if (depth >= 1 and len(x) > 3) or depth >= 2:
            return f"a {type(x).__name__} of {len(x)}"
        if isinstance(x, list) and len(x) > 2:
            return f"a list of {len(x)} caches"
        return "(" + ", ".join(_brief(v, depth + 1) for v in x) + ")"
    if isinstance(x, np.random.Generator):
        return "a numpy Generator"
    if isinstance(x, float):
        return f"{x:g}"
    return repr(x)


def _describe(args):
    parts = []
    for name, value in args.items():
        if isinstance(value, (np.ndarray, dict, list, tuple, np.random.Generator)):
            parts.append(f"{name} {_brief(value)}")
        else:
            parts.append(f"{name}={_brief(value)}")
    return ", ".join(parts)


def _exception_hint(exc, extra_hints):
    msg = str(exc)
    for kind, text in extra_hints:
        if isinstance(exc, kind):
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


class _Session:
    """One grading run: calls the learner's function and collects what went wrong."""

    def __init__(self, name, fn, signature, hints=()):
        self.name = name
        self.fn = fn
        self.signature = signature
        self.hints = list(hints)
        self.case = ""
        self.cases = 0
        self.warned = []
        self._inputs = None

    # --- calling the learner ---------------------------------------------------

    def call(self, args, kwargs=None, *, may_change=()):
        """Call the learner on deep copies of ``args`` (passed in order) and ``kwargs``."""
        kwargs = dict(kwargs or {})
        self.case = _describe({**args, **kwargs})
        self.cases += 1
        given = {k: copy.deepcopy(v) for k, v in args.items()}
        given_kw = {k: copy.deepcopy(v) for k, v in kwargs.items()}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with np.errstate(all="warn"):
                try:
                    out = self.fn(*given.values(), **given_kw)
                except (Exception, SystemExit) as exc:  # the learner's error, reported as such
                    self._record(caught)
                    raise _Mistake(*self._raised(exc)) from None
        self._record(caught)
        self._inputs = (args, given, may_change)
        return out

    def _record(self, caught):
        for w in caught:
            text = f"{w.category.__name__}: {w.message}"
            source = linecache.getline(w.filename, w.lineno).strip() if w.filename else ""
            if not _is_library(w.filename) and source:
                text += f" (line {w.lineno}: {source})"
            if text not in self.warned:
                self.warned.append(text)

    def _raised(self, exc):
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if os.path.normcase(os.path.abspath(f.filename or "")) != _HERE]
        learner = [f for f in frames if not _is_library(f.filename)]
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
        hint = _exception_hint(exc, self.hints)
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
            if name in may_change or _same(value, given[name]):
                continue
            where = _first_change(value, given[name], name)
            self.fail(
                f"your function mutated its input: it changed {where} in place",
                "Inputs belong to the caller; `x *= ...`, `x -= ...`, `x[...] = ...` or "
                "`d[key] = ...` change the caller's array or dict. Build new arrays instead "
                "(e.g. `dZ = np.array(dA, copy=True)` before editing a copy).",
            )

    # --- failing -------------------------------------------------------------

    def fail(self, headline, *details):
        raise _Mistake(headline, details)

    def failure_text(self, mistake):
        lines = [f"{self.name} failed: {mistake.headline}"]
        lines += [f"  {d}" for d in mistake.details]
        if self.case:
            lines.append(f"  Test case: {self.case}")
        for w in self.warned[:3]:
            lines.append(f"  NumPy warned while your function ran: {w}")
        if len(self.warned) > 3:
            lines.append(f"  ... and {len(self.warned) - 3} more warning(s).")
        return "\n".join(lines)

    def success_text(self, summary):
        lines = [f"{self.name} passed: {summary}"]
        for w in self.warned[:3]:
            lines.append(f"  Note: NumPy warned while your function ran (the results are right "
                         f"here, but look at it): {w}")
        return "\n".join(lines)

    # --- checking what came back --------------------------------------------

    def returned(self, out, n, form):
        """Require a tuple (or list) of ``n`` values."""
        if out is None:
            self.fail(f"your function returned None; it must return {form}",
                      "Is a `return` statement missing?")
        if not isinstance(out, (tuple, list)):
            self.fail(f"your function returned {_kind(out)}, the wrong type; it must return "
                      f"the tuple {form}")
        if len(out) != n:
            self.fail(f"your function returned {len(out)} values; it must return {n}: {form}")
        return tuple(out)

    def mapping(self, what, d, keys):
        """Require a dict holding ``keys``."""
        if d is None:
            self.fail(f"{what} is None; it must be a dict with the keys {list(keys)}",
                      "Is a `return` statement missing?")
        if not isinstance(d, dict):
            self.fail(f"{what} is {_kind(d)}, the wrong type; it must be a dict with the "
                      f"keys {list(keys)}")
        missing = [k for k in keys if k not in d]
        if missing:
            hint = ""
            digits = sorted(int(k[2:]) for k in d if isinstance(k, str) and k[:2] in ("dW", "db")
                            and k[2:].isdigit())
            if digits and 0 in digits:
                hint = ("the layer numbers are off by one: layers count from 1 to L, so the "
                        "keys are dW1, db1, ..., dWL, dbL")
            self.fail(f"{what} has no key {missing[0]!r}; it needs the keys {list(keys)} (got "
                      f"{sorted(map(str, d))})", hint)
        return d

    def as_array(self, what, got, ref_shape=None):
        if isinstance(got, np.ndarray):
            if got.dtype.kind not in "biuf":
                self.fail(f"{what} is an array of dtype {got.dtype}, the wrong type; it must "
                          "hold numbers")
            return got
        expected = f" of shape {ref_shape}" if ref_shape is not None else ""
        if got is None:
            self.fail(f"{what} is None; expected a NumPy array{expected}",
                      "Is a `return` statement missing?")
        if isinstance(got, (list, tuple)):
            self.fail(f"{what} is a Python {type(got).__name__}, the wrong type; return a NumPy "
                      f"array{expected} (np.array(...), or NumPy operations on arrays)")
        if isinstance(got, (numbers.Number, np.generic)):
            self.fail(f"{what} is a single number, the wrong type; expected a NumPy "
                      f"array{expected}",
                      "Did math.* or a Python loop reduce the array to one number?")
        self.fail(f"{what} is {_kind(got)}, the wrong type; expected a NumPy array{expected}")
        return None  # unreachable

    def as_number(self, what, got, m=None):
        if isinstance(got, (bool, np.bool_)):
            self.fail(f"{what} is a bool, the wrong type; expected a number")
        if isinstance(got, numbers.Real):
            return float(got)
        if isinstance(got, np.ndarray) and got.dtype.kind in "iuf":
            if got.ndim == 0:
                return float(got)
            if got.size == 1:
                self.fail(f"{what} is an array of shape {_shape_of(got)}, the wrong type; it "
                          "must be a single number",
                          "Convert it with float(...) (or np.squeeze(...)).")
            self.fail(f"{what} must be a single number; got an array of shape "
                      f"{_shape_of(got)}",
                      (f"It was averaged or summed over the wrong axis, or not over all m = {m} "
                       "examples: the cost sums over every example." if m else None))
        if got is None:
            self.fail(f"{what} is None; expected a number", "Is a `return` statement missing?")
        self.fail(f"{what} is {_kind(got)}, the wrong type; expected a number")
        return None  # unreachable

    def shape_problem(self, what, got, ref, *, m=None, hint_T=None, others=None):
        base = f"{what} has shape {got}; expected {ref}"
        if len(ref) == 2 and got == ref[::-1] and ref[0] != ref[1]:
            return (f"{what} has shape {got}, the transpose of the expected shape {ref}: a "
                    "transposed product",
                    hint_T or "Swap the factors of the matrix product, or move the .T.")
        if len(ref) == 2 and ref[1] == 1 and got == (ref[0],):
            return (f"{base}: missing keepdims=True",
                    "np.sum(..., axis=1) drops the summed axis and leaves a rank-1 array; "
                    "np.sum(..., axis=1, keepdims=True) keeps the column shape (n, 1).")
        if len(ref) == 2 and ref[1] == 1 and m and got in ((1, m), (m,)):
            return (f"{base}: summed or averaged over the wrong axis",
                    "axis=0 runs over the units (rows); the sum over the m examples "
                    "(columns) is axis=1, with keepdims=True.")
        if len(ref) == 2 and ref[1] == 1 and got == ():
            return (f"{base}: it was summed over every entry",
                    "Sum over the examples only: np.sum(..., axis=1, keepdims=True).")
        if len(ref) == 2 and ref[0] == 1 and got == (ref[1],):
            return (f"{base}: a rank-1 array",
                    "Keep the row shape (1, m): a rank-1 array is not a vector.")
        if others and got in others:
            return (f"{base}, the shape of {others[got]}",)
        if len(got) == 2 and len(ref) == 2 and got[0] == got[1] and ref[1] == 1:
            return (f"{base}: an (n, 1) column was broadcast against a row",
                    "Check for a (n,) or (1, n) array where a column (n, 1) belongs.")
        return (base,)

    def factor_message(self, subject, r, m, sign_hint=None):
        if _near(r, -1.0):
            return (f"{subject} has the wrong sign: it is exactly minus the expected value",
                    sign_hint or "Look for a flipped sign: Y - A instead of A - Y, or + where "
                                 "- belongs.")
        if m and m > 2 and _near(r, m):
            return (f"{subject} is off by a factor of m = {m}: it is m times too large",
                    "The cost is an average over the m examples, so the cost and its gradients "
                    "with respect to W and b carry a factor 1/m.")
        if m and m > 2 and _near(r, 1.0 / m):
            return (f"{subject} is off by a factor of m = {m}: it is m times too small",
                    "Was it divided by m twice?")
        if m and m > 2 and _near(r, -m):
            return (f"{subject} has the wrong sign and is off by a factor of m = {m}",)
        if _near(r, 2.0):
            return (f"{subject} is off by a factor of 2: twice the expected value",)
        if _near(r, 0.5):
            return (f"{subject} is off by a factor of 2: half the expected value",)
        return (f"{subject} is off by a constant factor: yours / expected = {r:.4g}",)

    def array(self, what, got, ref, *, variants=(), m=None, hint_T=None, others=None,
              numeric=None, old=None, sign_hint=None):
        """Compare an output array with the reference; fail with a diagnosis."""
        ref = np.asarray(ref)
        got = self.as_array(what, got, _shape_of(ref))
        if got.shape != ref.shape:
            self.fail(*self.shape_problem(what, _shape_of(got), _shape_of(ref), m=m,
                                          hint_T=hint_T, others=others))
        if _close(got, ref):
            return
        for variant, message in variants:
            if variant is None:
                continue
            variant = np.asarray(variant)
            if variant.shape == ref.shape and not _close(variant, ref) and _close(got, variant):
                self.fail(*((message,) if isinstance(message, str) else message))
        g = got.astype(np.float64)
        r = ref.astype(np.float64)
        if not np.all(np.isfinite(g)):
            self.fail(f"{what} contains NaN or infinite values",
                      "See the NumPy warnings below: an overflow, a log of 0 or a division "
                      "by zero.")
        subject = what
        if old is not None:
            g, r = g - old, r - old
            subject = f"the step on {what} (new value minus old)"
            if np.allclose(g, 0.0, rtol=0, atol=1e-15):
                self.fail(f"{what} did not change: it was not updated",
                          "Every parameter takes a step: loop over all layers l = 1 .. L and "
                          "update both W and b.")
        ratio = _ratio(g, r)
        if ratio is not None:
            self.fail(*self.factor_message(subject, ratio, m, sign_hint))
        if ref.ndim == 2 and ref.shape[0] == ref.shape[1] and _close(got, ref.T):
            self.fail(f"{what} is the transpose of the expected value",
                      hint_T or "Swap the factors of the matrix product, or move the .T.")
        diff = np.abs(got.astype(np.float64) - ref)
        idx = np.unravel_index(int(np.argmax(diff)), ref.shape)
        where = tuple(int(i) for i in idx)
        details = []
        if numeric is not None:
            approx = np.asarray(numeric(), dtype=np.float64)
            details.append(
                "A two-sided numerical gradient agrees with the expected value (relative "
                f"difference {_rel(ref, approx):.1e}) but not with yours "
                f"({_rel(got, approx):.1e}); a correct gradient is below 1e-7."
            )
        self.fail(f"{what} has the right shape but wrong values: at index {where} expected "
                  f"{float(ref[idx]):.6g}, got {float(got[idx]):.6g} (the largest difference)",
                  *details)

    def number(self, what, got, ref, *, variants=(), m=None, sign_hint=None):
        """Compare an output number with the reference; fail with a diagnosis."""
        value = self.as_number(what, got, m)
        if _close(value, ref):
            return
        for variant, message in variants:
            if variant is not None and not _close(variant, ref) and _close(value, variant):
                self.fail(*((message,) if isinstance(message, str) else message))
        if not math.isfinite(value):
            self.fail(f"{what} is {value}",
                      "See the NumPy warnings below: a log of 0, an overflow or a division "
                      "by zero.")
        if ref != 0:
            ratio = value / ref
            if (_near(ratio, -1.0) or (m and m > 2 and (_near(ratio, m) or _near(ratio, 1 / m)))
                    or _near(ratio, 2.0) or _near(ratio, 0.5)):
                self.fail(*self.factor_message(what, ratio, m, sign_hint))
        self.fail(f"{what} is {value:.6g}; expected {ref:.6g}")


def _rel(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


def _grade(name, learner_fn, body, signature, hints=()):
    """Run ``body`` on a session; turn every outcome into a :class:`Result`."""
    if not callable(learner_fn):
        return Result(name, False, (
            f"{name} failed: expected a function to grade, got {_kind(learner_fn)}\n"
            f"  Pass the function itself, check.{name}(my_function), without calling it."))
    session = _Session(name, learner_fn, signature, hints)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with np.errstate(all="ignore"):
                summary = body(session)
    except _Mistake as mistake:
        return Result(name, False, session.failure_text(mistake))
    except Exception as exc:  # something the checks could not interpret
        return Result(name, False, session.failure_text(_Mistake(
            "the grader could not interpret what your function returned "
            f"({type(exc).__name__}: {exc})",
            [f"It must be called as {signature}; compare the types and shapes it returns "
             "with the description of the assignment."])))
    return Result(name, True, session.success_text(summary))


def _summary(session, what="test cases", state=None):
    if state is None:
        return (f"{session.cases} {what}; values, shapes and types match the reference, and "
                "the inputs are unchanged.")
    return (f"{session.cases} {what}; values, shapes and types match the reference, and grads "
            f"is unchanged ({state} may be updated in place).")


def _gen(seed):
    return np.random.default_rng(seed)


# --- small kernels for the references and the wrong variants -----------------


def _sig(Z):
    return _act._sigmoid(np.asarray(Z, dtype=np.float64))


def _relu(Z):
    return np.maximum(Z, 0.0)


def _cross_entropy(A, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


_FORWARD = {"sigmoid": _sig, "relu": _relu, "tanh": np.tanh, "linear": lambda Z: Z}


def _derivative(name, Z):
    if name == "sigmoid":
        s = _sig(Z)
        return s * (1 - s)
    if name == "relu":
        return (Z > 0).astype(np.float64)
    if name == "tanh":
        return 1 - np.tanh(Z) ** 2
    return np.ones_like(Z)


def _lin_back(dZ, A_prev, W):
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


# =============================================================================
# References with the learner's signatures
# =============================================================================


def _ref_forward_propagation(X, parameters):
    W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
    Z1 = W1 @ X + b1
    A1 = np.tanh(Z1)
    Z2 = W2 @ A1 + b2
    A2 = _act.sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def _ref_backward_propagation(parameters, cache, X, Y):
    W2 = parameters["W2"]
    A1, A2 = cache["A1"], cache["A2"]
    m = X.shape[1]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (W2.T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def _ref_model_forward(X, parameters):
    AL, caches = _network.model_forward(X, parameters, hidden_activation="relu")
    return AL, [(c[0], c[1]) for c in caches]


def _ref_model_backward(AL, Y, caches):
    caches = [(c[0], c[1], None) for c in caches]
    return _network.model_backward(AL, Y, caches, hidden_activation="relu")


def _ref_momentum(parameters, grads, v, beta, learning_rate):
    return _momentum_step(parameters, grads, v, beta, learning_rate)


def _ref_rmsprop(parameters, grads, s, beta, learning_rate, epsilon=1e-8):
    return _rmsprop_step(parameters, grads, s, beta, learning_rate, epsilon)


def _ref_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
              epsilon=1e-8):
    return _adam_step(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)


def _momentum_step(params, grads, v, beta, lr, *, one_minus=True, swap=False, step="new",
                   update_v=True):
    new_params, new_v = {}, {}
    for k, p in params.items():
        g, vk = grads["d" + k], v["d" + k]
        a, c = (1 - beta, beta) if swap else (beta, 1 - beta)
        nv = a * vk + (c if one_minus else 1.0) * g if update_v else np.array(vk, copy=True)
        direction = {"new": nv, "old": vk, "grad": g}[step]
        new_params[k] = p - lr * direction
        new_v["d" + k] = nv
    return new_params, new_v


def _rmsprop_step(params, grads, s, beta, lr, eps, *, square=True, one_minus=True, swap=False,
                  root=True, eps_inside=False, use_eps=True, update_s=True, step="new"):
    new_params, new_s = {}, {}
    for k, p in params.items():
        g, sk = grads["d" + k], s["d" + k]
        a, c = (1 - beta, beta) if swap else (beta, 1 - beta)
        ns = a * sk + (c if one_minus else 1.0) * (g * g if square else g) if update_s \
            else np.array(sk, copy=True)
        base = ns if step == "new" else sk
        e = eps if use_eps else 0.0
        if not root:
            denom = base + e
        elif eps_inside:
            denom = np.sqrt(base + e)
        else:
            denom = np.sqrt(base) + e
        new_params[k] = p - lr * g / denom
        new_s["d" + k] = ns
    return new_params, new_s


def _adam_step(params, grads, v, s, t, lr, b1, b2, eps, *, one_minus=True, square=True,
               swap=False, correct_v=True, correct_s=True, t_shift=0, power=True, root=True,
               eps_inside=False, use_eps=True, store_corrected=False):
    if swap:
        b1, b2 = b2, b1
    tt = t + t_shift
    new_params, new_v, new_s = {}, {}, {}
    for k, p in params.items():
        g = grads["d" + k]
        nv = b1 * v["d" + k] + ((1 - b1) if one_minus else 1.0) * g
        ns = b2 * s["d" + k] + ((1 - b2) if one_minus else 1.0) * (g * g if square else g)
        cv = 1 - b1**tt if power else 1 - b1
        cs = 1 - b2**tt if power else 1 - b2
        v_hat = nv / cv if correct_v else nv
        s_hat = ns / cs if correct_s else ns
        e = eps if use_eps else 0.0
        if not root:
            denom = s_hat + e
        elif eps_inside:
            denom = np.sqrt(s_hat + e)
        else:
            denom = np.sqrt(s_hat) + e
        new_params[k] = p - lr * v_hat / denom
        new_v["d" + k] = v_hat if store_corrected else nv
        new_s["d" + k] = s_hat if store_corrected else ns
    return new_params, new_v, new_s


_REFERENCES = {
    "sigmoid": _act.sigmoid,
    "sigmoid_backward": _act.sigmoid_backward,
    "propagate": _logistic.propagate,
    "forward_propagation": _ref_forward_propagation,
    "backward_propagation": _ref_backward_propagation,
    "linear_forward": _network.linear_forward,
    "linear_activation_forward": _network.linear_activation_forward,
    "model_forward": _ref_model_forward,
    "compute_cost": _network.compute_cost,
    "linear_backward": _network.linear_backward,
    "linear_activation_backward": _network.linear_activation_backward,
    "model_backward": _ref_model_backward,
    "update_parameters": _network.update_parameters,
    "l2_cost": _reg.l2_cost,
    "l2_grads": _reg.l2_grads,
    "dropout_forward": _reg.dropout_forward,
    "dropout_backward": _reg.dropout_backward,
    "random_mini_batches": _data.random_mini_batches,
    "update_parameters_with_momentum": _ref_momentum,
    "update_parameters_with_rmsprop": _ref_rmsprop,
    "update_parameters_with_adam": _ref_adam,
    "inverse_time_decay": _schedules.inverse_time_decay,
}

#: The names of the graders, in the order of the assignments.
GRADERS = tuple(_REFERENCES)


def reference(name):
    """The reference implementation a grader compares with, with the learner's signature.

    Parameters
    ----------
    name : str
        A grader's name, one of :data:`GRADERS` (e.g. ``"linear_backward"``).

    Returns
    -------
    function
        dlguide's own function where it has the assignment's signature (e.g.
        :func:`dlguide.network.linear_backward`), otherwise a small wrapper
        around dlguide's kernels written for that signature.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> adam = check.reference("update_parameters_with_adam")
    >>> params, v, s = adam({"W1": np.ones((1, 1))}, {"dW1": np.ones((1, 1))},
    ...                     {"dW1": np.zeros((1, 1))}, {"dW1": np.zeros((1, 1))}, t=1)
    >>> round(float(params["W1"][0, 0]), 6)
    0.99
    """
    if not isinstance(name, str) or name not in _REFERENCES:
        raise ValueError(f"name must be one of {list(GRADERS)}; got {name!r}")
    return _REFERENCES[name]


# =============================================================================
# Part I graders
# =============================================================================


def _body_sigmoid(S):
    rng = _gen(1)
    for z in (rng.normal(0.0, 3.0, (3, 7)), np.array([-2.0, -0.5, 0.0, 1.5]),
              np.array([[0.0]])):
        got = S.call({"z": z})
        ref = _act.sigmoid(z)
        S.array("the result", got, ref, variants=[
            (1 - ref, "it computes 1 / (1 + np.exp(z)), with the sign of the exponent flipped; "
                      "sigma(z) = 1 / (1 + np.exp(-z))"),
            (np.exp(z), "the `1 +` is missing from the denominator: 1 / np.exp(-z) is e^z; "
                        "sigma(z) = 1 / (1 + np.exp(-z))"),
            (np.tanh(z), "it returns tanh(z), not the sigmoid 1 / (1 + np.exp(-z))"),
            (ref * (1 - ref), "it returns the derivative sigma(z) (1 - sigma(z)), not sigma(z)"),
            (1 / (1 - np.exp(-z)), "the denominator is 1 - e^(-z); it must be 1 + e^(-z)"),
        ])
        S.unchanged()
    return _summary(S)


def sigmoid(learner_fn):
    r"""Grade ``sigmoid(z)``, the logistic function applied elementwise.

    The function is called as ``learner_fn(z)`` on arrays of shapes (3, 7), (4,)
    and (1, 1) and must return :math:`\sigma(z) = 1 / (1 + e^{-z})` as an array
    of the same shape.

    Parameters
    ----------
    learner_fn : callable
        ``sigmoid(z) -> s``.

    Returns
    -------
    Result
        ``passed`` and the message (one line on success, the first mistake on failure).

    Notes
    -----
    Diagnoses the sign of the exponent flipped, the ``1 +`` missing, tanh or the
    derivative returned instead, a changed shape, a list instead of an array,
    ``math.exp`` on an array (reported with its line) and a mutated input.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> from dlguide.activations import sigmoid
    >>> check.sigmoid(sigmoid)
    sigmoid passed: 3 test cases; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.sigmoid(lambda z: 1 / (1 + np.exp(z)))
    sigmoid failed: it computes 1 / (1 + np.exp(z)), with the sign of the exponent flipped; sigma(z) = 1 / (1 + np.exp(-z))
      Test case: z (3, 7)
    """
    return _grade("sigmoid", learner_fn, _body_sigmoid, "sigmoid(z)")


def _body_sigmoid_backward(S):
    rng = _gen(2)
    eps = 1e-6
    for shape in ((3, 7), (1, 5)):
        dA, Z = rng.normal(size=shape), rng.normal(0.0, 2.0, shape)
        got = S.call({"dA": dA, "Z": Z})
        s = _sig(Z)
        ref = dA * s * (1 - s)
        S.array("dZ", got, ref, variants=[
            (s * (1 - s), ("the factor dA is missing: it returns sigma'(Z) alone",
                           "By the chain rule dZ = dA * s * (1 - s): the gradient arriving from "
                           "above times the local derivative.")),
            (dA * Z * (1 - Z), ("it uses Z where sigma(Z) belongs: dA * Z * (1 - Z)",
                                "Compute s = sigmoid(Z) first, then dZ = dA * s * (1 - s).")),
            (dA * s, "the factor (1 - s) is missing: sigma'(z) = s (1 - s)"),
            (dA * (1 - s), "the factor s is missing: sigma'(z) = s (1 - s)"),
            (dA * s * (1 + s), "it multiplies by (1 + s); sigma'(z) = s (1 - s)"),
        ], numeric=lambda dA=dA, Z=Z: dA * (_sig(Z + eps) - _sig(Z - eps)) / (2 * eps))
        S.unchanged()
    return _summary(S)


def sigmoid_backward(learner_fn):
    r"""Grade ``sigmoid_backward(dA, Z)``: :math:`dZ = dA \, \sigma(Z)(1 - \sigma(Z))`.

    The function is called as ``learner_fn(dA, Z)`` with ``dA`` and ``Z`` of
    the same shape (Z is the cached pre-activation) and must return ``dZ`` of
    that shape.

    Parameters
    ----------
    learner_fn : callable
        ``sigmoid_backward(dA, Z) -> dZ``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a missing ``dA``, Z used in place of sigma(Z), a missing ``s`` or
    ``1 - s``, a flipped sign, a changed shape or type and a mutated ``dA``;
    otherwise reports the largest difference and a numerical derivative.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> from dlguide.activations import sigmoid, sigmoid_backward
    >>> check.sigmoid_backward(sigmoid_backward)
    sigmoid_backward passed: 2 test cases; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.sigmoid_backward(lambda dA, Z: sigmoid(Z) * (1 - sigmoid(Z)))
    sigmoid_backward failed: the factor dA is missing: it returns sigma'(Z) alone
      By the chain rule dZ = dA * s * (1 - s): the gradient arriving from above times the local derivative.
      Test case: dA (3, 7), Z (3, 7)
    """
    return _grade("sigmoid_backward", learner_fn, _body_sigmoid_backward,
                  "sigmoid_backward(dA, Z)")


def _body_propagate(S):
    rng = _gen(3)
    cases = [
        (rng.normal(0.0, 0.5, (3, 1)), 0.4, rng.normal(size=(3, 7)),
         np.array([[1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0]])),
        (rng.normal(0.0, 0.5, (2, 1)), -0.3, rng.normal(size=(2, 5)),
         np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])),
    ]
    for w, b, X, Y in cases:
        out = S.call({"w": w, "b": b, "X": X, "Y": Y})
        if (isinstance(out, (tuple, list)) and len(out) == 2 and isinstance(out[1], dict)
                and not isinstance(out[0], dict)):
            S.fail("it returns (cost, grads); the order is (grads, cost)")
        grads, cost = S.returned(out, 2, "(grads, cost)")
        ref_grads, ref_cost = _logistic.propagate(w, b, X, Y)
        m = X.shape[1]
        Zlin = w.T @ X + b
        A_nob = _sig(w.T @ X)
        A = _sig(Zlin)

        def numeric(w=w, b=b, X=X, Y=Y):
            g = numerical_gradient(
                lambda p, X=X, Y=Y: _cross_entropy(_sig(p["w"].T @ X + p["b"]), Y),
                {"w": w, "b": np.array([[b]])})
            return g

        S.number("cost", cost, ref_cost, m=m, variants=[
            (float(-np.sum(Y * np.log(A)) / m),
             "the (1 - Y) log(1 - A) term is missing from the cost"),
            (float(-np.sum((1 - Y) * np.log(1 - A)) / m),
             "the Y log(A) term is missing from the cost"),
            (_cross_entropy(A_nob, Y), "b is missing from the forward pass, Z = w.T X + b"),
            (ref_cost / np.log(10), "the cost uses np.log10; the cross-entropy uses the natural "
                                    "logarithm, np.log"),
        ], sign_hint="J = -(1/m) sum(Y log A + (1 - Y) log(1 - A)): mind the leading minus.")
        S.mapping("grads", grads, ["dw", "db"])
        S.array("grads['dw']", grads["dw"], ref_grads["dw"], m=m,
                hint_T="dw = X @ dZ.T / m has the shape of w, (n_x, 1); dZ @ X.T is its "
                       "transpose.",
                variants=[
                    (X @ (Zlin - Y).T / m, ("dw is computed with A = w.T X + b: the sigmoid is "
                                            "missing", "A = sigmoid(w.T @ X + b), then "
                                                       "dZ = A - Y.")),
                    (X @ (A_nob - Y).T / m, "b is missing from the forward pass, Z = w.T X + b"),
                ],
                numeric=lambda numeric=numeric: numeric()["dw"])
        S.number("grads['db']", grads["db"], ref_grads["db"], m=m, variants=[
            (float(np.sum(Zlin - Y) / m), "db is computed without the sigmoid: A = "
                                          "sigmoid(w.T @ X + b)"),
            (float(np.sum(A_nob - Y) / m), "b is missing from the forward pass, Z = w.T X + b"),
        ])
        S.unchanged()
    return _summary(S)


def propagate(learner_fn):
    r"""Grade ``propagate(w, b, X, Y)``: logistic regression's cost and gradients.

    The function is called as ``learner_fn(w, b, X, Y)`` with ``w`` of shape
    (n_x, 1), a float ``b``, ``X`` of shape (n_x, m) and ``Y`` of shape (1, m),
    and must return ``(grads, cost)``: ``grads = {"dw": (n_x, 1) array, "db":
    number}`` and the cost as a number, as :func:`dlguide.logistic.propagate`.

    Parameters
    ----------
    learner_fn : callable
        ``propagate(w, b, X, Y) -> (grads, cost)``.

    Returns
    -------
    Result

    Notes
    -----
    Checks the cost, then ``dw``, then ``db``. Diagnoses a flipped sign, a factor
    of m, a missing term of the cross-entropy, ``np.log10``, the missing sigmoid
    or ``b``, a transposed ``dw``, a (1, 1) array where a number belongs, the
    outputs in the wrong order and a mutated input; otherwise compares with a
    numerical gradient.

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.logistic import propagate
    >>> check.propagate(propagate)
    propagate passed: 2 test cases; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.propagate(lambda w, b, X, Y: propagate(w, b, X, Y)[::-1])
    propagate failed: it returns (cost, grads); the order is (grads, cost)
      Test case: w (3, 1), b=0.4, X (3, 7), Y (1, 7)
    """
    return _grade("propagate", learner_fn, _body_propagate, "propagate(w, b, X, Y)")


def _two_layer_case(rng, n_x, n_h, m):
    params = {"W1": rng.normal(0.0, 0.8, (n_h, n_x)), "b1": rng.normal(0.0, 0.3, (n_h, 1)),
              "W2": rng.normal(0.0, 0.8, (1, n_h)), "b2": rng.normal(0.0, 0.3, (1, 1))}
    X = rng.normal(size=(n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    Y[0, :2] = (0.0, 1.0)
    return params, X, Y


def _body_forward_propagation(S):
    rng = _gen(4)
    for n_x, n_h, m in ((3, 4, 7), (2, 5, 6)):
        params, X, _ = _two_layer_case(rng, n_x, n_h, m)
        out = S.call({"X": X, "parameters": params})
        A2_got, cache = S.returned(out, 2, "(A2, cache)")
        W1, b1, W2, b2 = (params[k] for k in ("W1", "b1", "W2", "b2"))
        _, ref = _ref_forward_propagation(X, params)
        Z1, A1, Z2 = ref["Z1"], ref["A1"], ref["Z2"]
        S.mapping("cache", cache, ["Z1", "A1", "Z2", "A2"])
        S.array("cache['Z1']", cache["Z1"], Z1,
                hint_T="Z1 = W1 @ X + b1 has shape (n_h, m); X.T @ W1.T is its transpose.",
                variants=[(W1 @ X, "b1 is missing: Z1 = W1 @ X + b1"),
                          (W1 @ X - b1, "b1 is subtracted: Z1 = W1 @ X + b1")])
        S.array("cache['A1']", cache["A1"], A1, variants=[
            (_sig(Z1), "the hidden layer uses the sigmoid; it uses tanh: A1 = np.tanh(Z1)"),
            (_relu(Z1), "the hidden layer uses ReLU; it uses tanh: A1 = np.tanh(Z1)"),
            (Z1, "the hidden activation is missing: A1 = np.tanh(Z1)"),
        ])
        S.array("cache['Z2']", cache["Z2"], Z2,
                hint_T="Z2 = W2 @ A1 + b2 has shape (1, m).",
                variants=[(W2 @ Z1 + b2, "Z2 is computed from Z1; it takes the activation: "
                                         "Z2 = W2 @ A1 + b2"),
                          (W2 @ A1, "b2 is missing: Z2 = W2 @ A1 + b2")])
        S.array("cache['A2']", cache["A2"], ref["A2"], variants=[
            (np.tanh(Z2), "the output uses tanh; it is a probability: A2 = sigmoid(Z2)"),
            (_relu(Z2), "the output uses ReLU; it is a probability: A2 = sigmoid(Z2)"),
            (Z2, "the output activation is missing: A2 = sigmoid(Z2)"),
        ])
        S.array("A2 (the first value returned)", A2_got, ref["A2"],
                others={_shape_of(A1): "A1: return A2, the output layer"})
        S.unchanged()
    return _summary(S)


def forward_propagation(learner_fn):
    r"""Grade ``forward_propagation(X, parameters)`` of the two-layer network.

    The network has a tanh hidden layer and a sigmoid output:
    :math:`Z^{[1]} = W^{[1]} X + b^{[1]}`, :math:`A^{[1]} = \tanh Z^{[1]}`,
    :math:`Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}`, :math:`A^{[2]} = \sigma(Z^{[2]})`.
    The function is called as ``learner_fn(X, parameters)`` with ``X`` of shape
    (n_x, m) and ``parameters = {"W1", "b1", "W2", "b2"}``, and must return
    ``(A2, cache)`` with ``cache = {"Z1": ..., "A1": ..., "Z2": ..., "A2": ...}``.

    Parameters
    ----------
    learner_fn : callable
        ``forward_propagation(X, parameters) -> (A2, cache)``.

    Returns
    -------
    Result

    Notes
    -----
    Checks Z1, A1, Z2, A2 in the order they are computed. Diagnoses a transposed
    product, a missing or subtracted bias, the wrong activation (sigmoid or ReLU
    in the hidden layer, tanh at the output), a missing activation, Z2 computed
    from Z1, A1 returned instead of A2, missing cache keys and mutated inputs.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> check.forward_propagation(check.reference("forward_propagation"))
    forward_propagation passed: 2 test cases; values, shapes and types match the reference, and the inputs are unchanged.
    >>> def forward_relu(X, parameters):
    ...     Z1 = parameters["W1"] @ X + parameters["b1"]
    ...     A1 = np.maximum(Z1, 0)
    ...     Z2 = parameters["W2"] @ A1 + parameters["b2"]
    ...     A2 = 1 / (1 + np.exp(-Z2))
    ...     return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    >>> check.forward_propagation(forward_relu)
    forward_propagation failed: the hidden layer uses ReLU; it uses tanh: A1 = np.tanh(Z1)
      Test case: X (3, 7), parameters {W1 (4, 3), b1 (4, 1), W2 (1, 4), b2 (1, 1)}
    """
    return _grade("forward_propagation", learner_fn, _body_forward_propagation,
                  "forward_propagation(X, parameters)")


def _body_backward_propagation(S):
    rng = _gen(5)
    for n_x, n_h, m in ((3, 4, 7), (2, 5, 6)):
        params, X, Y = _two_layer_case(rng, n_x, n_h, m)
        _, cache = _ref_forward_propagation(X, params)
        out = S.call({"parameters": params, "cache": cache, "X": X, "Y": Y})
        grads = S.mapping("the returned grads", out, ["dW1", "db1", "dW2", "db2"])
        ref = _ref_backward_propagation(params, cache, X, Y)
        W2, A1, Z1 = params["W2"], cache["A1"], cache["Z1"]
        dZ2 = cache["A2"] - Y
        others = {_shape_of(v): k for k, v in params.items()}

        def numeric(key, params=params, X=X, Y=Y):
            def cost(p):
                return _cross_entropy(_ref_forward_propagation(X, p)[0], Y)
            return numerical_gradient(cost, params)[key]

        back = W2.T @ dZ2
        wrong_dZ1 = [
            (back * (1 - A1), "tanh'(Z1) = 1 - A1**2; the code uses 1 - A1 (the square is "
                              "missing)"),
            (back * (1 - Z1**2), "it uses Z1 where A1 belongs: tanh'(Z1) = 1 - A1**2 with "
                                 "A1 = tanh(Z1)"),
            (back, ("the factor tanh'(Z1) = 1 - A1**2 is missing",
                    "dZ1 = (W2.T @ dZ2) * (1 - A1**2): the backward pass goes through the "
                    "activation too.")),
            (back * A1 * (1 - A1), "it uses the sigmoid's derivative A1 (1 - A1) for the "
                                   "hidden layer; the hidden layer is tanh: 1 - A1**2"),
        ]
        S.array("grads['dW2']", grads["dW2"], ref["dW2"], m=m, others=others,
                hint_T="dW2 = dZ2 @ A1.T / m has the shape of W2; A1 @ dZ2.T is its transpose.",
                numeric=lambda: numeric("dW2"))
        S.array("grads['db2']", grads["db2"], ref["db2"], m=m, numeric=lambda: numeric("db2"))
        S.array("grads['dW1']", grads["dW1"], ref["dW1"], m=m, others=others,
                hint_T="dW1 = dZ1 @ X.T / m has the shape of W1; X @ dZ1.T is its transpose.",
                variants=[(d @ X.T / m, msg) for d, msg in wrong_dZ1],
                numeric=lambda: numeric("dW1"))
        S.array("grads['db1']", grads["db1"], ref["db1"], m=m,
                variants=[(np.sum(d, axis=1, keepdims=True) / m, msg) for d, msg in wrong_dZ1],
                numeric=lambda: numeric("db1"))
        S.unchanged()
    return _summary(S)


def backward_propagation(learner_fn):
    r"""Grade ``backward_propagation(parameters, cache, X, Y)`` of the two-layer network.

    The network is the one of :func:`forward_propagation` (tanh hidden layer,
    sigmoid output, cross-entropy cost). The function is called as
    ``learner_fn(parameters, cache, X, Y)`` with the ``cache`` dict
    ``{"Z1", "A1", "Z2", "A2"}`` of the forward pass and must return
    ``grads = {"dW1", "db1", "dW2", "db2"}``:

    .. math::
        dZ^{[2]} = A^{[2]} - Y, \quad dW^{[2]} = \tfrac{1}{m} dZ^{[2]} A^{[1]\top}, \quad
        dZ^{[1]} = W^{[2]\top} dZ^{[2]} \odot (1 - A^{[1]2}), \quad
        dW^{[1]} = \tfrac{1}{m} dZ^{[1]} X^\top

    and each :math:`db` the sum of :math:`dZ` over the examples, divided by m.

    Parameters
    ----------
    learner_fn : callable
        ``backward_propagation(parameters, cache, X, Y) -> grads``.

    Returns
    -------
    Result

    Notes
    -----
    Checks dW2, db2, dW1, db1 in the order backpropagation computes them.
    Diagnoses a factor of m, a missing ``keepdims=True``, a sum over the wrong
    axis, a transposed product, a flipped sign, a wrong or missing tanh
    derivative, missing keys and mutated inputs; otherwise compares with a
    numerical gradient.

    Examples
    --------
    >>> from dlguide import check
    >>> backward = check.reference("backward_propagation")
    >>> check.backward_propagation(backward)
    backward_propagation passed: 2 test cases; values, shapes and types match the reference, and the inputs are unchanged.
    >>> def backward_times_m(parameters, cache, X, Y):
    ...     return {k: g * X.shape[1] for k, g in backward(parameters, cache, X, Y).items()}
    >>> check.backward_propagation(backward_times_m)
    backward_propagation failed: grads['dW2'] is off by a factor of m = 7: it is m times too large
      The cost is an average over the m examples, so the cost and its gradients with respect to W and b carry a factor 1/m.
      Test case: parameters {W1 (4, 3), b1 (4, 1), W2 (1, 4), b2 (1, 1)}, cache {Z1 (4, 7), A1 (4, 7), Z2 (1, 7), A2 (1, 7)}, X (3, 7), Y (1, 7)
    """
    return _grade("backward_propagation", learner_fn, _body_backward_propagation,
                  "backward_propagation(parameters, cache, X, Y)")


def _linear_case(rng, n_prev, n, m):
    return (rng.normal(size=(n_prev, m)), rng.normal(0.0, 0.7, (n, n_prev)),
            rng.normal(0.0, 0.5, (n, 1)))


def _check_linear_cache(S, what, cache, A_prev, W, b):
    if not isinstance(cache, (tuple, list)) or len(cache) != 3:
        S.fail(f"{what} is {_kind(cache)}; it must be the tuple (A_prev, W, b)")
    want = (("A_prev", A_prev), ("W", W), ("b", b))
    for i, ((name, ref), got) in enumerate(zip(want, cache, strict=True)):
        if isinstance(got, np.ndarray) and _close(got, ref):
            continue
        for other, ref2 in want:
            if other != name and isinstance(got, np.ndarray) and _close(got, ref2):
                S.fail(f"{what} holds the right arrays in the wrong order: position {i} holds "
                       f"{other}; the order is (A_prev, W, b)")
        S.fail(f"{what}[{i}] must be {name}, {_kind(ref)}; got {_kind(got)}"
               + ("" if not isinstance(got, np.ndarray) or got.shape != ref.shape
                  else " with other values"))


def _body_linear_forward(S):
    rng = _gen(6)
    for n_prev, n, m in ((3, 4, 7), (5, 1, 6)):
        A_prev, W, b = _linear_case(rng, n_prev, n, m)
        out = S.call({"A_prev": A_prev, "W": W, "b": b})
        Z, cache = S.returned(out, 2, "(Z, cache)")
        ref = W @ A_prev + b
        S.array("Z", Z, ref,
                hint_T="Z = W @ A_prev + b has shape (n[l], m); A_prev.T @ W.T is its "
                       "transpose.",
                variants=[(W @ A_prev, "b is missing: Z = W @ A_prev + b"),
                          (W @ A_prev - b, "b is subtracted: Z = W @ A_prev + b")])
        _check_linear_cache(S, "the cache", cache, A_prev, W, b)
        S.unchanged()
    return _summary(S)


def linear_forward(learner_fn):
    r"""Grade ``linear_forward(A_prev, W, b)``: :math:`Z = W A_{prev} + b`.

    The function is called as ``learner_fn(A_prev, W, b)`` with ``A_prev`` of
    shape (n[l-1], m), ``W`` of shape (n[l], n[l-1]) and ``b`` of shape (n[l], 1),
    and must return ``(Z, cache)`` with ``cache = (A_prev, W, b)``, as
    :func:`dlguide.network.linear_forward`.

    Parameters
    ----------
    learner_fn : callable
        ``linear_forward(A_prev, W, b) -> (Z, cache)``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a transposed product, a missing or subtracted ``b``, an elementwise
    ``*`` in place of the matrix product (reported with its line), a cache in
    the wrong order or of the wrong type, a missing cache and mutated inputs.

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.network import linear_forward
    >>> check.linear_forward(linear_forward)
    linear_forward passed: 2 test cases; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.linear_forward(lambda A_prev, W, b: (A_prev.T @ W.T + b.T, (A_prev, W, b)))
    linear_forward failed: Z has shape (7, 4), the transpose of the expected shape (4, 7): a transposed product
      Z = W @ A_prev + b has shape (n[l], m); A_prev.T @ W.T is its transpose.
      Test case: A_prev (3, 7), W (4, 3), b (4, 1)
    """
    return _grade("linear_forward", learner_fn, _body_linear_forward,
                  "linear_forward(A_prev, W, b)")


def _check_activation_cache(S, what, cache, A_prev, W, b, Z, A):
    if not isinstance(cache, (tuple, list)) or len(cache) < 2:
        S.fail(f"{what} is {_kind(cache)}; it must be the tuple (linear_cache, Z) with "
               "linear_cache = (A_prev, W, b)")
    if isinstance(cache[0], np.ndarray) and isinstance(cache[1], (tuple, list)):
        S.fail(f"{what} is in the wrong order: it must be (linear_cache, Z), the linear "
               "cache first")
    _check_linear_cache(S, f"{what}[0] (the linear cache)", cache[0], A_prev, W, b)
    S.array(f"{what}[1] (the activation cache)", cache[1], Z, variants=[
        (A, "the activation cache holds A; it must hold Z, the input of the activation, "
            "which the backward pass needs"),
    ])


def _body_linear_activation_forward(S):
    rng = _gen(7)
    for activation in ("sigmoid", "relu"):
        A_prev, W, b = _linear_case(rng, 3, 4, 7)
        out = S.call({"A_prev": A_prev, "W": W, "b": b, "activation": activation})
        A, cache = S.returned(out, 2, "(A, cache)")
        Z = W @ A_prev + b
        ref = _FORWARD[activation](Z)
        other = "relu" if activation == "sigmoid" else "sigmoid"
        S.array("A", A, ref, variants=[
            (Z, "the activation is missing: it returns Z; A = g(Z)"),
            (_FORWARD[other](Z), f"it applies {other} for activation={activation!r}: check "
                                 "the if/elif on activation"),
            (np.tanh(Z), f"it applies tanh for activation={activation!r}"),
        ])
        _check_activation_cache(S, "the cache", cache, A_prev, W, b, Z, ref)
        S.unchanged()
    return _summary(S)


def linear_activation_forward(learner_fn):
    r"""Grade ``linear_activation_forward(A_prev, W, b, activation)``: :math:`A = g(W A_{prev} + b)`.

    The function is called as ``learner_fn(A_prev, W, b, activation)`` with
    ``activation`` ``"sigmoid"`` or ``"relu"`` and must return ``(A, cache)``
    with ``cache = (linear_cache, Z)`` and ``linear_cache = (A_prev, W, b)``, as
    :func:`dlguide.network.linear_activation_forward`.

    Parameters
    ----------
    learner_fn : callable
        ``linear_activation_forward(A_prev, W, b, activation) -> (A, cache)``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a missing activation, the activations swapped, tanh, A cached in
    place of Z, the cache in the wrong order, the linear part's mistakes and
    mutated inputs.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> from dlguide.network import linear_activation_forward, linear_forward
    >>> check.linear_activation_forward(linear_activation_forward)
    linear_activation_forward passed: 2 test cases; values, shapes and types match the reference, and the inputs are unchanged.
    >>> def forward_no_g(A_prev, W, b, activation):
    ...     Z, linear_cache = linear_forward(A_prev, W, b)
    ...     return Z, (linear_cache, Z)
    >>> check.linear_activation_forward(forward_no_g)
    linear_activation_forward failed: the activation is missing: it returns Z; A = g(Z)
      Test case: A_prev (3, 7), W (4, 3), b (4, 1), activation='sigmoid'
    """
    return _grade("linear_activation_forward", learner_fn, _body_linear_activation_forward,
                  "linear_activation_forward(A_prev, W, b, activation)")


def _check_linear_grads(S, out, A_prev, W, dZ, variants=()):
    """Compare (dA_prev, dW, db) with the linear backward of ``dZ``; variants are dZ's."""
    dA_prev, dW, db = S.returned(out, 3, "(dA_prev, dW, db)")
    m = A_prev.shape[1]
    ref_dA, ref_dW, ref_db = _lin_back(dZ, A_prev, W)
    wrong = [(_lin_back(d, A_prev, W), msg) for d, msg in variants]
    S.array("dW", dW, ref_dW, m=m, hint_T="dW = dZ @ A_prev.T / m has the shape of W; "
                                          "A_prev @ dZ.T is its transpose.",
            variants=[(g[1], msg) for g, msg in wrong])
    S.array("db", db, ref_db, m=m, variants=[(g[2], msg) for g, msg in wrong])
    S.array("dA_prev", dA_prev, ref_dA, m=m,
            hint_T="dA_prev = W.T @ dZ has the shape of A_prev; dZ.T @ W is its transpose.",
            variants=[(ref_dA / m, ("dA_prev is divided by m; it has no 1/m",
                                    "dA_prev is a gradient per example: only dW and db, which "
                                    "sum over the examples, are averaged.")),
                      *((g[0], msg) for g, msg in wrong)])


def _body_linear_backward(S):
    rng = _gen(8)
    for n_prev, n, m in ((3, 4, 7), (5, 1, 6)):
        A_prev, W, b = _linear_case(rng, n_prev, n, m)
        dZ = rng.normal(size=(n, m))
        out = S.call({"dZ": dZ, "cache": (A_prev, W, b)})
        _check_linear_grads(S, out, A_prev, W, dZ)
        S.unchanged()
    return _summary(S)


def linear_backward(learner_fn):
    r"""Grade ``linear_backward(dZ, cache)``, the backward pass of :math:`Z = W A_{prev} + b`.

    The function is called as ``learner_fn(dZ, cache)`` with ``cache = (A_prev,
    W, b)`` and must return ``(dA_prev, dW, db)``:

    .. math::
        dW = \tfrac{1}{m} dZ A_{prev}^\top, \quad
        db = \tfrac{1}{m} \textstyle\sum_i dZ^{(i)}, \quad
        dA_{prev} = W^\top dZ

    as :func:`dlguide.network.linear_backward`.

    Parameters
    ----------
    learner_fn : callable
        ``linear_backward(dZ, cache) -> (dA_prev, dW, db)``.

    Returns
    -------
    Result

    Notes
    -----
    Checks dW, db, dA_prev. Diagnoses a factor of m (also a ``1/m`` on
    ``dA_prev``), a missing ``keepdims=True``, a sum over the wrong axis, a
    transposed product, ``W`` where ``W.T`` belongs (reported with its line), a
    flipped sign, the wrong number of outputs and mutated inputs.

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.network import linear_backward
    >>> check.linear_backward(linear_backward)
    linear_backward passed: 2 test cases; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.linear_backward(lambda dZ, cache: (cache[1].T @ dZ, dZ @ cache[0].T,
    ...                                          dZ.sum(axis=1, keepdims=True)))
    linear_backward failed: dW is off by a factor of m = 7: it is m times too large
      The cost is an average over the m examples, so the cost and its gradients with respect to W and b carry a factor 1/m.
      Test case: dZ (4, 7), cache ((3, 7), (4, 3), (4, 1))
    """
    return _grade("linear_backward", learner_fn, _body_linear_backward,
                  "linear_backward(dZ, cache)")


def _body_linear_activation_backward(S):
    rng = _gen(9)
    for activation in ("sigmoid", "relu"):
        A_prev, W, b = _linear_case(rng, 3, 4, 7)
        Z = W @ A_prev + b
        dA = rng.normal(size=Z.shape)
        out = S.call({"dA": dA, "cache": ((A_prev, W, b), Z), "activation": activation})
        other = "relu" if activation == "sigmoid" else "sigmoid"
        dZ = dA * _derivative(activation, Z)
        variants = [
            (dA, ("the activation's derivative is missing: dZ = dA",
                  "First dZ = dA * g'(Z) (sigmoid_backward or relu_backward), then "
                  "linear_backward(dZ, linear_cache).")),
            (dA * _derivative(other, Z), f"it uses the derivative of {other} for "
                                         f"activation={activation!r}: check the if/elif"),
            (dA * _derivative("tanh", Z), f"it uses tanh's derivative for "
                                          f"activation={activation!r}"),
        ]
        if activation == "sigmoid":
            variants.append((dA * Z * (1 - Z), "sigma'(Z) = s (1 - s) with s = sigmoid(Z); the "
                                               "code uses Z (1 - Z)"))
        else:
            variants.append((dA * _relu(Z), "ReLU's derivative is the step [Z > 0] (0 or 1), "
                                            "not relu(Z) itself"))
        _check_linear_grads(S, out, A_prev, W, dZ, variants)
        S.unchanged()
    return _summary(S)


def linear_activation_backward(learner_fn):
    r"""Grade ``linear_activation_backward(dA, cache, activation)``.

    The function is called as ``learner_fn(dA, cache, activation)`` with
    ``cache = ((A_prev, W, b), Z)`` and ``activation`` ``"sigmoid"`` or
    ``"relu"``. It must compute :math:`dZ = dA \odot g'(Z)` and return
    ``(dA_prev, dW, db)`` of :func:`linear_backward` applied to ``dZ``, as
    :func:`dlguide.network.linear_activation_backward`.

    Parameters
    ----------
    learner_fn : callable
        ``linear_activation_backward(dA, cache, activation) -> (dA_prev, dW, db)``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a missing activation derivative, the derivatives swapped, Z used in
    place of sigma(Z), relu(Z) in place of the step, the linear part's mistakes
    (factor of m, keepdims, axis, transpose, sign) and a mutated ``dA`` (the
    classic ``dZ = dA; dZ[Z <= 0] = 0``).

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> from dlguide.network import linear_activation_backward, linear_backward
    >>> check.linear_activation_backward(linear_activation_backward)
    linear_activation_backward passed: 2 test cases; values, shapes and types match the reference, and the inputs are unchanged.
    >>> def relu_in_place(dA, cache, activation):
    ...     linear_cache, Z = cache
    ...     dZ = dA
    ...     if activation == "relu":
    ...         dZ[Z <= 0] = 0
    ...     else:
    ...         s = 1 / (1 + np.exp(-Z))
    ...         dZ = dA * s * (1 - s)
    ...     return linear_backward(dZ, linear_cache)
    >>> print(check.linear_activation_backward(relu_in_place))
    linear_activation_backward failed: your function mutated its input: it changed dA in place
      Inputs belong to the caller; `x *= ...`, `x -= ...`, `x[...] = ...` or `d[key] = ...` change the caller's array or dict. Build new arrays instead (e.g. `dZ = np.array(dA, copy=True)` before editing a copy).
      Test case: dA (4, 7), cache (((3, 7), (4, 3), (4, 1)), (4, 7)), activation='relu'
    """
    return _grade("linear_activation_backward", learner_fn, _body_linear_activation_backward,
                  "linear_activation_backward(dA, cache, activation)")


def _deep_case(rng, dims=(3, 5, 4, 1), m=7):
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.normal(0.0, np.sqrt(2.0 / dims[l - 1]), (dims[l], dims[l - 1]))
        params[f"b{l}"] = rng.normal(0.0, 0.2, (dims[l], 1))
    X = rng.normal(size=(dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    Y[0, :2] = (0.0, 1.0)
    return params, X, Y


def _deep_forward(X, params, hidden="relu", output="sigmoid", bias=True):
    """AL and per layer (A_prev, W, b, Z, A)."""
    L = len(params) // 2
    layers, A = [], X
    for l in range(1, L + 1):
        W, b = params[f"W{l}"], params[f"b{l}"]
        Z = W @ A + (b if bias else 0.0)
        A_next = _FORWARD[hidden if l < L else output](Z)
        layers.append((A, W, b, Z, A_next))
        A = A_next
    return A, layers


def _body_model_forward(S):
    rng = _gen(10)
    for dims in ((3, 5, 4, 1), (2, 3, 1)):
        params, X, _ = _deep_case(rng, dims)
        L = len(dims) - 1
        out = S.call({"X": X, "parameters": params})
        AL, caches = S.returned(out, 2, "(AL, caches)")
        ref, layers = _deep_forward(X, params)
        others = {_shape_of(layer[4]): f"A{l}" for l, layer in enumerate(layers[:-1], 1)}
        S.array("AL", AL, ref, others=others, variants=[
            (_deep_forward(X, params, "sigmoid")[0], "the hidden layers use the sigmoid; they "
                                                     "use ReLU, only the output uses sigmoid"),
            (_deep_forward(X, params, "tanh")[0], "the hidden layers use tanh; they use ReLU"),
            (_deep_forward(X, params, "relu", "relu")[0], "the output layer uses ReLU; it uses "
                                                          "the sigmoid, AL is a probability"),
            (_deep_forward(X, params, "linear")[0], "the hidden layers have no activation; "
                                                    "they use ReLU"),
            (_deep_forward(X, params, bias=False)[0], "the biases are missing: Z = W @ A_prev "
                                                      "+ b in every layer"),
        ])
        if not isinstance(caches, (list, tuple)):
            S.fail(f"caches is {_kind(caches)}; it must be a list with one cache per layer")
        if len(caches) != L:
            S.fail(f"caches has {len(caches)} entries for L = {L} layers; it needs one cache "
                   "per layer",
                   "The cache of the output layer (LINEAR -> SIGMOID, after the loop) is "
                   "appended too." if len(caches) == L - 1 else None)
        for l, (cache, layer) in enumerate(zip(caches, layers, strict=True), 1):
            A_prev, W, b, Z, A = layer
            _check_activation_cache(S, f"caches[{l - 1}] (layer {l})", cache, A_prev, W, b, Z, A)
        S.unchanged()
    return _summary(S)


def model_forward(learner_fn):
    r"""Grade ``model_forward(X, parameters)``: ``[LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID``.

    The course calls it ``L_model_forward``. The function is called as
    ``learner_fn(X, parameters)`` with ``parameters = {"W1", "b1", ..., "WL",
    "bL"}`` and must return ``(AL, caches)``: ``AL`` of shape (1, m) and a list
    of L caches, ``caches[l-1] = ((A_prev, W, b), Z)`` for layer l (the cache
    of :func:`linear_activation_forward`; extra entries after Z are ignored, so
    :func:`dlguide.network.model_forward` passes too).

    Parameters
    ----------
    learner_fn : callable
        ``model_forward(X, parameters) -> (AL, caches)``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses the sigmoid, tanh or no activation in the hidden layers, ReLU at
    the output, missing biases, the activation of a hidden layer returned as
    AL, a missing output-layer cache, caches holding A or in the wrong order,
    and mutated inputs.

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.network import model_forward
    >>> check.model_forward(model_forward)
    model_forward passed: 2 test cases; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.model_forward(lambda X, parameters: model_forward(X, parameters,
    ...                                                         hidden_activation="tanh"))
    model_forward failed: the hidden layers use tanh; they use ReLU
      Test case: X (3, 7), parameters {W1 (5, 3), b1 (5, 1), W2 (4, 5), b2 (4, 1), W3 (1, 4), b3 (1, 1)}
    """
    return _grade("model_forward", learner_fn, _body_model_forward,
                  "model_forward(X, parameters)")


def _body_compute_cost(S):
    rng = _gen(11)
    for m in (7, 5):
        AL = rng.uniform(0.05, 0.95, (1, m))
        Y = (rng.random((1, m)) < 0.5).astype(np.float64)
        Y[0, :2] = (0.0, 1.0)
        got = S.call({"AL": AL, "Y": Y})
        ref = _network.compute_cost(AL, Y)
        S.number("the cost", got, ref, m=m, variants=[
            (float(-np.sum(Y * np.log(AL)) / m), "the (1 - Y) log(1 - AL) term is missing"),
            (float(-np.sum((1 - Y) * np.log(1 - AL)) / m), "the Y log(AL) term is missing"),
            (float(-np.sum(Y * np.log(1 - AL) + (1 - Y) * np.log(AL)) / m),
             "the logarithms are swapped: Y goes with log(AL), 1 - Y with log(1 - AL)"),
            (ref / np.log(10), "the cost uses np.log10; the cross-entropy uses the natural "
                               "logarithm, np.log"),
            (ref / np.log(2), "the cost uses np.log2; the cross-entropy uses the natural "
                              "logarithm, np.log"),
        ], sign_hint="J = -(1/m) sum(Y log AL + (1 - Y) log(1 - AL)): mind the leading minus.")
        S.unchanged()
    return _summary(S)


def compute_cost(learner_fn):
    r"""Grade ``compute_cost(AL, Y)``, the cross-entropy cost averaged over the m examples.

    The function is called as ``learner_fn(AL, Y)`` with ``AL`` and ``Y`` of
    shape (1, m) and must return a number (a float, a NumPy scalar or a 0-d
    array):

    .. math:: J = -\frac{1}{m} \sum_{i=1}^m \bigl(y^{(i)} \log a^{(i)} + (1 - y^{(i)}) \log(1 - a^{(i)})\bigr)

    Parameters
    ----------
    learner_fn : callable
        ``compute_cost(AL, Y) -> cost``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a flipped sign, a factor of m, a missing or swapped term,
    ``np.log10`` or ``np.log2``, a (1, 1) array where a number belongs, a sum
    over the wrong axis (an array comes back), ``np.dot`` without the transpose
    (reported with its line) and mutated inputs.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> from dlguide.network import compute_cost
    >>> check.compute_cost(compute_cost)
    compute_cost passed: 2 test cases; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.compute_cost(lambda AL, Y: np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T))
    compute_cost failed: the cost is an array of shape (1, 1), the wrong type; it must be a single number
      Convert it with float(...) (or np.squeeze(...)).
      Test case: AL (1, 7), Y (1, 7)
    """
    return _grade("compute_cost", learner_fn, _body_compute_cost, "compute_cost(AL, Y)")


def _deep_backward(AL, Y, layers, hidden="relu", output="sigmoid"):
    """Gradients through ``layers`` from :func:`_deep_forward`, with chosen derivatives."""
    grads = {}
    L = len(layers)
    with np.errstate(all="ignore"):
        dAL = -(Y / AL - (1 - Y) / (1 - AL))
    dA = dAL
    for l in range(L, 0, -1):
        A_prev, W, _, Z, _ = layers[l - 1]
        name = output if l == L else hidden
        dZ = AL - Y if (l == L and name == "sigmoid") else dA * _derivative(name, Z)
        dA, grads[f"dW{l}"], grads[f"db{l}"] = _lin_back(dZ, A_prev, W)
    return grads


def _body_model_backward(S):
    rng = _gen(12)
    for dims in ((3, 5, 4, 1), (2, 3, 1)):
        params, X, Y = _deep_case(rng, dims)
        L = len(dims) - 1
        m = X.shape[1]
        AL, layers = _deep_forward(X, params)
        caches = [((A_prev, W, b), Z) for A_prev, W, b, Z, _ in layers]
        out = S.call({"AL": AL, "Y": Y, "caches": caches})
        keys = [f"d{p}{l}" for l in range(1, L + 1) for p in "Wb"]
        grads = S.mapping("the returned grads", out, keys)
        ref = _ref_model_backward(AL, Y, caches)
        wrong = [
            (_deep_backward(AL, Y, layers, output="relu"),
             "the output layer's backward uses ReLU; the output layer is a sigmoid "
             "(linear_activation_backward(dAL, current_cache, 'sigmoid'))"),
            (_deep_backward(AL, Y, layers, hidden="sigmoid"),
             "the hidden layers' backward uses the sigmoid; the hidden layers are ReLU"),
            (_deep_backward(AL, Y, layers, hidden="linear"),
             "the hidden layers' backward skips the ReLU derivative: dZ = dA * [Z > 0]"),
        ]
        cache_holder = {}

        def numeric(key, params=params, X=X, Y=Y, cache_holder=cache_holder):
            if "g" not in cache_holder:
                cache_holder["g"] = numerical_gradient(
                    lambda q, X=X, Y=Y: _cross_entropy(_deep_forward(X, q)[0], Y), params)
            return cache_holder["g"][key]

        for l in range(L, 0, -1):
            others = {_shape_of(params[f"W{k}"]): f"W{k}: the layer index is off by one"
                      for k in range(1, L + 1) if k != l and params[f"W{k}"].shape
                      != params[f"W{l}"].shape}
            for key in (f"dW{l}", f"db{l}"):
                S.array(f"grads['{key}']", grads[key], ref[key], m=m,
                        others=others if key.startswith("dW") else None,
                        hint_T=f"dW{l} has the shape of W{l}: dZ @ A_prev.T / m.",
                        variants=[(g[key], msg) for g, msg in wrong],
                        numeric=lambda key=key: numeric(key),
                        sign_hint="dAL = -(Y / AL - (1 - Y) / (1 - AL)); a flipped sign there "
                                  "flips every gradient.")
        S.unchanged()
    return _summary(S)


def model_backward(learner_fn):
    r"""Grade ``model_backward(AL, Y, caches)``: the gradients of the L-layer network.

    The course calls it ``L_model_backward``. The function is called as
    ``learner_fn(AL, Y, caches)`` with the output ``AL`` of
    :func:`model_forward` (ReLU hidden layers, sigmoid output) and its list of
    caches ``((A_prev, W, b), Z)``, and must return a dict with ``dW1, db1,
    ..., dWL, dbL`` (extra keys such as ``dA1`` are ignored). It starts from

    .. math:: dA^{[L]} = -\Bigl(\frac{Y}{A^{[L]}} - \frac{1 - Y}{1 - A^{[L]}}\Bigr)

    (or directly :math:`dZ^{[L]} = A^{[L]} - Y`) and runs
    :func:`linear_activation_backward` down the layers.

    Parameters
    ----------
    learner_fn : callable
        ``model_backward(AL, Y, caches) -> grads``.

    Returns
    -------
    Result

    Notes
    -----
    Checks layer L first, then down to layer 1. Diagnoses layer numbers off by
    one (keys from ``dW0``, or gradients with another layer's shape), the
    output's or the hidden layers' derivative wrong or missing, a flipped sign
    of ``dAL``, the linear part's mistakes (factor of m, keepdims, axis,
    transpose) and mutated caches; otherwise compares with a numerical gradient.

    Examples
    --------
    >>> from dlguide import check
    >>> model_backward = check.reference("model_backward")
    >>> check.model_backward(model_backward)
    model_backward passed: 2 test cases; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.model_backward(lambda AL, Y, caches: model_backward(1 - AL, 1 - Y, caches))
    model_backward failed: grads['dW3'] has the wrong sign: it is exactly minus the expected value
      dAL = -(Y / AL - (1 - Y) / (1 - AL)); a flipped sign there flips every gradient.
      Test case: AL (1, 7), Y (1, 7), caches a list of 3 caches
    """
    return _grade("model_backward", learner_fn, _body_model_backward,
                  "model_backward(AL, Y, caches)")


def _body_update_parameters(S):
    rng = _gen(13)
    for lr in (0.1, 0.03):
        params, _, _ = _deep_case(rng, (3, 4, 1))
        grads = {"d" + k: rng.normal(size=v.shape) for k, v in params.items()}
        out = S.call({"parameters": params, "grads": grads, "learning_rate": lr},
                     may_change=("parameters",))
        new = S.mapping("the returned parameters", out, list(params))
        for k, p in params.items():
            S.array(f"parameters['{k}']", new[k], p - lr * grads["d" + k], old=p, variants=[
                (p - grads["d" + k], "the learning rate is missing: W = W - learning_rate * dW"),
            ], sign_hint="Gradient descent goes downhill: W = W - learning_rate * dW.")
        S.unchanged()
    return _summary(S, state="parameters")


def update_parameters(learner_fn):
    r"""Grade ``update_parameters(parameters, grads, learning_rate)``: one step of gradient descent.

    The function is called as ``learner_fn(parameters, grads, learning_rate)``
    and must return the parameters after
    :math:`W^{[l]} \leftarrow W^{[l]} - \alpha\, dW^{[l]}`,
    :math:`b^{[l]} \leftarrow b^{[l]} - \alpha\, db^{[l]}` for every layer. It
    may update ``parameters`` in place (as the course does) or build a new dict;
    either way it returns it.

    Parameters
    ----------
    learner_fn : callable
        ``update_parameters(parameters, grads, learning_rate) -> parameters``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a step uphill (flipped sign), a missing learning rate, a layer or
    a bias left out of the loop, None returned (in-place update without
    ``return``), missing keys and a mutated ``grads``.

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.network import update_parameters
    >>> check.update_parameters(update_parameters)
    update_parameters passed: 2 test cases; values, shapes and types match the reference, and grads is unchanged (parameters may be updated in place).
    >>> check.update_parameters(lambda parameters, grads, learning_rate: {
    ...     k: p + learning_rate * grads["d" + k] for k, p in parameters.items()})
    update_parameters failed: the step on parameters['W1'] (new value minus old) has the wrong sign: it is exactly minus the expected value
      Gradient descent goes downhill: W = W - learning_rate * dW.
      Test case: parameters {W1 (4, 3), b1 (4, 1), W2 (1, 4), b2 (1, 1)}, grads {dW1 (4, 3), db1 (4, 1), dW2 (1, 4), db2 (1, 1)}, learning_rate=0.1
    """
    return _grade("update_parameters", learner_fn, _body_update_parameters,
                  "update_parameters(parameters, grads, learning_rate)")


# =============================================================================
# Part II graders
# =============================================================================


def _l2_case(rng):
    params, _, _ = _deep_case(rng, (3, 4, 3, 1))
    for k in params:
        if k.startswith("b"):
            params[k] = params[k] + 0.5  # nonzero biases reveal a penalty on b
    return params


def _body_l2_cost(S):
    rng = _gen(14)
    for lambd, m in ((0.7, 7), (0.1, 5)):
        params = _l2_case(rng)
        got = S.call({"parameters": params, "lambd": lambd, "m": m})
        ref = _reg.l2_cost(params, lambd, m)
        Ws = [v for k, v in params.items() if k.startswith("W")]
        sq = [float(np.sum(W**2)) for W in Ws]
        allsq = sum(float(np.sum(v**2)) for v in params.values())
        S.number("the L2 cost", got, ref, m=m, variants=[
            (lambd / m * sum(sq), "it uses lambda / m; the L2 term is lambda / (2 m) times the "
                                  "sum of squares (off by a factor of 2)"),
            (lambd / (2 * m) * allsq, ("the biases are penalized too",
                                       "The L2 term sums the squares of the weights W only, not "
                                       "of b.")),
            (lambd / (2 * m) * sum(float(np.sum(W)) for W in Ws),
             "it sums the weights; the L2 term sums their squares, np.sum(np.square(W))"),
            (lambd / (2 * m) * sum(float(np.sum(np.abs(W))) for W in Ws),
             "it sums absolute values (the L1 norm); the L2 term sums squares"),
            (lambd / (2 * m) * sum(math.sqrt(q) for q in sq),
             "it adds the Frobenius norms ||W||; the L2 term adds their squares ||W||**2"),
            (lambd / (2 * m) * sum(sq[:-1]), ("the last layer's weights are left out",
                                              "Loop over every layer, l = 1 .. L: "
                                              "range(1, L + 1).")),
            (lambd / (2 * m) * sq[0], "only W1 is penalized; sum over every layer"),
            (lambd / (2 * m) * sq[-1], "only the last layer is penalized; sum over every "
                                       "layer"),
        ])
        S.unchanged()
    return _summary(S)


def l2_cost(learner_fn):
    r"""Grade ``l2_cost(parameters, lambd, m)``, the L2 term added to the cost.

    The function is called as ``learner_fn(parameters, lambd, m)`` and must
    return the number

    .. math:: \frac{\lambda}{2m} \sum_{l=1}^{L} \lVert W^{[l]} \rVert_F^2

    (biases are not penalized), as :func:`dlguide.regularization.l2_cost`.

    Parameters
    ----------
    learner_fn : callable
        ``l2_cost(parameters, lambd, m) -> float``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a factor of 2 (lambda/m), a factor of m, penalized biases, a sum
    of weights or of absolute values, norms not squared, a layer left out,
    an array returned and mutated parameters.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> from dlguide.regularization import l2_cost
    >>> check.l2_cost(l2_cost)
    l2_cost passed: 2 test cases; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.l2_cost(lambda parameters, lambd, m: lambd / (2 * m) * sum(
    ...     np.sum(np.square(v)) for v in parameters.values()))
    l2_cost failed: the biases are penalized too
      The L2 term sums the squares of the weights W only, not of b.
      Test case: parameters {W1 (4, 3), b1 (4, 1), W2 (3, 4), b2 (3, 1), W3 (1, 3), b3 (1, 1)}, lambd=0.7, m=7
    """
    return _grade("l2_cost", learner_fn, _body_l2_cost, "l2_cost(parameters, lambd, m)")


def _body_l2_grads(S):
    rng = _gen(15)
    for lambd, m in ((0.7, 7), (0.1, 5)):
        params = _l2_case(rng)
        L = len(params) // 2
        out = S.call({"parameters": params, "lambd": lambd, "m": m})
        keys = [f"dW{l}" for l in range(1, L + 1)]
        grads = S.mapping("the returned dict", out, keys)
        for key in keys:
            W = params[key[1:]]
            S.array(f"grads['{key}']", grads[key], lambd / m * W, m=m,
                    hint_T=f"The gradient of the L2 term has the shape of {key[1:]}: "
                           "(lambd / m) * W, with no transpose.",
                    variants=[
                        (lambd / (2 * m) * W, ("it is (lambda / 2m) W; the 2 cancels: the "
                                               "derivative of (lambda / 2m) W**2 is "
                                               "(lambda / m) W",)),
                        (lambd / m * W**2, "it is (lambda / m) W**2; the derivative of W**2 is "
                                           "2 W, so the gradient is (lambda / m) W"),
                    ],
                    sign_hint="The L2 gradient points along W (weight decay subtracts it): "
                              "+(lambd / m) * W.")
        for k, v in grads.items():
            if isinstance(k, str) and k.startswith("db") and np.any(np.asarray(v) != 0):
                S.fail(f"the dict holds a nonzero {k}: the biases are not regularized",
                       "The L2 term has no b in it, so its gradient has no db terms.")
        S.unchanged()
    return _summary(S)


def l2_grads(learner_fn):
    r"""Grade ``l2_grads(parameters, lambd, m)``, the gradient of the L2 term.

    The function is called as ``learner_fn(parameters, lambd, m)`` and must
    return ``{"dW1": ..., ..., "dWL": ...}`` with
    :math:`\frac{\lambda}{m} W^{[l]}` for every layer (no ``db``, or zeros),
    as :func:`dlguide.regularization.l2_grads`.

    Parameters
    ----------
    learner_fn : callable
        ``l2_grads(parameters, lambd, m) -> dict``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a factor of 2 (the 2 that cancels), a factor of m, a flipped sign,
    W squared, a transposed W, a missing layer, nonzero bias gradients and
    mutated parameters (e.g. ``parameters[k] *= ...``).

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.regularization import l2_grads
    >>> check.l2_grads(l2_grads)
    l2_grads passed: 2 test cases; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.l2_grads(lambda parameters, lambd, m: l2_grads(parameters, lambd, 1))
    l2_grads failed: grads['dW1'] is off by a factor of m = 7: it is m times too large
      The cost is an average over the m examples, so the cost and its gradients with respect to W and b carry a factor 1/m.
      Test case: parameters {W1 (4, 3), b1 (4, 1), W2 (3, 4), b2 (3, 1), W3 (1, 3), b3 (1, 1)}, lambd=0.7, m=7
    """
    return _grade("l2_grads", learner_fn, _body_l2_grads, "l2_grads(parameters, lambd, m)")


def _mask_of(S, D, shape):
    D = S.as_array("the mask D", D, shape)
    if D.shape != shape:
        if len(D.shape) == 2 and D.shape in ((shape[0], 1), (1, shape[1])):
            S.fail(f"the mask D has shape {_shape_of(D)}; expected {shape}: one random draw is "
                   "shared by a whole row or column",
                   "Draw an independent value for every entry: rng.random(A.shape).")
        S.fail(*S.shape_problem("the mask D", _shape_of(D), shape))
    values = np.unique(D.astype(np.float64))
    if not np.all(np.isin(values, (0.0, 1.0))):
        S.fail("the mask D holds values other than 0 and 1: it must be the 0/1 (or True/False) "
               "mask, rng.random(A.shape) < keep_prob, not the random numbers themselves")
    return D.astype(bool)


def _body_dropout_forward(S):
    seed = 16
    for shape, keep_prob, fraction_check in (((50, 400), 0.8, True), ((4, 7), 0.5, False)):
        A = _gen(seed).normal(size=shape)
        out = S.call({"A": A, "keep_prob": keep_prob}, {"rng": _gen(seed + 1)})
        A_drop, D = S.returned(out, 2, "(A_dropped, D)")
        A_drop = S.as_array("A_dropped", A_drop, shape)
        if A_drop.shape != shape:
            S.fail(*S.shape_problem("A_dropped", _shape_of(A_drop), shape))
        D = _mask_of(S, D, shape)
        if fraction_check:
            kept = float(D.mean())
            if abs(kept - keep_prob) > 0.02:
                if abs(kept - (1 - keep_prob)) <= 0.02:
                    S.fail(f"the mask keeps about 1 - keep_prob of the units ({kept:.3f}), not "
                           f"keep_prob = {keep_prob}",
                           "D = rng.random(A.shape) < keep_prob: the comparison is <, not >.")
                S.fail(f"the mask keeps a fraction {kept:.3f} of the units; expected about "
                       f"keep_prob = {keep_prob}",
                       "D = rng.random(A.shape) < keep_prob draws uniform numbers in [0, 1).")
        ref = A * D / keep_prob
        variants = [
            (A * D, ("A_dropped is A * D without the 1/keep_prob rescale",
                     "Inverted dropout divides by keep_prob so that the expected value of "
                     "each activation stays A: A = A * D / keep_prob.")),
            (A * D * keep_prob, "A_dropped is multiplied by keep_prob; inverted dropout "
                                "divides by keep_prob (the 1/keep_prob rescale)"),
            (A / keep_prob, "the mask is not applied: A_dropped = A * D / keep_prob"),
            (A * ~D / keep_prob, "the mask is inverted: A_dropped keeps the units where D is "
                                 "False"),
        ]
        if not _close(A_drop, ref) and not any(_close(A_drop, v) for v, _ in variants):
            kept = A_drop != 0
            if not np.array_equal(kept, D):
                S.fail("A_dropped is not masked by the mask D it returns (a second random "
                       "draw?)",
                       "Draw the mask once, D = rng.random(A.shape) < keep_prob, and use that "
                       "same D for A and in the return value: the backward pass needs the "
                       "mask that was applied.")
        S.array("A_dropped", A_drop, ref, variants=variants)
        S.unchanged()
        again = S.call({"A": A, "keep_prob": keep_prob}, {"rng": _gen(seed + 1)})
        D_again = _mask_of(S, S.returned(again, 2, "(A_dropped, D)")[1], shape)
        if not np.array_equal(D_again, D):
            S.fail("the mask changes between two calls with the same rng: it is not drawn "
                   "from the rng argument",
                   "Draw it with rng.random(A.shape) (not np.random.rand), so that the same "
                   "seed gives the same mask.")
        other = S.call({"A": A, "keep_prob": keep_prob}, {"rng": _gen(seed + 2)})
        D_other = _mask_of(S, S.returned(other, 2, "(A_dropped, D)")[1], shape)
        if np.array_equal(D_other, D) and 0 < D.mean() < 1:
            S.fail("the mask is the same for different rng: the rng argument is ignored",
                   "Draw the mask with rng.random(A.shape), from the generator passed in.")
        S.cases -= 2
        seed += 3
    return _summary(S) + " The masks come from rng."


def dropout_forward(learner_fn):
    r"""Grade ``dropout_forward(A, keep_prob, rng)``: inverted dropout on one layer.

    The function is called as ``learner_fn(A, keep_prob, rng=rng)`` with a
    ``numpy.random.Generator`` ``rng`` and must return ``(A_dropped, D)``: the
    mask :math:`D = [U < p]` with :math:`U` uniform (``rng.random(A.shape) <
    keep_prob``, bool or 0/1) and :math:`\tilde A = A \odot D / p`, as
    :func:`dlguide.regularization.dropout_forward`. Any mask drawn from ``rng``
    passes; the grader checks the fraction kept, the rescale, and that the
    same seed gives the same mask.

    Parameters
    ----------
    learner_fn : callable
        ``dropout_forward(A, keep_prob, rng) -> (A_dropped, D)``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses dropout without the 1/keep_prob rescale (or multiplied by
    keep_prob), a mask with ``>`` instead of ``<``, a mask shared along a row
    or column, random numbers returned as the mask, a mask not applied or
    inverted, ``np.random`` used instead of ``rng``, a ``rng`` ignored, a
    parameter not named ``rng`` and a mutated ``A``.

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.regularization import dropout_forward
    >>> check.dropout_forward(dropout_forward)
    dropout_forward passed: 2 test cases; values, shapes and types match the reference, and the inputs are unchanged. The masks come from rng.
    >>> def no_rescale(A, keep_prob, rng):
    ...     D = rng.random(A.shape) < keep_prob
    ...     return A * D, D
    >>> check.dropout_forward(no_rescale)
    dropout_forward failed: A_dropped is A * D without the 1/keep_prob rescale
      Inverted dropout divides by keep_prob so that the expected value of each activation stays A: A = A * D / keep_prob.
      Test case: A (50, 400), keep_prob=0.8, rng a numpy Generator
    """
    return _grade("dropout_forward", learner_fn, _body_dropout_forward,
                  "dropout_forward(A, keep_prob, rng=rng)")


def _body_dropout_backward(S):
    rng = _gen(19)
    for shape, keep_prob, as_float in (((5, 7), 0.7, False), ((3, 6), 0.5, True)):
        dA = rng.normal(size=shape)
        D = rng.random(shape) < keep_prob
        D[0, :2] = (True, False)
        D_in = D.astype(np.float64) if as_float else D
        got = S.call({"dA": dA, "D": D_in, "keep_prob": keep_prob})
        ref = dA * D / keep_prob
        got_arr = S.as_array("dA (the result)", got, shape)
        if got_arr.shape == shape and not _close(got_arr, ref):
            variants = [(dA * D, "dA * D", "the 1/keep_prob rescale is missing: the forward "
                                           "pass divided by keep_prob, so the backward pass "
                                           "divides too"),
                        (dA * D * keep_prob, "dA * D * keep_prob", "it multiplies by keep_prob; "
                                                                   "the 1/keep_prob rescale "
                                                                   "divides by keep_prob"),
                        (dA / keep_prob, "dA / keep_prob", "the mask D is not applied"),
                        (dA * ~D / keep_prob, "dA * ~D / keep_prob",
                         "the mask is inverted: the gradient flows through the dropped units")]
            for variant, _, message in variants:
                if _close(got_arr, variant):
                    S.fail(f"{message}: dA = dA * D / keep_prob")
            passed_through = got_arr != 0
            if not np.array_equal(passed_through, D):
                S.fail("the gradient does not go through the mask D from the forward pass (a "
                       "fresh random mask?)",
                       "Reuse the mask the forward pass drew: only the units it kept get a "
                       "gradient. A new mask blocks other units than the forward pass did.")
        S.array("dA (the result)", got, ref)
        S.unchanged()
    return _summary(S)


def dropout_backward(learner_fn):
    r"""Grade ``dropout_backward(dA, D, keep_prob)``: the backward pass of inverted dropout.

    The function is called as ``learner_fn(dA, D, keep_prob)`` with the mask
    ``D`` of the forward pass (bool in one test case, 0/1 floats in the other)
    and must return :math:`dA \odot D / p`, as
    :func:`dlguide.regularization.dropout_backward`.

    Parameters
    ----------
    learner_fn : callable
        ``dropout_backward(dA, D, keep_prob) -> dA``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a missing 1/keep_prob rescale (or a multiplication by
    keep_prob), a mask not applied or inverted, a fresh random mask in place of
    the forward's ``D`` (found by comparing which units get a gradient with
    ``D``), a flipped sign, a wrong shape or type and a mutated ``dA``.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> from dlguide.regularization import dropout_backward
    >>> check.dropout_backward(dropout_backward)
    dropout_backward passed: 2 test cases; values, shapes and types match the reference, and the inputs are unchanged.
    >>> def fresh_mask(dA, D, keep_prob):
    ...     D = np.random.default_rng(0).random(dA.shape) < keep_prob
    ...     return dA * D / keep_prob
    >>> check.dropout_backward(fresh_mask)
    dropout_backward failed: the gradient does not go through the mask D from the forward pass (a fresh random mask?)
      Reuse the mask the forward pass drew: only the units it kept get a gradient. A new mask blocks other units than the forward pass did.
      Test case: dA (5, 7), D (5, 7) bool, keep_prob=0.7
    """
    return _grade("dropout_backward", learner_fn, _body_dropout_backward,
                  "dropout_backward(dA, D, keep_prob)")


def _batch_data(m):
    ids = np.arange(m, dtype=np.float64)
    X = np.vstack([ids, ids + 0.2, ids + 0.4, ids + 0.6])
    Y = (1000.0 + ids).reshape(1, m)
    return X, Y


def _batches_of(S, out, n_x, m):
    """The (X_batch, Y_batch) pairs, with their shapes checked."""
    if out is None:
        S.fail("your function returned None; it must return a list of (X_batch, Y_batch) pairs",
               "Is a `return` statement missing?")
    if not isinstance(out, (list, tuple)):
        S.fail(f"your function returned {_kind(out)}, the wrong type; it must return a list of "
               "(X_batch, Y_batch) pairs")
    pairs = []
    for i, pair in enumerate(out):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            S.fail(f"mini-batch {i} is {_kind(pair)}; each mini-batch must be a pair "
                   "(X_batch, Y_batch)")
        Xb = S.as_array(f"X_batch of mini-batch {i}", pair[0])
        Yb = S.as_array(f"Y_batch of mini-batch {i}", pair[1])
        if Xb.ndim == 2 and Xb.shape[0] != n_x and Xb.shape[1] == m:
            S.fail(f"X_batch of mini-batch {i} has shape {_shape_of(Xb)}: the partition "
                   "sliced the rows (features), the wrong axis",
                   "Slice the columns, which are the examples: "
                   "X_shuffled[:, k * size:(k + 1) * size].")
        if Xb.ndim != 2 or Xb.shape[0] != n_x:
            S.fail(f"X_batch of mini-batch {i} has shape {_shape_of(Xb)}; it must be "
                   f"(n_x, k) = ({n_x}, k), the examples in columns")
        if Yb.shape != (1, Xb.shape[1]):
            extra = ("a rank-1 array: slice with Y[:, indices] to keep the shape (1, k)"
                     if Yb.shape == (Xb.shape[1],) else f"expected (1, {Xb.shape[1]})")
            S.fail(f"Y_batch of mini-batch {i} has shape {_shape_of(Yb)}: {extra}")
        pairs.append((Xb, Yb))
    return pairs


def _body_random_mini_batches(S):
    seed = 20
    for m, size in ((148, 64), (128, 32), (10, 64)):
        X, Y = _batch_data(m)
        out = S.call({"X": X, "Y": Y, "mini_batch_size": size}, {"rng": _gen(seed)})
        pairs = _batches_of(S, out, X.shape[0], m)
        expected = math.ceil(m / size)
        sizes = [Xb.shape[1] for Xb, _ in pairs]
        if pairs and sizes[0] == m and len(pairs) > 1 and all(s == m for s in sizes):
            S.fail(f"every mini-batch holds all m = {m} examples: the partition slices along "
                   "the wrong axis",
                   "Slice the columns: X_shuffled[:, k * size:(k + 1) * size].")
        cols = np.hstack([Xb for Xb, _ in pairs]) if pairs else np.zeros((X.shape[0], 0))
        ys = np.hstack([Yb for _, Yb in pairs]) if pairs else np.zeros((1, 0))
        if cols.shape[1]:
            base = np.min(cols, axis=0)
            intact = np.allclose(cols - base, [[0.0], [0.2], [0.4], [0.6]])
            if not intact:
                sorted_ok = np.allclose(np.sort(cols, axis=0) - base, [[0.0], [0.2], [0.4], [0.6]])
                if sorted_ok:
                    S.fail("the rows of X (the features) were shuffled: shuffled along the "
                           "wrong axis",
                           "Examples are columns: shuffle the columns, X[:, permutation].")
                S.fail("the columns of the mini-batches are not columns of X: the entries of "
                       "each example were separated",
                       "Shuffle whole columns with one permutation: X[:, permutation].")
            if not np.allclose(ys - 1000.0, cols[0]):
                S.fail("X and Y were shuffled with different permutations: the labels no "
                       "longer belong to their examples",
                       "Draw one permutation and use it for both: X[:, permutation] and "
                       "Y[:, permutation].")
        if len(pairs) == expected - 1 and sum(sizes) == m - m % size:
            S.fail(f"{len(pairs)} mini-batches; expected {expected}: the last, smaller "
                   "mini-batch is missing",
                   f"When m = {m} is not a multiple of mini_batch_size = {size}, the remaining "
                   f"m % mini_batch_size = {m % size} examples form one more mini-batch.")
        if len(pairs) > expected and any(s == 0 for s in sizes):
            S.fail(f"{len(pairs)} mini-batches, including an empty one; expected {expected}",
                   "Add the last mini-batch only when m % mini_batch_size != 0.")
        if len(pairs) != expected:
            S.fail(f"{len(pairs)} mini-batches; expected ceil(m / mini_batch_size) = "
                   f"{expected} for m = {m}, mini_batch_size = {size}")
        want = [size] * (m // size) + ([m % size] if m % size else [])
        if sizes != want:
            S.fail(f"the mini-batches have {sizes} examples; expected {want}",
                   "Every mini-batch has mini_batch_size examples, except the last.")
        ids = np.sort(cols[0])
        if not np.array_equal(ids, np.arange(m)):
            S.fail("some examples appear twice and others never: the shuffle is not a "
                   "permutation",
                   "Use rng.permutation(m), not random indices drawn with replacement.")
        if m > 1 and np.array_equal(cols[0], np.arange(m)):
            S.fail("the examples are in their original order: they were not shuffled",
                   "Shuffle before partitioning: permutation = rng.permutation(m).")
        S.unchanged()
        again = _batches_of(S, S.call({"X": X, "Y": Y, "mini_batch_size": size},
                                      {"rng": _gen(seed)}), X.shape[0], m)
        again_ids = np.hstack([Xb[0] for Xb, _ in again]) if again else np.zeros(0)
        if not np.array_equal(again_ids, cols[0]):
            S.fail("two calls with the same rng give different mini-batches: the shuffle does "
                   "not use the rng argument",
                   "Shuffle with rng.permutation(m) (not np.random.permutation).")
        other = _batches_of(S, S.call({"X": X, "Y": Y, "mini_batch_size": size},
                                      {"rng": _gen(seed + 1)}), X.shape[0], m)
        other_ids = np.hstack([Xb[0] for Xb, _ in other]) if other else np.zeros(0)
        if m > 2 and np.array_equal(other_ids, cols[0]):
            S.fail("the mini-batches are the same for different rng: the rng argument is "
                   "ignored", "Shuffle with rng.permutation(m), from the generator passed in.")
        S.cases -= 2
        seed += 2
    return _summary(S) + " The shuffles come from rng."


def random_mini_batches(learner_fn):
    r"""Grade ``random_mini_batches(X, Y, mini_batch_size, rng)``: shuffle, then partition.

    The function is called as ``learner_fn(X, Y, mini_batch_size, rng=rng)``
    with a ``numpy.random.Generator`` ``rng`` and must return a list of
    ``(X_batch, Y_batch)`` pairs: the columns of ``X`` and ``Y`` shuffled by one
    permutation drawn from ``rng``, then cut into ``ceil(m / mini_batch_size)``
    mini-batches of ``mini_batch_size`` columns (the last one smaller), as
    :func:`dlguide.data.random_mini_batches`. Any permutation drawn from
    ``rng`` passes. The test cases have m = 148, 128 and 10.

    Parameters
    ----------
    learner_fn : callable
        ``random_mini_batches(X, Y, mini_batch_size, rng) -> list of (X_batch, Y_batch)``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a missing last mini-batch, an extra empty one, wrong sizes, no
    shuffle, X and Y shuffled with different permutations, rows (features)
    shuffled instead of columns (the wrong axis), a slice along the wrong axis,
    indices drawn with replacement, ``np.random`` instead of ``rng``, a
    rank-1 ``Y_batch`` and an ``X`` shuffled in place (mutated).

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.data import random_mini_batches
    >>> check.random_mini_batches(random_mini_batches)
    random_mini_batches passed: 3 test cases; values, shapes and types match the reference, and the inputs are unchanged. The shuffles come from rng.
    >>> def no_remainder(X, Y, mini_batch_size, rng):
    ...     p = rng.permutation(X.shape[1])
    ...     X, Y = X[:, p], Y[:, p]
    ...     k = X.shape[1] // mini_batch_size
    ...     return [(X[:, i * mini_batch_size:(i + 1) * mini_batch_size],
    ...              Y[:, i * mini_batch_size:(i + 1) * mini_batch_size]) for i in range(k)]
    >>> check.random_mini_batches(no_remainder)
    random_mini_batches failed: 2 mini-batches; expected 3: the last, smaller mini-batch is missing
      When m = 148 is not a multiple of mini_batch_size = 64, the remaining m % mini_batch_size = 20 examples form one more mini-batch.
      Test case: X (4, 148), Y (1, 148), mini_batch_size=64, rng a numpy Generator
    """
    return _grade("random_mini_batches", learner_fn, _body_random_mini_batches,
                  "random_mini_batches(X, Y, mini_batch_size, rng=rng)",
                  hints=((IndexError, "X[permutation] indexes the rows (features); the "
                                      "examples are the columns: X[:, permutation]"),))


def _optimizer_case(rng):
    params = {"W1": rng.normal(size=(4, 3)), "b1": rng.normal(size=(4, 1)),
              "W2": rng.normal(size=(1, 4)), "b2": rng.normal(size=(1, 1))}

    def grads():
        g = {"d" + k: rng.normal(size=v.shape) for k, v in params.items()}
        g["dW1"][0, :] = (0.0, 1e-7, -1e-7)  # zero and tiny gradients: epsilon matters there
        return g

    return params, grads


def _check_state(S, label, got, ref, variants, old=None):
    """Compare a state dict (``v`` or ``s``) key by key."""
    S.mapping(label, got, list(ref))
    for key in ref:
        S.array(f"{label}['{key}']", got[key], ref[key],
                variants=[(var[key], msg) for var, msg in variants
                          if not _close(var[key], ref[key])])
        if old is not None and _close(got[key], old[key]) and not _close(ref[key], old[key]):
            S.fail(f"{label}['{key}'] is returned unchanged; it must be updated and returned")


def _same_state(a, b):
    return all(_close(a[k], b[k]) for k in b)


def _check_params(S, got, ref, old, variants, sign_hint):
    """Compare the parameters; ``variants`` are (parameters, message) pairs whose state
    (v, s) equals the reference state, which the learner's state has already matched."""
    S.mapping("the returned parameters", got, list(ref))
    for key in ref:
        S.array(f"parameters['{key}']", got[key], ref[key], old=old[key],
                variants=[(var[key], msg) for var, msg in variants
                          if not _close(var[key], ref[key])],
                sign_hint=sign_hint)


def _body_momentum(S):
    rng = _gen(22)
    params, grads_of = _optimizer_case(rng)
    beta, lr = 0.9, 0.1
    v = {"d" + k: rng.normal(0.0, 0.5, p.shape) for k, p in params.items()}
    for step in range(3):
        if step == 1:
            v = {k: np.zeros_like(x) for k, x in v.items()}  # as initialize_velocity
        grads = grads_of()
        out = S.call({"parameters": params, "grads": grads, "v": v, "beta": beta,
                      "learning_rate": lr}, may_change=("parameters", "v"))
        got_params, got_v = S.returned(out, 2, "(parameters, v)")
        ref_params, ref_v = _momentum_step(params, grads, v, beta, lr)
        kinds = [
            ({"one_minus": False}, "v = beta * v + (1 - beta) * dW: the factor (1 - beta) on the "
                                   "gradient is missing"),
            ({"swap": True}, "beta and 1 - beta are swapped: v = beta * v + (1 - beta) * dW"),
            ({"update_v": False}, "v is returned unchanged: update it, v = beta * v + (1 - beta)"
                                  " * dW, and return the new v"),
            ({"step": "grad"}, "the parameters step along dW; momentum steps along the "
                               "velocity: W = W - learning_rate * v"),
            ({"step": "old"}, "the parameters step along the old velocity: update v first, "
                              "then W = W - learning_rate * v with the new v"),
        ]
        outs = [(_momentum_step(params, grads, v, beta, lr, **kw), msg) for kw, msg in kinds]
        _check_state(S, "v", got_v, ref_v, [(o[1], msg) for o, msg in outs], old=v)
        _check_params(S, got_params, ref_params, params,
                      [(o[0], msg) for o, msg in outs if _same_state(o[1], ref_v)],
                      "The step goes downhill: W = W - learning_rate * v.")
        S.unchanged()
        params, v = ref_params, ref_v
    return _summary(S, "steps", "parameters and v")


def update_parameters_with_momentum(learner_fn):
    r"""Grade ``update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)``.

    The function is called as ``learner_fn(parameters, grads, v, beta,
    learning_rate)`` with the velocity ``v = {"dW1": ..., "db1": ..., ...}``
    (shaped like the parameters) and must return ``(parameters, v)`` after one
    step of gradient descent with momentum, for every parameter:

    .. math:: v_{dW} \leftarrow \beta v_{dW} + (1 - \beta)\, dW, \qquad
              W \leftarrow W - \alpha\, v_{dW}

    It may update ``parameters`` and ``v`` in place (as the course does). The
    grader runs three steps (from a nonzero velocity, then from zeros, then
    on), each from the reference state, so that each step is judged alone.

    Parameters
    ----------
    learner_fn : callable
        ``update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)
        -> (parameters, v)``.

    Returns
    -------
    Result

    Notes
    -----
    Checks ``v`` first, then the parameters. Diagnoses a missing ``1 - beta``,
    ``beta`` and ``1 - beta`` swapped, ``v`` not updated, a step along ``dW`` or
    along the old velocity, a step uphill, a layer or bias skipped, a step off
    by a factor, missing keys and a mutated ``grads``.

    Examples
    --------
    >>> from dlguide import check
    >>> momentum = check.reference("update_parameters_with_momentum")
    >>> check.update_parameters_with_momentum(momentum)
    update_parameters_with_momentum passed: 3 steps; values, shapes and types match the reference, and grads is unchanged (parameters and v may be updated in place).
    >>> check.update_parameters_with_momentum(
    ...     lambda parameters, grads, v, beta, learning_rate:
    ...         momentum(parameters, grads, v, 1 - beta, learning_rate))
    update_parameters_with_momentum failed: beta and 1 - beta are swapped: v = beta * v + (1 - beta) * dW
      Test case: parameters {W1 (4, 3), b1 (4, 1), W2 (1, 4), b2 (1, 1)}, grads {dW1 (4, 3), db1 (4, 1), dW2 (1, 4), db2 (1, 1)}, v {dW1 (4, 3), db1 (4, 1), dW2 (1, 4), db2 (1, 1)}, beta=0.9, learning_rate=0.1
    """
    return _grade("update_parameters_with_momentum", learner_fn, _body_momentum,
                  "update_parameters_with_momentum(parameters, grads, v, beta, learning_rate)")


def _body_rmsprop(S):
    rng = _gen(23)
    params, grads_of = _optimizer_case(rng)
    beta, lr, eps = 0.999, 0.01, 1e-8
    s = {"d" + k: rng.uniform(0.0, 0.5, p.shape) for k, p in params.items()}
    for step in range(3):
        if step == 1:
            s = {k: np.zeros_like(x) for k, x in s.items()}
        grads = grads_of()
        out = S.call({"parameters": params, "grads": grads, "s": s, "beta": beta,
                      "learning_rate": lr, "epsilon": eps}, may_change=("parameters", "s"))
        got_params, got_s = S.returned(out, 2, "(parameters, s)")
        ref_params, ref_s = _rmsprop_step(params, grads, s, beta, lr, eps)
        kinds = [
            ({"square": False}, "s must average the squared gradient: s = beta * s + (1 - beta) "
                                "* dW**2 (the square is missing)"),
            ({"one_minus": False}, "s = beta * s + (1 - beta) * dW**2: the factor (1 - beta) is "
                                   "missing"),
            ({"swap": True}, "beta and 1 - beta are swapped: s = beta * s + (1 - beta) * dW**2"),
            ({"update_s": False}, "s is returned unchanged: update it and return the new s"),
            ({"root": False}, "the step divides by s; it divides by its square root: "
                              "W = W - learning_rate * dW / (np.sqrt(s) + epsilon)"),
            ({"eps_inside": True}, "epsilon belongs outside the square root: np.sqrt(s) + "
                                   "epsilon, not np.sqrt(s + epsilon)"),
            ({"use_eps": False}, ("epsilon is missing from the denominator",
                                  "Where s is 0 the step is 0 / 0 = NaN: W = W - learning_rate * "
                                  "dW / (np.sqrt(s) + epsilon).")),
            ({"step": "old"}, "the step uses the old s: update s first, then divide by "
                              "np.sqrt(s) + epsilon with the new s"),
        ]
        outs = [(_rmsprop_step(params, grads, s, beta, lr, eps, **kw), msg) for kw, msg in kinds]
        _check_state(S, "s", got_s, ref_s, [(o[1], msg) for o, msg in outs], old=s)
        _check_params(S, got_params, ref_params, params,
                      [(o[0], msg) for o, msg in outs if _same_state(o[1], ref_s)],
                      "The step goes downhill: W = W - learning_rate * dW / (np.sqrt(s) + "
                      "epsilon).")
        S.unchanged()
        params, s = ref_params, ref_s
    return _summary(S, "steps", "parameters and s")


def update_parameters_with_rmsprop(learner_fn):
    r"""Grade ``update_parameters_with_rmsprop(parameters, grads, s, beta, learning_rate, epsilon)``.

    The function is called as ``learner_fn(parameters, grads, s, beta,
    learning_rate, epsilon)`` with the running average of squared gradients
    ``s = {"dW1": ..., "db1": ..., ...}`` and must return ``(parameters, s)``
    after one RMSprop step, for every parameter:

    .. math:: s_{dW} \leftarrow \beta s_{dW} + (1 - \beta)\, dW^2, \qquad
              W \leftarrow W - \alpha \frac{dW}{\sqrt{s_{dW}} + \varepsilon}

    as :class:`dlguide.optimizers.RMSprop`. It may update in place. Some
    gradient entries are 0 or tiny, where epsilon decides the step.

    Parameters
    ----------
    learner_fn : callable
        ``update_parameters_with_rmsprop(parameters, grads, s, beta, learning_rate,
        epsilon) -> (parameters, s)``.

    Returns
    -------
    Result

    Notes
    -----
    Checks ``s`` first, then the parameters. Diagnoses a missing square, a
    missing ``1 - beta``, swapped factors, ``s`` not updated, no square root,
    epsilon inside the root or missing (NaN, with NumPy's warning), the old ``s``
    used, a step uphill, a skipped parameter and a mutated ``grads``.

    Examples
    --------
    >>> from dlguide import check
    >>> rmsprop = check.reference("update_parameters_with_rmsprop")
    >>> check.update_parameters_with_rmsprop(rmsprop)
    update_parameters_with_rmsprop passed: 3 steps; values, shapes and types match the reference, and grads is unchanged (parameters and s may be updated in place).
    >>> check.update_parameters_with_rmsprop(
    ...     lambda parameters, grads, s, beta, learning_rate, epsilon:
    ...         rmsprop(parameters, grads, s, beta, -learning_rate, epsilon))
    update_parameters_with_rmsprop failed: the step on parameters['W1'] (new value minus old) has the wrong sign: it is exactly minus the expected value
      The step goes downhill: W = W - learning_rate * dW / (np.sqrt(s) + epsilon).
      Test case: parameters {W1 (4, 3), b1 (4, 1), W2 (1, 4), b2 (1, 1)}, grads {dW1 (4, 3), db1 (4, 1), dW2 (1, 4), db2 (1, 1)}, s {dW1 (4, 3), db1 (4, 1), dW2 (1, 4), db2 (1, 1)}, beta=0.999, learning_rate=0.01, epsilon=1e-08
    """
    return _grade("update_parameters_with_rmsprop", learner_fn, _body_rmsprop,
                  "update_parameters_with_rmsprop(parameters, grads, s, beta, learning_rate, "
                  "epsilon)")


_ADAM_KINDS = [
    ({"store_corrected": True}, ("the bias-corrected v and s are returned as the new state",
                                 "Keep v and s uncorrected; the bias correction only scales the "
                                 "step: v_corrected = v / (1 - beta1**t) is a separate "
                                 "variable.")),
    ({"one_minus": False}, "the factors (1 - beta1) and (1 - beta2) on the gradient are "
                           "missing: v = beta1 * v + (1 - beta1) * dW"),
    ({"square": False}, "s must average the squared gradient: s = beta2 * s + (1 - beta2) * "
                        "dW**2 (the square is missing)"),
    ({"swap": True}, "beta1 and beta2 are swapped: beta1 (0.9) averages the gradients (v), "
                     "beta2 (0.999) their squares (s)"),
    ({"correct_v": False, "correct_s": False},
     ("there is no bias correction",
      "Divide before the step: v_corrected = v / (1 - beta1**t), s_corrected = s / (1 - "
      "beta2**t).")),
    ({"correct_v": False}, "v has no bias correction (s has): v_corrected = v / (1 - beta1**t)"),
    ({"correct_s": False}, "s has no bias correction (v has): s_corrected = s / (1 - beta2**t)"),
    ({"power": False}, "the bias correction divides by 1 - beta1 (and 1 - beta2); it divides by "
                       "1 - beta1**t and 1 - beta2**t, with the power t"),
    ({"t_shift": -1}, ("the bias correction uses t - 1, as if t started at 0",
                       "t counts the updates from 1: at the first update t = 1 and "
                       "1 - beta1**t = 1 - beta1. With t = 0, 1 - beta1**0 = 0 and the "
                       "correction divides by zero.")),
    ({"t_shift": 1}, ("the bias correction uses t + 1",
                      "The caller already counted this update (t = t + 1 before the call): "
                      "use the t it passes, 1 - beta1**t.")),
    ({"root": False}, "the step divides by s_corrected; it divides by its square root: "
                      "v_corrected / (np.sqrt(s_corrected) + epsilon)"),
    ({"eps_inside": True}, "epsilon belongs outside the square root: np.sqrt(s_corrected) + "
                           "epsilon, not np.sqrt(s_corrected + epsilon)"),
    ({"use_eps": False}, ("epsilon is missing from the denominator",
                          "Where s is 0 the step is 0 / 0 = NaN: divide by "
                          "np.sqrt(s_corrected) + epsilon.")),
]


def _body_adam(S):
    rng = _gen(24)
    params, grads_of = _optimizer_case(rng)
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    v = {"d" + k: np.zeros_like(p) for k, p in params.items()}
    s = {"d" + k: np.zeros_like(p) for k, p in params.items()}
    for t in (1, 2, 3):
        grads = grads_of()
        out = S.call({"parameters": params, "grads": grads, "v": v, "s": s, "t": t,
                      "learning_rate": lr, "beta1": b1, "beta2": b2, "epsilon": eps},
                     may_change=("parameters", "v", "s"))
        if isinstance(out, (tuple, list)) and len(out) == 5:
            out = tuple(out)[:3]  # the course's later version also returns v_hat, s_hat
        got_params, got_v, got_s = S.returned(out, 3, "(parameters, v, s)")
        ref_params, ref_v, ref_s = _adam_step(params, grads, v, s, t, lr, b1, b2, eps)
        outs = [(_adam_step(params, grads, v, s, t, lr, b1, b2, eps, **kw), msg)
                for kw, msg in _ADAM_KINDS]
        _check_state(S, "v", got_v, ref_v, [(o[1], msg) for o, msg in outs], old=v)
        _check_state(S, "s", got_s, ref_s, [(o[2], msg) for o, msg in outs], old=s)
        _check_params(S, got_params, ref_params, params,
                      [(o[0], msg) for o, msg in outs
                       if _same_state(o[1], ref_v) and _same_state(o[2], ref_s)],
                      "The step goes downhill: W = W - learning_rate * v_corrected / "
                      "(np.sqrt(s_corrected) + epsilon).")
        S.unchanged()
        params, v, s = ref_params, ref_v, ref_s
    return _summary(S, "steps (t = 1, 2, 3)", "parameters, v and s")


def update_parameters_with_adam(learner_fn):
    r"""Grade ``update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)``.

    The function is called as ``learner_fn(parameters, grads, v, s, t,
    learning_rate, beta1, beta2, epsilon)`` (all positional) with ``v`` and ``s``
    dicts keyed ``"dW1", "db1", ...`` and the update count ``t`` (1 on the first
    update), and must return ``(parameters, v, s)`` after one Adam step (the
    course's later version, which also returns ``v_corrected, s_corrected``, is
    accepted):

    .. math::
        v &\leftarrow \beta_1 v + (1 - \beta_1)\, dW, &
        s &\leftarrow \beta_2 s + (1 - \beta_2)\, dW^2, \\
        \hat v &= \frac{v}{1 - \beta_1^t}, &
        \hat s &= \frac{s}{1 - \beta_2^t}, \qquad
        W \leftarrow W - \alpha \frac{\hat v}{\sqrt{\hat s} + \varepsilon}

    as :class:`dlguide.optimizers.Adam`. It may update in place. The grader runs
    t = 1, 2, 3 from zero moments, each step from the reference state.

    Parameters
    ----------
    learner_fn : callable
        ``update_parameters_with_adam(parameters, grads, v, s, t, learning_rate,
        beta1, beta2, epsilon) -> (parameters, v, s)``.

    Returns
    -------
    Result

    Notes
    -----
    Checks ``v``, then ``s``, then the parameters. Diagnoses no bias correction
    (or on only one moment), the correction with t - 1 (t starting at 0) or
    t + 1 or without the power t, the corrected moments stored as the state,
    missing ``1 - beta``, a missing square, the betas swapped, no square root,
    epsilon inside the root or missing, a step uphill, a skipped parameter and
    a mutated ``grads``.

    Examples
    --------
    >>> from dlguide import check
    >>> adam = check.reference("update_parameters_with_adam")
    >>> check.update_parameters_with_adam(adam)
    update_parameters_with_adam passed: 3 steps (t = 1, 2, 3); values, shapes and types match the reference, and grads is unchanged (parameters, v and s may be updated in place).
    >>> check.update_parameters_with_adam(lambda parameters, grads, v, s, t, *args:
    ...                                   adam(parameters, grads, v, s, t + 1, *args))
    update_parameters_with_adam failed: the bias correction uses t + 1
      The caller already counted this update (t = t + 1 before the call): use the t it passes, 1 - beta1**t.
      Test case: parameters {W1 (4, 3), b1 (4, 1), W2 (1, 4), b2 (1, 1)}, grads {dW1 (4, 3), db1 (4, 1), dW2 (1, 4), db2 (1, 1)}, v {dW1 (4, 3), db1 (4, 1), dW2 (1, 4), db2 (1, 1)}, s {dW1 (4, 3), db1 (4, 1), dW2 (1, 4), db2 (1, 1)}, t=1, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-08
    """
    return _grade("update_parameters_with_adam", learner_fn, _body_adam,
                  "update_parameters_with_adam(parameters, grads, v, s, t, learning_rate, "
                  "beta1, beta2, epsilon)")


def _body_inverse_time_decay(S):
    cases = [(0.5, 0, 1.0), (0.5, 2, 1.0), (0.1, 5, 0.3), (0.2, 10, 0.05), (0.3, 3, 0.0)]
    got = []
    for lr0, epoch, k in cases:
        value = S.call({"learning_rate0": lr0, "epoch": epoch, "decay_rate": k})
        got.append(S.as_number(f"the learning rate at epoch {epoch}", value))
    got = np.array(got)
    lr0s, epochs, ks = (np.array(c, dtype=np.float64) for c in zip(*cases, strict=True))
    ref = np.array([_schedules.inverse_time_decay(*c) for c in cases])
    S.case = "the epochs 0, 2, 5, 10 and 3 with several learning_rate0 and decay_rate"
    if _close(got, ref):
        return _summary(S)
    variants = [
        (lr0s * (1 + ks * epochs), "it multiplies by (1 + decay_rate * epoch); it divides: "
                                   "alpha = learning_rate0 / (1 + decay_rate * epoch)"),
        (lr0s / (1 + ks * (epochs + 1)), ("it counts the epochs from 1 (epoch + 1)",
                                          "Epochs count from 0 here, and at epoch 0 the rate "
                                          "is learning_rate0 itself.")),
        (lr0s * ks**epochs, "that is exponential decay, learning_rate0 * decay_rate**epoch; "
                            "inverse-time decay divides by (1 + decay_rate * epoch)"),
        (lr0s / (1 + ks) ** epochs, "it divides by (1 + decay_rate)**epoch; inverse-time decay "
                                    "divides by (1 + decay_rate * epoch)"),
        (1 / (1 + ks * epochs), "learning_rate0 is missing: alpha = learning_rate0 / (1 + "
                                "decay_rate * epoch)"),
        (lr0s / (1 + epochs), "decay_rate is missing: alpha = learning_rate0 / (1 + decay_rate "
                              "* epoch)"),
        (lr0s / (1 + ks * epochs) ** 2, "the denominator is squared"),
        (lr0s / (1 + ks * epochs) ** 0.5, "that is a square-root decay; inverse-time decay "
                                          "divides by (1 + decay_rate * epoch)"),
        (lr0s / (1 + ks) * epochs, "the parentheses are misplaced: learning_rate0 / (1 + "
                                   "decay_rate * epoch)"),
    ]
    for variant, message in variants:
        if _close(got, variant):
            S.fail(*((message,) if isinstance(message, str) else message))
    i = int(np.argmax(~np.isclose(got, ref, rtol=_RTOL, atol=_ATOL)))
    S.case = ""
    S.fail(f"at epoch {cases[i][1]} with learning_rate0={cases[i][0]}, decay_rate={cases[i][2]}"
           f" it returns {got[i]:.6g}; expected {ref[i]:.6g}",
           "alpha = learning_rate0 / (1 + decay_rate * epoch).")
    return None  # unreachable


def inverse_time_decay(learner_fn):
    r"""Grade ``inverse_time_decay(learning_rate0, epoch, decay_rate)``.

    The function is called as ``learner_fn(learning_rate0, epoch, decay_rate)``
    with epochs counted from 0 and must return the number

    .. math:: \alpha = \frac{\alpha_0}{1 + \text{decay\_rate} \cdot \text{epoch}}

    as :func:`dlguide.schedules.inverse_time_decay`.

    Parameters
    ----------
    learner_fn : callable
        ``inverse_time_decay(learning_rate0, epoch, decay_rate) -> float``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a multiplication in place of the division, epochs counted from 1,
    exponential or square-root decay, a squared denominator, misplaced
    parentheses, a missing learning_rate0 or decay_rate, a missing ``1 +``
    (division by zero at epoch 0, reported with its line) and a list or array
    returned.

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.schedules import inverse_time_decay
    >>> check.inverse_time_decay(inverse_time_decay)
    inverse_time_decay passed: 5 test cases; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.inverse_time_decay(lambda learning_rate0, epoch, decay_rate:
    ...                          learning_rate0 * (1 + decay_rate * epoch))
    inverse_time_decay failed: it multiplies by (1 + decay_rate * epoch); it divides: alpha = learning_rate0 / (1 + decay_rate * epoch)
      Test case: the epochs 0, 2, 5, 10 and 3 with several learning_rate0 and decay_rate
    """
    return _grade("inverse_time_decay", learner_fn, _body_inverse_time_decay,
                  "inverse_time_decay(learning_rate0, epoch, decay_rate)",
                  hints=((ZeroDivisionError, "at epoch 0 the denominator must be 1: alpha = "
                                             "learning_rate0 / (1 + decay_rate * epoch)"),))
