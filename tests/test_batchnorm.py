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
