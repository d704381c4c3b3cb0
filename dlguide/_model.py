"""The caches and the unchecked layer and model passes (private module, plain names).

:mod:`dlguide.layers` and :mod:`dlguide.network` check their arguments and
call these; :func:`dlguide.network.L_layer_model` runs them in its loop once
the arguments are checked. The cache types are documented, and exported, by
:mod:`dlguide.layers`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import _kernels as K
from .batchnorm import BatchNormCache

__all__ = [
    "LayerCache",
    "LinearCache",
    "bn_layer_forward",
    "layer_backward",
    "layer_forward",
    "model_backward",
    "model_forward",
]


class LinearCache(NamedTuple):
    r"""What the linear part of a layer keeps for its backward pass.

    Unpacks as the course's ``A_prev, W, b = linear_cache``.

    Attributes
    ----------
    A_prev : ndarray of shape (n[l-1], m)
        The layer's input.
    W : ndarray of shape (n[l], n[l-1])
    b : ndarray of shape (n[l], 1)
    """

    A_prev: np.ndarray
    W: np.ndarray
    b: np.ndarray

    def __repr__(self):
        return (f"LinearCache(A_prev {np.shape(self.A_prev)}, W {np.shape(self.W)}, "
                f"b {np.shape(self.b)})")


class LayerCache(tuple):
    r"""One layer's cache: everything its backward pass needs.

    It unpacks as the course's two-part cache, ``linear_cache, Z = cache``
    (``linear_cache`` a :class:`LinearCache`), and also records what the course
    leaves to the caller: which activation produced the layer's output, the
    dropout mask applied to it, if any, and for a batch-normalized layer the
    normalization's cache. A backward pass given this cache needs no other
    argument to be right.

    Parameters
    ----------
    linear_cache : LinearCache
        ``(A_prev, W, b)``; ``b`` is None in a batch-normalized layer (its
        ``beta`` takes the place of the bias).
    Z : ndarray of shape (n[l], m)
        The input of the activation: the pre-activation, or with batch norm the
        normalized, scaled and shifted :math:`\tilde Z`.
    activation : str
        A name of :data:`dlguide.activations.ACTIVATIONS`, or ``"softmax"``.
    D : ndarray of bool, shape (n[l], m), optional
        The inverted-dropout mask applied to the layer's output
        (:func:`dlguide.regularization.dropout_forward`), or None.
    keep_prob : float, default 1.0
        The keep probability that mask was drawn with.
    bn : BatchNormCache, optional
        The cache of :func:`dlguide.batchnorm.batchnorm_forward` for a
        batch-normalized layer, else None.
    bn_training : bool, default True
        Whether the batch's own statistics were used (training) or the running
        averages (test time; such a cache has no backward pass).

    Attributes
    ----------
    linear_cache, Z, activation, D, keep_prob, bn, bn_training
        As above; also ``A_prev``, ``W`` and ``b``, the parts of ``linear_cache``.
    """

    def __new__(cls, linear_cache, Z, activation, D=None, keep_prob=1.0, bn=None,
                bn_training=True):
        self = super().__new__(cls, (LinearCache(*linear_cache), Z))
        self.activation, self.D, self.keep_prob = activation, D, keep_prob
        self.bn, self.bn_training = bn, bn_training
        return self

    def __getnewargs__(self):  # copy and pickle rebuild it through __new__
        return (self[0], self[1], self.activation, self.D, self.keep_prob, self.bn,
                self.bn_training)

    linear_cache = property(lambda self: self[0], doc="``(A_prev, W, b)``")
    Z = property(lambda self: self[1], doc="The input of the activation.")
    A_prev = property(lambda self: self[0].A_prev)
    W = property(lambda self: self[0].W)
    b = property(lambda self: self[0].b)

    def __repr__(self):
        dropout = "" if self.D is None else f", D {np.shape(self.D)}, keep_prob={self.keep_prob}"
        bias = "b None" if self.b is None else f"b {np.shape(self.b)}"
        bn = "" if self.bn is None else (", batch norm" + ("" if self.bn_training
                                                          else " (running averages)"))
        return (f"LayerCache(A_prev {np.shape(self.A_prev)}, W {np.shape(self.W)}, "
                f"{bias}, Z {np.shape(self.Z)}, activation={self.activation!r}{dropout}{bn})")


def _activate(Z, activation, keep_prob, rng):
    A = K.LAYER_ACTIVATIONS[activation].forward(Z)
    D = None
    if keep_prob < 1.0:
        A, D = K.dropout_forward(A, keep_prob, rng, out=A)
    return A, D


def layer_forward(A_prev, W, b, activation, keep_prob=1.0, rng=None):
    """``(A, LayerCache)`` of one layer, with inverted dropout on ``A`` when ``keep_prob < 1``."""
    Z = K.linear_forward(A_prev, W, b)
    A, D = _activate(Z, activation, keep_prob, rng)
    return A, LayerCache((A_prev, W, b), Z, activation, D, keep_prob)


def bn_layer_forward(A_prev, W, gamma, beta, activation, epsilon, keep_prob=1.0, rng=None,
                     running=None):
    """``(A, LayerCache)`` of a batch-normalized layer: Z = W A_prev (no bias), each unit
    normalized with the batch's statistics (or, given ``running = (mu, sigma2)``, with
    the running averages), scaled by gamma and shifted by beta, then activated."""
    Z = np.dot(W, A_prev)
    if running is None:
        Z_tilde, mu, var, Z_norm = K.batchnorm_forward(Z, gamma, beta, epsilon)
    else:
        mu, var = running
        Z_norm = (Z - mu) / np.sqrt(var + epsilon)
        Z_tilde = gamma * Z_norm + beta
    A, D = _activate(Z_tilde, activation, keep_prob, rng)
    bn = BatchNormCache(Z_norm, mu, var, gamma, epsilon)
    return A, LayerCache((A_prev, W, None), Z_tilde, activation, D, keep_prob, bn,
                         running is None)


def layer_backward(dA, cache, activation, out=None, need_dA_prev=True):
    """``(dA_prev, dW, db)`` of one layer: dropout's backward (if the cache holds a
    mask), the activation's, then the linear part's. For a batch-normalized layer
    ``db`` is the pair ``(dgamma, dbeta)``, sums over the examples."""
    (A_prev, W, _), Z = cache
    D = getattr(cache, "D", None)
    if D is not None:
        dA = K.dropout_backward(dA, D, cache.keep_prob)
    dZ = K.LAYER_ACTIVATIONS[activation].backward(dA, Z)
    bn = getattr(cache, "bn", None)
    if bn is None:
        return K.linear_backward(dZ, A_prev, W, out=out, need_dA_prev=need_dA_prev)
    dZ, dgamma, dbeta = K.batchnorm_backward(dZ, bn.Z_norm, bn.var, bn.gamma, bn.epsilon)
    dA_prev, dW, _ = K.linear_backward(dZ, A_prev, W, need_dA_prev=need_dA_prev)
    return dA_prev, dW, (dgamma, dbeta)


def model_forward(X, params, L, hidden_activation, keep_prob=1.0, rng=None,
                  output_activation="sigmoid", training=True, epsilon=1e-5):
    """``(AL, caches)``: L-1 hidden layers (batch-normalized when ``params`` holds
    ``gamma1``), then the output layer (never dropped). ``training=False`` uses the
    running averages ``mu{l}`` and ``sigma2{l}`` of a batch-normalized network."""
    caches = []
    A = X
    batch_norm = "gamma1" in params
    for l in range(1, L):
        if batch_norm:
            running = None if training else (params[f"mu{l}"], params[f"sigma2{l}"])
            A, cache = bn_layer_forward(A, params[f"W{l}"], params[f"gamma{l}"],
                                        params[f"beta{l}"], hidden_activation, epsilon,
                                        keep_prob, rng, running)
        else:
            A, cache = layer_forward(A, params[f"W{l}"], params[f"b{l}"], hidden_activation,
                                     keep_prob, rng)
        caches.append(cache)
    AL, cache = layer_forward(A, params[f"W{L}"], params[f"b{L}"], output_activation)
    caches.append(cache)
    return AL, caches


def model_backward(AL, Y, caches, activations, lambd=0.0, out=None):
    """The gradients of the cost; ``activations[l - 1]`` is layer l's activation.

    ``out``: an optional dict of arrays ``{"dW1": ..., "db1": ...}`` to write into
    (networks without batch norm).
    """
    grads = {} if out is None else out
    L = len(caches)
    m = AL.shape[1]

    def slot(l):
        return None if out is None else (out[f"dW{l}"], out[f"db{l}"])

    # The output layer: a sigmoid with the binary cross-entropy, or a softmax with the
    # categorical one, gives dZ = AL - Y directly.
    dZ = AL - Y
    (A_prev, W, _), _ = caches[L - 1]
    dA, grads[f"dW{L}"], grads[f"db{L}"] = K.linear_backward(
        dZ, A_prev, W, out=slot(L), need_dA_prev=L > 1)
    for l in range(L - 1, 0, -1):
        if getattr(caches[l - 1], "bn", None) is None:
            dA, grads[f"dW{l}"], grads[f"db{l}"] = layer_backward(
                dA, caches[l - 1], activations[l - 1], slot(l), need_dA_prev=l > 1)
        else:  # dZ is per example (m dJ/dZ): dgamma and dbeta of J carry the 1/m
            dA, grads[f"dW{l}"], (dgamma, dbeta) = layer_backward(
                dA, caches[l - 1], activations[l - 1], need_dA_prev=l > 1)
            grads[f"dgamma{l}"], grads[f"dbeta{l}"] = dgamma / m, dbeta / m
    if lambd > 0:
        for l in range(1, L + 1):
            grads[f"dW{l}"] += (lambd / m) * caches[l - 1][0][1]
    return grads
