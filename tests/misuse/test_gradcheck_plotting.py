"""Misuse tables for dlguide.gradcheck and dlguide.plotting (on matplotlib's Agg
backend)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from misuse_helpers import (
    bad_arrays,
    bad_flag,
    bad_int,
    bad_positive,
    cases,
    deep,
    expect_ok,
    expect_refusal,
)

from dlguide.gradcheck import (
    gradient_check,
    numerical_gradient,
    relative_difference,
)
from dlguide.plotting import plot_costs, plot_decision_boundary


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def cube(p):
    return float(np.sum(p["w"] ** 3))


PARAMS = {"w": np.array([[1.0, -2.0]])}
GRADS = {"dw": 3 * PARAMS["w"] ** 2}
CASES = []

# --- gradcheck --------------------------------------------------------------------------------------

BAD_FN = [
    (None, TypeError, r"cost_fn must be a callable cost_fn\(params\) -> float; got NoneType",
     "None"),
    ("cube", TypeError, r"cost_fn must be a callable.*got str", "str"),
    (lambda p: "1.0", TypeError, r"cost_fn must return a real number; got str \(at "
     r"params\['w'\] entry 0 \+ epsilon\)", "returns-str"),
    (lambda p: float("nan"), ValueError, r"cost_fn must return a finite cost; got nan",
     "returns-nan"),
    (lambda p: np.ones(2), TypeError, r"cost_fn must return a real number; got ndarray",
     "returns-array"),
    (lambda p: True, TypeError, r"cost_fn must return a real number; got bool", "returns-bool"),
]
BAD_PARAMS = [
    ({}, TypeError, r"params must be a non-empty dict of arrays; got dict", "empty"),
    ([PARAMS["w"]], TypeError, r"params must be a non-empty dict of arrays; got list", "list"),
] + [({"w": v}, exc, match, ident) for v, exc, match, ident in
     bad_arrays("params['w']", PARAMS["w"], ndim=None)]
for fn, args in ((numerical_gradient, (cube, PARAMS)), (gradient_check, (cube, PARAMS, GRADS))):
    CASES += cases(fn, 0, BAD_FN, args=args, name="cost_fn")
    CASES += cases(fn, 1, BAD_PARAMS, args=args, name="params")
    CASES += cases(fn, "epsilon", [*bad_positive("epsilon")[:7],
        (1e-30, ValueError, r"epsilon must be large enough to change every entry of "
         r"params\['w'\] \(else the difference quotient is 0\); got epsilon=1e-30, which is "
         r"lost in the rounding of the entry 1", "too-small"),
    ], args=args)
CASES += cases(gradient_check, 2, [
    (None, TypeError, r"grads must be a dict of arrays like \{'dW1': \.\.\.\}; got NoneType",
     "None"),
    ({"w": GRADS["dw"]}, ValueError, r"grads must have the key 'dw' for parameter 'w'; got keys "
     r"\['w'\]", "key-without-d"),
    ({"dw": GRADS["dw"].T}, ValueError, r"grads\['dw'\] must have the shape of params\['w'\], "
     r"\(1, 2\); got \(2, 1\)", "transposed"),
    ({"dw": GRADS["dw"] * np.nan}, ValueError, r"grads\['dw'\] must be finite", "nan"),
    ({"dw": GRADS["dw"].astype(np.float16)}, TypeError, r"grads\['dw'\] must be float32 or "
     r"float64", "float16"),
    ({"dw": GRADS["dw"].astype(str)}, TypeError, r"grads\['dw'\] must hold numbers", "strings"),
], args=(cube, PARAMS, GRADS), name="grads")
CASES += [
    pytest.param(numerical_gradient, (cube, {"w": np.array([1e308, 1.0])}), {"epsilon": 1e308},
                 ValueError, r"epsilon must be small enough that params\['w'\] \+- epsilon is "
                 r"finite; got epsilon=1e\+308 and an entry 1e\+308",
                 id="numerical_gradient-epsilon-too-large"),
    pytest.param(gradient_check, (cube, {"w": np.array([1e308, 1.0])}, {"dw": np.ones(2)}),
                 {"epsilon": 1e308}, ValueError, r"epsilon must be small enough",
                 id="gradient_check-epsilon-too-large"),
    pytest.param(numerical_gradient,
                 (lambda p: 1e308 if p["w"].flat[0] > 1 else -1e308, PARAMS), {}, ValueError,
                 r"cost_fn must change by a finite amount over 2 \* epsilon; at params\['w'\] "
                 r"entry 0 its difference quotient overflows", id="numerical_gradient-overflow"),
]
RD = (GRADS, {"dw": GRADS["dw"] + 1e-9})
CASES += cases(relative_difference, 0, [
    (None, TypeError, r"grads must be a non-empty dict of arrays; got NoneType", "None"),
    ({}, TypeError, r"grads must be a non-empty dict of arrays; got dict", "empty"),
    ({"dv": GRADS["dw"]}, ValueError, r"grads is missing the key\(s\) \['dw'\]; got keys "
     r"\['dv'\]", "missing-key"),
    ({1: GRADS["dw"]}, ValueError, r"grads is missing the key\(s\) \['dw'\]; got keys \['1'\]",
     "int-key"),
    ({"dw": GRADS["dw"].T}, ValueError, r"grads\['dw'\] and approx\['dw'\] must have the same "
     r"shape; got \(2, 1\) and \(1, 2\)", "transposed"),
], args=RD, name="grads")
CASES += cases(relative_difference, 0, [
    ({"dw": v}, exc, match, ident) for v, exc, match, ident in
    bad_arrays("grads['dw']", GRADS["dw"], ndim=None, empty=False)], args=RD, name="grads")
CASES += cases(relative_difference, 1, [
    ([1.0], TypeError, r"approx must be a non-empty dict of arrays; got list", "list"),
    ({"dw": [[np.nan, 1.0]]}, ValueError, r"approx\['dw'\] must be finite", "nan"),
    ({"dw": np.ones((2, 1))}, ValueError, r"grads\['dw'\] and approx\['dw'\] must have the same "
     r"shape; got \(1, 2\) and \(2, 1\)", "column-vs-row"),
], args=RD, name="approx")

# --- plotting ------------------------------------------------------------------------------------------

XP = np.array([[0.0, 1.0, 2.0, 3.0], [0.0, 1.0, 0.0, 1.0]])
YP = np.array([[0.0, 1.0, 0.0, 1.0]])


def above(G):
    return (G[1] > 0.5).astype(float)


PKW = {"resolution": 5}
PDB = (above, XP, YP)
CASES += cases(plot_decision_boundary, 0, [
    (None, TypeError, r"predict_fn must be callable; got NoneType", "None"),
    (XP, TypeError, r"predict_fn must be callable; got ndarray", "array"),
    (lambda G: ["a"] * G.shape[1], TypeError, r"predict_fn must return numbers \(class labels\); "
     r"got list \['a'", "returns-strings"),
    (lambda G: None, TypeError, r"predict_fn must return numbers \(class labels\); got NoneType",
     "returns-None"),
    (lambda G: np.full(G.shape[1], None), TypeError, r"predict_fn must return numbers", "object"),
    (lambda G: G[:1] + 1j, TypeError, r"predict_fn must return numbers", "complex"),
    (lambda G: [[0, 1], [1]], TypeError, r"predict_fn must return numbers", "ragged"),
    (lambda G: G, ValueError, r"predict_fn must return one prediction per column of its input: "
     r"\(1, k\) or \(k,\) for k = 25; got an array of shape \(2, 25\)", "two-rows"),
    (lambda G: np.where(G[1] > 0.5, np.nan, 0.0), ValueError,
     r"predict_fn must return finite predictions; got \d+ NaN or infinite", "nan"),
    (lambda G: np.where(G[1] > 0.5, np.inf, 0.0), ValueError,
     r"predict_fn must return finite predictions", "inf"),
    (lambda G: np.where(G[1] > 0.5, 1e12, 0.0), ValueError,
     r"predict_fn's predictions must hold class labels below 1000 \(one colour each\); got 1e\+12",
     "huge-labels"),
], args=PDB, kwargs=PKW, name="predict_fn")
CASES += cases(plot_decision_boundary, 1, bad_arrays("X", XP), args=PDB, kwargs=PKW, name="X")
CASES += cases(plot_decision_boundary, 2, bad_arrays("Y", YP, short=True), args=PDB,
               kwargs=PKW, name="Y")
CASES += cases(plot_decision_boundary, "resolution", [*bad_int("resolution")[:6],
    (1, ValueError, r"resolution must be at least 2 grid points per axis; got 1", "one")],
    args=PDB)
CASES += cases(plot_decision_boundary, "margin",
               [*bad_positive("margin", allow_zero=True)[:6],
                   (1e308, ValueError, r"X and margin must be small enough that the plotted "
                    r"range, from min - margin to max \+ margin, is finite; it overflows",
                    "overflow")], args=PDB, kwargs=PKW)
CASES += [
    pytest.param(plot_decision_boundary, PDB, {**PKW, "ax": "axes"}, TypeError,
                 r"ax must be a matplotlib Axes or None; got str", id="pdb-ax-str"),
    pytest.param(plot_decision_boundary, PDB, {**PKW, "title": 5}, TypeError,
                 r"title must be a string or None; got int", id="pdb-title-int"),
    pytest.param(plot_decision_boundary, (above, XP[:, :0], YP[:, :0]), PKW, ValueError,
                 r"X must not be empty", id="pdb-m0"),
    pytest.param(plot_decision_boundary, (above, XP.T, YP), PKW, ValueError,
                 r"X must have 2 row\(s\), shape \(2, m\); got shape \(4, 2\)",
                 id="pdb-X-transposed"),
    pytest.param(plot_decision_boundary, (above, np.vstack([XP, XP]), YP), PKW, ValueError,
                 r"X must have 2 row\(s\)", id="pdb-X-four-features"),
    pytest.param(plot_decision_boundary, (above, XP, YP[:, :3]), PKW, ValueError,
                 r"X and Y must have the same number of columns", id="pdb-other-m"),
    pytest.param(plot_decision_boundary, (above, XP, YP - 1), PKW, ValueError,
                 r"Y must hold class labels 0, 1, 2, \.\.\. \(non-negative integers\); got "
                 r"values such as -1", id="pdb-Y-negative"),
    pytest.param(plot_decision_boundary, (above, XP, YP / 2), PKW, ValueError,
                 r"Y must hold class labels .*; got values such as 0.5", id="pdb-Y-halves"),
    pytest.param(plot_decision_boundary, (above, XP, YP * 1e6), PKW, ValueError,
                 r"Y must hold class labels below 1000 \(one colour each\); got 1e\+06",
                 id="pdb-Y-huge-labels"),
    pytest.param(plot_decision_boundary, (above, np.array([[-1e308, 1e308], [0.0, 1.0]]),
                                          YP[:, :2]), PKW, ValueError,
                 r"X and margin must be small enough that the plotted range", id="pdb-X-huge"),
]
COSTS = [0.7, 0.5, 0.4]
CASES += cases(plot_costs, 0, [
    (None, TypeError, r"costs must be a numpy array; got NoneType", "None"),
    ("0.7", TypeError, r"costs must be a numpy array; got str", "str"),
    ({0.7, 0.5}, TypeError, r"costs must be a numpy array; got set", "set"),
    ([[0.7, 0.5]], ValueError, r"costs must be a 1-D array of shape \(T,\); got shape \(1, 2\)",
     "2-D"),
    ([], ValueError, r"costs must not be empty", "empty"),
    (["a", "b"], TypeError, r"costs must hold numbers", "strings"),
    ([1j, 2j], TypeError, r"costs must be real", "complex"),
    (np.array(COSTS, np.float16), TypeError, r"costs must be float32 or float64", "float16"),
], args=(COSTS,), name="costs")
CASES += cases(plot_costs, "every", [*bad_int("every")[:6],
    (2**62, ValueError, r"every must be small enough that the last iteration, 9.22e\+18, fits "
     r"in int64; got 4.61e\+18", "int64-overflow"),
    (10**19, ValueError, r"every must be small enough that the last iteration", "above-int64")],
    args=(COSTS,))
CASES += cases(plot_costs, "log", bad_flag("log"), args=(COSTS,))
CASES.append(pytest.param(plot_costs, (COSTS,), {"ax": np.zeros(2)}, TypeError,
                          r"ax must be a matplotlib Axes or None; got ndarray",
                          id="plot_costs-ax-array"))


@pytest.mark.parametrize(("fn", "args", "kwargs", "exc", "match"), CASES)
def test_refused(fn, args, kwargs, exc, match):
    expect_refusal(fn, *deep(args), exc=exc, match=match, **deep(kwargs))
    if fn in (plot_decision_boundary, plot_costs):
        assert plt.get_fignums() == []  # not even an empty figure was made


# --- what works ------------------------------------------------------------------------------------


def test_gradcheck_with_one_entry_and_lists():
    g = expect_ok(numerical_gradient, cube, {"w": [[2.0]]})
    assert g["dw"][0, 0] == pytest.approx(12.0, rel=1e-6)
    assert expect_ok(gradient_check, cube, {"w": 2.0}, {"dw": 12.0}) < 1e-7
    assert expect_ok(relative_difference, {"d": [1.0, 2.0]}, {"d": np.array([1.0, 2.0])}) == 0.0


def test_relative_difference_of_huge_gradients():
    """The norms overflowed (a warning, then nan); the ratio is scale-free."""
    assert expect_ok(relative_difference, {"d": np.array([1e308])},
                     {"d": np.array([-1e308])}) == 1.0
    assert expect_ok(relative_difference, {"d": np.array([1e300, 0.0])},
                     {"d": np.array([1e300, 0.0])}) == 0.0


def test_plots_with_one_example_and_lists():
    ax = expect_ok(plot_decision_boundary, above, XP[:, :1].tolist(), [[1]], resolution=2)
    assert len(ax.collections) >= 2
    ax = expect_ok(plot_costs, [0.5], every=10, log=True)
    assert ax.lines[0].get_xdata().tolist() == [0]
