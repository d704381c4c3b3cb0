"""Broken implementations of the graders in dlguide.check.part1_deep_backward, and the diagnosis each gets."""

from __future__ import annotations

import numpy as np
import pytest
from course_solutions import sig
from grading import Broken, assert_diagnosed, assert_table_covers

from dlguide.check import part1_deep_backward

BROKEN = Broken()


# --- linear_backward ----------------------------------------------------------


def _lb(dZ, cache, *, m_div=True, keepdims=True, transpose=False, dA_div=False, sign=1,
        axis=1):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    k = m if m_div else 1
    dW = sign * ((A_prev @ dZ.T) if transpose else (dZ @ A_prev.T)) / k
    db = sign * np.sum(dZ, axis=axis, keepdims=keepdims) / k
    dA_prev = sign * (W.T @ dZ) / (m if dA_div else 1)
    return dA_prev, dW, db


@BROKEN("linear_backward", "dw is off by a factor of m = 7")
def linear_backward_no_m(dZ, cache):
    return _lb(dZ, cache, m_div=False)


@BROKEN("linear_backward", "db has shape (4,)", "keepdims=true")
def linear_backward_no_keepdims(dZ, cache):
    return _lb(dZ, cache, keepdims=False)


@BROKEN("linear_backward", "dw has shape (3, 4)", "transpose")
def linear_backward_transposed(dZ, cache):
    return _lb(dZ, cache, transpose=True)


@BROKEN("linear_backward", "raised valueerror", "transpose", "dA_prev = np.dot(W, dZ)")
def linear_backward_W_not_T(dZ, cache):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W, dZ)
    return dA_prev, dW, db


@BROKEN("linear_backward", "da_prev is divided by m", "no 1/m")
def linear_backward_dA_over_m(dZ, cache):
    return _lb(dZ, cache, dA_div=True)


@BROKEN("linear_backward", "sign")
def linear_backward_sign(dZ, cache):
    return _lb(dZ, cache, sign=-1)


@BROKEN("linear_backward", "wrong axis", "axis=1")
def linear_backward_axis(dZ, cache):
    return _lb(dZ, cache, axis=0)


@BROKEN("linear_backward", "mutated", "dz")
def linear_backward_mutates(dZ, cache):
    A_prev, W, _ = cache
    dA_prev = W.T @ dZ
    dZ /= A_prev.shape[1]
    return dA_prev, dZ @ A_prev.T, np.sum(dZ, axis=1, keepdims=True)


@BROKEN("linear_backward", "returned 2 values", "(da_prev, dw, db)")
def linear_backward_two_outputs(dZ, cache):
    return _lb(dZ, cache)[1:]


# --- linear_activation_backward ---------------------------------------------------


def _lab(dA, cache, activation, *, dz=None, m_div=True):
    linear_cache, Z = cache
    if dz is None:
        s = sig(Z)
        dZ = dA * s * (1 - s) if activation == "sigmoid" else dA * (Z > 0)
    else:
        dZ = dz(dA, Z, activation)
    return _lb(dZ, linear_cache, m_div=m_div)


@BROKEN("linear_activation_backward", "derivative is missing")
def lab_no_derivative(dA, cache, activation):
    return _lab(dA, cache, activation, dz=lambda dA, Z, a: dA)


@BROKEN("linear_activation_backward", "derivative of relu for activation='sigmoid'")
def lab_swapped(dA, cache, activation):
    def dz(dA, Z, a):
        s = sig(Z)
        return dA * (Z > 0) if a == "sigmoid" else dA * s * (1 - s)
    return _lab(dA, cache, activation, dz=dz)


@BROKEN("linear_activation_backward", "mutated", "da")
def lab_relu_in_place(dA, cache, activation):
    linear_cache, Z = cache
    if activation == "relu":
        dZ = dA
        dZ[Z <= 0] = 0
    else:
        dZ = dA * sig(Z) * (1 - sig(Z))
    return _lb(dZ, linear_cache)


@BROKEN("linear_activation_backward", "z (1 - z)")
def lab_sigmoid_of_Z(dA, cache, activation):
    return _lab(dA, cache, activation,
                dz=lambda dA, Z, a: dA * Z * (1 - Z) if a == "sigmoid" else dA * (Z > 0))


@BROKEN("linear_activation_backward", "factor of m = 7")
def lab_no_m(dA, cache, activation):
    return _lab(dA, cache, activation, m_div=False)


@BROKEN("linear_activation_backward", "step [z > 0]", "not relu(z)")
def lab_relu_value(dA, cache, activation):
    def dz(dA, Z, a):
        s = sig(Z)
        return dA * s * (1 - s) if a == "sigmoid" else dA * np.maximum(Z, 0)
    return _lab(dA, cache, activation, dz=dz)


# --- model_backward -----------------------------------------------------------


def _mb(AL, Y, caches, *, sign=1, out="sigmoid", hidden="relu", shift=0, m_div=True,
        keepdims=True):
    grads = {}
    L = len(caches)
    dA = sign * -(Y / AL - (1 - Y) / (1 - AL))
    for l in range(L, 0, -1):
        (A_prev, W, _), Z = caches[l - 1]
        kind = out if l == L else hidden
        if kind == "sigmoid":
            s = sig(Z)
            dZ = dA * s * (1 - s)
        else:
            dZ = dA * (Z > 0)
        m = A_prev.shape[1] if m_div else 1
        grads[f"dW{l - shift}"] = dZ @ A_prev.T / m
        grads[f"db{l - shift}"] = np.sum(dZ, axis=1, keepdims=keepdims) / m
        dA = W.T @ dZ
    return grads


@BROKEN("model_backward", "wrong sign")
def mb_sign(AL, Y, caches):
    return _mb(AL, Y, caches, sign=-1)


@BROKEN("model_backward", "output layer's backward uses relu")
def mb_relu_output(AL, Y, caches):
    return _mb(AL, Y, caches, out="relu")


@BROKEN("model_backward", "hidden layers' backward uses the sigmoid")
def mb_sigmoid_hidden(AL, Y, caches):
    return _mb(AL, Y, caches, hidden="sigmoid")


@BROKEN("model_backward", "off by one", "dw1, db1")
def mb_keys_from_zero(AL, Y, caches):
    return _mb(AL, Y, caches, shift=1)


@BROKEN("model_backward", "factor of m = 7")
def mb_no_m(AL, Y, caches):
    return _mb(AL, Y, caches, m_div=False)


@BROKEN("model_backward", "keepdims")
def mb_no_keepdims(AL, Y, caches):
    return _mb(AL, Y, caches, keepdims=False)


@BROKEN("model_backward", "mutated", "caches[0]")
def mb_mutates(AL, Y, caches):
    grads = _mb(AL, Y, caches)
    caches[0][1][:] = 0
    return grads


@BROKEN("model_backward", "the shape of w2", "off by one")
def mb_layer_mixup(AL, Y, caches):
    grads = _mb(AL, Y, caches)
    grads["dW3"] = grads["dW2"]
    return grads


# --- update_parameters ------------------------------------------------------------


@BROKEN("update_parameters", "wrong sign", "downhill")
def up_sign(parameters, grads, learning_rate):
    return {k: v + learning_rate * grads["d" + k] for k, v in parameters.items()}


@BROKEN("update_parameters", "learning rate is missing")
def up_no_lr(parameters, grads, learning_rate):
    return {k: v - grads["d" + k] for k, v in parameters.items()}


@BROKEN("update_parameters", "parameters['b1'] did not change", "not updated")
def up_no_b(parameters, grads, learning_rate):
    return {k: v - learning_rate * grads["d" + k] if k[0] == "W" else v
            for k, v in parameters.items()}


@BROKEN("update_parameters", "none", "return")
def up_no_return(parameters, grads, learning_rate):
    for k in parameters:
        parameters[k] -= learning_rate * grads["d" + k]


@BROKEN("update_parameters", "parameters['w2'] did not change")
def up_skips_last_layer(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L):
        parameters[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        parameters[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return parameters


@BROKEN("update_parameters", "mutated", "grads")
def up_mutates_grads(parameters, grads, learning_rate):
    for k in grads:
        grads[k] *= learning_rate
    return {k: v - grads["d" + k] for k, v in parameters.items()}


@pytest.mark.parametrize(("name", "fn", "words"), BROKEN.params)
def test_broken_implementation_is_diagnosed(name, fn, words):
    assert_diagnosed(name, fn, words)


def test_at_least_five_kinds_of_mistake_per_grader():
    assert_table_covers(BROKEN, part1_deep_backward)
