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

__all__ = [
    "LayerCache",
    "LinearCache",
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
    leaves to the caller: which activation produced the layer's output, and the
    dropout mask applied to it, if any. A backward pass given this cache needs
    no other argument to be right.

    Parameters
    ----------
    linear_cache : LinearCache
        ``(A_prev, W, b)``.
    Z : ndarray of shape (n[l], m)
        The pre-activation, the input of the activation.
    activation : str
        A name of :data:`dlguide.activations.ACTIVATIONS`.
    D : ndarray of bool, shape (n[l], m), optional
        The inverted-dropout mask applied to the layer's output
        (:func:`dlguide.regularization.dropout_forward`), or None.
    keep_prob : float, default 1.0
        The keep probability that mask was drawn with.

    Attributes
    ----------
    linear_cache, Z, activation, D, keep_prob
        As above; also ``A_prev``, ``W`` and ``b``, the parts of ``linear_cache``.
    """

    def __new__(cls, linear_cache, Z, activation, D=None, keep_prob=1.0):
        self = super().__new__(cls, (LinearCache(*linear_cache), Z))
        self.activation, self.D, self.keep_prob = activation, D, keep_prob
        return self

    def __getnewargs__(self):  # copy and pickle rebuild it through __new__
        return (self[0], self[1], self.activation, self.D, self.keep_prob)

    linear_cache = property(lambda self: self[0], doc="``(A_prev, W, b)``")
    Z = property(lambda self: self[1], doc="The pre-activation.")
    A_prev = property(lambda self: self[0].A_prev)
    W = property(lambda self: self[0].W)
    b = property(lambda self: self[0].b)

    def __repr__(self):
        dropout = "" if self.D is None else f", D {np.shape(self.D)}, keep_prob={self.keep_prob}"
        return (f"LayerCache(A_prev {np.shape(self.A_prev)}, W {np.shape(self.W)}, "
                f"b {np.shape(self.b)}, Z {np.shape(self.Z)}, "
                f"activation={self.activation!r}{dropout})")


def layer_forward(A_prev, W, b, activation, keep_prob=1.0, rng=None):
    """``(A, LayerCache)`` of one layer, with inverted dropout on ``A`` when ``keep_prob < 1``."""
    Z = K.linear_forward(A_prev, W, b)
    A = K.ACTIVATIONS[activation].forward(Z)
    D = None
    if keep_prob < 1.0:
        A, D = K.dropout_forward(A, keep_prob, rng, out=A)
    return A, LayerCache((A_prev, W, b), Z, activation, D, keep_prob)


def layer_backward(dA, cache, activation, out=None, need_dA_prev=True):
    """``(dA_prev, dW, db)`` of one layer: dropout's backward (if the cache holds a
    mask), the activation's, then the linear part's."""
    (A_prev, W, _), Z = cache
    D = getattr(cache, "D", None)
    if D is not None:
        dA = K.dropout_backward(dA, D, cache.keep_prob)
    dZ = K.ACTIVATIONS[activation].backward(dA, Z)
    return K.linear_backward(dZ, A_prev, W, out=out, need_dA_prev=need_dA_prev)


def model_forward(X, params, L, hidden_activation, keep_prob=1.0, rng=None):
    """``(AL, caches)``: L-1 hidden layers, then one sigmoid unit (never dropped)."""
    caches = []
    A = X
    for l in range(1, L):
        A, cache = layer_forward(A, params[f"W{l}"], params[f"b{l}"], hidden_activation,
                                 keep_prob, rng)
        caches.append(cache)
    AL, cache = layer_forward(A, params[f"W{L}"], params[f"b{L}"], "sigmoid")
    caches.append(cache)
    return AL, caches


def model_backward(AL, Y, caches, activations, lambd=0.0, out=None):
    """The gradients of the cost; ``activations[l - 1]`` is layer l's activation.

    ``out``: an optional dict of arrays ``{"dW1": ..., "db1": ...}`` to write into.
    """
    grads = {} if out is None else out
    L = len(caches)
    m = AL.shape[1]

    def slot(l):
        return None if out is None else (out[f"dW{l}"], out[f"db{l}"])

    # The output layer: sigmoid with cross-entropy gives dZ = AL - Y directly.
    dZ = AL - Y
    (A_prev, W, _), _ = caches[L - 1]
    dA, grads[f"dW{L}"], grads[f"db{L}"] = K.linear_backward(
        dZ, A_prev, W, out=slot(L), need_dA_prev=L > 1)
    for l in range(L - 1, 0, -1):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = layer_backward(
            dA, caches[l - 1], activations[l - 1], slot(l), need_dA_prev=l > 1)
    if lambd > 0:
        for l in range(1, L + 1):
            grads[f"dW{l}"] += (lambd / m) * caches[l - 1][0][1]
    return grads
