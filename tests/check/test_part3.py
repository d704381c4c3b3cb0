"""Broken implementations of the graders in dlguide.check.part3, and the diagnosis each gets."""

from __future__ import annotations

import numpy as np
import pytest
from course_solutions import (
    ok_batchnorm_backward,
    ok_batchnorm_forward,
    ok_categorical_cost,
    ok_one_hot,
    ok_softmax,
)
from grading import Broken, assert_diagnosed, assert_table_covers

from dlguide.check import part3

BROKEN = Broken()


# --- softmax ------------------------------------------------------------------------------


@BROKEN("softmax", "rows", "axis=0")
def softmax_rows(Z):
    return ok_softmax(Z.T).T


@BROKEN("softmax", "sum of all entries")
def softmax_all(Z):
    e = np.exp(Z - Z.max())
    return e / e.sum()


@BROKEN("softmax", "normalization is missing")
def softmax_no_sum(Z):
    return np.exp(Z)


@BROKEN("softmax", "sigmoid")
def softmax_sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


@BROKEN("softmax", "overflow", "maximum")
def softmax_no_shift(Z):
    e = np.exp(Z)
    return e / e.sum(axis=0, keepdims=True)


@BROKEN("softmax", "mutated")
def softmax_in_place(Z):
    Z -= Z.max(axis=0, keepdims=True)
    np.exp(Z, out=Z)
    Z /= Z.sum(axis=0, keepdims=True)
    return Z


# --- one_hot ----------------------------------------------------------------------------


@BROKEN("one_hot", "transpose")
def one_hot_transposed(labels, num_classes):
    return ok_one_hot(labels, num_classes).T


@BROKEN("one_hot", "off by one")
def one_hot_shifted(labels, num_classes):
    Y = np.zeros((num_classes, labels.shape[1]))
    ok = labels.ravel() + 1 < num_classes
    Y[(labels.ravel() + 1)[ok], np.arange(labels.shape[1])[ok]] = 1
    return Y


@BROKEN("one_hot", "one class too few")
def one_hot_from_data(labels, num_classes):
    return ok_one_hot(labels, int(labels.max()) + 1)


@BROKEN("one_hot", "wrong type")
def one_hot_list(labels, num_classes):
    return ok_one_hot(labels, num_classes).tolist()


@BROKEN("one_hot", "mutated")
def one_hot_mutates(labels, num_classes):
    out = ok_one_hot(labels, num_classes)
    labels[...] = 0
    return out


# --- categorical_cost ----------------------------------------------------------------


@BROKEN("categorical_cost", "C = 4 times too small")
def cost_mean_all(AL, Y):
    return -np.mean(Y * np.log(AL))


@BROKEN("categorical_cost", "binary cross-entropy")
def cost_binary(AL, Y):
    return -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / Y.shape[1]


@BROKEN("categorical_cost", "sign")
def cost_sign(AL, Y):
    return -ok_categorical_cost(AL, Y)


@BROKEN("categorical_cost", "factor of m")
def cost_no_m(AL, Y):
    return -np.sum(Y * np.log(AL))


@BROKEN("categorical_cost", "array of shape", "one number")
def cost_per_example(AL, Y):
    return -np.sum(Y * np.log(AL), axis=0)


@BROKEN("categorical_cost", "log10")
def cost_log10(AL, Y):
    return -np.sum(Y * np.log10(AL)) / Y.shape[1]


# --- batchnorm_forward -------------------------------------------------------------------


def _bn(Z, gamma, beta, epsilon, *, axis=1, ddof=0, eps=True, root=True, center=True):
    mu = Z.mean(axis=axis, keepdims=True)
    var = Z.var(axis=axis, ddof=ddof, keepdims=True) + (epsilon if eps else 0.0)
    Z_norm = ((Z - mu) if center else Z) / (np.sqrt(var) if root else var)
    return gamma * Z_norm + beta, None


@BROKEN("batchnorm_forward", "ddof=1", "biased")
def bn_unbiased(Z, gamma, beta, epsilon):
    return _bn(Z, gamma, beta, epsilon, ddof=1)


@BROKEN("batchnorm_forward", "over the units (axis=0)")
def bn_axis0(Z, gamma, beta, epsilon):
    return _bn(Z, gamma, beta, epsilon, axis=0)


@BROKEN("batchnorm_forward", "epsilon is missing")
def bn_no_eps(Z, gamma, beta, epsilon):
    return _bn(Z, gamma, beta, epsilon, eps=False)


@BROKEN("batchnorm_forward", "square root is missing")
def bn_no_root(Z, gamma, beta, epsilon):
    return _bn(Z, gamma, beta, epsilon, root=False)


@BROKEN("batchnorm_forward", "swapped")
def bn_swapped(Z, gamma, beta, epsilon):
    return _bn(Z, beta, gamma, epsilon)


@BROKEN("batchnorm_forward", "mean is not subtracted")
def bn_not_centred(Z, gamma, beta, epsilon):
    return _bn(Z, gamma, beta, epsilon, center=False)


@BROKEN("batchnorm_forward", "outside the square root")
def bn_eps_outside(Z, gamma, beta, epsilon):
    mu = Z.mean(axis=1, keepdims=True)
    return gamma * (Z - mu) / (np.std(Z, axis=1, keepdims=True) + epsilon) + beta, None


@BROKEN("batchnorm_forward", "mutated")
def bn_in_place(Z, gamma, beta, epsilon):
    Z -= Z.mean(axis=1, keepdims=True)
    return ok_batchnorm_forward(Z, gamma, beta, epsilon)


# --- batchnorm_backward ------------------------------------------------------------------


@BROKEN("batchnorm_backward", "leaves out the mean's and the variance's terms")
def bnb_naive(dZ_tilde, cache):
    _, dgamma, dbeta = ok_batchnorm_backward(dZ_tilde, cache)
    return cache.gamma * dZ_tilde / np.sqrt(cache.var + cache.epsilon), dgamma, dbeta


@BROKEN("batchnorm_backward", "the mean's term but not the variance's")
def bnb_mean_only(dZ_tilde, cache):
    _, dgamma, dbeta = ok_batchnorm_backward(dZ_tilde, cache)
    dZn = cache.gamma * dZ_tilde
    return (dZn - dZn.mean(axis=1, keepdims=True)) / np.sqrt(cache.var + cache.epsilon), \
        dgamma, dbeta


@BROKEN("batchnorm_backward", "dgamma", "axis")
def bnb_dgamma_axis(dZ_tilde, cache):
    dZ, _, dbeta = ok_batchnorm_backward(dZ_tilde, cache)
    return dZ, np.sum(dZ_tilde * cache.Z_norm, axis=0, keepdims=True), dbeta


@BROKEN("batchnorm_backward", "dgamma leaves out Z_norm")
def bnb_dgamma_no_znorm(dZ_tilde, cache):
    dZ, _, dbeta = ok_batchnorm_backward(dZ_tilde, cache)
    return dZ, np.sum(dZ_tilde, axis=1, keepdims=True), dbeta


@BROKEN("batchnorm_backward", "dbeta is the mean")
def bnb_dbeta_mean(dZ_tilde, cache):
    dZ, dgamma, _ = ok_batchnorm_backward(dZ_tilde, cache)
    return dZ, dgamma, np.mean(dZ_tilde, axis=1, keepdims=True)


@BROKEN("batchnorm_backward", "mutated")
def bnb_in_place(dZ_tilde, cache):
    out = ok_batchnorm_backward(dZ_tilde, cache)
    dZ_tilde *= 0
    return out


@pytest.mark.parametrize(("name", "fn", "words"), BROKEN.params)
def test_broken_implementation_is_diagnosed(name, fn, words):
    assert_diagnosed(name, fn, words)


def test_at_least_five_kinds_of_mistake_per_grader():
    assert_table_covers(BROKEN, part3)
