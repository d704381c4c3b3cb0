"""Course-style solutions of every assignment, written here without dlguide.

Each must pass its grader (``tests/check/test_registry.py``); the broken
implementations in the other test modules start from them.
"""

from __future__ import annotations

import numpy as np


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


def ok_softmax(Z):
    t = np.exp(Z - np.max(Z, axis=0, keepdims=True))
    return t / np.sum(t, axis=0, keepdims=True)


def ok_one_hot(labels, num_classes):
    Y = np.zeros((num_classes, labels.shape[1]))
    Y[labels.ravel(), np.arange(labels.shape[1])] = 1
    return Y


def ok_categorical_cost(AL, Y):
    m = Y.shape[1]
    return -np.sum(Y * np.log(AL)) / m


def ok_batchnorm_forward(Z, gamma, beta, epsilon):
    mu = np.mean(Z, axis=1, keepdims=True)
    var = np.mean((Z - mu) ** 2, axis=1, keepdims=True)
    Z_norm = (Z - mu) / np.sqrt(var + epsilon)
    return gamma * Z_norm + beta, (Z_norm, mu, var, gamma, epsilon)


def ok_batchnorm_backward(dZ_tilde, cache):
    m = dZ_tilde.shape[1]
    dbeta = np.sum(dZ_tilde, axis=1, keepdims=True)
    dgamma = np.sum(dZ_tilde * cache.Z_norm, axis=1, keepdims=True)
    dZ_norm = dZ_tilde * cache.gamma
    dZ = (m * dZ_norm - np.sum(dZ_norm, axis=1, keepdims=True)
          - cache.Z_norm * np.sum(dZ_norm * cache.Z_norm, axis=1, keepdims=True)) / (
        m * np.sqrt(cache.var + cache.epsilon))
    return dZ, dgamma, dbeta


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
    "softmax": [ok_softmax],
    "one_hot": [ok_one_hot],
    "categorical_cost": [ok_categorical_cost],
    "batchnorm_forward": [ok_batchnorm_forward],
    "batchnorm_backward": [ok_batchnorm_backward],
}


