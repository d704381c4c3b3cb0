"""Tests of dlguide.network: the blocks, their gradients, the model and bad input.

Gradient convention (the course's): the cost J averages the loss over the m
examples. dW and db are the gradients of J itself; dZ, dA and dA_prev are per
example, i.e. m times the gradient of J. Where a test checks dA_prev against a
numerical gradient of J, it therefore divides dA_prev by m.
"""

from __future__ import annotations

import numpy as np
import pytest

from dlguide.activations import leaky_relu, relu, sigmoid, tanh
from dlguide.data import make_planar
from dlguide.gradcheck import gradient_check
from dlguide.initializers import initialize_parameters
from dlguide.layers import (
    linear_activation_backward,
    linear_activation_forward,
    linear_backward,
    linear_forward,
)
from dlguide.network import (
    L_layer_model,
    compute_cost,
    model_backward,
    model_forward,
    predict,
    update_parameters,
)

ACTS = ["relu", "leaky_relu", "tanh", "sigmoid"]
G_OF = {"relu": relu, "leaky_relu": leaky_relu, "tanh": tanh, "sigmoid": sigmoid}
TOL = 1e-7  # gradient check threshold, float64
# epsilon = 1e-6 rather than the default 1e-7: the truncation error (~eps^2) is still
# negligible and the rounding error (~1e-16 / eps) is ten times smaller, which keeps
# every check here at least 20 times below TOL on any BLAS.
EPS = 1e-6


def layer(seed, n_prev=3, n=4, m=5):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((n_prev, m)), rng.standard_normal((n, n_prev)),
            rng.standard_normal((n, 1)))


def random_problem(seed, activation, *, min_abs_z=1e-3):
    """A random architecture, data and parameters, with every hidden Z away from 0.

    The ReLU family has a kink at 0; a finite difference across it is not a
    derivative, so parameters are redrawn until every hidden |Z| > min_abs_z.
    """
    rng = np.random.default_rng(seed)
    n_x = int(rng.integers(1, 5))
    hidden = [int(n) for n in rng.integers(1, 5, size=int(rng.integers(1, 4)))]
    m = int(rng.integers(1, 7))
    dims = [n_x, *hidden, 1]
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    for _ in range(100):
        params = initialize_parameters(dims, "xavier", rng=rng)
        for l in range(1, len(dims)):
            params[f"b{l}"] = rng.normal(0.0, 0.5, size=(dims[l], 1))
        _, caches = model_forward(X, params, hidden_activation=activation)
        if min(np.abs(c[1]).min() for c in caches[:-1]) > min_abs_z:
            return X, Y, params
    raise AssertionError("could not draw Z away from 0")  # pragma: no cover


def cost_of(X, Y, activation, **kw):
    def cost(p):
        AL, _ = model_forward(X, p, hidden_activation=activation)
        return compute_cost(AL, Y, **kw)

    return cost


# --- linear block -----------------------------------------------------------------


def test_linear_forward_values_and_cache():
    A_prev, W, b = layer(0)
    Z, cache = linear_forward(A_prev, W, b)
    expected = np.einsum("ij,jk->ik", W, A_prev) + b
    np.testing.assert_allclose(Z, expected, rtol=1e-13)
    assert Z.shape == (4, 5)
    assert cache[0] is A_prev
    assert cache[1] is W
    assert cache[2] is b


def test_linear_forward_small_example():
    Z, _ = linear_forward(np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[1.0, -1.0]]),
                          np.array([[0.5]]))
    np.testing.assert_array_equal(Z, [[-1.5, -1.5]])


@pytest.mark.parametrize("seed", range(3))
def test_linear_backward_gradient_check(seed):
    A_prev, W, b = layer(seed)
    m = A_prev.shape[1]
    G = np.random.default_rng(100 + seed).standard_normal((4, m))  # dZ

    def cost(p):
        Z, _ = linear_forward(p["A_prev"], p["W"], p["b"])
        return float(np.sum(G * Z)) / m

    _, cache = linear_forward(A_prev, W, b)
    dA_prev, dW, db = linear_backward(G, cache)
    assert (dA_prev.shape, dW.shape, db.shape) == (A_prev.shape, W.shape, b.shape)
    params = {"A_prev": A_prev, "W": W, "b": b}
    grads = {"dA_prev": dA_prev / m, "dW": dW, "db": db}
    assert gradient_check(cost, params, grads, epsilon=EPS) < TOL


def test_linear_backward_formulas():
    A_prev, W, b = layer(7)
    dZ = np.random.default_rng(8).standard_normal((4, 5))
    dA_prev, dW, db = linear_backward(dZ, linear_forward(A_prev, W, b)[1])
    np.testing.assert_allclose(dW, dZ @ A_prev.T / 5, rtol=1e-13)
    np.testing.assert_allclose(db, dZ.mean(axis=1, keepdims=True), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(dA_prev, W.T @ dZ, rtol=1e-13)


# --- linear -> activation block ------------------------------------------------------


@pytest.mark.parametrize("activation", ACTS)
def test_linear_activation_forward_values(activation):
    A_prev, W, b = layer(1)
    A, (linear_cache, Z) = linear_activation_forward(A_prev, W, b, activation)
    np.testing.assert_allclose(Z, W @ A_prev + b, rtol=1e-13)
    np.testing.assert_allclose(A, G_OF[activation](Z), rtol=1e-15)
    assert linear_cache[1] is W


@pytest.mark.parametrize("seed", range(2))
@pytest.mark.parametrize("activation", ACTS)
def test_linear_activation_backward_gradient_check(activation, seed):
    rng = np.random.default_rng(seed)
    m = 5
    for _ in range(100):  # keep Z away from the ReLU kink
        A_prev, W, b = (rng.standard_normal((3, m)), rng.standard_normal((4, 3)),
                        rng.standard_normal((4, 1)))
        if np.abs(W @ A_prev + b).min() > 1e-3:
            break
    G = rng.standard_normal((4, m))  # dA

    def cost(p):
        A, _ = linear_activation_forward(p["A_prev"], p["W"], p["b"], activation)
        return float(np.sum(G * A)) / m

    _, cache = linear_activation_forward(A_prev, W, b, activation)
    dA_prev, dW, db = linear_activation_backward(G, cache, activation)
    grads = {"dA_prev": dA_prev / m, "dW": dW, "db": db}
    assert gradient_check(cost, {"A_prev": A_prev, "W": W, "b": b}, grads, epsilon=EPS) < TOL


def test_linear_activation_backward_wrong_activation_fails_the_check():
    """A plain tuple records no activation: the one passed decides, and the wrong one
    gives wrong gradients."""
    A_prev, W, b = layer(3)
    G = np.ones((4, 5))
    _, cache = linear_activation_forward(A_prev, W, b, "tanh")
    plain = (tuple(cache[0]), cache[1])
    _, dW, db = linear_activation_backward(G, plain, "sigmoid")  # not the forward's

    def cost(p):
        return float(np.sum(G * linear_activation_forward(A_prev, p["W"], p["b"], "tanh")[0])) / 5

    assert gradient_check(cost, {"W": W, "b": b}, {"dW": dW, "db": db}, epsilon=EPS) > 1e-3
    right = linear_activation_backward(G, plain, "tanh")
    for g, h in zip(right, linear_activation_backward(G, cache), strict=True):
        np.testing.assert_array_equal(g, h)  # the recorded activation is the right one


def test_the_layer_cache_records_its_activation_and_unpacks_as_the_course():
    A_prev, W, b = layer(4)
    _, cache = linear_activation_forward(A_prev, W, b, "tanh")
    linear_cache, Z = cache  # the course's unpacking
    A_p, W_c, b_c = linear_cache
    assert A_p is A_prev
    assert W_c is W
    assert b_c is b
    assert cache.activation == "tanh"
    assert cache.D is None
    assert cache.Z is Z
    assert cache.W is W
    assert cache.A_prev is A_prev
    assert "activation='tanh'" in repr(cache)
    assert len(repr(cache)) < 200
    import copy
    import pickle
    for clone in (copy.deepcopy(cache), pickle.loads(pickle.dumps(cache))):
        assert clone.activation == "tanh"
        np.testing.assert_array_equal(clone.Z, Z)


def test_a_contradicting_activation_is_refused_naming_both():
    A_prev, W, b = layer(5)
    _, cache = linear_activation_forward(A_prev, W, b, "tanh")
    with pytest.raises(ValueError, match=r"activation='sigmoid' contradicts cache, which "
                                         r"records the activation 'tanh'"):
        linear_activation_backward(np.ones((4, 5)), cache, "sigmoid")
    with pytest.raises(ValueError, match=r"activation must be given: cache is a plain tuple"):
        linear_activation_backward(np.ones((4, 5)), (tuple(cache[0]), cache[1]))


# --- model_forward ------------------------------------------------------------------------


def test_model_forward_shapes_and_caches():
    params = initialize_parameters([3, 5, 4, 1], rng=0)
    X = np.random.default_rng(1).standard_normal((3, 7))
    AL, caches = model_forward(X, params)
    assert AL.shape == (1, 7)
    assert np.all((AL > 0) & (AL < 1))
    assert len(caches) == 3
    for l, cache in enumerate(caches, start=1):
        linear_cache, Z = cache
        assert linear_cache[1] is params[f"W{l}"]
        assert Z.shape == (params[f"W{l}"].shape[0], 7)
        assert cache.D is None
        assert cache.activation == ("relu" if l < 3 else "sigmoid")
    # Layer by layer by hand.
    A = X
    for l in (1, 2):
        A = relu(params[f"W{l}"] @ A + params[f"b{l}"])
    np.testing.assert_allclose(AL, sigmoid(params["W3"] @ A + params["b3"]), rtol=1e-13)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_model_forward_keeps_dtype(dtype):
    params = initialize_parameters([2, 3, 1], dtype=dtype, rng=0)
    X = np.ones((2, 4), dtype=dtype)
    AL, _ = model_forward(X, params, hidden_activation="tanh")
    assert AL.dtype == dtype
    assert predict(X, params).dtype == dtype


def test_dropout_same_rng_gives_identical_output():
    params = initialize_parameters([4, 6, 5, 1], rng=3)
    X = np.random.default_rng(4).standard_normal((4, 10))
    AL1, c1 = model_forward(X, params, keep_prob=0.7, rng=11)
    AL2, c2 = model_forward(X, params, keep_prob=0.7, rng=11)
    np.testing.assert_array_equal(AL1, AL2)
    for a, b in zip(c1[:-1], c2[:-1], strict=True):
        np.testing.assert_array_equal(a.D, b.D)
    AL3, _ = model_forward(X, params, keep_prob=0.7, rng=np.random.default_rng(11))
    np.testing.assert_array_equal(AL1, AL3)
    AL4, _ = model_forward(X, params, keep_prob=0.7, rng=12)
    assert not np.array_equal(AL1, AL4)


def test_dropout_masks_and_scaling():
    params = initialize_parameters([3, 400, 1], rng=0)
    X = np.random.default_rng(1).standard_normal((3, 50))
    keep = 0.8
    _, caches = model_forward(X, params, keep_prob=keep, rng=5)
    D, kp = caches[0].D, caches[0].keep_prob
    assert kp == keep
    assert D.shape == (400, 50)
    # 20000 Bernoulli(0.8) draws: standard error 0.0028, tolerance 0.02 (7 SE).
    assert abs(D.mean() - keep) < 0.02
    # Inverted dropout: the next layer sees relu(Z1) * D / keep_prob.
    A1 = relu(caches[0][1]) * D / keep
    np.testing.assert_allclose(caches[1][0][0], A1, rtol=1e-14)
    assert caches[1].D is None  # never on the output layer


def test_keep_prob_one_means_no_dropout():
    params = initialize_parameters([3, 4, 1], rng=0)
    X = np.ones((3, 6))
    AL1, caches = model_forward(X, params, keep_prob=1.0, rng=9)
    AL2, _ = model_forward(X, params)
    np.testing.assert_array_equal(AL1, AL2)
    assert all(c.D is None for c in caches)


# --- compute_cost ----------------------------------------------------------------------


def test_compute_cost_course_value():
    cost = compute_cost(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]]))
    assert isinstance(cost, float)
    assert cost == pytest.approx(0.27977656, abs=5e-9)


def test_compute_cost_matches_formula():
    rng = np.random.default_rng(0)
    AL = rng.uniform(0.01, 0.99, size=(1, 20))
    Y = (rng.random((1, 20)) < 0.5).astype(float)
    expected = -np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    assert compute_cost(AL, Y) == pytest.approx(expected, rel=1e-13)


def test_compute_cost_finite_when_AL_is_exactly_0_or_1():
    assert compute_cost(np.array([[0.0, 1.0]]), np.array([[0, 1]])) == 0.0
    wrong = compute_cost(np.array([[0.0, 1.0]]), np.array([[1, 0]]))
    assert np.isfinite(wrong)
    assert wrong > 100  # confidently wrong costs a lot
    assert np.isfinite(compute_cost(np.array([[0.0, 1.0]], dtype=np.float32),
                                    np.array([[1, 0]])))


def test_compute_cost_l2_term():
    params = initialize_parameters([2, 3, 1], rng=0)
    AL, Y = np.array([[0.3, 0.6, 0.9, 0.2]]), np.array([[0, 1, 1, 0]])
    l2 = sum(np.sum(params[f"W{l}"] ** 2) for l in (1, 2))
    lambd, m = 0.7, 4
    assert compute_cost(AL, Y, params, lambd) == pytest.approx(
        compute_cost(AL, Y) + lambd / (2 * m) * l2, rel=1e-13)
    with pytest.raises(ValueError, match=r"params must be given when lambd > 0"):
        compute_cost(AL, Y, lambd=0.1)


# --- model_backward: gradient checks ---------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("activation", ACTS)
def test_model_backward_gradient_check(activation, seed):
    X, Y, params = random_problem(seed, activation)
    AL, caches = model_forward(X, params, hidden_activation=activation)
    grads = model_backward(AL, Y, caches, hidden_activation=activation)
    assert set(grads) == {"d" + k for k in params}
    for k, v in params.items():
        assert grads["d" + k].shape == v.shape
    assert gradient_check(cost_of(X, Y, activation), params, grads, epsilon=EPS) < TOL


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_model_backward_with_l2_gradient_check(activation):
    X, Y, params = random_problem(10, activation)
    lambd = 0.7
    AL, caches = model_forward(X, params, hidden_activation=activation)
    grads = model_backward(AL, Y, caches, hidden_activation=activation, lambd=lambd)

    def cost(p):
        AL, _ = model_forward(X, p, hidden_activation=activation)
        return compute_cost(AL, Y, p, lambd)

    assert gradient_check(cost, params, grads, epsilon=EPS) < TOL
    # The L2 gradient is needed: without it the check fails.
    plain = model_backward(AL, Y, caches, hidden_activation=activation)
    assert gradient_check(cost, params, plain, epsilon=EPS) > 1e-3


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_model_backward_with_dropout_gradient_check(activation):
    # With a fixed seed the dropout masks are the same at every call, so the
    # cost is a deterministic function of the parameters.
    rng = np.random.default_rng(20)
    X = rng.standard_normal((3, 6))
    Y = np.array([[0, 1, 1, 0, 1, 0]], dtype=float)
    params = initialize_parameters([3, 5, 4, 1], "xavier", rng=rng)
    for l in (1, 2, 3):
        params[f"b{l}"] = rng.normal(0.0, 0.5, size=params[f"b{l}"].shape)
    kw = {"hidden_activation": activation, "keep_prob": 0.6, "rng": 21}
    AL, caches = model_forward(X, params, **kw)
    assert any(c.D is not None and not c.D.all() for c in caches)  # some units dropped
    assert min(np.abs(c[1]).min() for c in caches[:-1]) > 1e-3  # no ReLU kink
    grads = model_backward(AL, Y, caches, hidden_activation=activation)
    diff = gradient_check(lambda p: compute_cost(model_forward(X, p, **kw)[0], Y), params, grads,
                          epsilon=EPS)
    assert diff < TOL


def test_model_backward_wrong_activation_fails_the_check():
    """Plain tuples, as the course builds them, take the activation given."""
    X, Y, params = random_problem(3, "tanh")
    AL, caches = model_forward(X, params, hidden_activation="tanh")
    plain = [(tuple(c[0]), c[1]) for c in caches]
    grads = model_backward(AL, Y, plain, hidden_activation="sigmoid")
    assert gradient_check(cost_of(X, Y, "tanh"), params, grads, epsilon=EPS) > 1e-3
    grads = model_backward(AL, Y, plain, hidden_activation="tanh")
    assert gradient_check(cost_of(X, Y, "tanh"), params, grads, epsilon=EPS) < TOL


@pytest.mark.parametrize("activation", ACTS)
def test_model_backward_is_right_without_being_told_the_activation(activation):
    """The first contract's trap: model_forward with tanh, model_backward with no
    activation. The caches record it, so the gradients are right."""
    X, Y, params = random_problem(11, activation)
    AL, caches = model_forward(X, params, hidden_activation=activation)
    grads = model_backward(AL, Y, caches)
    assert gradient_check(cost_of(X, Y, activation), params, grads, epsilon=EPS) < TOL


def test_model_backward_refuses_a_contradicting_activation():
    X, Y, params = random_problem(12, "tanh")
    AL, caches = model_forward(X, params, hidden_activation="tanh")
    with pytest.raises(ValueError, match=r"hidden_activation='relu' contradicts caches\[0\], "
                                         r"which records the activation 'tanh'"):
        model_backward(AL, Y, caches, hidden_activation="relu")
    plain = [(tuple(c[0]), c[1]) for c in caches]
    with pytest.raises(ValueError, match=r"hidden_activation must be given: caches\[0\] is a "
                                         r"plain tuple"):
        model_backward(AL, Y, plain)


def test_output_layer_gradient_is_AL_minus_Y():
    X, Y, params = random_problem(4, "relu")
    AL, caches = model_forward(X, params)
    grads = model_backward(AL, Y, caches)
    L = len(caches)
    A_prev = caches[-1][0][0]
    m = X.shape[1]
    np.testing.assert_allclose(grads[f"dW{L}"], (AL - Y) @ A_prev.T / m, rtol=1e-12)
    np.testing.assert_allclose(grads[f"db{L}"], np.mean(AL - Y, axis=1, keepdims=True),
                               rtol=1e-12)


# --- update_parameters -------------------------------------------------------------------


def test_update_parameters_values_and_no_side_effects():
    params = initialize_parameters([2, 3, 1], rng=0)
    grads = {"d" + k: np.full_like(v, 2.0) for k, v in params.items()}
    before = {k: v.copy() for k, v in params.items()}
    new = update_parameters(params, grads, 0.1)
    assert new is not params
    assert set(new) == set(params)
    for k in params:
        np.testing.assert_allclose(new[k], before[k] - 0.2, rtol=1e-15)
        np.testing.assert_array_equal(params[k], before[k])


def test_gradient_descent_step_lowers_the_cost():
    X, Y, params = random_problem(2, "tanh")
    cost = cost_of(X, Y, "tanh")
    AL, caches = model_forward(X, params, hidden_activation="tanh")
    grads = model_backward(AL, Y, caches, hidden_activation="tanh")
    assert cost(update_parameters(params, grads, 0.01)) < cost(params)


# --- predict ------------------------------------------------------------------------------


def test_predict_is_zero_one_of_shape_1_m():
    params = initialize_parameters([2, 4, 1], rng=0)
    X = np.random.default_rng(1).standard_normal((2, 9)) * 3
    p = predict(X, params)
    assert p.shape == (1, 9)
    assert set(np.unique(p)) <= {0.0, 1.0}
    AL, _ = model_forward(X, params)
    np.testing.assert_array_equal(p, (AL > 0.5).astype(float))


def test_predict_threshold_and_example():
    params = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    X = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_array_equal(predict(X, params), [[0.0, 0.0, 1.0]])  # 0.5 is not > 0.5
    np.testing.assert_array_equal(predict(X, params, threshold=0.99), [[0.0, 0.0, 0.0]])


# --- L_layer_model -----------------------------------------------------------------------


def test_L_layer_model_learns_planar_data():
    X, Y = make_planar(rng=1)
    params, costs = L_layer_model(X, Y, [2, 4, 1], learning_rate=1.2, num_iterations=1000,
                                  hidden_activation="tanh", init="xavier", rng=2)
    accuracy = float(np.mean(predict(X, params, hidden_activation="tanh") == Y))
    assert accuracy > 0.8
    assert len(costs) == 10
    assert costs[-1] < costs[0]


def test_L_layer_model_is_deterministic_and_records_costs(capsys):
    X, Y = make_planar(40, rng=0)
    kw = {"learning_rate": 0.1, "num_iterations": 25, "record_every": 10, "rng": 3}
    p1, c1 = L_layer_model(X, Y, [2, 3, 1], print_cost=True, **kw)
    out = capsys.readouterr().out
    assert out.count("Cost after iteration") == 3
    assert "Cost after iteration 20:" in out
    p2, c2 = L_layer_model(X, Y, [2, 3, 1], **kw)
    assert capsys.readouterr().out == ""
    assert c1 == c2
    assert len(c1) == 3  # iterations 0, 10, 20
    for k in p1:
        np.testing.assert_array_equal(p1[k], p2[k])


def test_L_layer_model_first_cost_and_dict_init_not_modified():
    X, Y = make_planar(40, rng=0)
    init = initialize_parameters([2, 3, 1], rng=5)
    before = {k: v.copy() for k, v in init.items()}
    params, costs = L_layer_model(X, Y, [2, 3, 1], init=init, num_iterations=3,
                                  record_every=1)
    for k in init:
        np.testing.assert_array_equal(init[k], before[k])
        assert not np.array_equal(params[k], before[k])
    assert costs[0] == pytest.approx(compute_cost(model_forward(X, before)[0], Y), rel=1e-13)
    same, no_costs = L_layer_model(X, Y, [2, 3, 1], init=init, num_iterations=0)
    assert no_costs == []
    for k in init:
        np.testing.assert_array_equal(same[k], before[k])


# --- bad input ----------------------------------------------------------------------------


def test_linear_forward_shape_mismatches():
    with pytest.raises(ValueError, match=r"W must have as many columns as A_prev has rows.*"
                                         r"W.shape=\(2, 4\) and A_prev.shape=\(3, 5\)"):
        linear_forward(np.ones((3, 5)), np.ones((2, 4)), np.zeros((2, 1)))
    with pytest.raises(ValueError, match=r"b must have shape \(2, 1\) to match W.shape=\(2, 3\);"
                                         r" got b.shape=\(3, 1\)"):
        linear_forward(np.ones((3, 5)), np.ones((2, 3)), np.zeros((3, 1)))
    with pytest.raises(ValueError, match=r"b must have shape \(2, 1\).*got b.shape=\(1, 2\)"):
        linear_forward(np.ones((3, 5)), np.ones((2, 3)), np.zeros((1, 2)))


def test_rank_1_arrays_are_refused_with_a_reshape_hint():
    with pytest.raises(ValueError, match=r"b must be a 2-D array.*got shape \(2,\).*"
                                         r"b.reshape\(-1, 1\)"):
        linear_forward(np.ones((3, 5)), np.ones((2, 3)), np.zeros(2))
    with pytest.raises(ValueError, match=r"AL must be a 2-D array.*got shape \(3,\).*reshape"):
        compute_cost(np.array([0.8, 0.9, 0.4]), np.array([[1, 1, 0]]))
    with pytest.raises(ValueError, match=r"Y must be a 2-D array.*got shape \(3,\).*reshape"):
        compute_cost(np.array([[0.8, 0.9, 0.4]]), np.array([1, 1, 0]))
    with pytest.raises(ValueError, match=r"X must be a 2-D array.*got shape \(2,\).*reshape"):
        model_forward(np.ones(2), initialize_parameters([2, 1], rng=0))


def test_AL_and_Y_columns_must_match():
    msg = r"AL and Y must have the same number of columns.*\(1, 3\).*\(1, 2\)"
    with pytest.raises(ValueError, match=msg):
        compute_cost(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 0]]))
    with pytest.raises(ValueError, match=msg):
        model_backward(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 0]]), [((), None, None)])
    with pytest.raises(ValueError, match=r"Y must have 1 row\(s\).*got shape \(2, 3\)"):
        compute_cost(np.array([[0.8, 0.9, 0.4]]), np.ones((2, 3)))


def test_params_and_X_must_chain():
    params = initialize_parameters([3, 4, 1], rng=0)
    with pytest.raises(ValueError, match=r"params\['W1'\] must have 2 columns because X has 2"
                                         r" rows; got shape \(4, 3\)"):
        model_forward(np.ones((2, 5)), params)
    bad = {**params, "b1": np.zeros((3, 1))}
    with pytest.raises(ValueError, match=r"params\['b1'\] must have shape \(4, 1\).*got shape"
                                         r" \(3, 1\)"):
        model_forward(np.ones((3, 5)), bad)
    two_outputs = initialize_parameters([3, 4, 2], rng=0)
    with pytest.raises(ValueError, match=r"output layer W2 must have 1 row.*\(2, 4\)"):
        model_forward(np.ones((3, 5)), two_outputs)


def test_wrong_dict_keys():
    params = initialize_parameters([3, 4, 1], rng=0)
    renamed = {("c1" if k == "b1" else k): v for k, v in params.items()}
    with pytest.raises(ValueError, match=r"params must have the keys W1, b1, \.\.\., WL, bL.*"
                                         r"got keys \['W1', 'W2', 'b2', 'c1'\]"):
        model_forward(np.ones((3, 2)), renamed)
    with pytest.raises(ValueError, match=r"params must have the keys"):
        model_forward(np.ones((3, 2)), {"W1": params["W1"], "b1": params["b1"],
                                        "W3": params["W2"], "b3": params["b2"]})
    with pytest.raises(TypeError, match=r"params must be a dict.*got list"):
        model_forward(np.ones((3, 2)), [params["W1"], params["b1"]])
    grads = {"d" + k: np.zeros_like(v) for k, v in params.items()}
    del grads["db2"]
    with pytest.raises(ValueError, match=r"grads must have the key 'db2' for parameter 'b2'"):
        update_parameters(params, grads, 0.1)
    grads["db2"] = np.zeros((2, 1))
    with pytest.raises(ValueError, match=r"grads\['db2'\] must have the shape of params\['b2'\],"
                                         r" \(1, 1\); got \(2, 1\)"):
        update_parameters(params, grads, 0.1)
    with pytest.raises(TypeError, match=r"grads must be a dict.*got list"):
        update_parameters(params, [], 0.1)


@pytest.mark.parametrize("lr", [0, -0.1, float("inf")])
def test_bad_learning_rate(lr):
    params = initialize_parameters([2, 1], rng=0)
    grads = {"d" + k: np.zeros_like(v) for k, v in params.items()}
    with pytest.raises(ValueError, match=rf"learning_rate must be finite and > 0; got {lr}"):
        update_parameters(params, grads, lr)


def test_unknown_activation():
    A_prev, W, b = layer(0)
    with pytest.raises(ValueError, match=r"activation must be one of \['leaky_relu', 'relu', "
                                         r"'sigmoid', 'softmax', 'tanh'\]; got 'swish'"):
        linear_activation_forward(A_prev, W, b, "swish")
    with pytest.raises(TypeError, match=r"activation must be a string.*got NoneType"):
        linear_activation_forward(A_prev, W, b, None)
    _, cache = linear_activation_forward(A_prev, W, b, "relu")
    with pytest.raises(ValueError, match=r"activation must be one of.*got 'ReLU'"):
        linear_activation_backward(np.ones((4, 5)), cache, "ReLU")
    params = initialize_parameters([3, 1], rng=0)
    with pytest.raises(ValueError, match=r"hidden_activation must be one of.*got 'swish'"):
        model_forward(A_prev, params, hidden_activation="swish")
    with pytest.raises(ValueError, match=r"hidden_activation must be one of.*got 'swish'"):
        predict(A_prev, params, hidden_activation="swish")
    with pytest.raises(ValueError, match=r"hidden_activation must be one of.*got 'swish'"):
        L_layer_model(A_prev, np.ones((1, 5)), [3, 1], hidden_activation="swish")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_X(bad):
    X = np.ones((3, 4))
    X[1, 2] = bad
    params = initialize_parameters([3, 2, 1], rng=0)
    msg = r"X must be finite; got 1 NaN or infinite value\(s\)"
    with pytest.raises(ValueError, match=msg):
        model_forward(X, params)
    with pytest.raises(ValueError, match=msg):
        predict(X, params)
    with pytest.raises(ValueError, match=msg):
        L_layer_model(X, np.ones((1, 4)), [3, 2, 1])
    with pytest.raises(ValueError, match=r"A_prev must be finite"):
        linear_forward(X, np.ones((2, 3)), np.zeros((2, 1)))


@pytest.mark.parametrize("keep_prob", [0, 0.0, -0.5, 1.5, float("nan")])
def test_keep_prob_outside_0_1(keep_prob):
    params = initialize_parameters([3, 2, 1], rng=0)
    with pytest.raises(ValueError, match=rf"keep_prob must be in \(0, 1\]; got {keep_prob}"):
        model_forward(np.ones((3, 4)), params, keep_prob=keep_prob, rng=0)


def test_keep_prob_wrong_type():
    params = initialize_parameters([3, 2, 1], rng=0)
    with pytest.raises(TypeError, match=r"keep_prob must be a real number; got str"):
        model_forward(np.ones((3, 4)), params, keep_prob="0.5")


@pytest.mark.parametrize("rng", [1.5, "a", [1], np.random.RandomState(0)])
@pytest.mark.parametrize("keep_prob", [0.5, 1.0])
def test_rng_of_a_wrong_type(rng, keep_prob):
    params = initialize_parameters([3, 2, 1], rng=0)
    with pytest.raises(TypeError, match=r"rng must be an int seed, a numpy.random.Generator or "
                                        rf"None; got {type(rng).__name__}"):
        model_forward(np.ones((3, 4)), params, keep_prob=keep_prob, rng=rng)


def test_L_layer_model_bad_arguments():
    X, Y = np.ones((2, 4)), np.array([[0, 1, 0, 1]])
    with pytest.raises(ValueError, match=r"init must be one of \['he', 'random', 'xavier', "
                                         r"'zeros'\] or a dict of parameters; got 'glorot'"):
        L_layer_model(X, Y, [2, 1], init="glorot")
    with pytest.raises(ValueError, match=r"layer_dims\[0\] must equal the number of features "
                                         r"X.shape\[0\]=2; got layer_dims=\[3, 1\]"):
        L_layer_model(X, Y, [3, 1])
    with pytest.raises(ValueError, match=r"the last layer must have 1 unit \(a sigmoid output\); "
                                         r"got sizes \[2, 3\]"):
        L_layer_model(X, Y, [2, 3])
    with pytest.raises(ValueError, match=r"layer_dims must hold positive ints; got 0"):
        L_layer_model(X, Y, [2, 0, 1])
    with pytest.raises(TypeError, match=r"layer_dims must hold positive ints; got 2.5"):
        L_layer_model(X, Y, [2, 2.5, 1])
    with pytest.raises(ValueError, match=r"X and Y must have the same number of columns"):
        L_layer_model(X, np.ones((1, 3)), [2, 1])
    with pytest.raises(ValueError, match=r"the last layer must have 1 unit \(a sigmoid output\); "
                                         r"got sizes \[2, 3, 2\]"):
        L_layer_model(X, Y, [2, 3, 2], init=initialize_parameters([2, 3, 2], rng=0))
    with pytest.raises(TypeError, match=r"num_iterations must be an int; got float"):
        L_layer_model(X, Y, [2, 1], num_iterations=10.0)
    with pytest.raises(TypeError, match=r"rng must be an int seed.*got float"):
        L_layer_model(X, Y, [2, 1], rng=1.5)


def test_backward_bad_caches():
    A_prev, W, b = layer(0)
    with pytest.raises(TypeError, match=r"cache must be the tuple \(A_prev, W, b\).*got list"):
        linear_backward(np.ones((4, 5)), [A_prev, W, b])
    with pytest.raises(ValueError, match=r"dZ must have 4 row\(s\).*got shape \(3, 5\)"):
        linear_backward(np.ones((3, 5)), (A_prev, W, b))
    _, cache = linear_activation_forward(A_prev, W, b, "tanh")
    with pytest.raises(ValueError, match=r"dA must have 5 column\(s\).*got shape \(4, 4\)"):
        linear_activation_backward(np.ones((4, 4)), cache, "tanh")
    AL, Y = np.array([[0.5]]), np.array([[1.0]])
    with pytest.raises(TypeError, match=r"caches must be the non-empty list.*got dict"):
        model_backward(AL, Y, {})
    with pytest.raises(TypeError, match=r"caches\[0\] must be the pair \(linear_cache, Z\).*got list"):
        model_backward(AL, Y, [[1, 2, 3]])
