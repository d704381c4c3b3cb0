"""Broken implementations of the graders in dlguide.check.part1_logistic, and the diagnosis each gets."""

from __future__ import annotations

import math

import numpy as np
import pytest
from course_solutions import sig
from grading import Broken, assert_diagnosed, assert_table_covers

from dlguide.check import part1_logistic

BROKEN = Broken()


# --- sigmoid ------------------------------------------------------------------


@BROKEN("sigmoid", "sign")
def sigmoid_flipped_sign(z):
    return 1 / (1 + np.exp(z))


@BROKEN("sigmoid", "`1 +` is missing")
def sigmoid_no_one(z):
    return 1 / np.exp(-z)


@BROKEN("sigmoid", "raised TypeError", "np.exp", "math.exp(-z)")
def sigmoid_math_exp(z):
    return 1 / (1 + math.exp(-z))


@BROKEN("sigmoid", "wrong type", "list")
def sigmoid_list(z):
    return (1 / (1 + np.exp(-z))).tolist()


@BROKEN("sigmoid", "mutated", "z")
def sigmoid_in_place(z):
    z *= -1
    np.exp(z, out=z)
    z += 1
    return 1 / z


@BROKEN("sigmoid", "tanh")
def sigmoid_tanh(z):
    return np.tanh(z)


@BROKEN("sigmoid", "shape (21,)", "expected (3, 7)")
def sigmoid_ravel(z):
    return sig(z).ravel()


@BROKEN("sigmoid", "derivative")
def sigmoid_derivative(z):
    return sig(z) * (1 - sig(z))


# --- sigmoid_backward ---------------------------------------------------------


@BROKEN("sigmoid_backward", "factor da is missing")
def sigmoid_backward_no_dA(dA, Z):
    return sig(Z) * (1 - sig(Z))


@BROKEN("sigmoid_backward", "uses z where sigma(z) belongs")
def sigmoid_backward_uses_Z(dA, Z):
    return dA * Z * (1 - Z)


@BROKEN("sigmoid_backward", "sign")
def sigmoid_backward_sign(dA, Z):
    return -dA * sig(Z) * (1 - sig(Z))


@BROKEN("sigmoid_backward", "mutated", "da")
def sigmoid_backward_in_place(dA, Z):
    s = sig(Z)
    dA *= s * (1 - s)
    return dA


@BROKEN("sigmoid_backward", "(1 - s) is missing")
def sigmoid_backward_no_one_minus(dA, Z):
    return dA * sig(Z)


@BROKEN("sigmoid_backward", "none", "return")
def sigmoid_backward_no_return(dA, Z):
    s = sig(Z)
    dZ = dA * s * (1 - s)  # noqa: F841


@BROKEN("sigmoid_backward", "shape (3, 3)", "expected (3, 7)")
def sigmoid_backward_dot(dA, Z):
    return dA @ (sig(Z) * (1 - sig(Z))).T


@BROKEN("sigmoid_backward", "numerical gradient")
def sigmoid_backward_unknown(dA, Z):
    return dA * sig(Z) * (1 - sig(Z)) + 0.01 * Z**2


# --- propagate ----------------------------------------------------------------


def _prop(w, b, X, Y, *, dz_sign=1, m_div=True, transpose=False, sigmoid=True):
    m = X.shape[1]
    Z = w.T @ X + b
    A = sig(Z) if sigmoid else Z
    cost = -np.sum(Y * np.log(sig(Z)) + (1 - Y) * np.log(1 - sig(Z))) / m
    dZ = dz_sign * (A - Y)
    dw = (dZ @ X.T if transpose else X @ dZ.T) / (m if m_div else 1)
    db = float(np.sum(dZ)) / (m if m_div else 1)
    return {"dw": dw, "db": db}, float(cost)


@BROKEN("propagate", "factor of m = 7", "too large")
def propagate_no_m(w, b, X, Y):
    return _prop(w, b, X, Y, m_div=False)


@BROKEN("propagate", "transpose", "(1, 3)")
def propagate_transposed(w, b, X, Y):
    return _prop(w, b, X, Y, transpose=True)


@BROKEN("propagate", "sign")
def propagate_sign(w, b, X, Y):
    return _prop(w, b, X, Y, dz_sign=-1)


@BROKEN("propagate", "sigmoid is missing")
def propagate_no_sigmoid(w, b, X, Y):
    return _prop(w, b, X, Y, sigmoid=False)


@BROKEN("propagate", "grads['db'] is an array of shape (1, 1)", "wrong type", "float")
def propagate_db_array(w, b, X, Y):
    grads, cost = _prop(w, b, X, Y)
    A = sig(w.T @ X + b)
    grads["db"] = np.sum(A - Y, axis=1, keepdims=True) / X.shape[1]
    return grads, cost


@BROKEN("propagate", "order is (grads, cost)")
def propagate_swapped(w, b, X, Y):
    grads, cost = _prop(w, b, X, Y)
    return cost, grads


@BROKEN("propagate", "cost has the wrong sign", "leading minus")
def propagate_cost_sign(w, b, X, Y):
    grads, cost = _prop(w, b, X, Y)
    return grads, -cost


@BROKEN("propagate", "raised valueerror", "line", "np.dot(w, x)", "transpose")
def propagate_raises(w, b, X, Y):
    A = sig(np.dot(w, X) + b)
    return A


@BROKEN("propagate", "(1 - y) log(1 - a) term is missing")
def propagate_cost_half(w, b, X, Y):
    grads, _ = _prop(w, b, X, Y)
    A = sig(w.T @ X + b)
    return grads, float(-np.sum(Y * np.log(A)) / X.shape[1])


@BROKEN("propagate", "mutated", "x")
def propagate_mutates_X(w, b, X, Y):
    out = _prop(w, b, X, Y)
    X *= 0
    return out


@pytest.mark.parametrize(("name", "fn", "words"), BROKEN.params)
def test_broken_implementation_is_diagnosed(name, fn, words):
    assert_diagnosed(name, fn, words)


def test_at_least_five_kinds_of_mistake_per_grader():
    assert_table_covers(BROKEN, part1_logistic)
