"""Tests of dlguide.logistic: the course's published values, gradients, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from dlguide.activations import sigmoid
from dlguide.data import make_blobs
from dlguide.gradcheck import gradient_check
from dlguide.logistic import initialize_with_zeros, model, optimize, predict, propagate
from dlguide.network import compute_cost

# The course's small example.
W0 = np.array([[1.0], [2.0]])
B0 = 2.0
X0 = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]])
Y0 = np.array([[1, 0, 1]])


def test_initialize_with_zeros():
    w, b = initialize_with_zeros(3)
    assert w.shape == (3, 1)
    assert w.dtype == np.float64
    assert not w.any()
    assert b == 0.0
    assert isinstance(b, float)


def test_propagate_course_values():
    grads, cost = propagate(W0, B0, X0, Y0)
    np.testing.assert_allclose(grads["dw"], [[0.99845601], [2.39507239]], rtol=0, atol=5e-9)
    assert grads["dw"].shape == (2, 1)
    assert grads["db"] == pytest.approx(0.00145558, abs=5e-9)
    assert isinstance(grads["db"], float)
    assert cost == pytest.approx(5.80154532, abs=5e-9)


def test_propagate_matches_the_network_cost():
    rng = np.random.default_rng(0)
    w, X = rng.standard_normal((4, 1)), rng.standard_normal((4, 9))
    Y = (rng.random((1, 9)) < 0.5).astype(float)
    _, cost = propagate(w, -0.3, X, Y)
    assert cost == pytest.approx(compute_cost(sigmoid(w.T @ X - 0.3), Y), rel=1e-13)


@pytest.mark.parametrize("seed", range(4))
def test_propagate_gradient_check(seed):
    rng = np.random.default_rng(seed)
    n_x, m = int(rng.integers(1, 6)), int(rng.integers(1, 12))
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    params = {"w": rng.standard_normal((n_x, 1)), "b": rng.standard_normal((1, 1))}

    def cost(p):
        return propagate(p["w"], float(p["b"][0, 0]), X, Y)[1]

    grads, _ = propagate(params["w"], float(params["b"][0, 0]), X, Y)
    analytic = {"dw": grads["dw"], "db": np.array([[grads["db"]]])}
    # epsilon 1e-6: see tests/test_network.py.
    assert gradient_check(cost, params, analytic, epsilon=1e-6) < 1e-7
    # Without the 1/m the check fails (when m > 1).
    if m > 1:
        assert gradient_check(cost, params, {k: v * m for k, v in analytic.items()},
                              epsilon=1e-6) > 1e-3


def test_propagate_accepts_b_as_int_numpy_scalar_or_size_1_array():
    _, expected = propagate(W0, 2.0, X0, Y0)
    for b in (2, np.float32(2.0), np.int64(2), np.array(2.0), np.array([[2.0]]), [2.0]):
        assert propagate(W0, b, X0, Y0)[1] == expected


def test_optimize_course_values():
    params, grads, costs = optimize(W0, B0, X0, Y0, num_iterations=100, learning_rate=0.009)
    np.testing.assert_allclose(params["w"], [[0.19033591], [0.12259159]], rtol=0, atol=5e-9)
    assert params["b"] == pytest.approx(1.92535983, abs=5e-9)
    assert len(costs) == 1  # recorded at iteration 0
    assert costs[0] == pytest.approx(5.80154532, abs=5e-9)
    assert set(grads) == {"dw", "db"}


def test_optimize_records_costs_and_does_not_modify_w(capsys):
    w = W0.copy()
    _, _, costs = optimize(w, B0, X0, Y0, num_iterations=50, learning_rate=0.009,
                           record_every=10, print_cost=True)
    np.testing.assert_array_equal(w, W0)
    assert len(costs) == 5
    assert np.all(np.diff(costs) < 0)
    out = capsys.readouterr().out
    assert out.count("Cost after iteration") == 5
    assert "Cost after iteration 40:" in out


def test_optimize_zero_iterations_returns_start():
    params, grads, costs = optimize(W0, B0, X0, Y0, num_iterations=0)
    np.testing.assert_array_equal(params["w"], W0)
    assert params["b"] == B0
    assert costs == []
    assert not grads["dw"].any()


def test_predict_values_and_shape():
    w, b = np.array([[0.1124579], [0.23106775]]), -0.3
    X = np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])
    p = predict(w, b, X)
    assert p.shape == (1, 3)
    np.testing.assert_array_equal(p, [[1.0, 1.0, 0.0]])
    # Exactly 0.5 is not above the threshold.
    np.testing.assert_array_equal(predict(np.zeros((2, 1)), 0.0, X), [[0.0, 0.0, 0.0]])


def test_model_separates_blobs():
    X, Y = make_blobs(200, distance=6.0, rng=0)
    Xt, Yt = make_blobs(100, distance=6.0, rng=1)
    result = model(X, Y, Xt, Yt, num_iterations=300, learning_rate=0.5)
    assert set(result) == {"w", "b", "costs", "train_accuracy", "test_accuracy"}
    assert result["train_accuracy"] > 0.95
    assert result["test_accuracy"] > 0.95
    assert len(result["costs"]) == 3
    # The learned direction is the blobs' diagonal (1, 1) / sqrt(2).
    w = result["w"].ravel()
    assert w @ np.array([1.0, 1.0]) / (np.linalg.norm(w) * np.sqrt(2)) > 0.9


def test_model_without_test_data():
    X, Y = make_blobs(20, rng=0)
    result = model(X, Y, num_iterations=10)
    assert "test_accuracy" not in result
    assert 0.0 <= result["train_accuracy"] <= 1.0


# --- bad input ----------------------------------------------------------------------------


def test_rank_1_w_is_refused_with_a_reshape_hint():
    with pytest.raises(ValueError, match=r"w must be a 2-D array of shape \(n_x, 1\); got shape "
                                         r"\(2,\).*w.reshape\(-1, 1\)"):
        propagate(np.array([1.0, 2.0]), B0, X0, Y0)
    with pytest.raises(ValueError, match=r"Y must be a 2-D array.*got shape \(3,\).*reshape"):
        propagate(W0, B0, X0, np.array([1, 0, 1]))


def test_shape_mismatches():
    with pytest.raises(ValueError, match=r"w must have 2 row\(s\).*got shape \(3, 1\)"):
        propagate(np.ones((3, 1)), B0, X0, Y0)
    with pytest.raises(ValueError, match=r"w must have 1 column\(s\).*got shape \(2, 2\)"):
        propagate(np.ones((2, 2)), B0, X0, Y0)
    with pytest.raises(ValueError, match=r"X and Y must have the same number of columns.*"
                                         r"X.shape=\(2, 3\) and Y.shape=\(1, 2\)"):
        propagate(W0, B0, X0, np.array([[1, 0]]))
    with pytest.raises(ValueError, match=r"X_test must have 2 rows \(features\), as X_train"):
        model(X0, Y0, np.ones((3, 2)), np.ones((1, 2)), num_iterations=1)
    with pytest.raises(ValueError, match=r"X_train and Y_train must have the same number"):
        model(X0, np.ones((1, 2)), num_iterations=1)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_X(bad):
    X = X0.copy()
    X[0, 1] = bad
    with pytest.raises(ValueError, match=r"X must be finite; got 1 NaN or infinite value\(s\)"):
        propagate(W0, B0, X, Y0)
    with pytest.raises(ValueError, match=r"X must be finite"):
        predict(W0, B0, X)
    with pytest.raises(ValueError, match=r"X_train must be finite"):
        model(X, Y0, num_iterations=1)


@pytest.mark.parametrize("b", ["a", None, True, [1.0, 2.0], {"b": 1}, 1 + 2j])
def test_b_of_a_wrong_type(b):
    with pytest.raises(TypeError, match=r"b must be a real number \(the bias\); got "):
        propagate(W0, b, X0, Y0)


@pytest.mark.parametrize("b", [np.nan, np.inf, -np.inf])
def test_b_not_finite(b):
    with pytest.raises(ValueError, match=rf"b must be a finite real number; got {b}"):
        propagate(W0, b, X0, Y0)


def test_bad_hyperparameters():
    with pytest.raises(ValueError, match=r"learning_rate must be finite and > 0; got -0.1"):
        optimize(W0, B0, X0, Y0, learning_rate=-0.1)
    with pytest.raises(TypeError, match=r"num_iterations must be an int; got float"):
        optimize(W0, B0, X0, Y0, num_iterations=10.5)
    with pytest.raises(ValueError, match=r"record_every must be finite and > 0; got 0"):
        optimize(W0, B0, X0, Y0, record_every=0)
    with pytest.raises(ValueError, match=r"dim must be finite and > 0; got 0"):
        initialize_with_zeros(0)
    with pytest.raises(TypeError, match=r"dim must be an int; got float"):
        initialize_with_zeros(2.0)
