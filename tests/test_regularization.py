"""Tests of dlguide.regularization (L2 and inverted dropout) and of how the network uses them.

Statistical tolerances: a dropout test over N independent draws compares a mean with
its expectation within 6 standard errors, so a correct implementation fails with
probability below 1e-8 per value (and the seeds are fixed anyway); a wrong scaling
(forgetting 1/keep_prob, or keeping with probability 1 - keep_prob) is off by tens
of standard errors.
"""

from __future__ import annotations

import numpy as np
import pytest

from dlguide.gradcheck import gradient_check
from dlguide.initializers import initialize_parameters
from dlguide.network import compute_cost, model_backward, model_forward, predict
from dlguide.optimizers import GradientDescent
from dlguide.regularization import dropout_backward, dropout_forward, l2_cost, l2_grads

TOL = 1e-7  # gradient check threshold, float64
EPS = 1e-6  # finite-difference step (see tests/test_network.py)


def problem(seed, dims=(3, 4, 3, 1), m=6):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    params = initialize_parameters(list(dims), "xavier", rng=rng)
    for l in range(1, len(dims)):
        params[f"b{l}"] = rng.normal(0.0, 0.5, size=(dims[l], 1))
    return X, Y, params


# --- L2 ------------------------------------------------------------------------------


def test_l2_cost_by_hand():
    params = {
        "W1": np.array([[1.0, 2.0], [3.0, 4.0]]),  # sum of squares 30
        "b1": np.full((2, 1), 100.0),  # biases are not penalized
        "W2": np.array([[1.0, -1.0]]),  # 2
        "b2": np.array([[-7.0]]),
    }
    # lambda / (2 m) * 32 = 0.7 / 16 * 32
    assert l2_cost(params, lambd=0.7, m=8) == pytest.approx(1.4, rel=1e-15)
    assert l2_cost(params, lambd=0.0, m=8) == 0.0


def test_l2_grads_by_hand():
    W1 = np.array([[1.0, 2.0], [3.0, 4.0]])
    W2 = np.array([[1.0, -1.0]])
    params = {"W1": W1, "b1": np.ones((2, 1)), "W2": W2, "b2": np.ones((1, 1))}
    grads = l2_grads(params, lambd=0.5, m=4)
    assert set(grads) == {"dW1", "dW2"}  # nothing for the biases
    np.testing.assert_allclose(grads["dW1"], [[0.125, 0.25], [0.375, 0.5]], rtol=1e-15)
    np.testing.assert_allclose(grads["dW2"], [[0.125, -0.125]], rtol=1e-15)


def test_l2_grads_are_the_gradient_of_l2_cost():
    _, _, params = problem(0)
    grads = l2_grads(params, lambd=0.9, m=5)
    grads.update({f"db{l}": np.zeros_like(params[f"b{l}"]) for l in (1, 2, 3)})
    assert gradient_check(lambda p: l2_cost(p, 0.9, 5), params, grads, epsilon=EPS) < TOL


def test_compute_cost_adds_the_l2_term():
    X, Y, params = problem(1)
    AL, _ = model_forward(X, params)
    plain = compute_cost(AL, Y)
    assert compute_cost(AL, Y, params, lambd=0.3) == pytest.approx(
        plain + l2_cost(params, 0.3, Y.shape[1]), rel=1e-14)
    assert compute_cost(AL, Y, params, lambd=0.3) > plain


@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
@pytest.mark.parametrize("lambd", [0.1, 0.7, 5.0])
@pytest.mark.parametrize("seed", range(2))
def test_l2_backward_gradient_check(activation, lambd, seed):
    X, Y, params = problem(seed)

    def cost(p):
        AL, _ = model_forward(X, p, hidden_activation=activation)
        return compute_cost(AL, Y, p, lambd)

    AL, caches = model_forward(X, params, hidden_activation=activation)
    grads = model_backward(AL, Y, caches, hidden_activation=activation, lambd=lambd)
    assert gradient_check(cost, params, grads, epsilon=EPS) < TOL


def test_l2_backward_adds_lambda_over_m_times_W():
    X, Y, params = problem(2)
    AL, caches = model_forward(X, params)
    plain = model_backward(AL, Y, caches)
    reg = model_backward(AL, Y, caches, lambd=0.6)
    m = X.shape[1]
    for l in (1, 2, 3):
        np.testing.assert_allclose(reg[f"dW{l}"], plain[f"dW{l}"] + 0.6 / m * params[f"W{l}"],
                                   rtol=1e-13, atol=1e-15)
        np.testing.assert_array_equal(reg[f"db{l}"], plain[f"db{l}"])


def test_weight_decay_identity():
    """One gradient step with L2 is W <- (1 - lr lambda / m) W - lr dW_data."""
    X, Y, params = problem(3)
    lr, lambd, m = 0.3, 0.8, X.shape[1]
    AL, caches = model_forward(X, params)
    data_grads = model_backward(AL, Y, caches)
    reg_grads = model_backward(AL, Y, caches, lambd=lambd)
    stepped = GradientDescent(lr).update({k: v.copy() for k, v in params.items()}, reg_grads)
    for l in (1, 2, 3):
        W = params[f"W{l}"]
        expected = (1 - lr * lambd / m) * W - lr * data_grads[f"dW{l}"]
        np.testing.assert_allclose(stepped[f"W{l}"], expected, rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(stepped[f"b{l}"], params[f"b{l}"] - lr * data_grads[f"db{l}"],
                                   rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize(("lambd", "m", "exc", "match"), [
    (-0.1, 5, ValueError, "lambd must be finite and >= 0"),
    (float("inf"), 5, ValueError, "lambd"),
    ("0.1", 5, TypeError, "lambd must be a real number"),
    (0.1, 0, ValueError, "m must be finite and > 0"),
    (0.1, 2.5, TypeError, "m must be an int"),
])
def test_l2_bad_arguments(lambd, m, exc, match):
    _, _, params = problem(0)
    with pytest.raises(exc, match=match):
        l2_cost(params, lambd, m)
    with pytest.raises(exc, match=match):
        l2_grads(params, lambd, m)


def test_l2_bad_params():
    with pytest.raises(ValueError, match="keys W1, b1"):
        l2_cost({"W1": np.ones((1, 1))}, 0.1, 5)
    with pytest.raises(ValueError, match="lambd > 0"):
        compute_cost(np.full((1, 2), 0.5), np.ones((1, 2)), lambd=0.1)


# --- dropout forward --------------------------------------------------------------------


@pytest.mark.parametrize("keep_prob", [0.5, 0.8])
def test_dropout_keeps_the_expected_activation(keep_prob):
    rng = np.random.default_rng(0)
    A = rng.standard_normal((4, 5))
    n = 20_000
    tiled = np.tile(A, (1, n))  # n copies of A side by side, one mask each
    A_dropped, _ = dropout_forward(tiled, keep_prob, rng=1)
    mean = A_dropped.reshape(4, n, 5).mean(axis=1)
    # standard error of each mean: |A| sqrt((1 - p) / p) / sqrt(n)
    se = np.abs(A) * np.sqrt((1 - keep_prob) / keep_prob) / np.sqrt(n)
    assert np.all(np.abs(mean - A) < 6 * se)


@pytest.mark.parametrize("keep_prob", [0.1, 0.5, 0.8, 0.95])
def test_dropout_keeps_the_right_fraction(keep_prob):
    N = 200_000
    _, D = dropout_forward(np.ones((4, N // 4)), keep_prob, rng=2)
    assert D.dtype == np.bool_
    se = np.sqrt(keep_prob * (1 - keep_prob) / N)
    assert abs(D.mean() - keep_prob) < 6 * se


def test_dropout_forward_values_use_the_mask_and_1_over_keep_prob():
    A = np.random.default_rng(3).standard_normal((5, 7))
    A_dropped, D = dropout_forward(A, 0.6, rng=4)
    assert A_dropped.shape == D.shape == A.shape
    np.testing.assert_allclose(A_dropped, np.where(D, A / 0.6, 0.0), rtol=1e-15)
    assert 0 < D.sum() < D.size
    np.testing.assert_array_equal(A, np.random.default_rng(3).standard_normal((5, 7)))


def test_dropout_keep_prob_1_is_the_identity():
    A = np.random.default_rng(5).standard_normal((3, 4))
    A_dropped, D = dropout_forward(A, 1.0, rng=0)
    assert D.all()
    np.testing.assert_array_equal(A_dropped, A)


def test_dropout_same_rng_same_mask():
    A = np.ones((6, 10))
    _, D1 = dropout_forward(A, 0.5, rng=7)
    _, D2 = dropout_forward(A, 0.5, rng=np.random.default_rng(7))
    _, D3 = dropout_forward(A, 0.5, rng=8)
    np.testing.assert_array_equal(D1, D2)
    assert not np.array_equal(D1, D3)
    gen = np.random.default_rng(9)
    _, D4 = dropout_forward(A, 0.5, rng=gen)
    _, D5 = dropout_forward(A, 0.5, rng=gen)  # the generator moved on: a fresh mask
    assert not np.array_equal(D4, D5)


def test_dropout_float32_stays_float32():
    A_dropped, _ = dropout_forward(np.ones((3, 4), dtype=np.float32), 0.5, rng=0)
    assert A_dropped.dtype == np.float32
    assert set(np.unique(A_dropped).tolist()) <= {0.0, 2.0}


# --- dropout backward ------------------------------------------------------------------


def test_dropout_backward_uses_the_mask_and_1_over_keep_prob():
    rng = np.random.default_rng(10)
    dA = rng.standard_normal((4, 6))
    D = rng.random((4, 6)) < 0.7
    out = dropout_backward(dA, D, 0.7)
    np.testing.assert_allclose(out, np.where(D, dA / 0.7, 0.0), rtol=1e-15)


def test_dropout_backward_is_the_transpose_of_forward():
    """The forward is A -> A * D / p, linear in A: <dA, f(A)> = <f^T(dA), A>."""
    rng = np.random.default_rng(11)
    A, dA = rng.standard_normal((3, 8)), rng.standard_normal((3, 8))
    A_dropped, D = dropout_forward(A, 0.4, rng=12)
    back = dropout_backward(dA, D, 0.4)
    assert float(np.vdot(dA, A_dropped)) == pytest.approx(float(np.vdot(back, A)), rel=1e-12)


@pytest.mark.parametrize("keep_prob", [0.0, -0.5, 1.5, float("nan")])
def test_dropout_bad_keep_prob(keep_prob):
    with pytest.raises(ValueError, match=r"keep_prob must be in \(0, 1\]"):
        dropout_forward(np.ones((2, 2)), keep_prob, rng=0)
    with pytest.raises(ValueError, match=r"keep_prob must be in \(0, 1\]"):
        dropout_backward(np.ones((2, 2)), np.ones((2, 2), bool), keep_prob)


def test_dropout_bad_arguments():
    with pytest.raises(ValueError, match=r"D must have the shape of dA, \(2, 3\)"):
        dropout_backward(np.ones((2, 3)), np.ones((3, 2), bool), 0.5)
    with pytest.raises(TypeError, match="keep_prob must be a real number"):
        dropout_forward(np.ones((2, 2)), "0.5")
    with pytest.raises(ValueError, match="2-D"):
        dropout_forward(np.ones(4), 0.5)
    with pytest.raises(TypeError, match="rng"):
        dropout_forward(np.ones((2, 2)), 0.5, rng="seed")


# --- dropout in the network ---------------------------------------------------------------


def test_model_forward_with_dropout_is_random_but_reproducible():
    X, _, params = problem(4, m=50)
    AL1, caches1 = model_forward(X, params, keep_prob=0.7, rng=3)
    AL2, caches2 = model_forward(X, params, keep_prob=0.7, rng=3)
    AL3, _ = model_forward(X, params, keep_prob=0.7, rng=4)
    AL_off, caches_off = model_forward(X, params)
    assert AL1.tobytes() == AL2.tobytes()
    assert not np.array_equal(AL1, AL3)
    assert not np.array_equal(AL1, AL_off)
    for c1, c2 in zip(caches1[:-1], caches2[:-1], strict=True):
        assert c1.keep_prob == 0.7
        np.testing.assert_array_equal(c1.D, c2.D)
    assert caches1[-1].D is None  # never on the output layer
    assert all(c.D is None for c in caches_off)


def test_model_backward_with_dropout_gradient_check():
    """With the mask fixed (the same seed on every call), the cost is a smooth function
    of the parameters, and model_backward must be its gradient: the masks of the
    forward pass are reused, with the factor 1/keep_prob."""
    X, Y, params = problem(5, m=8)

    def cost(p):
        AL, _ = model_forward(X, p, hidden_activation="tanh", keep_prob=0.6, rng=21)
        return compute_cost(AL, Y, p, 0.2)

    AL, caches = model_forward(X, params, hidden_activation="tanh", keep_prob=0.6, rng=21)
    assert any(not c.D.all() for c in caches[:-1])  # some units were dropped
    grads = model_backward(AL, Y, caches, hidden_activation="tanh", lambd=0.2)
    assert gradient_check(cost, params, grads, epsilon=EPS) < TOL


def test_predict_has_no_dropout():
    X, _, params = problem(6, m=200)
    AL, _ = model_forward(X, params, keep_prob=1.0)
    params["b3"] -= np.median(np.log(AL / (1 - AL)))  # centre the output: both classes
    AL, _ = model_forward(X, params, keep_prob=1.0)
    expected = (AL > 0.5).astype(np.float64)
    assert 50 < expected.sum() < 150
    for _ in range(3):
        np.testing.assert_array_equal(predict(X, params), expected)
    with pytest.raises(TypeError):
        predict(X, params, keep_prob=0.5)  # no way to switch dropout on at test time
