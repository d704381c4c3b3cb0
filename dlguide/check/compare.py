"""Comparison and diagnosis: is the learner's output right, and if not, what is the mistake?

A diagnosis comes from testing hypotheses: the grader computes the reference
and the usual wrong variants of it (:mod:`dlguide.check.variants`), and
reports the variant the learner's output matches; failing that, a wrong shape
(transposed, missing ``keepdims``, summed over the wrong axis), a constant
factor (``m``, 2, -1) or the largest difference.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "ATOL",
    "RTOL",
    "Comparisons",
    "brief",
    "close",
    "describe",
    "first_change",
    "kind",
    "near",
    "ratio",
    "rel",
    "same",
    "shape_of",
]


RTOL, ATOL = 1e-5, 1e-8


def close(a, b):
    """Same shape and equal within tolerance (NaN equal to NaN)."""
    try:
        a = np.asarray(a, dtype=np.float64)
        b = np.asarray(b, dtype=np.float64)
        return a.shape == b.shape and bool(
            np.allclose(a, b, rtol=RTOL, atol=ATOL, equal_nan=True)
        )
    except (TypeError, ValueError):
        return False


def ratio(got, ref):
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
    return r0 if close(got, r0 * ref) else None


def near(x, y):
    return abs(x - y) <= 1e-5 * max(abs(y), 1e-12)


def same(a, b):
    """Deep equality for the inputs (arrays, dicts, sequences, numbers)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
                and a.shape == b.shape and a.dtype == b.dtype
                and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")))
    if isinstance(a, dict):
        return (isinstance(b, dict) and list(a) == list(b)
                and all(same(a[k], b[k]) for k in a))
    if isinstance(a, (list, tuple)):
        return (type(a) is type(b) and len(a) == len(b)
                and all(same(x, y) for x, y in zip(a, b, strict=True)))
    if isinstance(a, np.random.Generator):
        return True
    try:
        return bool(a == b)
    except Exception:
        return False


def first_change(original, given, path):
    """A readable path to the first place where ``given`` differs from ``original``."""
    if isinstance(original, dict) and isinstance(given, dict):
        for k in original:
            if k not in given:
                return f"{path} (the key {k!r} was removed)"
            if not same(original[k], given[k]):
                return first_change(original[k], given[k], f"{path}[{k!r}]")
        extra = [k for k in given if k not in original]
        if extra:
            return f"{path} (the key {extra[0]!r} was added)"
    if (isinstance(original, (list, tuple)) and isinstance(given, (list, tuple))
            and len(original) == len(given)):
        for i, (x, y) in enumerate(zip(original, given, strict=True)):
            if not same(x, y):
                return first_change(x, y, f"{path}[{i}]")
    return path


def shape_of(x):
    return tuple(int(n) for n in x.shape)


def kind(x):
    """A short description of a value, for messages."""
    if x is None:
        return "None"
    if isinstance(x, np.ndarray):
        extra = "" if x.dtype.kind in "f" else f" of dtype {x.dtype}"
        return f"an array of shape {shape_of(x)}{extra}"
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


def brief(x, depth=0):
    """Shapes of a test input, e.g. ``(3, 7)`` or ``{W1 (4, 3), b1 (4, 1)}``."""
    if isinstance(x, np.ndarray):
        return f"{shape_of(x)}" + ("" if x.dtype.kind == "f" else f" {x.dtype}")
    if isinstance(x, dict):
        return "{" + ", ".join(f"{k} {brief(v, depth + 1)}" for k, v in x.items()) + "}"
    if isinstance(x, tuple) and hasattr(x, "_fields"):  # a named cache: its fields by name
        return f"{type(x).__name__}(" + ", ".join(
            f"{f} {brief(v, depth + 1)}" if isinstance(v, np.ndarray) else f"{f}={brief(v)}"
            for f, v in zip(x._fields, x, strict=True)) + ")"
    if isinstance(x, (list, tuple)):
        if (depth >= 1 and len(x) > 3) or depth >= 2:
            return f"a {type(x).__name__} of {len(x)}"
        if isinstance(x, list) and len(x) > 2:
            return f"a list of {len(x)} caches"
        return "(" + ", ".join(brief(v, depth + 1) for v in x) + ")"
    if isinstance(x, np.random.Generator):
        return "a numpy Generator"
    if isinstance(x, float):
        return f"{x:g}"
    return repr(x)


def describe(args):
    parts = []
    for name, value in args.items():
        if isinstance(value, (np.ndarray, dict, list, tuple, np.random.Generator)):
            parts.append(f"{name} {brief(value)}")
        else:
            parts.append(f"{name}={brief(value)}")
    return ", ".join(parts)


def distinct(a, b):
    """``a`` and ``b`` as text with enough significant digits to tell them apart (6 at
    least, 17 at most)."""
    for digits in range(6, 18):
        x, y = f"{a:.{digits}g}", f"{b:.{digits}g}"
        if x != y:
            return x, y
    return x, y


def rel(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b) / denom)


class Comparisons:
    """The checks of what the learner's function returned; mixed into :class:`Session`."""

    def returned(self, out, n, form):
        """Require a tuple (or list) of ``n`` values."""
        if out is None:
            self.fail(f"your function returned None; it must return {form}",
                      "Is a `return` statement missing?")
        if not isinstance(out, (tuple, list)):
            self.fail(f"your function returned {kind(out)}, the wrong type; it must return "
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
            self.fail(f"{what} is {kind(d)}, the wrong type; it must be a dict with the "
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
        self.fail(f"{what} is {kind(got)}, the wrong type; expected a NumPy array{expected}")
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
                self.fail(f"{what} is an array of shape {shape_of(got)}, the wrong type; it "
                          "must be a single number",
                          "Convert it with float(...) (or np.squeeze(...)).")
            self.fail(f"{what} must be a single number; got an array of shape "
                      f"{shape_of(got)}",
                      (f"It was averaged or summed over the wrong axis, or not over all m = {m} "
                       "examples: the cost sums over every example." if m else None))
        if got is None:
            self.fail(f"{what} is None; expected a number", "Is a `return` statement missing?")
        self.fail(f"{what} is {kind(got)}, the wrong type; expected a number")
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
        if near(r, -1.0):
            return (f"{subject} has the wrong sign: it is exactly minus the expected value",
                    sign_hint or "Look for a flipped sign: Y - A instead of A - Y, or + where "
                                 "- belongs.")
        if m and m > 2 and near(r, m):
            return (f"{subject} is off by a factor of m = {m}: it is m times too large",
                    "The cost is an average over the m examples, so the cost and its gradients "
                    "with respect to W and b carry a factor 1/m.")
        if m and m > 2 and near(r, 1.0 / m):
            return (f"{subject} is off by a factor of m = {m}: it is m times too small",
                    "Was it divided by m twice?")
        if m and m > 2 and near(r, -m):
            return (f"{subject} has the wrong sign and is off by a factor of m = {m}",)
        if near(r, 2.0):
            return (f"{subject} is off by a factor of 2: twice the expected value",)
        if near(r, 0.5):
            return (f"{subject} is off by a factor of 2: half the expected value",)
        return (f"{subject} is off by a constant factor: yours / expected = {r:.4g}",)

    def array(self, what, got, ref, *, variants=(), m=None, hint_T=None, others=None,
              numeric=None, old=None, sign_hint=None):
        """Compare an output array with the reference; fail with a diagnosis."""
        ref = np.asarray(ref)
        got = self.as_array(what, got, shape_of(ref))
        if got.shape != ref.shape:
            self.fail(*self.shape_problem(what, shape_of(got), shape_of(ref), m=m,
                                          hint_T=hint_T, others=others))
        if close(got, ref):
            return
        for variant, message in variants:
            if variant is None:
                continue
            variant = np.asarray(variant)
            if variant.shape == ref.shape and not close(variant, ref) and close(got, variant):
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
        factor = ratio(g, r)
        if factor is not None:
            self.fail(*self.factor_message(subject, factor, m, sign_hint))
        if ref.ndim == 2 and ref.shape[0] == ref.shape[1] and close(got, ref.T):
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
                f"difference {rel(ref, approx):.1e}) but not with yours "
                f"({rel(got, approx):.1e}); a correct gradient is below 1e-7."
            )
        expected, yours = distinct(float(ref[idx]), float(got[idx]))
        self.fail(f"{what} has the right shape but wrong values: at index {where} expected "
                  f"{expected}, got {yours} (the largest difference)", *details)

    def number(self, what, got, ref, *, variants=(), m=None, sign_hint=None):
        """Compare an output number with the reference; fail with a diagnosis."""
        value = self.as_number(what, got, m)
        if close(value, ref):
            return
        for variant, message in variants:
            if variant is not None and not close(variant, ref) and close(value, variant):
                self.fail(*((message,) if isinstance(message, str) else message))
        if not math.isfinite(value):
            self.fail(f"{what} is {value}",
                      "See the NumPy warnings below: a log of 0, an overflow or a division "
                      "by zero.")
        if ref != 0:
            r = value / ref
            if (near(r, -1.0) or (m and m > 2 and (near(r, m) or near(r, 1 / m)))
                    or near(r, 2.0) or near(r, 0.5)):
                self.fail(*self.factor_message(what, r, m, sign_hint))
        self.fail(f"{what} is {value:.6g}; expected {ref:.6g}")
