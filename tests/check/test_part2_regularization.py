"""Broken implementations of the graders in dlguide.check.part2_regularization, and the diagnosis each gets."""

from __future__ import annotations

import numpy as np
import pytest
from course_solutions import ok_dropout_forward, ok_l2_cost
from grading import Broken, assert_diagnosed, assert_table_covers

from dlguide.check import part2_regularization

BROKEN = Broken()


# --- l2_cost ------------------------------------------------------------------


def _weights(parameters):
    return [v for k, v in parameters.items() if k.startswith("W")]


@BROKEN("l2_cost", "factor of 2", "lambda / (2 m)")
def l2_no_two(parameters, lambd, m):
    return lambd / m * sum(np.sum(W**2) for W in _weights(parameters))


@BROKEN("l2_cost", "factor of m = 7")
def l2_no_m(parameters, lambd, m):
    return lambd / 2 * sum(np.sum(W**2) for W in _weights(parameters))


@BROKEN("l2_cost", "biases are penalized")
def l2_biases(parameters, lambd, m):
    return lambd / (2 * m) * sum(np.sum(v**2) for v in parameters.values())


@BROKEN("l2_cost", "sums the weights", "squares")
def l2_not_squared(parameters, lambd, m):
    return lambd / (2 * m) * sum(np.sum(W) for W in _weights(parameters))


@BROKEN("l2_cost", "frobenius norms", "squares")
def l2_norms(parameters, lambd, m):
    return lambd / (2 * m) * sum(np.linalg.norm(W) for W in _weights(parameters))


@BROKEN("l2_cost", "only w1")
def l2_first_layer(parameters, lambd, m):
    return lambd / (2 * m) * np.sum(parameters["W1"] ** 2)


@BROKEN("l2_cost", "shape (1, 1)", "wrong type")
def l2_array(parameters, lambd, m):
    return np.array([[ok_l2_cost(parameters, lambd, m)]])


@BROKEN("l2_cost", "last layer", "range(1, l + 1)")
def l2_skips_last(parameters, lambd, m):
    L = len(parameters) // 2
    return lambd / (2 * m) * sum(np.sum(parameters[f"W{l}"] ** 2) for l in range(1, L))


# --- l2_grads -----------------------------------------------------------------


@BROKEN("l2_grads", "2 cancels")
def l2g_half(parameters, lambd, m):
    return {"d" + k: lambd / (2 * m) * W for k, W in parameters.items() if k[0] == "W"}


@BROKEN("l2_grads", "factor of m = 7")
def l2g_no_m(parameters, lambd, m):
    return {"d" + k: lambd * W for k, W in parameters.items() if k[0] == "W"}


@BROKEN("l2_grads", "sign")
def l2g_sign(parameters, lambd, m):
    return {"d" + k: -lambd / m * W for k, W in parameters.items() if k[0] == "W"}


@BROKEN("l2_grads", "transpose")
def l2g_transposed(parameters, lambd, m):
    return {"d" + k: lambd / m * W.T for k, W in parameters.items() if k[0] == "W"}


@BROKEN("l2_grads", "mutated", "parameters['w1']")
def l2g_mutates(parameters, lambd, m):
    grads = {}
    for k, W in parameters.items():
        if k[0] == "W":
            W *= lambd / m
            grads["d" + k] = W
    return grads


@BROKEN("l2_grads", "nonzero db1", "biases are not regularized")
def l2g_biases(parameters, lambd, m):
    return {"d" + k: lambd / m * v for k, v in parameters.items()}


@BROKEN("l2_grads", "no key 'dw3'")
def l2g_missing_layer(parameters, lambd, m):
    L = len(parameters) // 2
    return {f"dW{l}": lambd / m * parameters[f"W{l}"] for l in range(1, L)}


@BROKEN("l2_grads", "w**2")
def l2g_squared(parameters, lambd, m):
    return {"d" + k: lambd / m * W**2 for k, W in parameters.items() if k[0] == "W"}


# --- dropout_forward ----------------------------------------------------------


@BROKEN("dropout_forward", "1/keep_prob rescale")
def do_no_rescale(A, keep_prob, rng):
    D = rng.random(A.shape) < keep_prob
    return A * D, D


@BROKEN("dropout_forward", "multiplied by keep_prob", "1/keep_prob")
def do_times_keep_prob(A, keep_prob, rng):
    D = rng.random(A.shape) < keep_prob
    return A * D * keep_prob, D


@BROKEN("dropout_forward", "1 - keep_prob", "not >")
def do_greater(A, keep_prob, rng):
    D = rng.random(A.shape) > keep_prob
    return A * D / keep_prob, D


@BROKEN("dropout_forward", "same rng", "np.random")
def do_global_random(A, keep_prob, rng):
    D = np.random.rand(*A.shape) < keep_prob  # noqa: NPY002 (the mistake under test)
    return A * D / keep_prob, D


@BROKEN("dropout_forward", "mutated", "a")
def do_in_place(A, keep_prob, rng):
    D = rng.random(A.shape) < keep_prob
    A *= D
    A /= keep_prob
    return A, D


@BROKEN("dropout_forward", "shape (50, 1)", "shared")
def do_per_unit(A, keep_prob, rng):
    D = rng.random((A.shape[0], 1)) < keep_prob
    return A * D / keep_prob, D


@BROKEN("dropout_forward", "not masked by the mask d it returns", "second random draw")
def do_two_masks(A, keep_prob, rng):
    D = rng.random(A.shape) < keep_prob
    D2 = rng.random(A.shape) < keep_prob
    return A * D2 / keep_prob, D


@BROKEN("dropout_forward", "values other than 0 and 1")
def do_returns_uniforms(A, keep_prob, rng):
    U = rng.random(A.shape)
    return A * (U < keep_prob) / keep_prob, U


@BROKEN("dropout_forward", "raised typeerror", "named rng")
def do_seed_parameter(A, keep_prob, seed):
    return ok_dropout_forward(A, keep_prob, np.random.default_rng(seed))


@BROKEN("dropout_forward", "rng argument is ignored")
def do_fixed_seed(A, keep_prob, rng):
    return ok_dropout_forward(A, keep_prob, np.random.default_rng(0))


# --- dropout_backward -----------------------------------------------------------


@BROKEN("dropout_backward", "1/keep_prob rescale is missing")
def db_no_rescale(dA, D, keep_prob):
    return dA * D


@BROKEN("dropout_backward", "mask d from the forward pass", "fresh random mask")
def db_fresh_mask(dA, D, keep_prob):
    D = np.random.rand(*dA.shape) < keep_prob  # noqa: NPY002 (the mistake under test)
    return dA * D / keep_prob


@BROKEN("dropout_backward", "mutated", "da")
def db_in_place(dA, D, keep_prob):
    dA *= D
    dA /= keep_prob
    return dA


@BROKEN("dropout_backward", "multiplies by keep_prob")
def db_times_keep_prob(dA, D, keep_prob):
    return dA * D * keep_prob


@BROKEN("dropout_backward", "mask d is not applied")
def db_no_mask(dA, D, keep_prob):
    return dA / keep_prob


@BROKEN("dropout_backward", "inverted")
def db_inverted(dA, D, keep_prob):
    return dA * (1 - D) / keep_prob


@BROKEN("dropout_backward", "sign")
def db_sign(dA, D, keep_prob):
    return -dA * D / keep_prob


@pytest.mark.parametrize(("name", "fn", "words"), BROKEN.params)
def test_broken_implementation_is_diagnosed(name, fn, words):
    assert_diagnosed(name, fn, words)


def test_at_least_five_kinds_of_mistake_per_grader():
    assert_table_covers(BROKEN, part2_regularization)
