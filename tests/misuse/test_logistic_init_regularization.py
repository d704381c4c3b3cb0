"""Misuse tables for dlguide.logistic, dlguide.initializers and dlguide.regularization."""

from __future__ import annotations

import numpy as np
import pytest
from misuse_helpers import (
    bad_arrays,
    bad_choice,
    bad_flag,
    bad_int,
    bad_positive,
    bad_probability,
    cases,
    deep,
    expect_ok,
    expect_refusal,
)

from dlguide.initializers import initialize_parameters
from dlguide.logistic import initialize_with_zeros, model, optimize, predict, propagate
from dlguide.regularization import dropout_backward, dropout_forward, l2_cost, l2_grads

X = np.array([[1.0, 2.0, -1.0, 0.5], [3.0, 4.0, -3.2, 0.0]])
Y = np.array([[1.0, 0.0, 1.0, 0.0]])
w = np.array([[0.1], [-0.2]])
b = 0.5
RNG = np.random.default_rng(11)

CASES = []

# --- logistic ---------------------------------------------------------------------------------------

CASES += cases(initialize_with_zeros, 0, bad_int("dim"), args=(3,), name="dim")
BAD_B = [
    ("0.5", TypeError, r"b must be a real number \(the bias\); got str '0.5'", "str"),
    (None, TypeError, r"b must be a real number \(the bias\); got NoneType", "None"),
    (True, TypeError, r"b must be a real number \(the bias\); got bool", "bool"),
    ([1.0, 2.0], TypeError, r"b must be a real number \(the bias\); got list", "list-of-2"),
    ([[1.0], [1.0, 2.0]], TypeError, r"b must be a real number \(the bias\); got list", "ragged"),
    ({"b": 1.0}, TypeError, r"b must be a real number \(the bias\); got dict", "dict"),
    (1 + 2j, TypeError, r"b must be a real number \(the bias\); got complex", "complex"),
    (float("nan"), ValueError, r"b must be a finite real number; got nan", "nan"),
    (-float("inf"), ValueError, r"b must be a finite real number; got -inf", "-inf"),
    (10**400, ValueError, r"b must be a finite real number; got 10{30}", "10**400"),
    (np.array([[np.nan]]), ValueError, r"b must be a finite real number; got nan", "array-nan"),
]
for fn, extra in ((propagate, (Y,)), (optimize, (Y,)), (predict, ())):
    args = (w, b, X, *extra)
    kw = {"num_iterations": 3} if fn is optimize else {}
    short = fn is not propagate
    CASES += cases(fn, 0, bad_arrays("w", w, short=True, empty=False), args=args, kwargs=kw,
                   name="w")
    CASES += cases(fn, 1, BAD_B if fn is propagate else BAD_B[:3], args=args, kwargs=kw,
                   name="b")
    CASES += cases(fn, 2, bad_arrays("X", X, short=short), args=args, kwargs=kw, name="X")
    CASES += [
        pytest.param(fn, (w.T, b, X, *extra), kw, ValueError,
                     r"w must have 2 row\(s\), shape \(n_x, 1\); got shape \(1, 2\)",
                     id=f"{fn.__name__}-w-transposed"),
        pytest.param(fn, (w, b, X[:1], *extra), kw, ValueError,
                     r"w must have 1 row\(s\), shape \(n_x, 1\); got shape \(2, 1\)",
                     id=f"{fn.__name__}-X-one-feature"),
        pytest.param(fn, (w, b, X[:, :0], *extra), kw, ValueError,
                     r"X must not be empty: it needs at least one row and one column \(example\)",
                     id=f"{fn.__name__}-m0"),
    ]
    if extra:
        CASES += cases(fn, 3, bad_arrays("Y", Y, short=short), args=args, kwargs=kw, name="Y")
        CASES += [
            pytest.param(fn, (w, b, X, Y[:, :3]), kw, ValueError,
                         r"X and Y must have the same number of columns \(examples\); got "
                         r"X.shape=\(2, 4\) and Y.shape=\(1, 3\)", id=f"{fn.__name__}-other-m"),
            pytest.param(fn, (w, b, X.T, Y), kw, ValueError,
                         r"X and Y must have the same number of columns",
                         id=f"{fn.__name__}-X-transposed"),
            pytest.param(fn, (w, b, X, Y.T), kw, ValueError,
                         r"Y must have 1 row\(s\), shape \(1, m\); got shape \(4, 1\)",
                         id=f"{fn.__name__}-Y-transposed"),
            pytest.param(fn, (w, b, X, 2 * Y), kw, ValueError,
                         r"Y must hold labels 0 or 1; got 2 at index \(0, 0\)",
                         id=f"{fn.__name__}-labels-0-2"),
            pytest.param(fn, (w, b, X, Y - 1), kw, ValueError,
                         r"Y must hold labels 0 or 1; got -1 at index \(0, 1\)",
                         id=f"{fn.__name__}-labels-minus-1-0"),
        ]
    CASES.append(pytest.param(
        fn, (w * 1e300, b, X * 1e10, *extra), kw, ValueError,
        r"w, b and X must be small enough that Z = w.T @ X \+ b is finite.*; it overflows",
        id=f"{fn.__name__}-overflow") if fn is not optimize else pytest.param(
        fn, (w * 1e300, b, X * 1e10, *extra), kw, ValueError,
        r"optimize: X and the starting parameters must be small enough that the cost is "
        r"finite; at iteration 0, before any update, it is", id="optimize-overflow"))
OPT = (w, b, X, Y)
CASES += cases(optimize, "num_iterations", bad_int("num_iterations", allow_zero=True)[:6],
               args=OPT)
CASES += cases(optimize, "learning_rate", bad_positive("learning_rate"), args=OPT)
CASES += cases(optimize, "record_every", bad_int("record_every")[:5], args=OPT)
CASES += cases(optimize, "print_cost", bad_flag("print_cost"), args=OPT)

MODEL = (X, Y)
MKW = {"num_iterations": 3}
CASES += cases(model, 0, bad_arrays("X_train", X, short=True), args=MODEL, kwargs=MKW,
               name="X_train")
CASES += cases(model, 1, bad_arrays("Y_train", Y, short=True), args=MODEL, kwargs=MKW,
               name="Y_train")
NOT_NONE = [case for case in bad_arrays("X_test", X, short=True) if case[0] is not None]
CASES += cases(model, 2, NOT_NONE, args=(X, Y, X, Y), kwargs=MKW, name="X_test")
NOT_NONE = [case for case in bad_arrays("Y_test", Y, short=True) if case[0] is not None]
CASES += cases(model, 3, NOT_NONE, args=(X, Y, X, Y), kwargs=MKW, name="Y_test")
CASES += cases(model, "learning_rate", bad_positive("learning_rate")[:6], args=MODEL,
               kwargs=MKW)
CASES += cases(model, "num_iterations", bad_int("num_iterations", allow_zero=True)[:4],
               args=MODEL)
CASES += cases(model, "print_cost", bad_flag("print_cost")[:1], args=MODEL, kwargs=MKW)
CASES += [
    pytest.param(model, (X, Y, X, None), MKW, ValueError,
                 r"X_test and Y_test must be given together \(or both left out\); got "
                 r"X_test=an array and Y_test=None", id="model-Y_test-None"),
    pytest.param(model, (X, Y, None, Y), MKW, ValueError,
                 r"X_test and Y_test must be given together.*X_test=None and Y_test=an array",
                 id="model-X_test-None"),
    pytest.param(model, (X, Y, X[:1], Y), MKW, ValueError,
                 r"X_test must have 2 rows \(features\), as X_train; got shape \(1, 4\)",
                 id="model-X_test-other-features"),
    pytest.param(model, (X, Y, X, 2 * Y), MKW, ValueError,
                 r"Y_test must hold labels 0 or 1; got 2", id="model-Y_test-labels"),
    pytest.param(model, (X, 2 * Y), MKW, ValueError, r"Y_train must hold labels 0 or 1; got 2",
                 id="model-Y_train-labels"),
    pytest.param(model, (X, Y, X[:, :3], Y), MKW, ValueError,
                 r"X_test and Y_test must have the same number of columns",
                 id="model-test-other-m"),
    pytest.param(model, (X[:, :0], Y[:, :0]), MKW, ValueError, r"X_train must not be empty",
                 id="model-m0"),
]

# --- initializers ---------------------------------------------------------------------------------

LD = r"layer_dims must "
CASES += cases(initialize_parameters, 0, [
    ({3, 4, 1}, TypeError, LD + r"be a list of layer sizes like \[n_x, n1, \.\.\., 1\]; got set",
     "set"),
    ({3: 4, 4: 1}, TypeError, LD + r"be a list of layer sizes.*got dict", "dict"),
    ("341", TypeError, LD + r"be a list of layer sizes.*got str", "str"),
    (None, TypeError, LD + r"be a list of layer sizes.*got NoneType", "None"),
    (iter([3, 1]), TypeError, LD + r"be a list of layer sizes.*got list_iterator", "iterator"),
    ([], ValueError, LD + r"list at least the input and output sizes; got \[\]", "empty"),
    ([3, 0, 1], ValueError, LD + r"hold positive ints; got 0 at position 1", "zero"),
    ([3, 4.0, 1], TypeError, LD + r"hold positive ints; got 4.0 at position 1", "float"),
    ([3, None, 1], TypeError, LD + r"hold positive ints; got None at position 1", "None-size"),
    ([3, np.nan, 1], TypeError, LD + r"hold positive ints; got nan at position 1", "nan-size"),
    ([3, 10**400, 1], ValueError, LD + r"hold positive ints; got 1000000000.* at position 1",
     "huge-size"),
], args=([3, 4, 1],), kwargs={"rng": RNG}, name="layer_dims")
CASES += cases(initialize_parameters, "method", bad_choice("method", ["he"]), args=([3, 4, 1],),
               kwargs={"rng": RNG})
CASES += cases(initialize_parameters, "scale", [*bad_positive("scale")[:6],
    (1e308, ValueError, r"scale must be small enough that the weights drawn are finite in "
     r"float64; it overflows", "overflow")],
    args=([30, 40, 1],), kwargs={"rng": RNG, "method": "random"})
CASES.append(pytest.param(
    initialize_parameters, ([30, 40, 1], "random"),
    {"scale": 1e38, "dtype": np.float32, "rng": RNG}, ValueError,
    r"scale must be small enough that the weights drawn are finite in float32; it overflows",
    id="initialize_parameters-scale-overflow-float32"))
DT = r"dtype must be float32 or float64; got "
CASES += cases(initialize_parameters, "dtype", [
    (np.float16, TypeError, DT + "float16", "float16"),
    ("float16", TypeError, DT + "float16", "float16-name"),
    (int, TypeError, DT + "int64", "int"),
    (np.complex128, TypeError, DT + "complex128", "complex"),
    ("fp32", TypeError, DT + "'fp32'", "unknown-name"),
    ({"a": 1}, TypeError, DT, "dict"),
], args=([3, 4, 1],), kwargs={"rng": RNG})
CASES += cases(initialize_parameters, "rng", [
    ("seed", TypeError, r"rng must be an int seed, a numpy.random.Generator or None; got str",
     "str"),
    (-5, ValueError, r"rng must be a non-negative int seed; got -5", "negative"),
    (0.5, TypeError, r"rng must be an int seed.*got float", "float"),
    (True, TypeError, r"rng must be an int seed.*got bool", "bool"),
], args=([3, 4, 1],))

# --- regularization -------------------------------------------------------------------------------

PARAMS = initialize_parameters([3, 4, 1], rng=0)
KEYS = r"params must have the keys W1, b1, \.\.\., WL, bL for consecutive layers"
BAD_PARAMS = [
    (None, TypeError, r"params must be a dict like .*got NoneType", "None"),
    ([PARAMS["W1"]], TypeError, r"params must be a dict.*got list", "list"),
    ({"W1": PARAMS["W1"]}, ValueError, KEYS + r"; got keys \['W1'\]", "missing-b1"),
    ({**PARAMS, "W3": PARAMS["W2"]}, ValueError, KEYS, "extra-W3"),
    ({**PARAMS, "W1": PARAMS["W1"] * np.nan}, ValueError, r"params\['W1'\] must be finite",
     "W1-nan"),
    ({**PARAMS, "W2": PARAMS["W2"].astype(np.float16)}, TypeError,
     r"params\['W2'\] must be float32 or float64", "W2-float16"),
    ({**PARAMS, "b1": PARAMS["b1"].T}, ValueError,
     r"params\['b1'\] must have shape \(4, 1\) to match params\['W1'\]", "b1-transposed"),
]
for fn in (l2_cost, l2_grads):
    CASES += cases(fn, 0, BAD_PARAMS, args=(PARAMS, 0.1, 10), name="params")
    CASES += cases(fn, 1, bad_positive("lambd", allow_zero=True)[:7], args=(PARAMS, 0.1, 10),
                   name="lambd")
    CASES += cases(fn, 2, bad_int("m")[:6], args=(PARAMS, 0.1, 10), name="m")
CASES += [
    pytest.param(l2_cost, ({**PARAMS, "W1": np.full((4, 3), 1e200)}, 1.0, 10), {}, ValueError,
                 r"params and lambd must be small enough that the L2 term .* is finite; it "
                 r"overflows", id="l2_cost-overflow"),
    pytest.param(l2_cost, (PARAMS, 1e308, 1), {}, ValueError,
                 r"params and lambd must be small enough that the L2 term", id="l2_cost-lambd-"
                 "overflow"),
    pytest.param(l2_grads, ({**PARAMS, "W1": np.full((4, 3), 1e10)}, 1e308, 1), {}, ValueError,
                 r"params and lambd must be small enough that lambd / m \* W is finite; it "
                 r"overflows", id="l2_grads-overflow"),
]

A = np.arange(1.0, 9.0).reshape(2, 4)
D = np.array([[1, 0, 1, 1], [0, 1, 1, 0]], dtype=bool)
CASES += cases(dropout_forward, 0, bad_arrays("A", A), args=(A, 0.5), kwargs={"rng": RNG},
               name="A")
CASES += cases(dropout_forward, 1, bad_probability("keep_prob"), args=(A, 0.5),
               kwargs={"rng": RNG}, name="keep_prob")
CASES += cases(dropout_forward, "rng", [
    ("seed", TypeError, r"rng must be an int seed.*got str", "str"),
    (-1, ValueError, r"rng must be a non-negative int seed; got -1", "negative"),
    ({}, TypeError, r"rng must be an int seed.*got dict", "dict"),
], args=(A, 0.5))
CASES += [
    pytest.param(dropout_forward, (A, 1e-320), {"rng": RNG}, ValueError,
                 r"keep_prob must be large enough that A / keep_prob is finite in float64; got "
                 r"keep_prob=9.99989e-321 with a largest \|A\| of 8", id="dropout_forward-tiny"),
    pytest.param(dropout_forward, (A.astype(np.float32) * 1e30, 1e-10), {"rng": RNG}, ValueError,
                 r"keep_prob must be large enough that A / keep_prob is finite in float32",
                 id="dropout_forward-float32-tiny"),
    pytest.param(dropout_forward, (A, 0.5), {"rng": RNG}, None, None,
                 id="dropout_forward-works-advances-rng"),
]
CASES += cases(dropout_backward, 0, bad_arrays("dA", A, short=True), args=(A, D, 0.5),
               name="dA")
CASES += cases(dropout_backward, 1, bad_arrays("D", D, short=True), args=(A, D, 0.5), name="D")
CASES += cases(dropout_backward, 2, bad_probability("keep_prob")[:8], args=(A, D, 0.5),
               name="keep_prob")
CASES += [
    pytest.param(dropout_backward, (A, D.T, 0.5), {}, ValueError,
                 r"D must have the shape of dA, \(2, 4\); got \(4, 2\)",
                 id="dropout_backward-D-transposed"),
    pytest.param(dropout_backward, (A, D[:, :3], 0.5), {}, ValueError,
                 r"D must have the shape of dA, \(2, 4\); got \(2, 3\)",
                 id="dropout_backward-D-other-m"),
    pytest.param(dropout_backward, (A, D * 0.5, 0.5), {}, ValueError,
                 r"D must be the 0/1 \(or bool\) mask that dropout_forward returned; got 5 "
                 r"value\(s\) other than 0 and 1", id="dropout_backward-D-halves"),
    pytest.param(dropout_backward, (A, D * 2, 0.5), {}, ValueError,
                 r"D must be the 0/1 \(or bool\) mask", id="dropout_backward-D-twos"),
    pytest.param(dropout_backward, (A, D - 1.0, 0.5), {}, ValueError,
                 r"D must be the 0/1 \(or bool\) mask", id="dropout_backward-D-minus-ones"),
    pytest.param(dropout_backward, (A * 1e300, D, 1e-10), {}, ValueError,
                 r"keep_prob must be large enough that dA / keep_prob is finite",
                 id="dropout_backward-overflow"),
    pytest.param(dropout_backward, (A, D.astype(float), 0.5), {}, None, None,
                 id="dropout_backward-float-mask-works"),
]


@pytest.mark.parametrize(("fn", "args", "kwargs", "exc", "match"), CASES)
def test_refused(fn, args, kwargs, exc, match):
    if exc is None:  # a case that must work
        before = deep(args)
        fn(*args, **kwargs)
        for a, c in zip(args, before, strict=True):
            if isinstance(a, np.ndarray):
                np.testing.assert_array_equal(a, c)
        return
    expect_refusal(fn, *deep(args), exc=exc, match=match, **deep(kwargs))


# --- what works ----------------------------------------------------------------------------------


def test_one_example():
    x, y = X[:, :1], Y[:, :1]
    z = (w.T @ x + b).item()
    grads, cost = expect_ok(propagate, w, b, x, y)
    assert cost == pytest.approx(np.logaddexp(0, -z), rel=1e-12)  # y = 1
    a = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(grads["dw"], x * (a - 1), rtol=1e-12)
    assert grads["db"] == pytest.approx(a - 1, rel=1e-12)
    assert expect_ok(predict, w, b, x).tolist() == [[float(a > 0.5)]]
    params, _, costs = expect_ok(optimize, w, b, x, y, num_iterations=10)
    assert costs == [cost]
    assert (params["w"].T @ x + params["b"]).item() > z  # it moved towards y = 1
    result = expect_ok(model, x, y, x, y, num_iterations=10)
    assert result["train_accuracy"] == result["test_accuracy"] == 1.0
    assert expect_ok(initialize_with_zeros, 1)[0].shape == (1, 1)


def test_bias_as_a_one_by_one_array_and_lists():
    grads, cost = expect_ok(propagate, w.tolist(), np.array([[b]]), X.tolist(), Y.tolist())
    ref_grads, ref_cost = propagate(w, b, X, Y)
    assert cost == ref_cost
    np.testing.assert_array_equal(grads["dw"], ref_grads["dw"])


def test_initialize_parameters_small_and_float32():
    params = expect_ok(initialize_parameters, (1, 1), rng=np.random.default_rng(0),
                       mutates=True)
    assert {k: v.shape for k, v in params.items()} == {"W1": (1, 1), "b1": (1, 1)}
    p32 = initialize_parameters([2, 1], dtype=np.float32, rng=0)
    assert all(v.dtype == np.float32 for v in p32.values())
    assert initialize_parameters(np.array([2, 1]), rng=0)["W1"].shape == (1, 2)


def test_l2_takes_lists_and_ints():
    """l2_grads crashed on list weights (a list times a float)."""
    as_lists = {k: v.tolist() for k, v in PARAMS.items()}
    grads = expect_ok(l2_grads, as_lists, 0.5, 4)
    np.testing.assert_allclose(grads["dW1"], 0.5 / 4 * PARAMS["W1"], rtol=1e-15)
    assert expect_ok(l2_cost, as_lists, 0.5, 4) == l2_cost(PARAMS, 0.5, 4)
    ints = {"W1": np.array([[10**9, 2]]), "b1": np.zeros((1, 1), int)}
    assert expect_ok(l2_cost, ints, 2.0, 1) == pytest.approx(1e18 + 4)  # no int64 wrap-around


def test_dropout_with_one_example_and_keep_prob_1():
    A_dropped, mask = expect_ok(dropout_forward, A[:, :1], 1.0, rng=np.random.default_rng(0),
                                mutates=True)
    np.testing.assert_array_equal(A_dropped, A[:, :1])
    assert mask.all()
    np.testing.assert_array_equal(expect_ok(dropout_backward, A[:, :1], mask, 1.0), A[:, :1])
