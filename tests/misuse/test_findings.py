"""One test per finding of the adversarial review, each asserting the fixed
behaviour (the findings, in order, are listed in the docstring of each test)."""

from __future__ import annotations

import time
import warnings
from decimal import Decimal, localcontext

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from misuse_helpers import deep, expect_ok, expect_refusal

from dlguide import DivergenceError, logistic
from dlguide.activations import leaky_relu, sigmoid, sigmoid_backward
from dlguide.data import make_blobs
from dlguide.gradcheck import relative_difference
from dlguide.initializers import initialize_parameters
from dlguide.layers import linear_backward
from dlguide.network import (
    L_layer_model,
    compute_cost,
    model_backward,
    model_forward,
    predict,
    update_parameters,
)
from dlguide.optimizers import Adam, GradientDescent
from dlguide.plotting import plot_decision_boundary
from dlguide.regularization import dropout_backward, dropout_forward
from dlguide.train import fit

X, Y = make_blobs(40, n_x=3, rng=0)
PARAMS = initialize_parameters([3, 4, 1], rng=1)
TINY = 5e-324  # the spacing of the subnormal floats
NORMAL = 2.2250738585072014e-308  # the smallest normal float64


def quiet(fn, *args, **kwargs):
    """``fn(...)`` with every warning recorded; returns (result or exception, warnings)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out = fn(*args, **kwargs)
        except Exception as exc:  # returned, to be asserted on
            out = exc
    return out, [str(w.message) for w in caught]


def exact_sigmoid(z):
    """1 / (1 + e^-z) to 50 significant digits, rounded once to float64."""
    with localcontext() as ctx:
        ctx.prec = 50
        return float(Decimal(1) / (1 + (-Decimal(float(z))).exp()))


def test_sigmoid_is_accurate_for_negative_z_and_costs_agree():
    """Finding 1: sigmoid lost precision for negative z (1.7e-4 relative error at
    -30, 35% at -37, exactly 0 from -38). Now within a few ulps over the whole
    float64 range, without warnings, and every cost that goes through it agrees."""
    rng = np.random.default_rng(0)
    z = np.concatenate([
        np.linspace(-760.0, 40.0, 4001), [-30.0, -37.0, -38.0, -40.0, -708.4, -745.1, -744.4],
        rng.uniform(-750, 50, 2000), -np.logspace(-300, 2.85, 500), np.logspace(-300, 1.5, 200),
    ])
    A = expect_ok(sigmoid, z)
    exact = np.array([exact_sigmoid(v) for v in z])
    normal = exact >= NORMAL
    rel = np.abs(A[normal] - exact[normal]) / exact[normal]
    assert rel.max() <= 4 * np.finfo(np.float64).eps, z[normal][rel.argmax()]
    assert np.abs(A[~normal] - exact[~normal]).max() <= TINY  # subnormal or 0
    assert A[z == -38.0][0] == pytest.approx(3.139132792815476e-17, rel=1e-15)  # was 0
    extremes = np.array([-1e308, -1e10, -746.0, 1e10, 1e308, np.finfo(np.float64).max])
    np.testing.assert_array_equal(expect_ok(sigmoid, extremes), [0, 0, 0, 1, 1, 1])

    assert expect_ok(compute_cost, sigmoid([[-40.0]]), [[1.0]]) == pytest.approx(40.0,
                                                                                  rel=1e-15)
    _, cost = expect_ok(logistic.propagate, [[1.0]], 0.0, [[-40.0]], [[1.0]])
    assert cost == pytest.approx(40.0, rel=1e-15)

    # fit and L_layer_model report the same cost for the same model: one step of
    # full-batch gradient descent from the same parameters
    _, costs = L_layer_model(X, Y, None, init=PARAMS, learning_rate=0.1, num_iterations=1)
    _, history = fit(X, Y, None, init=PARAMS, optimizer=GradientDescent(0.1), num_epochs=1,
                     mini_batch_size=X.shape[1], rng=0, progress=False)
    assert history["cost"][0] == pytest.approx(costs[0], rel=1e-13)
    AL, _ = model_forward(X, PARAMS)
    assert compute_cost(AL, Y) == pytest.approx(costs[0], rel=1e-12)


@pytest.mark.parametrize(("labels", "what"), [
    (2 * Y, r"Y must hold labels 0 or 1; got 2"),
    (Y - 0.5, r"Y must hold labels 0 or 1; got -0.5"),
    (Y * 0.5, r"Y must hold labels 0 or 1; got 0.5"),
], ids=["0-2", "centred", "halves"])
def test_labels_outside_0_1_and_probabilities_outside_0_1_are_refused(labels, what):
    """Finding 2: labels outside {0, 1} and probabilities outside [0, 1] refused by
    compute_cost, model_backward, L_layer_model, fit, propagate, logistic.model."""
    AL, caches = model_forward(X, PARAMS)
    w = np.zeros((3, 1))
    for fn, args, kw in [
        (compute_cost, (AL, labels), {}),
        (model_backward, (AL, labels, caches), {}),
        (L_layer_model, (X, labels, [3, 4, 1]), {"num_iterations": 2,
                                                 "rng": np.random.default_rng(0)}),
        (fit, (X, labels, [3, 4, 1]), {"optimizer": Adam(0.01), "num_epochs": 1,
                                       "rng": np.random.default_rng(0), "progress": False}),
        (logistic.propagate, (w, 0.0, X, labels), {}),
        (logistic.model, (X, labels), {"num_iterations": 2}),
    ]:
        name = "Y_train" if fn is logistic.model else "Y"
        expect_refusal(fn, *args, exc=ValueError, match=what.replace("Y", name, 1), **kw)
    for bad in (AL + 1.0, -AL, np.where(AL > 0.5, 1.0 + 1e-9, AL)):
        for fn, args in ((compute_cost, (bad, Y)), (model_backward, (bad, Y, caches))):
            expect_refusal(fn, *args, exc=ValueError,
                           match=r"AL must hold probabilities in \[0, 1\]; got ")


def test_nan_or_object_gradients_are_refused_and_change_nothing():
    """Finding 3: NaN or object-dtype gradients refused by update_parameters and
    Optimizer.update; Adam.update with one bad gradient changes nothing."""
    grads = {"d" + k: np.ones_like(v) for k, v in PARAMS.items()}
    for bad, exc, match in [
        (np.full((1, 1), np.nan), ValueError, r"grads\['db2'\] must be finite; got 1 NaN"),
        (np.ones((1, 1), dtype=object), TypeError,
         r"grads\['db2'\] must hold numbers; got an array of dtype object"),
    ]:
        bad_grads = {**grads, "db2": bad}
        expect_refusal(update_parameters, PARAMS, bad_grads, 0.1, exc=exc, match=match)
        opt, params = Adam(0.01), deep(PARAMS)
        expect_refusal(opt.update, params, bad_grads, exc=exc, match=match)
        np.testing.assert_array_equal(params["W1"], PARAMS["W1"])  # W1 comes first: untouched
        assert opt.t == 0
        assert opt.v == opt.s == {}


def test_fit_refuses_bad_schedules_and_reused_optimizers_before_training():
    """Finding 4: fit with a schedule returning a negative, zero or NaN rate refused
    before training; an optimizer reused from a fit on another architecture refused."""
    epochs = []
    for rate in (-0.1, 0.0, float("nan")):
        opt = Adam(0.01)
        expect_refusal(fit, X, Y, [3, 4, 1], optimizer=opt,
                       schedule=lambda lr0, epoch, r=rate: lr0 if epoch < 3 else r,
                       num_epochs=5, rng=np.random.default_rng(0), progress=False,
                       callback=lambda epoch, *_: epochs.append(epoch), exc=ValueError,
                       match=rf"schedule must return a finite learning rate > 0 for every "
                             rf"epoch; it returned {rate} for epoch 3")
        assert epochs == []  # not one epoch ran
        assert opt.t == 0
    opt = Adam(0.01)
    fit(X, Y, [3, 2, 1], optimizer=opt, num_epochs=1, rng=0, progress=False)
    expect_refusal(fit, X, Y, [3, 4, 1], optimizer=opt, num_epochs=1,
                   rng=np.random.default_rng(0), progress=False, exc=ValueError,
                   match=r"optimizer holds state from an earlier run on other parameters "
                         r"\(FlatLayout\(W1 \(2, 3\).*call optimizer.reset\(\)")


def test_divergence_raises_DivergenceError_naming_the_step_and_the_last_sound_cost():
    """Finding 5: L_layer_model(10*X, Y, [3, 8, 1], learning_rate=100) and fit with a
    huge learning rate raise dlguide.DivergenceError naming the iteration (epoch)
    and the last sound cost, with no NumPy warning."""
    err, caught = quiet(L_layer_model, 10 * X, Y, [3, 8, 1], learning_rate=100, rng=0)
    assert caught == []
    assert isinstance(err, DivergenceError)
    assert isinstance(err, FloatingPointError)
    msg = str(err)
    assert msg.startswith("L_layer_model diverged: ")
    assert "at iteration " in msg
    assert "the last sound cost was " in msg
    assert "The learning rate (100) is probably too large" in msg

    err, caught = quiet(fit, X, Y, [3, 8, 1], optimizer=GradientDescent(1e6), num_epochs=50,
                        rng=0, progress=False)
    assert caught == []
    assert isinstance(err, DivergenceError)
    assert "fit diverged: " in str(err)
    assert "at epoch " in str(err)
    assert "the last sound cost was " in str(err)

    # the last update counts too: one iteration that blows the weights up
    err, caught = quiet(L_layer_model, 10 * X, Y, [3, 8, 1], learning_rate=1e308, num_iterations=1,
                        rng=0)
    assert caught == []
    assert isinstance(err, DivergenceError), err
    assert "the update at iteration 0 made" in str(err)


def test_thresholds_shapes_containers_masks_and_dtypes_are_refused():
    """Finding 6: predict with threshold NaN, -1, 2, "0.5" refused;
    relative_difference of shapes (2, 1) vs (1, 2) refused; initialize_parameters
    from a set or a dict refused; dropout_backward with a mask that is not 0/1
    refused; logistic.model(X, Y, X_test, None) refused; float16 refused naming
    the argument the user passed; L_layer_model with float32 X and float64 Y
    returns float32 parameters."""
    for t in (float("nan"), -1, 2, 1, 0):
        expect_refusal(predict, X, PARAMS, threshold=t, exc=ValueError,
                       match=rf"threshold must be in \(0, 1\); got {t}")
    expect_refusal(predict, X, PARAMS, threshold="0.5", exc=TypeError,
                   match=r"threshold must be a real number; got str")
    expect_refusal(relative_difference, {"d": np.ones((2, 1))}, {"d": np.ones((1, 2))},
                   exc=ValueError, match=r"grads\['d'\] and approx\['d'\] must have the same "
                                         r"shape; got \(2, 1\) and \(1, 2\)")
    for dims, kind in (({3, 4, 1}, "set"), ({3: 4, 4: 1}, "dict")):
        expect_refusal(initialize_parameters, dims, rng=np.random.default_rng(0),
                       exc=TypeError, match=rf"layer_dims must be a list of layer sizes like "
                                            rf"\[n_x, n1, \.\.\., 1\]; got {kind}")
    for mask in (np.full((2, 3), 0.5), np.full((2, 3), 2.0), -np.ones((2, 3))):
        expect_refusal(dropout_backward, np.ones((2, 3)), mask, 0.5, exc=ValueError,
                       match=r"D must be the 0/1 \(or bool\) mask that dropout_forward "
                             r"returned; got 6 value\(s\) other than 0 and 1")
    expect_refusal(logistic.model, X, Y, X, None, exc=ValueError,
                   match=r"X_test and Y_test must be given together \(or both left out\); "
                         r"got X_test=an array and Y_test=None")
    h = X.astype(np.float16)
    for fn, args, kw, name in [
        (L_layer_model, (h, Y, [3, 1]), {}, "X"),
        (logistic.model, (h, Y), {}, "X_train"),
        (fit, (X, Y, None), {"init": {k: v.astype(np.float16) for k, v in PARAMS.items()},
                             "optimizer": Adam(0.1), "num_epochs": 1}, r"init\['W1'\]"),
        (update_parameters, (PARAMS, {"d" + k: v.astype(np.float16) for k, v in
                                      PARAMS.items()}, 0.1), {}, r"grads\['dW1'\]"),
        (dropout_forward, (h, 0.5), {}, "A"),
    ]:
        expect_refusal(fn, *args, **kw, exc=TypeError,
                       match=rf"^{name} must be float32 or float64 \(ints and bools are "
                             rf"converted to float64\); got dtype float16")
    params, costs = L_layer_model(X.astype(np.float32), Y.astype(np.float64), [3, 4, 1],
                                  num_iterations=3, rng=0)
    assert {v.dtype for v in params.values()} == {np.dtype(np.float32)}
    assert all(isinstance(c, float) for c in costs)


def test_empty_data_is_refused_without_ZeroDivisionError_or_warning():
    """Finding 7: empty data (m = 0) refused by linear_backward, L_layer_model, fit,
    compute_cost, propagate (ValueError, no ZeroDivisionError, no warning)."""
    W, b = PARAMS["W1"], PARAMS["b1"]
    X0, Y0 = X[:, :0], Y[:, :0]
    empty = r" must not be empty: it needs at least one row and one column \(example\); got " \
            r"shape \((3|1), 0\)"
    for fn, args, kw, name in [
        (linear_backward, (np.zeros((4, 0)), (X0, W, b)), {}, "cache: A_prev"),
        (L_layer_model, (X0, Y0, [3, 4, 1]), {"rng": np.random.default_rng(0)}, "X"),
        (fit, (X0, Y0, [3, 4, 1]), {"optimizer": Adam(0.1), "num_epochs": 1,
                                    "rng": np.random.default_rng(0)}, "X"),
        (compute_cost, (np.zeros((1, 0)), Y0), {}, "AL"),
        (logistic.propagate, (np.zeros((3, 1)), 0.0, X0, Y0), {}, "X"),
    ]:
        expect_refusal(fn, *args, **kw, exc=ValueError, match=f"^{name}{empty}")


def test_fit_with_the_optimizer_class_says_to_call_it():
    """Finding 8: fit(..., optimizer=Adam) (the class) refused with a TypeError
    saying to call it."""
    expect_refusal(fit, X, Y, [3, 4, 1], optimizer=Adam, num_epochs=1,
                   rng=np.random.default_rng(0), exc=TypeError,
                   match=r"optimizer must be an optimizer instance such as Adam\(0.001\); got "
                         r"the class Adam itself \(call it with a learning rate\)")


def test_scalars_lists_and_edge_arguments():
    """Finding 9: leaky_relu(3.0) works; model_backward with an m that disagrees with
    the caches refused clearly; dropout on float16 refused; update_parameters with
    list gradients works; predict(threshold="0.5") TypeError;
    plot_decision_boundary with m = 0 or resolution = 1 refused."""
    assert expect_ok(leaky_relu, 3.0) == 3.0
    assert expect_ok(leaky_relu, -3.0) == pytest.approx(-0.03)
    AL, caches = model_forward(X, PARAMS)
    expect_refusal(model_backward, AL[:, :5], Y[:, :5], caches, exc=ValueError,
                   match=r"caches\[0\] holds m = 40 examples \(A_prev.shape=\(3, 40\)\), but AL "
                         r"and Y have m = 5: AL, Y and caches must come from one forward pass")
    for fn, args, name in (
            (dropout_forward, (np.ones((2, 2), np.float16), 0.5), "A"),
            (dropout_backward, (np.ones((2, 2), np.float16), np.ones((2, 2)), 0.5), "dA")):
        expect_refusal(fn, *args, exc=TypeError,
                       match=rf"^{name} must be float32 or float64 .*got dtype float16")
    grads = model_backward(AL, Y, caches)
    new = expect_ok(update_parameters, PARAMS, {k: v.tolist() for k, v in grads.items()}, 0.1)
    for k in PARAMS:
        np.testing.assert_allclose(new[k], PARAMS[k] - 0.1 * grads["d" + k], rtol=1e-15)
    expect_refusal(predict, X, PARAMS, threshold="0.5", exc=TypeError,
                   match=r"threshold must be a real number; got str '0.5'")
    XP, YP = np.array([[0.0, 1.0], [0.0, 1.0]]), np.array([[0.0, 1.0]])
    figures_before = plt.get_fignums()  # other tests may leave figures open
    expect_refusal(plot_decision_boundary, lambda G: G[:1] > 0.5, XP[:, :0], YP[:, :0],
                   exc=ValueError, match=r"X must not be empty")
    expect_refusal(plot_decision_boundary, lambda G: G[:1] > 0.5, XP, YP, resolution=1,
                   exc=ValueError,
                   match=r"resolution must be at least 2 grid points per axis; got 1")
    assert plt.get_fignums() == figures_before  # refused before drawing anything


def test_messages_are_clear_and_checks_come_first(monkeypatch):
    """Finding 10: L_layer_model(X, Y, np.array([3, 4, 1])) works when X has 3 rows;
    sigmoid_backward(1.0, 2.0) works; a learning rate of 10**400 gets "must be
    finite"; logistic.model checks X_test before training."""
    params, costs = expect_ok(L_layer_model, X, Y, np.array([3, 4, 1]), num_iterations=2,
                              rng=0)
    assert params["W1"].shape == (4, 3)
    assert len(costs) == 1
    s = 1 / (1 + np.exp(-2.0))
    assert expect_ok(sigmoid_backward, 1.0, 2.0) == pytest.approx(s * (1 - s), rel=1e-15)
    huge = r"learning_rate must be finite and > 0; got 1000000000000"
    grads = {"d" + k: np.ones_like(v) for k, v in PARAMS.items()}
    expect_refusal(update_parameters, PARAMS, grads, 10**400, exc=ValueError, match=huge)
    expect_refusal(L_layer_model, X, Y, [3, 1], learning_rate=10**400, exc=ValueError,
                   match=huge)
    expect_refusal(GradientDescent, 10**400, exc=ValueError, match=huge)
    expect_refusal(logistic.optimize, np.zeros((3, 1)), 0.0, X, Y, learning_rate=10**400,
                   exc=ValueError, match=huge)

    trained = []
    monkeypatch.setattr(logistic, "optimize", lambda *a, **k: trained.append(a))
    start = time.perf_counter()
    for X_test, Y_test, match in [
        (X[:2], Y, r"X_test must have 3 rows \(features\), as X_train; got shape \(2, 40\)"),
        (X * np.nan, Y, r"X_test must be finite"),
        (X, 2 * Y, r"Y_test must hold labels 0 or 1"),
        (X, Y[:, :3], r"X_test and Y_test must have the same number of columns"),
    ]:
        expect_refusal(logistic.model, X, Y, X_test, Y_test, num_iterations=10**9,
                       exc=ValueError, match=match)
    assert trained == []  # no training started
    assert time.perf_counter() - start < 1.0
