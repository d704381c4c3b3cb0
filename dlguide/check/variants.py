"""The references with the learners' signatures, and the usual wrong variants of the math.

A second, deliberately plain copy of the course's formulas, written the way a
learner writes them, with switches for each mistake a grader can name (a
missing ``1 - beta``, no bias correction, the wrong derivative, ...).
"""

from __future__ import annotations

import numpy as np

from .. import _kernels as K
from .. import activations, network

__all__ = [
    "FORWARD",
    "adam_step",
    "cross_entropy",
    "deep_backward",
    "deep_forward",
    "derivative",
    "lin_back",
    "momentum_step",
    "ref_adam",
    "ref_backward_propagation",
    "ref_forward_propagation",
    "ref_model_backward",
    "ref_model_forward",
    "ref_momentum",
    "ref_rmsprop",
    "relu",
    "rmsprop_step",
    "sig",
]


def sig(Z):
    return K.sigmoid(np.asarray(Z, dtype=np.float64))


def relu(Z):
    return np.maximum(Z, 0.0)


def cross_entropy(A, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


FORWARD = {"sigmoid": sig, "relu": relu, "tanh": np.tanh, "linear": lambda Z: Z}


def derivative(name, Z):
    if name == "sigmoid":
        s = sig(Z)
        return s * (1 - s)
    if name == "relu":
        return (Z > 0).astype(np.float64)
    if name == "tanh":
        return 1 - np.tanh(Z) ** 2
    return np.ones_like(Z)


def lin_back(dZ, A_prev, W):
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


def ref_forward_propagation(X, parameters):
    W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
    Z1 = W1 @ X + b1
    A1 = np.tanh(Z1)
    Z2 = W2 @ A1 + b2
    A2 = activations.sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def ref_backward_propagation(parameters, cache, X, Y):
    W2 = parameters["W2"]
    A1, A2 = cache["A1"], cache["A2"]
    m = X.shape[1]
    dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m
    db2 = np.sum(dZ2, axis=1, keepdims=True) / m
    dZ1 = (W2.T @ dZ2) * (1 - A1**2)
    dW1 = dZ1 @ X.T / m
    db1 = np.sum(dZ1, axis=1, keepdims=True) / m
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def ref_model_forward(X, parameters):
    return network.model_forward(X, parameters, hidden_activation="relu")


def ref_model_backward(AL, Y, caches):
    return network.model_backward(AL, Y, caches, hidden_activation="relu")


def ref_momentum(parameters, grads, v, beta, learning_rate):
    return momentum_step(parameters, grads, v, beta, learning_rate)


def ref_rmsprop(parameters, grads, s, beta, learning_rate, epsilon=1e-8):
    return rmsprop_step(parameters, grads, s, beta, learning_rate, epsilon)


def ref_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999,
              epsilon=1e-8):
    return adam_step(parameters, grads, v, s, t, learning_rate, beta1, beta2, epsilon)


def momentum_step(params, grads, v, beta, lr, *, one_minus=True, swap=False, step="new",
                   update_v=True):
    new_params, new_v = {}, {}
    for k, p in params.items():
        g, vk = grads["d" + k], v["d" + k]
        a, c = (1 - beta, beta) if swap else (beta, 1 - beta)
        nv = a * vk + (c if one_minus else 1.0) * g if update_v else np.array(vk, copy=True)
        direction = {"new": nv, "old": vk, "grad": g}[step]
        new_params[k] = p - lr * direction
        new_v["d" + k] = nv
    return new_params, new_v


def denominator(s, eps, root, eps_inside, use_eps):
    """RMSprop's and Adam's divisor, right (sqrt(s) + eps) or with one of the usual
    mistakes: no root, eps inside the root, no eps."""
    e = eps if use_eps else 0.0
    if not root:
        return s + e
    return np.sqrt(s + e) if eps_inside else np.sqrt(s) + e


def rmsprop_step(params, grads, s, beta, lr, eps, *, square=True, one_minus=True, swap=False,
                  root=True, eps_inside=False, use_eps=True, update_s=True, step="new"):
    new_params, new_s = {}, {}
    for k, p in params.items():
        g, sk = grads["d" + k], s["d" + k]
        a, c = (1 - beta, beta) if swap else (beta, 1 - beta)
        ns = a * sk + (c if one_minus else 1.0) * (g * g if square else g) if update_s \
            else np.array(sk, copy=True)
        base = ns if step == "new" else sk
        new_params[k] = p - lr * g / denominator(base, eps, root, eps_inside, use_eps)
        new_s["d" + k] = ns
    return new_params, new_s


def adam_step(params, grads, v, s, t, lr, b1, b2, eps, *, one_minus=True, square=True,
               swap=False, correct_v=True, correct_s=True, t_shift=0, power=True, root=True,
               eps_inside=False, use_eps=True, store_corrected=False):
    if swap:
        b1, b2 = b2, b1
    tt = t + t_shift
    new_params, new_v, new_s = {}, {}, {}
    for k, p in params.items():
        g = grads["d" + k]
        nv = b1 * v["d" + k] + ((1 - b1) if one_minus else 1.0) * g
        ns = b2 * s["d" + k] + ((1 - b2) if one_minus else 1.0) * (g * g if square else g)
        cv = 1 - b1**tt if power else 1 - b1
        cs = 1 - b2**tt if power else 1 - b2
        v_hat = nv / cv if correct_v else nv
        s_hat = ns / cs if correct_s else ns
        new_params[k] = p - lr * v_hat / denominator(s_hat, eps, root, eps_inside, use_eps)
        new_v["d" + k] = v_hat if store_corrected else nv
        new_s["d" + k] = s_hat if store_corrected else ns
    return new_params, new_v, new_s


def deep_forward(X, params, hidden="relu", output="sigmoid", bias=True):
    """AL and per layer (A_prev, W, b, Z, A)."""
    L = len(params) // 2
    layers, A = [], X
    for l in range(1, L + 1):
        W, b = params[f"W{l}"], params[f"b{l}"]
        Z = W @ A + (b if bias else 0.0)
        A_next = FORWARD[hidden if l < L else output](Z)
        layers.append((A, W, b, Z, A_next))
        A = A_next
    return A, layers


def deep_backward(AL, Y, layers, hidden="relu", output="sigmoid"):
    """Gradients through ``layers`` from :func:`deep_forward`, with chosen derivatives."""
    grads = {}
    L = len(layers)
    with np.errstate(all="ignore"):
        dAL = -(Y / AL - (1 - Y) / (1 - AL))
    dA = dAL
    for l in range(L, 0, -1):
        A_prev, W, _, Z, _ = layers[l - 1]
        name = output if l == L else hidden
        dZ = AL - Y if (l == L and name == "sigmoid") else dA * derivative(name, Z)
        dA, grads[f"dW{l}"], grads[f"db{l}"] = lin_back(dZ, A_prev, W)
    return grads
