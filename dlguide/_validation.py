"""Input checks shared by the public functions (private module).

Every public function checks its arguments once, at the boundary, with the
helpers below, then calls unchecked kernels. Errors name the argument, the rule
and what came, shapes included.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "as_rng",
    "check_array",
    "check_choice",
    "check_grads",
    "check_params",
    "check_positive",
    "check_probability",
    "check_same_columns",
]


def as_rng(rng):
    """Normalize ``rng`` (``int``, ``Generator`` or ``None``) to a ``Generator``."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, numbers.Integral) and not isinstance(rng, bool)):
        if rng is not None and rng < 0:
            raise ValueError(f"rng must be a non-negative int seed; got {rng}")
        return np.random.default_rng(rng)
    raise TypeError(
        "rng must be an int seed, a numpy.random.Generator or None; "
        f"got {type(rng).__name__}"
    )


def check_array(name, value, *, ndim=2, rows=None, cols=None, finite=True, shape_hint=None):
    """Return ``value`` as a floating ndarray after checking its rank and shape.

    Integer and boolean input is converted to float64; float32 stays float32.
    """
    if isinstance(value, (str, bytes, dict)) or value is None:
        raise TypeError(f"{name} must be a numpy array; got {type(value).__name__}")
    arr = np.asarray(value)
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_
    ):
        raise TypeError(f"{name} must hold numbers; got an array of dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real; got dtype {arr.dtype}")
    if not np.issubdtype(arr.dtype, np.floating):
        arr = arr.astype(np.float64)
    hint = shape_hint or ("(n, m)" if ndim == 2 else f"a {ndim}-D array")
    if arr.ndim != ndim:
        extra = ""
        if arr.ndim == 1 and ndim == 2:
            extra = (
                "; a rank-1 array is not a vector: make it a column with "
                f"{name}.reshape(-1, 1) or a row with {name}.reshape(1, -1)"
            )
        raise ValueError(
            f"{name} must be a {ndim}-D array of shape {hint}; "
            f"got shape {arr.shape}{extra}"
        )
    if rows is not None and arr.shape[0] != rows:
        raise ValueError(
            f"{name} must have {rows} row(s), shape {hint}; got shape {arr.shape}"
        )
    if cols is not None and arr.shape[1] != cols:
        raise ValueError(
            f"{name} must have {cols} column(s), shape {hint}; got shape {arr.shape}"
        )
    if finite and not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} must be finite; got {bad} NaN or infinite value(s)")
    return arr


def check_same_columns(name_a, a, name_b, b):
    """Require that two (n, m) arrays have the same number of examples m."""
    if a.shape[1] != b.shape[1]:
        raise ValueError(
            f"{name_a} and {name_b} must have the same number of columns (examples); "
            f"got {name_a}.shape={a.shape} and {name_b}.shape={b.shape}"
        )


def check_choice(name, value, choices):
    """Require ``value`` to be one of ``choices`` (strings)."""
    if not isinstance(value, str):
        raise TypeError(
            f"{name} must be a string, one of {sorted(choices)}; got {type(value).__name__}"
        )
    if value not in choices:
        raise ValueError(f"{name} must be one of {sorted(choices)}; got {value!r}")
    return value


def check_probability(name, value, *, low_open=True):
    """Require a real number in (0, 1] (or [0, 1] when ``low_open`` is False)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number; got {type(value).__name__}")
    ok = (0 < value <= 1) if low_open else (0 <= value <= 1)
    if not ok:
        rule = "in (0, 1]" if low_open else "in [0, 1]"
        raise ValueError(f"{name} must be {rule}; got {value}")
    return float(value)


def check_positive(name, value, *, integer=False, allow_zero=False):
    """Require a positive (or non-negative) real or integer number."""
    kind = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind):
        what = "an int" if integer else "a real number"
        raise TypeError(f"{name} must be {what}; got {type(value).__name__}")
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        rule = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be finite and {rule}; got {value}")
    return int(value) if integer else float(value)


def check_params(params, *, n_x=None):
    """Check a parameter dict ``{"W1", "b1", ..., "WL", "bL"}`` and return L.

    Shapes must chain: ``W[l]`` is ``(n[l], n[l-1])`` and ``b[l]`` is ``(n[l], 1)``.
    """
    if not isinstance(params, dict):
        raise TypeError(
            f"params must be a dict like {{'W1': ..., 'b1': ...}}; got {type(params).__name__}"
        )
    L = len(params) // 2
    expected = {f"{p}{l}" for l in range(1, L + 1) for p in "Wb"}
    if L == 0 or set(params) != expected:
        raise ValueError(
            "params must have the keys W1, b1, ..., WL, bL for consecutive layers; "
            f"got keys {sorted(params)}"
        )
    prev = n_x
    for l in range(1, L + 1):
        W = check_array(f"params['W{l}']", params[f"W{l}"], shape_hint="(n[l], n[l-1])")
        b = check_array(f"params['b{l}']", params[f"b{l}"], shape_hint="(n[l], 1)")
        if prev is not None and W.shape[1] != prev:
            source = "X has" if l == 1 else f"W{l - 1} gives"
            raise ValueError(
                f"params['W{l}'] must have {prev} columns because {source} {prev} "
                f"rows; got shape {W.shape}"
            )
        if b.shape != (W.shape[0], 1):
            raise ValueError(
                f"params['b{l}'] must have shape {(W.shape[0], 1)} to match "
                f"params['W{l}'] of shape {W.shape}; got shape {b.shape}"
            )
        prev = W.shape[0]
    return L


def check_grads(grads, params):
    """Require ``grads`` to be a dict holding ``"d" + name``, shaped like the
    parameter, for every ``name`` in ``params``."""
    if not isinstance(grads, dict):
        raise TypeError(
            f"grads must be a dict of arrays like {{'dW1': ...}}; got {type(grads).__name__}"
        )
    for k, v in params.items():
        if "d" + k not in grads:
            raise ValueError(
                f"grads must have the key 'd{k}' for parameter '{k}'; got keys {sorted(grads)}"
            )
        if np.shape(grads["d" + k]) != np.shape(v):
            raise ValueError(
                f"grads['d{k}'] must have the shape of params['{k}'], {np.shape(v)}; "
                f"got {np.shape(grads['d' + k])}"
            )
