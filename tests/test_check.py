"""Tests of the graders in dlguide.check.

For every grader: dlguide's reference passes, a course-style solution written
here independently passes, and deliberately broken implementations fail with
the right diagnosis. A grader never raises, whatever it is given.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from dlguide import check
from dlguide.optimizers import Adam, Momentum, RMSprop

# =============================================================================
# Course-style solutions, written without dlguide
# =============================================================================


def sig(z):
    return 1 / (1 + np.exp(-z))


def ok_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def ok_sigmoid_backward(dA, Z):
    s = sig(Z)
    return dA * s * (1 - s)


def ok_propagate(w, b, X, Y):
    m = X.shape[1]
    A = sig(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dw = np.dot(X, (A - Y).T) / m
    db = np.sum(A - Y) / m
    return {"dw": dw, "db": db}, np.squeeze(cost)


def ok_forward_propagation(X, parameters):
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1 = np.tanh(Z1)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    A2 = sig(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def ok_backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = parameters["W2"].T @ dZ2 * (1 - np.power(A1, 2))
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def ok_linear_forward(A_prev, W, b):
    return W @ A_prev + b, (A_prev, W, b)


def ok_linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = ok_linear_forward(A_prev, W, b)
    A = sig(Z) if activation == "sigmoid" else np.maximum(0, Z)
    return A, (linear_cache, Z)


def ok_linear_backward(dZ, cache):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def ok_linear_activation_backward(dA, cache, activation):
    linear_cache, Z = cache
    if activation == "relu":
        dZ = np.array(dA, copy=True)
        dZ[Z <= 0] = 0
    else:
        s = sig(Z)
        dZ = dA * s * (1 - s)
    return ok_linear_backward(dZ, linear_cache)


def ok_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L):
        A, cache = ok_linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                                "relu")
        caches.append(cache)
    AL, cache = ok_linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"],
                                             "sigmoid")
    caches.append(cache)
    return AL, caches


def ok_compute_cost(AL, Y):
    m = Y.shape[1]
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    return np.squeeze(cost)


def ok_model_backward(AL, Y, caches):
    grads = {}
    L = len(caches)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    dA_prev, dW, db = ok_linear_activation_backward(dAL, caches[L - 1], "sigmoid")
    grads[f"dA{L - 1}"], grads[f"dW{L}"], grads[f"db{L}"] = dA_prev, dW, db
    for l in reversed(range(L - 1)):
        dA_prev, dW, db = ok_linear_activation_backward(grads[f"dA{l + 1}"], caches[l], "relu")
        grads[f"dA{l}"], grads[f"dW{l + 1}"], grads[f"db{l + 1}"] = dA_prev, dW, db
    return grads


def ok_update_parameters(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L + 1):
        parameters[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        parameters[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return parameters


def ok_l2_cost(parameters, lambd, m):
    L = len(parameters) // 2
    return lambd / (2 * m) * sum(np.sum(np.square(parameters[f"W{l}"])) for l in range(1, L + 1))


def ok_l2_grads(parameters, lambd, m):
    L = len(parameters) // 2
    return {f"dW{l}": lambd / m * parameters[f"W{l}"] for l in range(1, L + 1)}


def ok_dropout_forward(A, keep_prob, rng):
    D = rng.random(A.shape) < keep_prob
    return A * D / keep_prob, D


def ok_dropout_forward_int_mask(A, keep_prob, rng):
    D = (rng.random(A.shape) < keep_prob).astype(int)
    A = A * D
    A = A / keep_prob
    return A, D


def ok_dropout_backward(dA, D, keep_prob):
    return dA * D / keep_prob


def ok_random_mini_batches(X, Y, mini_batch_size, rng):
    m = X.shape[1]
    permutation = rng.permutation(m)
    X_s, Y_s = X[:, permutation], Y[:, permutation]
    batches = []
    for k in range(m // mini_batch_size):
        sl = slice(k * mini_batch_size, (k + 1) * mini_batch_size)
        batches.append((X_s[:, sl], Y_s[:, sl]))
    if m % mini_batch_size:
        start = (m // mini_batch_size) * mini_batch_size
        batches.append((X_s[:, start:], Y_s[:, start:]))
    return batches


def ok_momentum(parameters, grads, v, beta, learning_rate):
    for k in parameters:
        v["d" + k] = beta * v["d" + k] + (1 - beta) * grads["d" + k]
        parameters[k] = parameters[k] - learning_rate * v["d" + k]
    return parameters, v


def ok_rmsprop(parameters, grads, s, beta, learning_rate, epsilon):
    for k in parameters:
        g = grads["d" + k]
        s["d" + k] = beta * s["d" + k] + (1 - beta) * g**2
        parameters[k] = parameters[k] - learning_rate * g / (np.sqrt(s["d" + k]) + epsilon)
    return parameters, s


def ok_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
            epsilon=1e-8):
    v_corrected, s_corrected = {}, {}
    L = len(parameters) // 2
    for l in range(1, L + 1):
        for p in "Wb":
            k = f"d{p}{l}"
            v[k] = beta1 * v[k] + (1 - beta1) * grads[k]
            v_corrected[k] = v[k] / (1 - beta1**t)
            s[k] = beta2 * s[k] + (1 - beta2) * np.power(grads[k], 2)
            s_corrected[k] = s[k] / (1 - beta2**t)
            parameters[f"{p}{l}"] -= learning_rate * v_corrected[k] / (
                np.sqrt(s_corrected[k]) + epsilon)
    return parameters, v, s, v_corrected, s_corrected


def ok_inverse_time_decay(learning_rate0, epoch, decay_rate):
    return learning_rate0 / (1 + decay_rate * epoch)


SOLUTIONS = {
    "sigmoid": [ok_sigmoid],
    "sigmoid_backward": [ok_sigmoid_backward],
    "propagate": [ok_propagate],
    "forward_propagation": [ok_forward_propagation],
    "backward_propagation": [ok_backward_propagation],
    "linear_forward": [ok_linear_forward],
    "linear_activation_forward": [ok_linear_activation_forward],
    "linear_backward": [ok_linear_backward],
    "linear_activation_backward": [ok_linear_activation_backward],
    "model_forward": [ok_model_forward],
    "compute_cost": [ok_compute_cost],
    "model_backward": [ok_model_backward],
    "update_parameters": [ok_update_parameters],
    "l2_cost": [ok_l2_cost],
    "l2_grads": [ok_l2_grads],
    "dropout_forward": [ok_dropout_forward, ok_dropout_forward_int_mask],
    "dropout_backward": [ok_dropout_backward],
    "random_mini_batches": [ok_random_mini_batches],
    "update_parameters_with_momentum": [ok_momentum],
    "update_parameters_with_rmsprop": [ok_rmsprop],
    "update_parameters_with_adam": [ok_adam],
    "inverse_time_decay": [ok_inverse_time_decay],
}


def grade(name, fn):
    return getattr(check, name)(fn)


def test_every_grader_has_a_solution_here():
    assert set(SOLUTIONS) == set(check.GRADERS)
    assert set(check.GRADERS) <= set(check.__all__)


@pytest.mark.parametrize("name", check.GRADERS)
def test_reference_passes(name):
    result = grade(name, check.reference(name))
    assert result.passed, result.message
    assert result.message.startswith(f"{name} passed:")
    assert "\n" not in result.message


@pytest.mark.parametrize(("name", "fn"), [
    pytest.param(name, fn, id=f"{name}-{fn.__name__}")
    for name, fns in SOLUTIONS.items() for fn in fns
])
def test_course_style_solution_passes(name, fn):
    result = grade(name, fn)
    assert result.passed, result.message
    assert "\n" not in result.message


def test_dlguide_public_functions_pass_directly():
    from dlguide import activations, data, logistic, network, regularization, schedules

    pairs = [
        (check.sigmoid, activations.sigmoid),
        (check.sigmoid_backward, activations.sigmoid_backward),
        (check.propagate, logistic.propagate),
        (check.linear_forward, network.linear_forward),
        (check.linear_activation_forward, network.linear_activation_forward),
        (check.linear_backward, network.linear_backward),
        (check.linear_activation_backward, network.linear_activation_backward),
        (check.model_forward, network.model_forward),
        (check.compute_cost, network.compute_cost),
        (check.update_parameters, network.update_parameters),
        (check.l2_cost, regularization.l2_cost),
        (check.l2_grads, regularization.l2_grads),
        (check.dropout_forward, regularization.dropout_forward),
        (check.dropout_backward, regularization.dropout_backward),
        (check.random_mini_batches, data.random_mini_batches),
        (check.inverse_time_decay, schedules.inverse_time_decay),
    ]
    for grader, fn in pairs:
        result = grader(fn)
        assert result.passed, result.message


# =============================================================================
# The optimizer references agree with dlguide's optimizer classes
# =============================================================================


def _three_steps(opt, step, state_names):
    rng = np.random.default_rng(0)
    params = {"W1": rng.normal(size=(3, 2)), "b1": rng.normal(size=(3, 1))}
    mine = {k: v.copy() for k, v in params.items()}
    state = {name: {"d" + k: np.zeros_like(v) for k, v in params.items()}
             for name in state_names}
    for t in (1, 2, 3):
        grads = {"d" + k: rng.normal(size=v.shape) for k, v in params.items()}
        opt.update(params, grads)
        mine, *new_state = step(mine, grads, *state.values(), t)
        state = dict(zip(state_names, new_state, strict=True))
    for k in params:
        np.testing.assert_allclose(mine[k], params[k], rtol=1e-12)


def test_momentum_reference_matches_optimizer_class():
    ref = check.reference("update_parameters_with_momentum")
    _three_steps(Momentum(0.1, beta=0.9), lambda p, g, v, t: ref(p, g, v, 0.9, 0.1), ["v"])


def test_rmsprop_reference_matches_optimizer_class():
    ref = check.reference("update_parameters_with_rmsprop")
    _three_steps(RMSprop(0.01, beta=0.99), lambda p, g, s, t: ref(p, g, s, 0.99, 0.01, 1e-8),
                 ["s"])


def test_adam_reference_matches_optimizer_class():
    ref = check.reference("update_parameters_with_adam")
    _three_steps(Adam(0.01), lambda p, g, v, s, t: ref(p, g, v, s, t, 0.01, 0.9, 0.999, 1e-8),
                 ["v", "s"])


def test_reference_rejects_unknown_names():
    with pytest.raises(ValueError, match="must be one of"):
        check.reference("softmax")


# =============================================================================
# Broken implementations and the diagnosis each must get
# =============================================================================

BROKEN = []


def broken(name, *words):
    """Register a broken implementation of ``name`` whose message must contain ``words``."""
    def register(fn):
        BROKEN.append(pytest.param(name, fn, words, id=f"{name}-{fn.__name__}"))
        return fn
    return register


# --- sigmoid ------------------------------------------------------------------


@broken("sigmoid", "sign")
def sigmoid_flipped_sign(z):
    return 1 / (1 + np.exp(z))


@broken("sigmoid", "`1 +` is missing")
def sigmoid_no_one(z):
    return 1 / np.exp(-z)


@broken("sigmoid", "raised TypeError", "np.exp", "math.exp(-z)")
def sigmoid_math_exp(z):
    return 1 / (1 + math.exp(-z))


@broken("sigmoid", "wrong type", "list")
def sigmoid_list(z):
    return (1 / (1 + np.exp(-z))).tolist()


@broken("sigmoid", "mutated", "z")
def sigmoid_in_place(z):
    z *= -1
    np.exp(z, out=z)
    z += 1
    return 1 / z


@broken("sigmoid", "tanh")
def sigmoid_tanh(z):
    return np.tanh(z)


@broken("sigmoid", "shape (21,)", "expected (3, 7)")
def sigmoid_ravel(z):
    return sig(z).ravel()


@broken("sigmoid", "derivative")
def sigmoid_derivative(z):
    return sig(z) * (1 - sig(z))


# --- sigmoid_backward ---------------------------------------------------------


@broken("sigmoid_backward", "factor da is missing")
def sigmoid_backward_no_dA(dA, Z):
    return sig(Z) * (1 - sig(Z))


@broken("sigmoid_backward", "uses z where sigma(z) belongs")
def sigmoid_backward_uses_Z(dA, Z):
    return dA * Z * (1 - Z)


@broken("sigmoid_backward", "sign")
def sigmoid_backward_sign(dA, Z):
    return -dA * sig(Z) * (1 - sig(Z))


@broken("sigmoid_backward", "mutated", "da")
def sigmoid_backward_in_place(dA, Z):
    s = sig(Z)
    dA *= s * (1 - s)
    return dA


@broken("sigmoid_backward", "(1 - s) is missing")
def sigmoid_backward_no_one_minus(dA, Z):
    return dA * sig(Z)


@broken("sigmoid_backward", "none", "return")
def sigmoid_backward_no_return(dA, Z):
    s = sig(Z)
    dZ = dA * s * (1 - s)  # noqa: F841


@broken("sigmoid_backward", "shape (3, 3)", "expected (3, 7)")
def sigmoid_backward_dot(dA, Z):
    return dA @ (sig(Z) * (1 - sig(Z))).T


@broken("sigmoid_backward", "numerical gradient")
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


@broken("propagate", "factor of m = 7", "too large")
def propagate_no_m(w, b, X, Y):
    return _prop(w, b, X, Y, m_div=False)


@broken("propagate", "transpose", "(1, 3)")
def propagate_transposed(w, b, X, Y):
    return _prop(w, b, X, Y, transpose=True)


@broken("propagate", "sign")
def propagate_sign(w, b, X, Y):
    return _prop(w, b, X, Y, dz_sign=-1)


@broken("propagate", "sigmoid is missing")
def propagate_no_sigmoid(w, b, X, Y):
    return _prop(w, b, X, Y, sigmoid=False)


@broken("propagate", "grads['db'] is an array of shape (1, 1)", "wrong type", "float")
def propagate_db_array(w, b, X, Y):
    grads, cost = _prop(w, b, X, Y)
    A = sig(w.T @ X + b)
    grads["db"] = np.sum(A - Y, axis=1, keepdims=True) / X.shape[1]
    return grads, cost


@broken("propagate", "order is (grads, cost)")
def propagate_swapped(w, b, X, Y):
    grads, cost = _prop(w, b, X, Y)
    return cost, grads


@broken("propagate", "cost has the wrong sign", "leading minus")
def propagate_cost_sign(w, b, X, Y):
    grads, cost = _prop(w, b, X, Y)
    return grads, -cost


@broken("propagate", "raised valueerror", "line", "np.dot(w, x)", "transpose")
def propagate_raises(w, b, X, Y):
    A = sig(np.dot(w, X) + b)
    return A


@broken("propagate", "(1 - y) log(1 - a) term is missing")
def propagate_cost_half(w, b, X, Y):
    grads, _ = _prop(w, b, X, Y)
    A = sig(w.T @ X + b)
    return grads, float(-np.sum(Y * np.log(A)) / X.shape[1])


@broken("propagate", "mutated", "x")
def propagate_mutates_X(w, b, X, Y):
    out = _prop(w, b, X, Y)
    X *= 0
    return out


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


@broken("forward_propagation", "hidden layer uses the sigmoid", "tanh")
def forward_sigmoid_hidden(X, parameters):
    return _fwd(X, parameters, hidden=sig)


@broken("forward_propagation", "transpose", "(7, 4)")
def forward_transposed(X, parameters):
    return _fwd(X, parameters, transpose=True)


@broken("forward_propagation", "b1 is missing")
def forward_no_bias(X, parameters):
    return _fwd(X, parameters, bias=False)


@broken("forward_propagation", "no key 'z2'")
def forward_missing_key(X, parameters):
    A2, cache = _fwd(X, parameters)
    del cache["Z2"]
    return A2, cache


@broken("forward_propagation", "the shape of a1", "return a2")
def forward_returns_A1(X, parameters):
    _, cache = _fwd(X, parameters)
    return cache["A1"], cache


@broken("forward_propagation", "output uses tanh", "sigmoid")
def forward_tanh_output(X, parameters):
    return _fwd(X, parameters, out=np.tanh)


@broken("forward_propagation", "mutated", "parameters['w1']")
def forward_mutates(X, parameters):
    parameters["W1"] = parameters["W1"].copy()
    out = _fwd(X, parameters)
    parameters["W1"] *= 2
    return out


@broken("forward_propagation", "computed from z1")
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


@broken("backward_propagation", "factor of m = 7")
def backward_no_m(parameters, cache, X, Y):
    return _bwd(parameters, cache, X, Y, m_div=False)


@broken("backward_propagation", "keepdims")
def backward_no_keepdims(parameters, cache, X, Y):
    return _bwd(parameters, cache, X, Y, keepdims=False)


@broken("backward_propagation", "dw1", "transpose")
def backward_transposed(parameters, cache, X, Y):
    return _bwd(parameters, cache, X, Y, transpose=True)


@broken("backward_propagation", "sign")
def backward_sign(parameters, cache, X, Y):
    return _bwd(parameters, cache, X, Y, sign=-1)


@broken("backward_propagation", "1 - a1**2", "square is missing")
def backward_no_square(parameters, cache, X, Y):
    return _bwd(parameters, cache, X, Y, deriv="no_square")


@broken("backward_propagation", "wrong axis", "axis=1")
def backward_wrong_axis(parameters, cache, X, Y):
    return _bwd(parameters, cache, X, Y, axis=0)


@broken("backward_propagation", "tanh'(z1) = 1 - a1**2 is missing")
def backward_no_derivative(parameters, cache, X, Y):
    return _bwd(parameters, cache, X, Y, deriv="none")


@broken("backward_propagation", "mutated", "cache['a1']")
def backward_mutates_cache(parameters, cache, X, Y):
    grads = _bwd(parameters, cache, X, Y)
    cache["A1"] **= 2
    return grads


@broken("backward_propagation", "uses z1 where a1 belongs")
def backward_uses_Z1(parameters, cache, X, Y):
    return _bwd(parameters, cache, X, Y, deriv="Z1")


# --- linear_forward -----------------------------------------------------------


@broken("linear_forward", "transpose", "(7, 4)")
def linear_forward_transposed(A_prev, W, b):
    return A_prev.T @ W.T + b.T, (A_prev, W, b)


@broken("linear_forward", "b is missing")
def linear_forward_no_b(A_prev, W, b):
    return W @ A_prev, (A_prev, W, b)


@broken("linear_forward", "wrong order", "(a_prev, w, b)")
def linear_forward_cache_order(A_prev, W, b):
    return W @ A_prev + b, (W, A_prev, b)


@broken("linear_forward", "raised valueerror", "broadcast", "w * a_prev")
def linear_forward_elementwise(A_prev, W, b):
    Z = W * A_prev + b
    return Z, (A_prev, W, b)


@broken("linear_forward", "mutated", "a_prev")
def linear_forward_mutates(A_prev, W, b):
    Z = W @ A_prev + b
    cache = (A_prev.copy(), W, b)
    A_prev[:] = 0
    return Z, cache


@broken("linear_forward", "returned an array of shape (4, 7)", "wrong type", "(z, cache)")
def linear_forward_only_Z(A_prev, W, b):
    return W @ A_prev + b


@broken("linear_forward", "a dict", "(a_prev, w, b)")
def linear_forward_cache_dict(A_prev, W, b):
    return W @ A_prev + b, {"A_prev": A_prev, "W": W, "b": b}


# --- linear_activation_forward --------------------------------------------------


@broken("linear_activation_forward", "applies relu for activation='sigmoid'")
def laf_swapped(A_prev, W, b, activation):
    Z = W @ A_prev + b
    A = np.maximum(0, Z) if activation == "sigmoid" else sig(Z)
    return A, ((A_prev, W, b), Z)


@broken("linear_activation_forward", "activation is missing")
def laf_no_activation(A_prev, W, b, activation):
    Z = W @ A_prev + b
    return Z, ((A_prev, W, b), Z)


@broken("linear_activation_forward", "activation cache holds a", "must hold z")
def laf_caches_A(A_prev, W, b, activation):
    Z = W @ A_prev + b
    A = sig(Z) if activation == "sigmoid" else np.maximum(0, Z)
    return A, ((A_prev, W, b), A)


@broken("linear_activation_forward", "wrong order", "(linear_cache, z)")
def laf_cache_order(A_prev, W, b, activation):
    Z = W @ A_prev + b
    A = sig(Z) if activation == "sigmoid" else np.maximum(0, Z)
    return A, (Z, (A_prev, W, b))


@broken("linear_activation_forward", "applies tanh")
def laf_tanh(A_prev, W, b, activation):
    Z = W @ A_prev + b
    return np.tanh(Z), ((A_prev, W, b), Z)


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


@broken("linear_backward", "dw is off by a factor of m = 7")
def linear_backward_no_m(dZ, cache):
    return _lb(dZ, cache, m_div=False)


@broken("linear_backward", "db has shape (4,)", "keepdims=true")
def linear_backward_no_keepdims(dZ, cache):
    return _lb(dZ, cache, keepdims=False)


@broken("linear_backward", "dw has shape (3, 4)", "transpose")
def linear_backward_transposed(dZ, cache):
    return _lb(dZ, cache, transpose=True)


@broken("linear_backward", "raised valueerror", "transpose", "dA_prev = np.dot(W, dZ)")
def linear_backward_W_not_T(dZ, cache):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    dW = np.dot(dZ, A_prev.T) / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = np.dot(W, dZ)
    return dA_prev, dW, db


@broken("linear_backward", "da_prev is divided by m", "no 1/m")
def linear_backward_dA_over_m(dZ, cache):
    return _lb(dZ, cache, dA_div=True)


@broken("linear_backward", "sign")
def linear_backward_sign(dZ, cache):
    return _lb(dZ, cache, sign=-1)


@broken("linear_backward", "wrong axis", "axis=1")
def linear_backward_axis(dZ, cache):
    return _lb(dZ, cache, axis=0)


@broken("linear_backward", "mutated", "dz")
def linear_backward_mutates(dZ, cache):
    A_prev, W, _ = cache
    dA_prev = W.T @ dZ
    dZ /= A_prev.shape[1]
    return dA_prev, dZ @ A_prev.T, np.sum(dZ, axis=1, keepdims=True)


@broken("linear_backward", "returned 2 values", "(da_prev, dw, db)")
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


@broken("linear_activation_backward", "derivative is missing")
def lab_no_derivative(dA, cache, activation):
    return _lab(dA, cache, activation, dz=lambda dA, Z, a: dA)


@broken("linear_activation_backward", "derivative of relu for activation='sigmoid'")
def lab_swapped(dA, cache, activation):
    def dz(dA, Z, a):
        s = sig(Z)
        return dA * (Z > 0) if a == "sigmoid" else dA * s * (1 - s)
    return _lab(dA, cache, activation, dz=dz)


@broken("linear_activation_backward", "mutated", "da")
def lab_relu_in_place(dA, cache, activation):
    linear_cache, Z = cache
    if activation == "relu":
        dZ = dA
        dZ[Z <= 0] = 0
    else:
        dZ = dA * sig(Z) * (1 - sig(Z))
    return _lb(dZ, linear_cache)


@broken("linear_activation_backward", "z (1 - z)")
def lab_sigmoid_of_Z(dA, cache, activation):
    return _lab(dA, cache, activation,
                dz=lambda dA, Z, a: dA * Z * (1 - Z) if a == "sigmoid" else dA * (Z > 0))


@broken("linear_activation_backward", "factor of m = 7")
def lab_no_m(dA, cache, activation):
    return _lab(dA, cache, activation, m_div=False)


@broken("linear_activation_backward", "step [z > 0]", "not relu(z)")
def lab_relu_value(dA, cache, activation):
    def dz(dA, Z, a):
        s = sig(Z)
        return dA * s * (1 - s) if a == "sigmoid" else dA * np.maximum(Z, 0)
    return _lab(dA, cache, activation, dz=dz)


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


@broken("model_forward", "hidden layers use the sigmoid")
def mf_all_sigmoid(X, parameters):
    return _mf(X, parameters, hidden="sigmoid")


@broken("model_forward", "output layer uses relu")
def mf_relu_output(X, parameters):
    return _mf(X, parameters, output="relu")


@broken("model_forward", "one cache per layer", "output layer")
def mf_no_output_cache(X, parameters):
    return _mf(X, parameters, skip_output_cache=True)


@broken("model_forward", "holds a", "must hold z")
def mf_caches_A(X, parameters):
    return _mf(X, parameters, cache_A=True)


@broken("model_forward", "raised", "line", "hint")
def mf_skips_a_layer(X, parameters):
    A = X
    L = len(parameters) // 2
    for l in range(1, L - 1):
        A = np.maximum(0, parameters[f"W{l}"] @ A + parameters[f"b{l}"])
    AL = sig(parameters[f"W{L}"] @ A + parameters[f"b{L}"])
    return AL, []


@broken("model_forward", "biases are missing")
def mf_no_bias(X, parameters):
    return _mf(X, parameters, bias=False)


@broken("model_forward", "hidden layers use tanh")
def mf_tanh(X, parameters):
    return _mf(X, parameters, hidden="tanh")


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


@broken("model_backward", "wrong sign")
def mb_sign(AL, Y, caches):
    return _mb(AL, Y, caches, sign=-1)


@broken("model_backward", "output layer's backward uses relu")
def mb_relu_output(AL, Y, caches):
    return _mb(AL, Y, caches, out="relu")


@broken("model_backward", "hidden layers' backward uses the sigmoid")
def mb_sigmoid_hidden(AL, Y, caches):
    return _mb(AL, Y, caches, hidden="sigmoid")


@broken("model_backward", "off by one", "dw1, db1")
def mb_keys_from_zero(AL, Y, caches):
    return _mb(AL, Y, caches, shift=1)


@broken("model_backward", "factor of m = 7")
def mb_no_m(AL, Y, caches):
    return _mb(AL, Y, caches, m_div=False)


@broken("model_backward", "keepdims")
def mb_no_keepdims(AL, Y, caches):
    return _mb(AL, Y, caches, keepdims=False)


@broken("model_backward", "mutated", "caches[0]")
def mb_mutates(AL, Y, caches):
    grads = _mb(AL, Y, caches)
    caches[0][1][:] = 0
    return grads


@broken("model_backward", "the shape of w2", "off by one")
def mb_layer_mixup(AL, Y, caches):
    grads = _mb(AL, Y, caches)
    grads["dW3"] = grads["dW2"]
    return grads


# --- update_parameters ------------------------------------------------------------


@broken("update_parameters", "wrong sign", "downhill")
def up_sign(parameters, grads, learning_rate):
    return {k: v + learning_rate * grads["d" + k] for k, v in parameters.items()}


@broken("update_parameters", "learning rate is missing")
def up_no_lr(parameters, grads, learning_rate):
    return {k: v - grads["d" + k] for k, v in parameters.items()}


@broken("update_parameters", "parameters['b1'] did not change", "not updated")
def up_no_b(parameters, grads, learning_rate):
    return {k: v - learning_rate * grads["d" + k] if k[0] == "W" else v
            for k, v in parameters.items()}


@broken("update_parameters", "none", "return")
def up_no_return(parameters, grads, learning_rate):
    for k in parameters:
        parameters[k] -= learning_rate * grads["d" + k]


@broken("update_parameters", "parameters['w2'] did not change")
def up_skips_last_layer(parameters, grads, learning_rate):
    L = len(parameters) // 2
    for l in range(1, L):
        parameters[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        parameters[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return parameters


@broken("update_parameters", "mutated", "grads")
def up_mutates_grads(parameters, grads, learning_rate):
    for k in grads:
        grads[k] *= learning_rate
    return {k: v - grads["d" + k] for k, v in parameters.items()}


# --- compute_cost -----------------------------------------------------------------


@broken("compute_cost", "wrong sign", "leading minus")
def cost_sign(AL, Y):
    return float(np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / Y.shape[1])


@broken("compute_cost", "factor of m = 7")
def cost_no_m(AL, Y):
    return float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))


@broken("compute_cost", "shape (1, 1)", "wrong type")
def cost_array(AL, Y):
    m = Y.shape[1]
    return -(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m


@broken("compute_cost", "term is missing")
def cost_half(AL, Y):
    return float(-np.sum(Y * np.log(AL)) / Y.shape[1])


@broken("compute_cost", "np.log10")
def cost_log10(AL, Y):
    return float(-np.sum(Y * np.log10(AL) + (1 - Y) * np.log10(1 - AL)) / Y.shape[1])


@broken("compute_cost", "shape (7,)", "axis")
def cost_axis(AL, Y):
    return -np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL), axis=0)


@broken("compute_cost", "raised valueerror", "transpose", "np.dot(y, np.log(al))")
def cost_dot(AL, Y):
    m = Y.shape[1]
    return float(-(np.dot(Y, np.log(AL)) + np.dot(1 - Y, np.log(1 - AL))) / m)


@broken("compute_cost", "mutated", "al")
def cost_reuses_AL(AL, Y):
    log_a = np.log(AL)
    np.subtract(1, AL, out=AL)  # reuses AL's memory for 1 - AL
    return float(-np.sum(Y * log_a + (1 - Y) * np.log(AL)) / Y.shape[1])


@broken("compute_cost", "logarithms are swapped")
def cost_swapped_logs(AL, Y):
    return float(-np.sum(Y * np.log(1 - AL) + (1 - Y) * np.log(AL)) / Y.shape[1])


# --- l2_cost ------------------------------------------------------------------


def _weights(parameters):
    return [v for k, v in parameters.items() if k.startswith("W")]


@broken("l2_cost", "factor of 2", "lambda / (2 m)")
def l2_no_two(parameters, lambd, m):
    return lambd / m * sum(np.sum(W**2) for W in _weights(parameters))


@broken("l2_cost", "factor of m = 7")
def l2_no_m(parameters, lambd, m):
    return lambd / 2 * sum(np.sum(W**2) for W in _weights(parameters))


@broken("l2_cost", "biases are penalized")
def l2_biases(parameters, lambd, m):
    return lambd / (2 * m) * sum(np.sum(v**2) for v in parameters.values())


@broken("l2_cost", "sums the weights", "squares")
def l2_not_squared(parameters, lambd, m):
    return lambd / (2 * m) * sum(np.sum(W) for W in _weights(parameters))


@broken("l2_cost", "frobenius norms", "squares")
def l2_norms(parameters, lambd, m):
    return lambd / (2 * m) * sum(np.linalg.norm(W) for W in _weights(parameters))


@broken("l2_cost", "only w1")
def l2_first_layer(parameters, lambd, m):
    return lambd / (2 * m) * np.sum(parameters["W1"] ** 2)


@broken("l2_cost", "shape (1, 1)", "wrong type")
def l2_array(parameters, lambd, m):
    return np.array([[ok_l2_cost(parameters, lambd, m)]])


@broken("l2_cost", "last layer", "range(1, l + 1)")
def l2_skips_last(parameters, lambd, m):
    L = len(parameters) // 2
    return lambd / (2 * m) * sum(np.sum(parameters[f"W{l}"] ** 2) for l in range(1, L))


# --- l2_grads -----------------------------------------------------------------


@broken("l2_grads", "2 cancels")
def l2g_half(parameters, lambd, m):
    return {"d" + k: lambd / (2 * m) * W for k, W in parameters.items() if k[0] == "W"}


@broken("l2_grads", "factor of m = 7")
def l2g_no_m(parameters, lambd, m):
    return {"d" + k: lambd * W for k, W in parameters.items() if k[0] == "W"}


@broken("l2_grads", "sign")
def l2g_sign(parameters, lambd, m):
    return {"d" + k: -lambd / m * W for k, W in parameters.items() if k[0] == "W"}


@broken("l2_grads", "transpose")
def l2g_transposed(parameters, lambd, m):
    return {"d" + k: lambd / m * W.T for k, W in parameters.items() if k[0] == "W"}


@broken("l2_grads", "mutated", "parameters['w1']")
def l2g_mutates(parameters, lambd, m):
    grads = {}
    for k, W in parameters.items():
        if k[0] == "W":
            W *= lambd / m
            grads["d" + k] = W
    return grads


@broken("l2_grads", "nonzero db1", "biases are not regularized")
def l2g_biases(parameters, lambd, m):
    return {"d" + k: lambd / m * v for k, v in parameters.items()}


@broken("l2_grads", "no key 'dw3'")
def l2g_missing_layer(parameters, lambd, m):
    L = len(parameters) // 2
    return {f"dW{l}": lambd / m * parameters[f"W{l}"] for l in range(1, L)}


@broken("l2_grads", "w**2")
def l2g_squared(parameters, lambd, m):
    return {"d" + k: lambd / m * W**2 for k, W in parameters.items() if k[0] == "W"}


# --- dropout_forward ----------------------------------------------------------


@broken("dropout_forward", "1/keep_prob rescale")
def do_no_rescale(A, keep_prob, rng):
    D = rng.random(A.shape) < keep_prob
    return A * D, D


@broken("dropout_forward", "multiplied by keep_prob", "1/keep_prob")
def do_times_keep_prob(A, keep_prob, rng):
    D = rng.random(A.shape) < keep_prob
    return A * D * keep_prob, D


@broken("dropout_forward", "1 - keep_prob", "not >")
def do_greater(A, keep_prob, rng):
    D = rng.random(A.shape) > keep_prob
    return A * D / keep_prob, D


@broken("dropout_forward", "same rng", "np.random")
def do_global_random(A, keep_prob, rng):
    D = np.random.rand(*A.shape) < keep_prob  # noqa: NPY002 (the mistake under test)
    return A * D / keep_prob, D


@broken("dropout_forward", "mutated", "a")
def do_in_place(A, keep_prob, rng):
    D = rng.random(A.shape) < keep_prob
    A *= D
    A /= keep_prob
    return A, D


@broken("dropout_forward", "shape (50, 1)", "shared")
def do_per_unit(A, keep_prob, rng):
    D = rng.random((A.shape[0], 1)) < keep_prob
    return A * D / keep_prob, D


@broken("dropout_forward", "not masked by the mask d it returns", "second random draw")
def do_two_masks(A, keep_prob, rng):
    D = rng.random(A.shape) < keep_prob
    D2 = rng.random(A.shape) < keep_prob
    return A * D2 / keep_prob, D


@broken("dropout_forward", "values other than 0 and 1")
def do_returns_uniforms(A, keep_prob, rng):
    U = rng.random(A.shape)
    return A * (U < keep_prob) / keep_prob, U


@broken("dropout_forward", "raised typeerror", "named rng")
def do_seed_parameter(A, keep_prob, seed):
    return ok_dropout_forward(A, keep_prob, np.random.default_rng(seed))


@broken("dropout_forward", "rng argument is ignored")
def do_fixed_seed(A, keep_prob, rng):
    return ok_dropout_forward(A, keep_prob, np.random.default_rng(0))


# --- dropout_backward -----------------------------------------------------------


@broken("dropout_backward", "1/keep_prob rescale is missing")
def db_no_rescale(dA, D, keep_prob):
    return dA * D


@broken("dropout_backward", "mask d from the forward pass", "fresh random mask")
def db_fresh_mask(dA, D, keep_prob):
    D = np.random.rand(*dA.shape) < keep_prob  # noqa: NPY002 (the mistake under test)
    return dA * D / keep_prob


@broken("dropout_backward", "mutated", "da")
def db_in_place(dA, D, keep_prob):
    dA *= D
    dA /= keep_prob
    return dA


@broken("dropout_backward", "multiplies by keep_prob")
def db_times_keep_prob(dA, D, keep_prob):
    return dA * D * keep_prob


@broken("dropout_backward", "mask d is not applied")
def db_no_mask(dA, D, keep_prob):
    return dA / keep_prob


@broken("dropout_backward", "inverted")
def db_inverted(dA, D, keep_prob):
    return dA * (1 - D) / keep_prob


@broken("dropout_backward", "sign")
def db_sign(dA, D, keep_prob):
    return -dA * D / keep_prob


# --- random_mini_batches --------------------------------------------------------


def _partition(X, Y, size):
    m = X.shape[1]
    return [(X[:, k:k + size], Y[:, k:k + size]) for k in range(0, m, size)]


@broken("random_mini_batches", "last, smaller mini-batch is missing")
def rmb_no_remainder(X, Y, mini_batch_size, rng):
    p = rng.permutation(X.shape[1])
    batches = _partition(X[:, p], Y[:, p], mini_batch_size)
    return [b for b in batches if b[0].shape[1] == mini_batch_size]


@broken("random_mini_batches", "not shuffled")
def rmb_no_shuffle(X, Y, mini_batch_size, rng):
    return _partition(X, Y, mini_batch_size)


@broken("random_mini_batches", "different permutations")
def rmb_two_permutations(X, Y, mini_batch_size, rng):
    m = X.shape[1]
    return _partition(X[:, rng.permutation(m)], Y[:, rng.permutation(m)], mini_batch_size)


@broken("random_mini_batches", "wrong axis", "rows")
def rmb_shuffles_rows(X, Y, mini_batch_size, rng):
    return _partition(rng.permutation(X), Y, mini_batch_size)  # permutes axis 0


@broken("random_mini_batches", "twice", "permutation")
def rmb_with_replacement(X, Y, mini_batch_size, rng):
    idx = rng.integers(0, X.shape[1], X.shape[1])
    return _partition(X[:, idx], Y[:, idx], mini_batch_size)


@broken("random_mini_batches", "same rng", "rng.permutation")
def rmb_global_random(X, Y, mini_batch_size, rng):
    p = np.random.permutation(X.shape[1])  # noqa: NPY002 (the mistake under test)
    return _partition(X[:, p], Y[:, p], mini_batch_size)


@broken("random_mini_batches", "rank-1", "y[:, indices]")
def rmb_rank1_Y(X, Y, mini_batch_size, rng):
    p = rng.permutation(X.shape[1])
    return [(xb, yb[0]) for xb, yb in _partition(X[:, p], Y[:, p], mini_batch_size)]


@broken("random_mini_batches", "mutated", "x")
def rmb_in_place(X, Y, mini_batch_size, rng):
    p = rng.permutation(X.shape[1])
    X[:] = X[:, p]
    Y[:] = Y[:, p]
    return _partition(X, Y, mini_batch_size)


@broken("random_mini_batches", "empty")
def rmb_extra_empty(X, Y, mini_batch_size, rng):
    m = X.shape[1]
    p = rng.permutation(m)
    X, Y = X[:, p], Y[:, p]
    return [(X[:, k * mini_batch_size:(k + 1) * mini_batch_size],
             Y[:, k * mini_batch_size:(k + 1) * mini_batch_size])
            for k in range(m // mini_batch_size + 1)]


@broken("random_mini_batches", "wrong axis", "slice the columns")
def rmb_slices_rows(X, Y, mini_batch_size, rng):
    p = rng.permutation(X.shape[1])
    X, Y = X[:, p], Y[:, p]
    m = X.shape[1]
    return [(X[k:k + mini_batch_size], Y[k:k + mini_batch_size])
            for k in range(0, m, mini_batch_size)]


@broken("random_mini_batches", "raised indexerror", "x[:, permutation]")
def rmb_indexes_rows(X, Y, mini_batch_size, rng):
    p = rng.permutation(X.shape[1])
    return _partition(X[p], Y[p], mini_batch_size)


# --- momentum -------------------------------------------------------------------


def _mom(parameters, grads, v, beta, learning_rate, *, one_minus=True, step="v", sign=1,
         return_v="new", skip_b=False, swap=False):
    new_p, new_v = {}, {}
    for k, p in parameters.items():
        g = grads["d" + k]
        a, c = (1 - beta, beta) if swap else (beta, 1 - beta)
        nv = a * v["d" + k] + (c if one_minus else 1) * g
        direction = {"v": nv, "g": g, "old": v["d" + k]}[step]
        new_p[k] = p if (skip_b and k[0] == "b") else p - sign * learning_rate * direction
        new_v["d" + k] = nv if return_v == "new" else v["d" + k]
    return new_p, new_v


@broken("update_parameters_with_momentum", "(1 - beta) on the gradient is missing")
def mom_no_one_minus(parameters, grads, v, beta, learning_rate):
    return _mom(parameters, grads, v, beta, learning_rate, one_minus=False)


@broken("update_parameters_with_momentum", "step along dw")
def mom_steps_along_grad(parameters, grads, v, beta, learning_rate):
    return _mom(parameters, grads, v, beta, learning_rate, step="g")


@broken("update_parameters_with_momentum", "wrong sign", "downhill")
def mom_sign(parameters, grads, v, beta, learning_rate):
    return _mom(parameters, grads, v, beta, learning_rate, sign=-1)


@broken("update_parameters_with_momentum", "v is returned unchanged")
def mom_v_not_returned(parameters, grads, v, beta, learning_rate):
    return _mom(parameters, grads, v, beta, learning_rate, return_v="old")


@broken("update_parameters_with_momentum", "parameters['b1'] did not change")
def mom_skips_b(parameters, grads, v, beta, learning_rate):
    return _mom(parameters, grads, v, beta, learning_rate, skip_b=True)


@broken("update_parameters_with_momentum", "swapped")
def mom_swapped(parameters, grads, v, beta, learning_rate):
    return _mom(parameters, grads, v, beta, learning_rate, swap=True)


@broken("update_parameters_with_momentum", "old velocity")
def mom_old_v(parameters, grads, v, beta, learning_rate):
    return _mom(parameters, grads, v, beta, learning_rate, step="old")


@broken("update_parameters_with_momentum", "mutated", "grads")
def mom_mutates_grads(parameters, grads, v, beta, learning_rate):
    for k in grads:
        grads[k] *= 1 - beta
        v[k] = beta * v[k] + grads[k]
    return {k: p - learning_rate * v["d" + k] for k, p in parameters.items()}, v


# --- rmsprop ----------------------------------------------------------------------


def _rms(parameters, grads, s, beta, learning_rate, epsilon, *, root=True, square=True,
         eps_inside=False, sign=1, one_minus=True, use_eps=True, old_s=False):
    new_p, new_s = {}, {}
    for k, p in parameters.items():
        g = grads["d" + k]
        ns = beta * s["d" + k] + ((1 - beta) if one_minus else 1) * (g**2 if square else g)
        base = s["d" + k] if old_s else ns
        e = epsilon if use_eps else 0
        denom = (np.sqrt(base + e) if eps_inside else np.sqrt(base) + e) if root else base + e
        new_p[k] = p - sign * learning_rate * g / denom
        new_s["d" + k] = ns
    return new_p, new_s


@broken("update_parameters_with_rmsprop", "square root")
def rms_no_root(parameters, grads, s, beta, learning_rate, epsilon):
    return _rms(parameters, grads, s, beta, learning_rate, epsilon, root=False)


@broken("update_parameters_with_rmsprop", "squared gradient", "square is missing")
def rms_no_square(parameters, grads, s, beta, learning_rate, epsilon):
    return _rms(parameters, grads, s, beta, learning_rate, epsilon, square=False)


@broken("update_parameters_with_rmsprop", "epsilon belongs outside the square root")
def rms_eps_inside(parameters, grads, s, beta, learning_rate, epsilon):
    return _rms(parameters, grads, s, beta, learning_rate, epsilon, eps_inside=True)


@broken("update_parameters_with_rmsprop", "wrong sign")
def rms_sign(parameters, grads, s, beta, learning_rate, epsilon):
    return _rms(parameters, grads, s, beta, learning_rate, epsilon, sign=-1)


@broken("update_parameters_with_rmsprop", "(1 - beta) is missing")
def rms_no_one_minus(parameters, grads, s, beta, learning_rate, epsilon):
    return _rms(parameters, grads, s, beta, learning_rate, epsilon, one_minus=False)


@broken("update_parameters_with_rmsprop", "epsilon is missing", "nan",
        "invalid value encountered")
def rms_no_eps(parameters, grads, s, beta, learning_rate, epsilon):
    return _rms(parameters, grads, s, beta, learning_rate, epsilon, use_eps=False)


@broken("update_parameters_with_rmsprop", "old s")
def rms_old_s(parameters, grads, s, beta, learning_rate, epsilon):
    return _rms(parameters, grads, s, beta, learning_rate, epsilon, old_s=True)


# --- adam -------------------------------------------------------------------------


def _adam(parameters, grads, v, s, t, lr, b1, b2, eps, *, correct_v=True, correct_s=True,
          t_used=None, eps_inside=False, store=False, swap=False, root=True, power=True):
    t = t if t_used is None else t_used(t)
    if swap:
        b1, b2 = b2, b1
    new_p, new_v, new_s = {}, {}, {}
    for k, p in parameters.items():
        g = grads["d" + k]
        nv = b1 * v["d" + k] + (1 - b1) * g
        ns = b2 * s["d" + k] + (1 - b2) * g * g
        vh = nv / ((1 - b1**t) if power else (1 - b1)) if correct_v else nv
        sh = ns / ((1 - b2**t) if power else (1 - b2)) if correct_s else ns
        if root:
            denom = np.sqrt(sh + eps) if eps_inside else np.sqrt(sh) + eps
        else:
            denom = sh + eps
        new_p[k] = p - lr * vh / denom
        new_v["d" + k], new_s["d" + k] = (vh, sh) if store else (nv, ns)
    return new_p, new_v, new_s


@broken("update_parameters_with_adam", "no bias correction")
def adam_no_correction(*args):
    return _adam(*args, correct_v=False, correct_s=False)


@broken("update_parameters_with_adam", "t - 1", "t started at 0", "divides by zero",
        "divide by zero encountered")
def adam_t_from_zero(*args):
    return _adam(*args, t_used=lambda t: t - 1)


@broken("update_parameters_with_adam", "t + 1")
def adam_t_plus_one(*args):
    return _adam(*args, t_used=lambda t: t + 1)


@broken("update_parameters_with_adam", "epsilon belongs outside the square root")
def adam_eps_inside(*args):
    return _adam(*args, eps_inside=True)


@broken("update_parameters_with_adam", "bias-corrected v and s are returned as the new state")
def adam_stores_corrected(*args):
    return _adam(*args, store=True)


@broken("update_parameters_with_adam", "beta1 and beta2 are swapped")
def adam_swapped(*args):
    return _adam(*args, swap=True)


@broken("update_parameters_with_adam", "square root")
def adam_no_root(*args):
    return _adam(*args, root=False)


@broken("update_parameters_with_adam", "s has no bias correction")
def adam_only_v_corrected(*args):
    return _adam(*args, correct_s=False)


@broken("update_parameters_with_adam", "power t")
def adam_no_power(*args):
    return _adam(*args, power=False)


@broken("update_parameters_with_adam", "returned a dict", "(parameters, v, s)")
def adam_returns_params_only(*args):
    return _adam(*args)[0]


# --- inverse_time_decay ---------------------------------------------------------


@broken("inverse_time_decay", "multiplies")
def itd_multiplies(learning_rate0, epoch, decay_rate):
    return learning_rate0 * (1 + decay_rate * epoch)


@broken("inverse_time_decay", "epoch + 1")
def itd_from_one(learning_rate0, epoch, decay_rate):
    return learning_rate0 / (1 + decay_rate * (epoch + 1))


@broken("inverse_time_decay", "raised zerodivisionerror", "epoch 0",
        "learning_rate0 / (decay_rate * epoch)")
def itd_no_one(learning_rate0, epoch, decay_rate):
    return learning_rate0 / (decay_rate * epoch)


@broken("inverse_time_decay", "exponential decay")
def itd_exponential(learning_rate0, epoch, decay_rate):
    return learning_rate0 * decay_rate**epoch


@broken("inverse_time_decay", "wrong type", "list")
def itd_list(learning_rate0, epoch, decay_rate):
    return [learning_rate0 / (1 + decay_rate * epoch)]


@broken("inverse_time_decay", "learning_rate0 is missing")
def itd_no_lr0(learning_rate0, epoch, decay_rate):
    return 1 / (1 + decay_rate * epoch)


@broken("inverse_time_decay", "shape (1,)", "wrong type")
def itd_array(learning_rate0, epoch, decay_rate):
    return np.array([learning_rate0 / (1 + decay_rate * epoch)])


# =============================================================================
# The tests over the table
# =============================================================================


@pytest.mark.parametrize(("name", "fn", "words"), BROKEN)
def test_broken_implementation_is_diagnosed(name, fn, words):
    result = grade(name, fn)
    assert result.passed is False
    assert result.message.startswith(f"{name} failed: ")
    text = result.message.lower()
    for word in words:
        assert word.lower() in text, f"{word!r} not in:\n{result.message}"


def test_at_least_five_kinds_of_mistake_per_grader_on_average():
    per_grader = {}
    for param in BROKEN:
        per_grader.setdefault(param.values[0], []).append(param)
    assert set(per_grader) == set(check.GRADERS)
    assert min(len(v) for v in per_grader.values()) >= 5
    assert len(BROKEN) / len(per_grader) >= 5


# =============================================================================
# A grader never raises; the learner's errors are reported with their line
# =============================================================================


def raises_on_line(*args, **kwargs):
    x = 1
    return x / 0  # the line the grader must quote


GARBAGE = [
    pytest.param(lambda *a, **k: None, ("none",), id="returns-None"),
    pytest.param(lambda *a, **k: "hello", ("wrong type",), id="returns-str"),
    pytest.param(lambda *a, **k: object(), ("object",), id="returns-object"),
    pytest.param(lambda *a, **k: (None, None, None), ("failed",), id="returns-Nones"),
    pytest.param(lambda *a, **k: np.full((3, 3), np.nan), ("failed",), id="returns-nan"),
    pytest.param(lambda *a, **k: np.log(-np.ones((3, 7))), ("warned",), id="warns"),
    pytest.param(lambda *a, **k: {"dW1": "x", "W1": "x", "dw": "x", "Z1": "x"}, ("failed",),
                 id="returns-dict-of-str"),
    pytest.param(lambda: 0, ("raised typeerror", "grader calls your function as"),
                 id="wrong-arity"),
    pytest.param(raises_on_line, ("raised zerodivisionerror", "return x / 0"),
                 id="raises"),
    pytest.param(lambda *a, **k: [[1, 2], [3]], ("failed",), id="returns-ragged-list"),
    pytest.param(lambda *a, **k: iter([]), ("failed",), id="returns-iterator"),
]


@pytest.mark.parametrize("name", check.GRADERS)
@pytest.mark.parametrize(("fn", "words"), GARBAGE)
def test_grader_never_raises(name, fn, words):
    result = grade(name, fn)
    assert isinstance(result, check.Result)
    assert result.passed is False
    text = result.message.lower()
    for word in words:
        assert word in text, f"{word!r} not in:\n{result.message}"


def test_exception_is_reported_with_file_line_and_source():
    result = check.sigmoid(raises_on_line)
    assert not result.passed
    line = raises_on_line.__code__.co_firstlineno + 2
    assert "your function raised ZeroDivisionError: division by zero" in result.message
    assert f'test_check.py", line {line}, in raises_on_line' in result.message
    assert "return x / 0  # the line the grader must quote" in result.message


def test_exception_deep_in_numpy_points_at_the_learners_line():
    def my_linear_backward(dZ, cache):
        _, W, _ = cache
        dA_prev = np.matmul(W, dZ)  # wrong: W.T
        return dA_prev, None, None

    result = check.linear_backward(my_linear_backward)
    assert "in my_linear_backward" in result.message
    assert "dA_prev = np.matmul(W, dZ)" in result.message


@pytest.mark.parametrize("name", check.GRADERS)
def test_exit_in_the_learners_code_is_reported(name):
    def quits(*args, **kwargs):
        raise SystemExit(3)

    result = grade(name, quits)
    assert not result.passed
    assert "raised SystemExit" in result.message


@pytest.mark.parametrize("name", check.GRADERS)
def test_not_a_function(name):
    result = grade(name, 42)
    assert not result.passed
    assert "expected a function" in result.message
    assert f"check.{name}(my_function)" in result.message


def test_warnings_do_not_leak_and_are_noted_on_success():
    def noisy_sigmoid(z):
        np.exp(np.full(2, 1000.0))  # overflows, then does the right thing
        return 1 / (1 + np.exp(-z))

    result = check.sigmoid(noisy_sigmoid)  # filterwarnings=error: a leak would raise here
    assert result.passed
    assert "overflow encountered in exp" in result.message
    assert "Note:" in result.message


def test_overflow_is_part_of_the_diagnosis():
    def overflowing(z):
        return np.exp(z * 1000.0)

    result = check.sigmoid(overflowing)
    assert not result.passed
    assert "NaN or infinite" in result.message
    assert "overflow encountered" in result.message


def test_grading_is_deterministic():
    assert check.sigmoid(sigmoid_tanh).message == check.sigmoid(sigmoid_tanh).message
    assert (check.update_parameters_with_adam(adam_no_correction).message
            == check.update_parameters_with_adam(adam_no_correction).message)


# =============================================================================
# The result object
# =============================================================================


def test_result_prints_its_message():
    good = check.sigmoid(ok_sigmoid)
    bad = check.sigmoid(sigmoid_flipped_sign)
    assert bool(good)
    assert not bool(bad)
    assert str(good) == repr(good) == good.message
    assert str(bad) == repr(bad) == bad.message
    assert good.name == bad.name == "sigmoid"
    html_good, html_bad = good._repr_html_(), bad._repr_html_()
    assert "#2e7d32" in html_good
    assert "#c62828" in html_bad
    assert html_bad.startswith("<pre")
    assert "sign of the exponent" in html_bad


def test_html_is_escaped():
    result = check.sigmoid(lambda z: "<b>")
    assert "<b>" not in result._repr_html_()


def test_failure_message_first_line_names_the_mistake():
    message = check.linear_backward(linear_backward_no_m).message
    first, *rest = message.splitlines()
    assert first == "linear_backward failed: dW is off by a factor of m = 7: it is m times too large"
    assert any(line.startswith("  Test case: dZ (4, 7)") for line in rest)
    assert re.search(r"cache \(\(3, 7\), \(4, 3\), \(4, 1\)\)", message)
