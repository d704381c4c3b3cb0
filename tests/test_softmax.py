"""Tests of the softmax output: the activation, one-hot labels, the categorical cost,
and multi-class networks (gradient-checked), and their input checks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from dlguide.activations import sigmoid, softmax, softmax_backward
from dlguide.data import one_hot
from dlguide.gradcheck import gradient_check
from dlguide.initializers import initialize_parameters
from dlguide.losses import categorical_cross_entropy, categorical_cross_entropy_from_logits
from dlguide.network import compute_cost, model_backward, model_forward, predict

TOL = 1e-7
EPS = 1e-6


def test_softmax_columns_are_distributions_and_by_hand():
    Z = np.array([[1.0, 0.0], [2.0, 0.0], [3.0, 0.0]])
    A = softmax(Z)
    e = np.exp([1.0, 2.0, 3.0])
    np.testing.assert_allclose(A[:, 0], e / e.sum(), rtol=1e-15)
    np.testing.assert_allclose(A[:, 1], 1 / 3, rtol=1e-15)
    np.testing.assert_allclose(A.sum(axis=0), 1.0, rtol=1e-15)


@given(hnp.arrays(np.float64, st.tuples(st.integers(2, 6), st.integers(1, 5)),
                  elements=st.floats(-1e4, 1e4)))
def test_softmax_is_stable_and_shift_invariant(Z):
    A = softmax(Z)  # filterwarnings=error: an overflow would fail here
    assert np.all(np.isfinite(A))
    assert np.all(A >= 0)
    np.testing.assert_allclose(A.sum(axis=0), 1.0, rtol=1e-12)
    np.testing.assert_allclose(softmax(Z + 123.0), A, rtol=1e-9, atol=1e-300)
    top = np.argmax(Z, axis=0)
    assert np.all(A[top, np.arange(Z.shape[1])] >= A.max(axis=0) - 1e-15)


def test_two_classes_are_the_sigmoid_of_the_difference():
    Z = np.random.default_rng(0).normal(0.0, 3.0, (2, 50))
    np.testing.assert_allclose(softmax(Z)[0], sigmoid(Z[0] - Z[1]), rtol=1e-12)


def test_softmax_backward_gradient_check_and_dZ_is_A_minus_Y():
    rng = np.random.default_rng(1)
    Z, G = rng.normal(size=(4, 6)), rng.normal(size=(4, 6))

    def cost(p):
        return float(np.sum(G * softmax(p["Z"])))

    assert gradient_check(cost, {"Z": Z}, {"dZ": softmax_backward(G, Z)}, epsilon=EPS) < TOL
    Y = one_hot(rng.integers(0, 4, (1, 6)), 4)
    np.testing.assert_allclose(softmax_backward(-Y / softmax(Z), Z), softmax(Z) - Y,
                               rtol=1e-12, atol=1e-15)


def test_one_hot_layout_and_unused_classes():
    Y = one_hot(np.array([[0, 3, 3, 1]]), 5)
    assert Y.shape == (5, 4)
    np.testing.assert_array_equal(Y.sum(axis=0), 1)
    np.testing.assert_array_equal(np.argmax(Y, axis=0), [0, 3, 3, 1])
    np.testing.assert_array_equal(Y[[2, 4]], 0)  # classes that do not occur keep their rows
    np.testing.assert_array_equal(one_hot(np.array([[1.0, 0.0]]), 2), [[0, 1], [1, 0]])


@pytest.mark.parametrize(("args", "exc", "match"), [
    ((np.array([[0, 5]]), 5), ValueError, r"labels must hold integers in 0 .. num_classes - 1 "
                                          r"= 4; got 5 at column 1"),
    ((np.array([[0.5]]), 2), ValueError, r"labels must hold integers.*got 0.5"),
    ((np.array([[-1]]), 2), ValueError, r"labels must hold integers.*got -1"),
    ((np.array([0, 1]), 2), ValueError, r"labels must be a 2-D array"),
    ((np.array([[0, 1]]), 0), ValueError, r"num_classes must be finite and > 0"),
    ((np.array([[0, 1]]), 2.0), TypeError, r"num_classes must be an int"),
])
def test_one_hot_refuses_bad_labels(args, exc, match):
    with pytest.raises(exc, match=match):
        one_hot(*args)


def test_the_categorical_cost_from_probabilities_and_from_logits():
    rng = np.random.default_rng(2)
    Z = rng.normal(0.0, 2.0, (5, 8))
    Y = one_hot(rng.integers(0, 5, (1, 8)), 5)
    expected = -np.mean(np.sum(Y * np.log(softmax(Z)), axis=0))
    assert categorical_cross_entropy(softmax(Z), Y) == pytest.approx(expected, rel=1e-13)
    assert categorical_cross_entropy_from_logits(Z, Y) == pytest.approx(expected, rel=1e-12)
    assert compute_cost(softmax(Z), Y) == pytest.approx(expected, rel=1e-13)
    # a confident wrong answer: the logits are exact where the probability is 0
    Zc, Yc = np.array([[0.0], [-900.0]]), np.array([[0.0], [1.0]])
    assert categorical_cross_entropy_from_logits(Zc, Yc) == pytest.approx(900.0)


@pytest.mark.parametrize(("AL", "Y", "match"), [
    (np.array([[0.5, 0.2], [0.5, 0.3]]), np.array([[1, 0], [0, 1]]),
     r"AL must hold a probability distribution in each column.*column 1 sums to 0.5"),
    (np.array([[0.5], [0.5]]), np.array([[1], [1]]), r"Y must be one-hot.*column 0 holds 2"),
    (np.full((2, 3), 0.5), np.array([[1, 0, 1]]), r"Y must have 2 rows, one-hot like AL of "
                                                   r"shape \(2, 3\) \(dlguide.data.one_hot"),
    (np.array([[1.0], [0.0]]), np.array([[2], [0]]), r"Y must hold labels 0 or 1"),
])
def test_the_categorical_cost_refuses_bad_input(AL, Y, match):
    with pytest.raises(ValueError, match=match):
        categorical_cross_entropy(AL, Y)
    with pytest.raises(ValueError, match=match):
        compute_cost(AL, Y)


def problem(seed, hidden, C=4, batch_norm=False, m=7):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(3, m))
    Y = one_hot(rng.integers(0, C, (1, m)), C)
    p = initialize_parameters([3, 5, 4, C], "xavier", rng=rng, batch_norm=batch_norm)
    for k in p:
        if k[0] in "bg":  # b, beta, gamma: away from their neutral start
            p[k] = p[k] + rng.normal(0.0, 0.3, p[k].shape)
    return X, Y, p


@pytest.mark.parametrize("batch_norm", [False, True])
@pytest.mark.parametrize("hidden", ["tanh", "sigmoid", "relu", "leaky_relu"])
def test_multiclass_network_gradient_check(hidden, batch_norm):
    X, Y, p = problem(5, hidden, batch_norm=batch_norm)
    kw = {"hidden_activation": hidden, "output_activation": "softmax"}
    AL, caches = model_forward(X, p, **kw)
    assert AL.shape == (4, 7)
    assert caches[-1].activation == "softmax"
    grads = model_backward(AL, Y, caches, lambd=0.3)

    def cost(q):
        return compute_cost(model_forward(X, q, **kw)[0], Y, q, 0.3)

    if hidden in ("relu", "leaky_relu"):  # a finite difference across the kink is no derivative
        assert min(np.abs(c.Z).min() for c in caches[:-1]) > 1e-4
    assert gradient_check(cost, p, grads, epsilon=EPS) < TOL


def test_predict_gives_class_indices():
    X, _, p = problem(6, "relu")
    pred = predict(X, p, output_activation="softmax")
    assert pred.shape == (1, 7)
    assert pred.dtype == np.int64
    AL, _ = model_forward(X, p, output_activation="softmax")
    np.testing.assert_array_equal(pred[0], np.argmax(AL, axis=0))


def test_the_output_layer_must_fit_its_activation():
    X, _, p = problem(7, "relu")
    with pytest.raises(ValueError, match=r"the output layer W3 must have 1 row \(one sigmoid "
                                         r"unit\); got shape \(4, 4\) \(for C classes use "
                                         r"output_activation='softmax'\)"):
        model_forward(X, p)
    p1 = initialize_parameters([3, 4, 1], rng=0)
    with pytest.raises(ValueError, match=r"must have C >= 2 rows for a softmax"):
        predict(X, p1, output_activation="softmax")
    with pytest.raises(ValueError, match=r"output_activation must be one of \['sigmoid', "
                                         r"'softmax'\]; got 'relu'"):
        model_forward(X, p, output_activation="relu")
