"""Broken implementations of the graders in dlguide.check.part1_deep_forward, and the diagnosis each gets."""

from __future__ import annotations

import numpy as np
import pytest
from course_solutions import sig
from grading import Broken, assert_diagnosed, assert_table_covers

from dlguide.check import part1_deep_forward

BROKEN = Broken()


# --- linear_forward -----------------------------------------------------------


@BROKEN("linear_forward", "transpose", "(7, 4)")
def linear_forward_transposed(A_prev, W, b):
    return A_prev.T @ W.T + b.T, (A_prev, W, b)


@BROKEN("linear_forward", "b is missing")
def linear_forward_no_b(A_prev, W, b):
    return W @ A_prev, (A_prev, W, b)


@BROKEN("linear_forward", "wrong order", "(a_prev, w, b)")
def linear_forward_cache_order(A_prev, W, b):
    return W @ A_prev + b, (W, A_prev, b)


@BROKEN("linear_forward", "raised valueerror", "broadcast", "w * a_prev")
def linear_forward_elementwise(A_prev, W, b):
    Z = W * A_prev + b
    return Z, (A_prev, W, b)


@BROKEN("linear_forward", "mutated", "a_prev")
def linear_forward_mutates(A_prev, W, b):
    Z = W @ A_prev + b
    cache = (A_prev.copy(), W, b)
    A_prev[:] = 0
    return Z, cache


@BROKEN("linear_forward", "returned an array of shape (4, 7)", "wrong type", "(z, cache)")
def linear_forward_only_Z(A_prev, W, b):
    return W @ A_prev + b


@BROKEN("linear_forward", "a dict", "(a_prev, w, b)")
def linear_forward_cache_dict(A_prev, W, b):
    return W @ A_prev + b, {"A_prev": A_prev, "W": W, "b": b}


# --- linear_activation_forward --------------------------------------------------


@BROKEN("linear_activation_forward", "applies relu for activation='sigmoid'")
def laf_swapped(A_prev, W, b, activation):
    Z = W @ A_prev + b
    A = np.maximum(0, Z) if activation == "sigmoid" else sig(Z)
    return A, ((A_prev, W, b), Z)


@BROKEN("linear_activation_forward", "activation is missing")
def laf_no_activation(A_prev, W, b, activation):
    Z = W @ A_prev + b
    return Z, ((A_prev, W, b), Z)


@BROKEN("linear_activation_forward", "activation cache holds a", "must hold z")
def laf_caches_A(A_prev, W, b, activation):
    Z = W @ A_prev + b
    A = sig(Z) if activation == "sigmoid" else np.maximum(0, Z)
    return A, ((A_prev, W, b), A)


@BROKEN("linear_activation_forward", "wrong order", "(linear_cache, z)")
def laf_cache_order(A_prev, W, b, activation):
    Z = W @ A_prev + b
    A = sig(Z) if activation == "sigmoid" else np.maximum(0, Z)
    return A, (Z, (A_prev, W, b))


@BROKEN("linear_activation_forward", "applies tanh")
def laf_tanh(A_prev, W, b, activation):
    Z = W @ A_prev + b
    return np.tanh(Z), ((A_prev, W, b), Z)


# --- model_forward ------------------------------------------------------------


def _mf(X, parameters, *, hidden="relu", output="sigmoid", bias=True, cache_A=False,
        skip_output_cache=False):
    g = {"relu": lambda Z: np.maximum(0, Z), "sigmoid": sig, "tanh": np.tanh}
    caches, A = [], X
    L = len(parameters) // 2
    for l in range(1, L + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        Z = W @ A + (b if bias else 0)
        A_new = g[hidden if l < L else output](Z)
        if not (skip_output_cache and l == L):
            caches.append(((A, W, b), A_new if cache_A else Z))
        A = A_new
    return A, caches


@BROKEN("model_forward", "hidden layers use the sigmoid")
def mf_all_sigmoid(X, parameters):
    return _mf(X, parameters, hidden="sigmoid")


@BROKEN("model_forward", "output layer uses relu")
def mf_relu_output(X, parameters):
    return _mf(X, parameters, output="relu")


@BROKEN("model_forward", "one cache per layer", "output layer")
def mf_no_output_cache(X, parameters):
    return _mf(X, parameters, skip_output_cache=True)


@BROKEN("model_forward", "holds a", "must hold z")
def mf_caches_A(X, parameters):
    return _mf(X, parameters, cache_A=True)


@BROKEN("model_forward", "raised", "line", "hint")
def mf_skips_a_layer(X, parameters):
    A = X
    L = len(parameters) // 2
    for l in range(1, L - 1):
        A = np.maximum(0, parameters[f"W{l}"] @ A + parameters[f"b{l}"])
    AL = sig(parameters[f"W{L}"] @ A + parameters[f"b{L}"])
    return AL, []


@BROKEN("model_forward", "biases are missing")
def mf_no_bias(X, parameters):
    return _mf(X, parameters, bias=False)


@BROKEN("model_forward", "hidden layers use tanh")
def mf_tanh(X, parameters):
    return _mf(X, parameters, hidden="tanh")


# --- compute_cost -----------------------------------------------------------------


@BROKEN("compute_cost", "wrong sign", "leading minus")
def cost_sign(AL, Y):
    return float(np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / Y.shape[1])


@BROKEN("compute_cost", "factor of m = 7")
def cost_no_m(AL, Y):
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))


@BROKEN("compute_cost", "shape (1, 1)", "wrong type")
def cost_array(AL, Y):
    m = Y.shape[1]
    return -(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m


@BROKEN("compute_cost", "term is missing")
def cost_half(AL, Y):
    return float(-np.sum(Y * np.log(AL)) / Y.shape[1])


@BROKEN("compute_cost", "np.log10")
def cost_log10(AL, Y):
    return float(-np.sum(Y * np.log10(AL) + (1 - Y) * np.log10(1 - AL)) / Y.shape[1])


@BROKEN("compute_cost", "shape (7,)", "axis")
def cost_axis(AL, Y):
    return -np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL), axis=0)


@BROKEN("compute_cost", "raised valueerror", "transpose", "np.dot(y, np.log(al))")
def cost_dot(AL, Y):
    m = Y.shape[1]
    return float(-(np.dot(Y, np.log(AL)) + np.dot(1 - Y, np.log(1 - AL))) / m)


@BROKEN("compute_cost", "mutated", "al")
def cost_reuses_AL(AL, Y):
    log_a = np.log(AL)
    np.subtract(1, AL, out=AL)  # reuses AL's memory for 1 - AL
    return float(-np.sum(Y * log_a + (1 - Y) * np.log(AL)) / Y.shape[1])


@BROKEN("compute_cost", "logarithms are swapped")
def cost_swapped_logs(AL, Y):
    return float(-np.sum(Y * np.log(1 - AL) + (1 - Y) * np.log(AL)) / Y.shape[1])


@pytest.mark.parametrize(("name", "fn", "words"), BROKEN.params)
def test_broken_implementation_is_diagnosed(name, fn, words):
    assert_diagnosed(name, fn, words)


def test_at_least_five_kinds_of_mistake_per_grader():
    assert_table_covers(BROKEN, part1_deep_forward)
