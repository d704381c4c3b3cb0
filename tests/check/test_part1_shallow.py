"""Broken implementations of the graders in dlguide.check.part1_shallow, and the diagnosis each gets."""

from __future__ import annotations

import numpy as np
import pytest
from course_solutions import sig
from grading import Broken, assert_diagnosed, assert_table_covers

from dlguide.check import part1_shallow

BROKEN = Broken()


# --- forward_propagation --------------------------------------------------------


def _fwd(X, p, *, hidden=np.tanh, out=sig, transpose=False, bias=True, z2_from_z1=False):
    if transpose:  # examples as rows throughout
        Z1 = X.T @ p["W1"].T + p["b1"].T
        A1 = hidden(Z1)
        Z2 = A1 @ p["W2"].T + p["b2"]
        return out(Z2), {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": out(Z2)}
    Z1 = p["W1"] @ X + (p["b1"] if bias else 0)
    A1 = hidden(Z1)
    Z2 = p["W2"] @ (Z1 if z2_from_z1 else A1) + p["b2"]
    A2 = out(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


@BROKEN("forward_propagation", "hidden layer uses the sigmoid", "tanh")
def forward_sigmoid_hidden(X, parameters):
    return _fwd(X, parameters, hidden=sig)


@BROKEN("forward_propagation", "transpose", "(7, 4)")
def forward_transposed(X, parameters):
    return _fwd(X, parameters, transpose=True)


@BROKEN("forward_propagation", "b1 is missing")
def forward_no_bias(X, parameters):
    return _fwd(X, parameters, bias=False)


@BROKEN("forward_propagation", "no key 'z2'")
def forward_missing_key(X, parameters):
    A2, cache = _fwd(X, parameters)
    del cache["Z2"]
    return A2, cache


@BROKEN("forward_propagation", "the shape of a1", "return a2")
def forward_returns_A1(X, parameters):
    _, cache = _fwd(X, parameters)
    return cache["A1"], cache


@BROKEN("forward_propagation", "output uses tanh", "sigmoid")
def forward_tanh_output(X, parameters):
    return _fwd(X, parameters, out=np.tanh)


@BROKEN("forward_propagation", "mutated", "parameters['w1']")
def forward_mutates(X, parameters):
    parameters["W1"] = parameters["W1"].copy()
    out = _fwd(X, parameters)
    parameters["W1"] *= 2
    return out


@BROKEN("forward_propagation", "computed from z1")
def forward_z2_from_z1(X, parameters):
    return _fwd(X, parameters, z2_from_z1=True)


# --- backward_propagation -----------------------------------------------------


def _bwd(parameters, cache, X, Y, *, m_div=True, keepdims=True, transpose=False, sign=1,
         deriv="tanh", axis=1):
    m = X.shape[1] if m_div else 1
    A1, A2, Z1 = cache["A1"], cache["A2"], cache["Z1"]
    dZ2 = sign * (A2 - Y)
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=axis, keepdims=keepdims) / m
    g = {"tanh": 1 - A1**2, "no_square": 1 - A1, "none": 1.0, "Z1": 1 - Z1**2}[deriv]
    dZ1 = parameters["W2"].T @ dZ2 * g
    dW1 = (X @ dZ1.T if transpose else dZ1 @ X.T) / m
    db1 = np.sum(dZ1, axis=axis, keepdims=keepdims) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


@BROKEN("backward_propagation", "factor of m = 7")
def backward_no_m(parameters, cache, X, Y):
    return _bwd(parameters, cache, X, Y, m_div=False)


@BROKEN("backward_propagation", "keepdims")
def backward_no_keepdims(parameters, cache, X, Y):
    return _bwd(parameters, cache, X, Y, keepdims=False)


@BROKEN("backward_propagation", "dw1", "transpose")
def backward_transposed(parameters, cache, X, Y):
    return _bwd(parameters, cache, X, Y, transpose=True)


@BROKEN("backward_propagation", "sign")
def backward_sign(parameters, cache, X, Y):
    return _bwd(parameters, cache, X, Y, sign=-1)


@BROKEN("backward_propagation", "1 - a1**2", "square is missing")
def backward_no_square(parameters, cache, X, Y):
    return _bwd(parameters, cache, X, Y, deriv="no_square")


@BROKEN("backward_propagation", "wrong axis", "axis=1")
def backward_wrong_axis(parameters, cache, X, Y):
    return _bwd(parameters, cache, X, Y, axis=0)


@BROKEN("backward_propagation", "tanh'(z1) = 1 - a1**2 is missing")
def backward_no_derivative(parameters, cache, X, Y):
    return _bwd(parameters, cache, X, Y, deriv="none")


@BROKEN("backward_propagation", "mutated", "cache['a1']")
def backward_mutates_cache(parameters, cache, X, Y):
    grads = _bwd(parameters, cache, X, Y)
    cache["A1"] **= 2
    return grads


@BROKEN("backward_propagation", "uses z1 where a1 belongs")
def backward_uses_Z1(parameters, cache, X, Y):
    return _bwd(parameters, cache, X, Y, deriv="Z1")


@pytest.mark.parametrize(("name", "fn", "words"), BROKEN.params)
def test_broken_implementation_is_diagnosed(name, fn, words):
    assert_diagnosed(name, fn, words)


def test_at_least_five_kinds_of_mistake_per_grader():
    assert_table_covers(BROKEN, part1_shallow)
