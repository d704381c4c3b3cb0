"""Input checks shared by the public functions (private module, plain names).

Every public function checks its arguments once, at the boundary, with the
helpers below, then calls unchecked kernels (:mod:`dlguide._kernels`). Errors
name the argument, the rule and what came, shapes included, and are raised
before any work is done or any state is changed.
"""

from __future__ import annotations

import contextlib
import math
import numbers

import numpy as np

from ._kernels import ACTIVATIONS

__all__ = [
    "as_dtype",
    "as_rng",
    "check_activation",
    "check_array",
    "check_callable",
    "check_choice",
    "check_epsilon",
    "check_flag",
    "check_grads",
    "check_labels",
    "check_layer_dims",
    "check_params",
    "check_positive",
    "check_probabilities",
    "check_probability",
    "check_same_columns",
    "check_targets",
    "check_unit_interval",
    "is_statistic",
    "no_overflow",
    "show",
    "uses_batch_norm",
]

FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


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


def check_array(name, value, *, ndim=2, rows=None, cols=None, finite=True, shape_hint=None,
                allow_empty=False):
    """Return ``value`` as a float32 or float64 ndarray after checking rank and shape.

    Integer and boolean input is converted to float64; float32 and float64 are
    kept as they are (no copy). Other floats (float16, longdouble) are refused:
    float16 overflows at 65,504 and NumPy's BLAS does not multiply it.
    ``ndim=None`` accepts any rank (a scalar is a 0-d array).
    """
    if isinstance(value, (str, bytes, dict, set)) or value is None:
        raise TypeError(f"{name} must be a numpy array; got {type(value).__name__}")
    try:
        arr = np.asarray(value)
    except ValueError:  # a ragged nested list
        raise TypeError(
            f"{name} must be a numpy array (or a rectangular nested list of numbers); got a "
            f"ragged {type(value).__name__}"
        ) from None
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or arr.dtype == np.bool_
    ):
        raise TypeError(f"{name} must hold numbers; got an array of dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real; got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.floating):
        if arr.dtype not in FLOATS:
            raise TypeError(
                f"{name} must be float32 or float64 (ints and bools are converted to "
                f"float64); got dtype {arr.dtype}: convert it with {name}.astype(np.float32)"
            )
    else:
        arr = arr.astype(np.float64)
    hint = shape_hint or ("(n, m)" if ndim == 2 else f"{ndim}-D")
    if ndim is not None and arr.ndim != ndim:
        extra = ""
        if arr.ndim == 1 and ndim == 2:
            extra = (
                "; a rank-1 array is not a vector: make it a column with "
                f"{name}.reshape(-1, 1) or a row with {name}.reshape(1, -1)"
            )
        raise ValueError(
            f"{name} must be a {ndim}-D array of shape {hint}; got shape {arr.shape}{extra}"
        )
    if rows is not None and arr.shape[0] != rows:
        raise ValueError(
            f"{name} must have {rows} row(s), shape {hint}; got shape {arr.shape}"
        )
    if cols is not None and arr.shape[1] != cols:
        raise ValueError(
            f"{name} must have {cols} column(s), shape {hint}; got shape {arr.shape}"
        )
    if not allow_empty and arr.size == 0:
        what = "at least one row and one column (example)" if arr.ndim == 2 else "values"
        raise ValueError(f"{name} must not be empty: it needs {what}; got shape {arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} must be finite; got {bad} NaN or infinite value(s)")
    return arr


def as_dtype(name, arr, dtype, *, of="X"):
    """``arr`` (checked) in ``dtype``, the dtype the computation runs in (float32
    data computes in float32); values beyond ``dtype``'s range are refused rather
    than cast to infinity."""
    dtype = np.dtype(dtype)
    if arr.dtype == dtype:
        return arr
    if arr.size and dtype.itemsize < arr.dtype.itemsize:
        largest, limit = float(np.max(np.abs(arr))), float(np.finfo(dtype).max)
        if largest > limit:
            raise ValueError(
                f"{name} must fit in {dtype}, the dtype of {of}; got a value of {largest:g}, "
                f"beyond {limit:g}"
            )
    return arr.astype(dtype)


def check_same_columns(name_a, a, name_b, b):
    """Require that two (n, m) arrays have the same number of examples m."""
    if a.shape[1] != b.shape[1]:
        raise ValueError(
            f"{name_a} and {name_b} must have the same number of columns (examples); "
            f"got {name_a}.shape={a.shape} and {name_b}.shape={b.shape}"
        )


def _first_bad(arr, bad):
    """The first offending value and where it is, e.g. ``2 at index (0, 3)``."""
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    return f"{float(arr[index]):g} at index {index}"


def check_labels(name, Y):
    """Require an array of labels 0 or 1 (any float dtype)."""
    bad = (Y != 0) & (Y != 1)
    if bad.any():
        raise ValueError(
            f"{name} must hold labels 0 or 1; got {_first_bad(Y, bad)} "
            f"({int(bad.sum())} value(s) outside {{0, 1}})"
        )
    return Y


def check_probabilities(name, A):
    """Require an array of probabilities in [0, 1]."""
    bad = (A < 0) | (A > 1)
    if bad.any():
        raise ValueError(
            f"{name} must hold probabilities in [0, 1]; got {_first_bad(A, bad)} "
            f"({int(bad.sum())} value(s) outside [0, 1])"
        )
    return A


def check_choice(name, value, choices):
    """Require ``value`` to be one of ``choices`` (strings)."""
    if not isinstance(value, str):
        raise TypeError(
            f"{name} must be a string, one of {sorted(choices)}; got {type(value).__name__}"
        )
    if value not in choices:
        raise ValueError(f"{name} must be one of {sorted(choices)}; got {value!r}")
    return value


def check_activation(name, value):
    """Check an activation name against :data:`dlguide.activations.ACTIVATIONS`."""
    return check_choice(name, value, ACTIVATIONS)


def check_callable(name, value, what):
    """Require a callable; ``what`` describes its signature."""
    if not callable(value):
        raise TypeError(f"{name} must be {what}; got {type(value).__name__}")
    return value


def _real(name, value, integer=False):
    """``value`` as a float (an int when ``integer``), refusing bools and non-numbers.

    An int too large for a float becomes infinity, which the callers refuse as
    not finite (``math.isfinite`` would raise on it, and NumPy's ``isfinite``
    does not take it at all).
    """
    ok = isinstance(value, numbers.Integral if integer else numbers.Real)
    if isinstance(value, (bool, np.bool_)) or not ok:
        what = "an int" if integer else "a real number"
        raise TypeError(f"{name} must be {what}; got {type(value).__name__} {show(value)}")
    if integer:
        return int(value)
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def check_finite(name, value):
    """``value`` as a finite float: a real number (not a bool), not NaN or infinite
    (an int with more digits than any float holds counts as infinite)."""
    x = _real(name, value)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite real number; got {show(value)}")
    return x


def show(value):
    """``repr(value)``, cut to 40 characters, for a message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_probability(name, value, *, low_open=True, high_open=False):
    """Require a real number in (0, 1] (``[0`` when ``low_open`` is False, ``1)``
    when ``high_open`` is True)."""
    x = _real(name, value)
    ok = (0 < x if low_open else 0 <= x) and (x < 1 if high_open else x <= 1)  # NaN fails
    if not ok:
        rule = f"in {'(' if low_open else '['}0, 1{')' if high_open else ']'}"
        raise ValueError(f"{name} must be {rule}; got {show(value)}")
    return x


def check_unit_interval(name, value):
    """Require a real number in [0, 1) (a momentum ``beta``, a leaky slope)."""
    x = _real(name, value)
    if not 0 <= x < 1:
        raise ValueError(f"{name} must be in [0, 1); got {show(value)}")
    return x


def check_flag(name, value):
    """Require ``True`` or ``False`` (a NumPy bool too): a string such as ``"no"``
    would otherwise count as true."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {type(value).__name__} "
                        f"{show(value)}")
    return bool(value)


@contextlib.contextmanager
def no_overflow(rule):
    """Refuse input so large that the NumPy code inside overflows.

    Finite input can still be too large to compute with: ``1e200 * 1e200`` is
    infinite, and NumPy warns and carries on with ``inf`` (and then ``nan``).
    Inside this block an overflow, or the invalid operation (``inf - inf``)
    that follows one, raises a ``ValueError`` instead, whose message is
    ``rule`` (which names the arguments and what they must satisfy) and what
    NumPy reported. Underflow to zero is not an error. Used by the public
    functions around their kernels; never inside a training loop, which has
    its own watch (:class:`dlguide._resolve.DivergenceWatch`).
    """
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            yield
    except FloatingPointError as exc:
        if type(exc) is not FloatingPointError:  # a DivergenceError passes through
            raise
        raise ValueError(f"{rule}; it overflows ({exc})") from None


def check_positive(name, value, *, integer=False, allow_zero=False):
    """Require a finite positive (or non-negative) real or integer number."""
    x = _real(name, value, integer)
    try:
        finite = math.isfinite(x)
    except OverflowError:  # an int with more digits than any float holds
        finite = False
    if not finite or not (x > 0 or (allow_zero and x == 0)):
        rule = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be finite and {rule}; got {show(value)}")
    return x


def check_epsilon(name, value, dtype):
    """A finite number > 0 that ``dtype`` holds (neither 0 nor infinite in it): batch
    norm's epsilon, which keeps a unit that is constant over the batch from being
    divided by 0. Returns it as a float."""
    x = check_positive(name, value)
    info = np.finfo(dtype)
    low, high = float(info.smallest_subnormal), float(info.max)  # Python floats: no cast
    if not low <= x <= high:
        raise ValueError(
            f"{name} must be a number {np.dtype(dtype)} holds, from {low:g} to {high:g} (it is "
            f"added to the variance in that dtype); got {show(value)}"
        )
    return x


def check_layer_dims(layer_dims, name="layer_dims"):
    """A list of positive ints, at least the input and the output size."""
    if isinstance(layer_dims, (str, bytes, dict, set)) or not hasattr(layer_dims, "__len__"):
        raise TypeError(
            f"{name} must be a list of layer sizes like [n_x, n1, ..., 1]; got "
            f"{type(layer_dims).__name__}"
        )
    dims = list(np.asarray(layer_dims).ravel()) if isinstance(layer_dims, np.ndarray) \
        else list(layer_dims)
    if len(dims) < 2:
        raise ValueError(f"{name} must list at least the input and output sizes; got {dims}")
    for i, n in enumerate(dims):
        is_int = isinstance(n, numbers.Integral) and not isinstance(n, (bool, np.bool_))
        if not is_int or not 1 <= n < 2**63:  # NumPy's shapes are int64
            raise (ValueError if is_int else TypeError)(
                f"{name} must hold positive ints; got {n!r} at position {i} of "
                f"{[int(d) if isinstance(d, numbers.Integral) else d for d in dims]}"
            )
    return [int(n) for n in dims]


#: Entries of a parameter dict that are running statistics, not trained: batch
#: norm's averages of the batches' means and variances (no gradient, no update).
STATISTICS = ("mu", "sigma2")


def is_statistic(key):
    """Whether a parameter name is a running statistic (``mu3``, ``sigma2`` + digits)."""
    return _layer_of(key)[0] in STATISTICS


def _layer_of(key):
    """``(kind, l)`` of a parameter name such as ``"gamma3"``, or ``(None, None)``."""
    for prefix in ("W", "b", "gamma", "beta", *STATISTICS):
        if isinstance(key, str) and key.startswith(prefix) and key[len(prefix):].isdigit():
            return prefix, int(key[len(prefix):])
    return None, None


def check_params(params, *, n_x=None, name="params"):
    """Check a parameter dict and return the number of layers L.

    Plain layers hold ``W{l}`` and ``b{l}``; with batch normalization every hidden
    layer holds ``W{l}``, ``gamma{l}`` and ``beta{l}`` instead (and, once trained,
    the running statistics ``mu{l}`` and ``sigma2{l}``), and the output layer
    ``W{L}`` and ``b{L}``. Shapes must chain: ``W[l]`` is ``(n[l], n[l-1])`` and
    every other entry of layer l is ``(n[l], 1)``.
    """
    if not isinstance(params, dict):
        raise TypeError(
            f"{name} must be a dict like {{'W1': ..., 'b1': ...}}; got {type(params).__name__}"
        )
    layers = [_layer_of(k)[1] for k in params]
    L = max((l for l in layers if l is not None), default=0)
    bn = any(_layer_of(k)[0] == "gamma" for k in params)
    # the running statistics: in every hidden layer or in none (test time needs them all)
    running = bn and any(is_statistic(k) for k in params)
    expected = {f"W{l}" for l in range(1, L + 1)} | {f"b{L}"}
    for l in range(1, L):
        expected |= {f"gamma{l}", f"beta{l}"} if bn else {f"b{l}"}
        if running:
            expected |= {f"mu{l}", f"sigma2{l}"}
    if L == 0 or set(params) != expected:
        raise ValueError(
            f"{name} must have the keys W1, b1, ..., WL, bL for consecutive layers; got keys "
            f"{sorted(map(str, params))} (with batch norm the hidden layers hold gamma{{l}} "
            "and beta{l} in place of b{l}, and mu{l} and sigma2{l} together or not at all, "
            "in every hidden layer or in none)"
        )
    prev = n_x
    for l in range(1, L + 1):
        W = check_array(f"{name}['W{l}']", params[f"W{l}"], shape_hint="(n[l], n[l-1])")
        if prev is not None and W.shape[1] != prev:
            source = "X has" if l == 1 else f"W{l - 1} gives"
            raise ValueError(
                f"{name}['W{l}'] must have {prev} columns because {source} {prev} "
                f"rows; got shape {W.shape}"
            )
        for key in sorted(k for k in params if _layer_of(k)[1] == l and k != f"W{l}"):
            col = check_array(f"{name}['{key}']", params[key], shape_hint="(n[l], 1)")
            if col.shape != (W.shape[0], 1):
                raise ValueError(
                    f"{name}['{key}'] must have shape {(W.shape[0], 1)} to match "
                    f"{name}['W{l}'] of shape {W.shape}; got shape {col.shape}"
                )
            if key.startswith("sigma2") and (col < 0).any():
                raise ValueError(f"{name}['{key}'] must be >= 0 (a running variance)")
        prev = W.shape[0]
    return L


def uses_batch_norm(params):
    """Whether a (checked) parameter dict has batch-normalized hidden layers."""
    return "gamma1" in params


def check_grads(grads, params):
    """Require ``grads`` to be a dict holding ``"d" + name``, shaped like the
    parameter, finite and real, for every ``name`` in ``params`` but the running
    statistics (which have no gradient); returns the gradients as arrays
    ``{"d" + name: array}`` (lists converted)."""
    if not isinstance(grads, dict):
        raise TypeError(
            f"grads must be a dict of arrays like {{'dW1': ...}}; got {type(grads).__name__}"
        )
    out = {}
    for k, v in params.items():
        if is_statistic(k):
            continue
        if "d" + k not in grads:
            raise ValueError(
                f"grads must have the key 'd{k}' for parameter '{k}'; got keys "
                f"{sorted(map(str, grads))}"
            )
        g = check_array(f"grads['d{k}']", grads["d" + k], ndim=np.ndim(v),
                        shape_hint=f"{np.shape(v)}, the shape of params['{k}']")
        if g.shape != np.shape(v):
            raise ValueError(
                f"grads['d{k}'] must have the shape of params['{k}'], {np.shape(v)}; "
                f"got {g.shape}"
            )
        out["d" + k] = g
    return out


def check_targets(name_out, out, Y, *, probabilities):
    """Check an output (probabilities or logits) and its labels; returns both, the
    labels in the output's dtype.

    One row: binary labels 0 or 1 (and, for probabilities, values in [0, 1]).
    C > 1 rows: one-hot labels with C rows (each column a single 1; see
    :func:`dlguide.data.one_hot`) and, for probabilities, columns that each sum
    to 1 (a softmax output).
    """
    out = check_array(name_out, out, shape_hint="(1, m) or (C, m)")
    Y = check_array("Y", Y, shape_hint="(1, m) or (C, m)")
    C = out.shape[0]
    if Y.shape[0] != C:
        if Y.shape[0] == 1 and out.shape == Y.shape[::-1]:
            raise ValueError(f"{name_out} must have 1 row(s), shape (1, m); got shape "
                             f"{out.shape}, the transpose of Y's shape {Y.shape}")
        if Y.shape[0] == 1:
            raise ValueError(
                f"Y must have {C} rows, one-hot like {name_out} of shape {out.shape} "
                f"(dlguide.data.one_hot(labels, {C})); got shape {Y.shape}")
        if C > 1 and out.shape == Y.shape[::-1]:  # which of the two is transposed is unknown
            raise ValueError(
                f"{name_out} and Y must have the same shape (C, m), one column per example; "
                f"got {name_out}.shape={out.shape} and Y.shape={Y.shape}: one is the "
                "transpose of the other")
        shape = "(1, m)" if C == 1 else f"({C}, m), one-hot like {name_out}"
        raise ValueError(f"Y must have {C} row(s), shape {shape}; got shape {Y.shape}")
    check_same_columns(name_out, out, "Y", Y)
    check_labels("Y", Y)
    if C > 1:
        sums = Y.sum(axis=0)
        if not np.all(sums == 1):
            i = int(np.argmax(sums != 1))
            raise ValueError(
                f"Y must be one-hot: a single 1 in each column (dlguide.data.one_hot); "
                f"column {i} holds {float(sums[i]):g} ones"
            )
    if probabilities:
        check_probabilities(name_out, out)
        if C > 1:
            sums = out.sum(axis=0)
            tol = 1e-6 if out.dtype == np.float64 else 1e-3
            if np.any(np.abs(sums - 1) > tol):
                i = int(np.argmax(np.abs(sums - 1)))
                raise ValueError(
                    f"{name_out} must hold a probability distribution in each column (a "
                    f"softmax output, summing to 1); column {i} sums to {float(sums[i]):.6g}"
                )
    return out, Y.astype(out.dtype, copy=False)
