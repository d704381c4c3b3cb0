"""What every misuse test checks, written once.

The standard: bad input gets a ``ValueError`` or ``TypeError`` naming the
argument, the rule and what came, *before any work or state change*. So
:func:`expect_refusal` checks, besides the exception and its message:

- that no warning was raised on the way (NumPy's included), even one that the
  function caught or that did not become the exception;
- that every argument is exactly as it was: arrays (values, dtype, shape),
  dicts and lists (recursively), a ``numpy.random.Generator`` (its
  ``bit_generator.state``: nothing was drawn), an optimizer (its ``v``/``s``
  state, ``t`` and hyperparameters), a ``Standardizer`` (``mu``, ``sigma``), and
  the object a bound method belongs to.

:func:`expect_ok` checks the same for a call that must work, and returns its
result. The tables build their cases from :func:`bad_arrays`,
:func:`bad_positive`, :func:`bad_probability` and friends, each a list of
``(value, exception, message pattern, id)``.
"""

from __future__ import annotations

import copy
import re
import warnings

import numpy as np
import pytest

from dlguide.data import Standardizer
from dlguide.layers import LayerCache
from dlguide.optimizers import Optimizer

__all__ = [
    "bad_arrays",
    "bad_choice",
    "bad_flag",
    "bad_int",
    "bad_positive",
    "bad_probability",
    "bad_unit_interval",
    "cases",
    "expect_ok",
    "expect_refusal",
    "snapshot",
    "with_",
]

# --- snapshots -----------------------------------------------------------------------------


def snapshot(obj):
    """A comparable record of everything in ``obj`` a call could change."""
    if isinstance(obj, np.ndarray):
        return ("array", obj.dtype.str, obj.shape, obj.tobytes(), obj.flags.writeable)
    if isinstance(obj, np.random.Generator):
        return ("rng", repr(obj.bit_generator.state))
    if isinstance(obj, np.random.BitGenerator):
        return ("bitgen", repr(obj.state))
    if isinstance(obj, Optimizer):
        state = {k: snapshot(v) for k, v in vars(obj).items() if k != "_slots"}
        slots = {repr(k): [snapshot(a) for a in slot] for k, slot in obj._slots.items()}
        return ("optimizer", type(obj).__name__, snapshot(state), slots)
    if isinstance(obj, Standardizer):
        return ("standardizer", snapshot(obj.mu), snapshot(obj.sigma))
    if isinstance(obj, LayerCache):
        return ("layercache", [snapshot(x) for x in obj], obj.activation, snapshot(obj.D),
                snapshot(obj.keep_prob))
    if isinstance(obj, dict):
        return ("dict", [(repr(k), snapshot(v)) for k, v in obj.items()])
    if isinstance(obj, (list, tuple)):
        return (type(obj).__name__, [snapshot(x) for x in obj])
    if isinstance(obj, (set, frozenset)):
        return (type(obj).__name__, sorted(map(repr, obj)))
    if isinstance(obj, float) and obj != obj:
        return ("nan",)
    if obj is None or isinstance(obj, (bool, int, float, complex, str, bytes, np.generic)):
        return ("value", type(obj).__name__, repr(obj))
    if hasattr(obj, "__self__") and not isinstance(obj.__self__, type(np)):  # a bound method
        return ("method", id(obj.__func__), snapshot(obj.__self__))
    return ("object", id(obj))


def _snap_call(fn, args, kwargs):
    return snapshot(getattr(fn, "__self__", None)), snapshot(list(args)), snapshot(kwargs)


# --- the two checks ---------------------------------------------------------------------------


def expect_refusal(fn, *args, exc, match, **kwargs):
    """Call ``fn(*args, **kwargs)``; require ``exc`` matching ``match``, no warning,
    and every argument (and ``fn``'s object) unchanged. Returns the exception."""
    assert exc in (ValueError, TypeError), "the standard allows only these two"
    before = _snap_call(fn, args, kwargs)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(exc, match=match) as info:
            fn(*args, **kwargs)
    assert not caught, f"warned on the way: {[str(w.message) for w in caught]}"
    after = _snap_call(fn, args, kwargs)
    assert after == before, "an argument or the object changed before the refusal"
    return info.value


def expect_ok(fn, *args, mutates=(), **kwargs):
    """Call ``fn(*args, **kwargs)``; require no exception, no warning and no change
    to any argument (except the positions or names in ``mutates``). Returns the
    result."""
    before = _snap_call(fn, args, kwargs)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = fn(*args, **kwargs)
    assert not caught, f"warned: {[str(w.message) for w in caught]}"
    if not mutates:
        assert _snap_call(fn, args, kwargs) == before, "an argument changed"
    return out


# --- tables of bad values -----------------------------------------------------------------------


def cases(fn, where, table, *, args=(), kwargs=None, prefix="", name=None):
    """``pytest.param(fn, args, kwargs, exc, match)`` for each ``(value, exc, match,
    id)`` of ``table``, the value put at ``where`` (a position in ``args`` or a
    keyword)."""
    out = []
    for value, exc, match, ident in table:
        a, k = list(args), dict(kwargs or {})
        if isinstance(where, int):
            a[where] = value
        else:
            k[where] = value
        label = name or (where if isinstance(where, str) else f"arg{where}")
        out.append(pytest.param(fn, tuple(a), k, exc, match,
                                id=f"{fn.__name__}-{prefix}{label}-{ident}"))
    return out


def _n(name):
    return re.escape(name)


SHORT = ("nan", "object", "float16", "None", "rank1")


def bad_arrays(name, good, *, ndim=2, empty=True, ragged=True, short=False):
    """The bad variants of an array argument ``name`` whose good value is ``good``.

    ``ndim``: 2 for an (n, m) array (then rank 1 and rank 3 are wrong too), None
    for any shape. ``empty``: whether an empty array is wrong. ``short``: only
    the variants of :data:`SHORT`, for an argument that goes through the same
    check as one already tabled in full.
    """
    good = np.asarray(good, dtype=np.float64)
    n = _n(name)
    with_nan, with_inf = good.copy(), good.copy()
    with_nan.flat[-1], with_inf.flat[0] = np.nan, -np.inf
    table = [
        (with_nan, ValueError, rf"{n} must be finite; got 1 NaN or infinite", "nan"),
        (with_inf, ValueError, rf"{n} must be finite; got 1 NaN or infinite", "inf"),
        (good.astype(str), TypeError, rf"{n} must hold numbers; got an array of dtype <U",
         "strings"),
        (good.astype(object), TypeError, rf"{n} must hold numbers; got an array of dtype object",
         "object"),
        (good.astype(complex), TypeError, rf"{n} must be real; got dtype complex128", "complex"),
        (good.astype(np.float16), TypeError,
         rf"{n} must be float32 or float64 .*got dtype float16: convert it", "float16"),
        (None, TypeError, rf"{n} must be a numpy array; got NoneType", "None"),
        ("1.0", TypeError, rf"{n} must be a numpy array; got str", "str"),
        ({1.0, 2.0}, TypeError, rf"{n} must be a numpy array; got set", "set"),
        ({"a": good}, TypeError, rf"{n} must be a numpy array; got dict", "dict"),
    ]
    if ragged:
        table.append(([[1.0, 2.0], [3.0]], TypeError,
                      rf"{n} must be a numpy array \(or a rectangular nested list of numbers\); "
                      r"got a ragged list", "ragged"))
    if ndim == 2:
        table += [
            (good.ravel(), ValueError,
             rf"{n} must be a 2-D array of shape .*; got shape \({good.size},\); a rank-1 "
             r"array is not a vector", "rank1"),
            (good[None], ValueError, rf"{n} must be a 2-D array of shape .*got shape \(1, ",
             "rank3"),
            (np.float64(1.0), ValueError, rf"{n} must be a 2-D array of shape .*got shape \(\)",
             "rank0"),
        ]
    if empty:
        table.append((good[..., :0], ValueError, rf"{n} must not be empty", "empty"))
    if short:
        table = [case for case in table if case[3] in SHORT]
    return table


def _real_type(name, integer=False, full=False):
    what = "an int" if integer else "a real number"
    n = _n(name)
    table = [
        (None, TypeError, rf"{n} must be {what}; got NoneType", "None"),
        ("0.5", TypeError, rf"{n} must be {what}; got str", "str"),
        (True, TypeError, rf"{n} must be {what}; got bool", "bool"),
    ]
    if full:
        table += [
            ({1}, TypeError, rf"{n} must be {what}; got set", "set"),
            ({"a": 1}, TypeError, rf"{n} must be {what}; got dict", "dict"),
            (np.array([0.5]), TypeError, rf"{n} must be {what}; got ndarray", "array"),
            (1 + 0j, TypeError, rf"{n} must be {what}; got complex", "complex"),
        ]
    if integer:
        table.append((2.0, TypeError, rf"{n} must be an int; got float", "float"))
    return table


def bad_positive(name, *, allow_zero=False, integer=False, full=False):
    """Bad values for a finite number > 0 (>= 0 with ``allow_zero``). ``full``
    adds more of the same kinds (other wrong types, inf, -10**400, a tiny
    negative) for an argument checked on a path of its own."""
    rule = ">= 0" if allow_zero else "> 0"
    n = _n(name)
    msg = rf"{n} must be finite and {rule}; got "
    table = [
        (-1, ValueError, msg + "-1", "negative"),
        (10**400, ValueError, msg + "1000000000", "10**400"),
    ]
    if not allow_zero:
        table.append((0, ValueError, msg + "0", "zero"))
    if not integer:
        table.append((float("nan"), ValueError, msg + "nan", "nan"))
    if full:
        table.append((-(10**400), ValueError, msg + "-1000000000", "-10**400"))
        if not integer:
            table += [(float("inf"), ValueError, msg + "inf", "inf"),
                      (-1e-300, ValueError, msg + "-1e-300", "tiny-negative")]
    return table + _real_type(name, integer, full)


def bad_int(name, *, allow_zero=False, full=False):
    return bad_positive(name, allow_zero=allow_zero, integer=True, full=full)


def bad_probability(name, *, full=False):
    """Bad values for a number in (0, 1]."""
    n = _n(name)
    msg = rf"{n} must be in \(0, 1\]; got "
    return [
        (0, ValueError, msg + "0", "zero"),
        (-0.5, ValueError, msg + "-0.5", "negative"),
        (1.5, ValueError, msg + "1.5", "above-1"),
        (float("nan"), ValueError, msg + "nan", "nan"),
        (10**400, ValueError, msg + "1000000000", "10**400"),
        *_real_type(name, full=full),
    ]


def bad_unit_interval(name, *, full=False):
    """Bad values for a number in [0, 1)."""
    n = _n(name)
    msg = rf"{n} must be in \[0, 1\); got "
    return [
        (1, ValueError, msg + "1", "one"),
        (-0.5, ValueError, msg + "-0.5", "negative"),
        (2.0, ValueError, msg + "2.0", "above-1"),
        (float("nan"), ValueError, msg + "nan", "nan"),
        (10**400, ValueError, msg + "1000000000", "10**400"),
        *_real_type(name, full=full),
    ]


def bad_choice(name, choices):
    n = _n(name)
    return [
        ("swish", ValueError, rf"{n} must be one of \[.*\]; got 'swish'", "unknown"),
        (choices[0].upper(), ValueError, rf"{n} must be one of .*got '{choices[0].upper()}'",
         "upper-case"),
        (None, TypeError, rf"{n} must be a string, one of .*; got NoneType", "None"),
        (1, TypeError, rf"{n} must be a string, one of .*; got int", "int"),
        ({choices[0]}, TypeError, rf"{n} must be a string, one of .*; got set", "set"),
    ]


def bad_flag(name):
    n = _n(name)
    return [
        ("no", TypeError, rf"{n} must be True or False; got str 'no'", "str"),
        (None, TypeError, rf"{n} must be True or False; got NoneType", "None"),
        (0, TypeError, rf"{n} must be True or False; got int", "int"),
    ]


def with_(d, **changes):
    """``d`` with some keys changed (None removes the key)."""
    out = dict(d)
    for k, v in changes.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = v
    return out


def deep(value):
    """A fresh copy of a table's value (a case must not share state with another)."""
    return copy.deepcopy(value)
