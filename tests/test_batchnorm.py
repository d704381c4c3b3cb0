"""Tests of dlguide.batchnorm: the normalization, its gradient (checked numerically),
and its input checks."""

from __future__ import annotations

import numpy as np
import pytest

from dlguide.batchnorm import BatchNormCache, batchnorm_backward, batchnorm_forward
from dlguide.gradcheck import gradient_check

TOL = 1e-7


def case(seed, n=4, m=6):
    rng = np.random.default_rng(seed)
    return (rng.normal(2.0, 3.0, (n, m)), rng.normal(1.0, 0.5, (n, 1)),
            rng.normal(0.0, 0.5, (n, 1)))


@pytest.mark.parametrize("seed", range(3))
def test_each_unit_is_normalized_over_the_batch(seed):
    Z, gamma, beta = case(seed)
    Z_tilde, cache = batchnorm_forward(Z, np.ones_like(gamma), np.zeros_like(beta),
                                       epsilon=1e-12)
    np.testing.assert_allclose(Z_tilde.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(Z_tilde.var(axis=1), 1.0, rtol=1e-9)  # biased variance
    np.testing.assert_allclose(cache.mu, Z.mean(axis=1, keepdims=True), rtol=1e-13)
    np.testing.assert_allclose(cache.var, Z.var(axis=1, keepdims=True), rtol=1e-12)
    Z_tilde, _ = batchnorm_forward(Z, gamma, beta, epsilon=1e-12)
    np.testing.assert_allclose(Z_tilde.mean(axis=1, keepdims=True), beta, atol=1e-12)
    np.testing.assert_allclose(Z_tilde.std(axis=1, keepdims=True), np.abs(gamma), rtol=1e-9)


def test_the_formula_by_hand_and_the_variance_is_biased():
    Z = np.array([[1.0, 2.0, 3.0, 6.0]])
    Z_tilde, cache = batchnorm_forward(Z, np.array([[2.0]]), np.array([[0.5]]), epsilon=1e-5)
    mu, var = 3.0, ((1 - 3) ** 2 + (2 - 3) ** 2 + 0 + 3**2) / 4  # 1/m, not 1/(m - 1)
    np.testing.assert_allclose(cache.var, [[var]], rtol=1e-15)
    np.testing.assert_allclose(Z_tilde, 2.0 * (Z - mu) / np.sqrt(var + 1e-5) + 0.5, rtol=1e-14)


def test_a_constant_unit_maps_to_beta_without_dividing_by_zero():
    Z = np.vstack([np.full((1, 5), 7.0), np.arange(5.0)[None, :]])
    Z_tilde, cache = batchnorm_forward(Z, np.ones((2, 1)), np.full((2, 1), 0.3))
    np.testing.assert_allclose(Z_tilde[0], 0.3)
    assert np.isfinite(Z_tilde).all()
    dZ, dgamma, dbeta = batchnorm_backward(np.ones((2, 5)), cache)
    assert all(np.isfinite(a).all() for a in (dZ, dgamma, dbeta))


@pytest.mark.parametrize("seed", range(4))
def test_backward_gradient_check(seed):
    Z, gamma, beta = case(seed)
    G = np.random.default_rng(100 + seed).normal(size=Z.shape)

    def cost(p):
        Z_tilde, _ = batchnorm_forward(p["Z"], p["gamma"], p["beta"])
        return float(np.sum(G * Z_tilde ** 2))  # a nonlinear cost: dZ_tilde = 2 G Z_tilde

    Z_tilde, cache = batchnorm_forward(Z, gamma, beta)
    dZ, dgamma, dbeta = batchnorm_backward(2 * G * Z_tilde, cache)
    grads = {"dZ": dZ, "dgamma": dgamma, "dbeta": dbeta}
    assert gradient_check(cost, {"Z": Z, "gamma": gamma, "beta": beta}, grads,
                          epsilon=1e-6) < TOL


def test_backward_without_the_mean_and_variance_terms_fails_the_check():
    """The usual mistake, dZ = gamma dZ_tilde / sqrt(var + eps), is caught."""
    Z, gamma, beta = case(9)
    G = np.random.default_rng(9).normal(size=Z.shape)
    _, cache = batchnorm_forward(Z, gamma, beta)
    naive = gamma * G / np.sqrt(cache.var + cache.epsilon)

    def cost(p):
        return float(np.sum(G * batchnorm_forward(p["Z"], gamma, beta)[0]))

    assert gradient_check(cost, {"Z": Z}, {"dZ": naive}, epsilon=1e-6) > 1e-3


def test_float32_stays_float32():
    Z, gamma, beta = (a.astype(np.float32) for a in case(2))
    Z_tilde, cache = batchnorm_forward(Z, gamma, beta)
    dZ, dgamma, dbeta = batchnorm_backward(np.ones_like(Z), cache)
    assert {a.dtype for a in (Z_tilde, cache.Z_norm, dZ, dgamma, dbeta)} == {np.dtype("float32")}


def test_inputs_are_not_mutated_and_cache_repr_is_short():
    Z, gamma, beta = case(3)
    before = [a.copy() for a in (Z, gamma, beta)]
    _, cache = batchnorm_forward(Z, gamma, beta)
    G = np.ones_like(Z)
    batchnorm_backward(G, cache)
    for a, b in zip((Z, gamma, beta), before, strict=True):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(G, 1.0)
    assert len(repr(cache)) < 120


@pytest.mark.parametrize(("args", "exc", "match"), [
    ((np.ones((2, 3)), np.ones((3, 1)), np.zeros((2, 1))), ValueError,
     r"gamma must have 2 row\(s\)"),
    ((np.ones((2, 3)), np.ones((2, 1)), np.zeros((1, 2))), ValueError,
     r"beta must have 2 row\(s\)"),
    ((np.ones(3), np.ones((1, 1)), np.zeros((1, 1))), ValueError, r"Z must be a 2-D array"),
    ((np.full((2, 3), np.nan), np.ones((2, 1)), np.zeros((2, 1))), ValueError,
     r"Z must be finite"),
    ((np.ones((2, 0)), np.ones((2, 1)), np.zeros((2, 1))), ValueError, r"Z must not be empty"),
    (("Z", np.ones((2, 1)), np.zeros((2, 1))), TypeError, r"Z must be a numpy array"),
])
def test_forward_refuses_bad_input(args, exc, match):
    with pytest.raises(exc, match=match):
        batchnorm_forward(*args)


def test_epsilon_and_cache_are_checked():
    with pytest.raises(ValueError, match=r"epsilon must be finite and > 0; got 0"):
        batchnorm_forward(np.ones((1, 2)), np.ones((1, 1)), np.zeros((1, 1)), epsilon=0)
    _, cache = batchnorm_forward(np.arange(6.0).reshape(2, 3), np.ones((2, 1)), np.zeros((2, 1)))
    with pytest.raises(TypeError, match=r"cache must be the BatchNormCache"):
        batchnorm_backward(np.ones((2, 3)), tuple(cache))
    with pytest.raises(ValueError, match=r"dZ_tilde must have 3 column\(s\)"):
        batchnorm_backward(np.ones((2, 4)), cache)
    bad = BatchNormCache(cache.Z_norm, cache.mu, -cache.var - 1, cache.gamma, cache.epsilon)
    with pytest.raises(ValueError, match=r"cache.var must be >= 0"):
        batchnorm_backward(np.ones((2, 3)), bad)


# --- networks with batch norm ---------------------------------------------------------


def bn_data(seed=0, m=90):
    from dlguide.data import one_hot

    rng = np.random.default_rng(seed)
    X = rng.normal(3.0, 4.0, size=(5, m))  # far from zero mean and unit variance
    labels = (X[0] + X[1] > 6).astype(int) + (X[2] > 3).astype(int)
    return X, one_hot(labels.reshape(1, -1), 3)


def test_initialize_with_batch_norm_replaces_the_hidden_biases():
    from dlguide.initializers import initialize_parameters

    p = initialize_parameters([4, 5, 3, 2], rng=0, batch_norm=True)
    assert list(p) == ["W1", "gamma1", "beta1", "W2", "gamma2", "beta2", "W3", "b3"]
    np.testing.assert_array_equal(p["gamma1"], 1.0)
    np.testing.assert_array_equal(p["beta2"], 0.0)
    plain = initialize_parameters([4, 5, 3, 2], rng=0)
    for k in ("W1", "W2", "W3"):
        np.testing.assert_array_equal(p[k], plain[k])  # the same draws


def test_fit_with_batch_norm_keeps_running_averages_and_predicts_alone():
    from dlguide.network import model_forward, predict
    from dlguide.optimizers import Adam
    from dlguide.train import fit

    X, Y = bn_data()
    result = fit(X, Y, [5, 8, 6, 3], optimizer=Adam(0.02), num_epochs=40, mini_batch_size=30,
                 output_activation="softmax", batch_norm=True, rng=1, progress=False)
    p = result.params
    assert {"mu1", "sigma21", "mu2", "sigma22"} <= set(p)
    assert "b1" not in p
    assert "batch_norm=True" in repr(result)
    # the running averages follow the batches' statistics (the exact recurrence is pinned
    # in tests/test_step.py): near the full data's, within a fraction of a spread
    Z1 = p["W1"] @ X
    spread = Z1.std(axis=1, keepdims=True)
    assert np.all(np.abs(p["mu1"] - Z1.mean(axis=1, keepdims=True)) < 0.5 * spread)
    assert np.all((p["sigma21"] > 0.25 * spread**2) & (p["sigma21"] < 4 * spread**2))
    # test time: a single example's prediction does not depend on its batch
    alone = np.hstack([predict(X[:, [i]], p, output_activation="softmax") for i in range(10)])
    together = predict(X[:, :10], p, output_activation="softmax")
    np.testing.assert_array_equal(alone, together)
    AL_test, caches = model_forward(X[:, :1], p, output_activation="softmax", training=False)
    assert np.isfinite(AL_test).all()
    assert caches[0].bn_training is False
    acc = float(np.mean(predict(X, p, output_activation="softmax") == np.argmax(Y, axis=0)))
    assert acc > 0.9


def test_test_time_needs_the_running_averages_and_has_no_backward():
    from dlguide.initializers import initialize_parameters
    from dlguide.network import model_backward, model_forward, predict

    X, Y = bn_data(m=12)
    p = initialize_parameters([5, 4, 3], rng=0, batch_norm=True)
    with pytest.raises(ValueError, match=r"params hold no running averages mu\{l\} and "
                                         r"sigma2\{l\}"):
        predict(X, p, output_activation="softmax")
    p.update(mu1=np.zeros((4, 1)), sigma21=np.ones((4, 1)))
    AL, caches = model_forward(X, p, output_activation="softmax", training=False)
    with pytest.raises(ValueError, match=r"caches\[0\] comes from a test-time forward pass"):
        model_backward(AL, Y, caches)


def test_the_optimizer_leaves_the_running_averages_alone():
    from dlguide.initializers import initialize_parameters
    from dlguide.optimizers import Adam

    p = initialize_parameters([3, 4, 2], rng=0, batch_norm=True)
    p.update(mu1=np.full((4, 1), 0.5), sigma21=np.full((4, 1), 2.0))
    grads = {"d" + k: np.ones_like(v) for k, v in p.items() if k[:2] not in ("mu", "si")}
    before = {k: v.copy() for k, v in p.items()}
    Adam(0.1).update(p, grads)
    np.testing.assert_array_equal(p["mu1"], before["mu1"])
    np.testing.assert_array_equal(p["sigma21"], before["sigma21"])
    assert not np.array_equal(p["gamma1"], before["gamma1"])


def test_batch_norm_params_are_checked():
    from dlguide.initializers import initialize_parameters
    from dlguide.network import model_forward

    X, _ = bn_data(m=6)
    p = initialize_parameters([5, 4, 3], rng=0, batch_norm=True)
    bad = dict(p, b1=np.zeros((4, 1)))
    with pytest.raises(ValueError, match=r"params must have the keys W1, b1, \.\.\., WL, bL"):
        model_forward(X, bad, output_activation="softmax")
    with pytest.raises(ValueError, match=r"params\['gamma1'\] must have shape \(4, 1\)"):
        model_forward(X, dict(p, gamma1=np.ones((3, 1))), output_activation="softmax")
    with pytest.raises(ValueError, match=r"params\['sigma21'\] must be >= 0"):
        model_forward(X, dict(p, mu1=np.zeros((4, 1)), sigma21=-np.ones((4, 1))),
                      output_activation="softmax", training=False)


def test_fit_refuses_a_batch_of_one_example_with_batch_norm():
    from dlguide.optimizers import Adam
    from dlguide.train import fit

    X, Y = bn_data(m=65)
    for size in (64, 1):  # a last batch of 1, or every batch of 1
        with pytest.raises(ValueError, match=r"batch_norm needs at least 2 examples in every "
                                             r"mini-batch.*m = 65"):
            fit(X, Y, [5, 4, 3], optimizer=Adam(0.01), num_epochs=1, mini_batch_size=size,
                output_activation="softmax", batch_norm=True, progress=False)
    fit(X, Y, [5, 4, 3], optimizer=Adam(0.01), num_epochs=1, mini_batch_size=30,
        output_activation="softmax", batch_norm=True, progress=False)  # 30, 30, 5: fine
