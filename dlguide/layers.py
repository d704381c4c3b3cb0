"""One layer of a network: the linear part, then the activation, each with its backward.

Derived in :doc:`/part1/deep-network` (the building blocks and their caches)
and :doc:`/part1/backpropagation`. The course's signatures and cache layout:
:func:`linear_forward` returns ``(Z, linear_cache)`` with ``linear_cache =
(A_prev, W, b)``, and :func:`linear_activation_forward` returns ``(A, cache)``
with ``cache = (linear_cache, Z)``. The caches are a :class:`LinearCache` and a
:class:`LayerCache`, which unpack exactly so and also record the activation
(and dropout mask) that the backward pass must use.
"""

from __future__ import annotations

import numpy as np

from . import _kernels as K
from ._model import LayerCache, LinearCache, layer_backward, layer_forward
from ._validation import (
    as_dtype,
    check_array,
    check_choice,
    check_positive,
    check_probability,
    no_overflow,
)
from .batchnorm import BatchNormCache

__all__ = [
    "LayerCache",
    "LinearCache",
    "linear_activation_backward",
    "linear_activation_forward",
    "linear_backward",
    "linear_forward",
]

LinearCache.__module__ = LayerCache.__module__ = __name__

#: What a forward and a backward pass must not overflow (see ``no_overflow``).
FORWARD_RULE = "A_prev, W and b must be small enough that Z = W @ A_prev + b is finite"
BACKWARD_RULE = ("dA (or dZ) and the cache must be small enough that the gradients "
                 "dA_prev, dW and db are finite")


def _check_linear(A_prev, W, b, no_bias=False):
    A_prev = check_array("A_prev", A_prev, shape_hint="(n[l-1], m)")
    W = check_array("W", W, shape_hint="(n[l], n[l-1])")
    if no_bias and b is None:  # a batch-normalized layer: beta replaces b
        b = np.zeros((W.shape[0], 1), W.dtype)
    b = check_array("b", b, shape_hint="(n[l], 1)")
    if W.shape[1] != A_prev.shape[0]:
        raise ValueError(
            f"W must have as many columns as A_prev has rows (n[l-1]); got "
            f"W.shape={W.shape} and A_prev.shape={A_prev.shape}"
        )
    if b.shape != (W.shape[0], 1):
        raise ValueError(
            f"b must have shape {(W.shape[0], 1)} to match W.shape={W.shape}; got "
            f"b.shape={b.shape}"
        )
    if not A_prev.dtype == W.dtype == b.dtype:
        raise TypeError(
            f"A_prev, W and b must have one dtype; got {A_prev.dtype}, {W.dtype} and {b.dtype}"
        )
    return A_prev, W, b


def _check_linear_cache(cache, what="cache", no_bias=False):
    if not isinstance(cache, tuple) or len(cache) != 3:
        raise TypeError(
            f"{what} must be the tuple (A_prev, W, b) returned by linear_forward; "
            f"got {type(cache).__name__}"
            + (f" of length {len(cache)}" if isinstance(cache, tuple) else "")
        )
    try:
        return _check_linear(*cache, no_bias=no_bias)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"{what}: {exc}") from None


def linear_forward(A_prev, W, b):
    r"""Linear part of a layer: :math:`Z = W A_{prev} + b`.

    Parameters
    ----------
    A_prev : ndarray of shape (n[l-1], m)
        Activations of the previous layer (or the input ``X``).
    W : ndarray of shape (n[l], n[l-1])
    b : ndarray of shape (n[l], 1)
        Broadcast across the ``m`` columns.

    Returns
    -------
    Z : ndarray of shape (n[l], m)
    cache : LinearCache
        ``(A_prev, W, b)``, what :func:`linear_backward` needs.

    Notes
    -----
    .. math:: Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.layers import linear_forward
    >>> Z, cache = linear_forward(np.ones((3, 5)), np.ones((2, 3)), np.zeros((2, 1)))
    >>> Z.shape, float(Z[0, 0])
    ((2, 5), 3.0)
    """
    A_prev, W, b = _check_linear(A_prev, W, b)
    with no_overflow(FORWARD_RULE):
        Z = K.linear_forward(A_prev, W, b)
    return Z, LinearCache(A_prev, W, b)


def linear_backward(dZ, cache):
    r"""Backward pass of :func:`linear_forward`.

    Parameters
    ----------
    dZ : ndarray of shape (n[l], m)
        Gradient of the cost with respect to ``Z``.
    cache : tuple ``(A_prev, W, b)``
        From :func:`linear_forward`.

    Returns
    -------
    dA_prev : ndarray of shape (n[l-1], m)
    dW : ndarray of shape (n[l], n[l-1])
    db : ndarray of shape (n[l], 1)

    Notes
    -----
    The cost is an average over the ``m`` examples, so the parameter gradients
    carry a factor ``1/m``; ``dA_prev`` is per example and does not.

    .. math::
        dW^{[l]} = \frac{1}{m} dZ^{[l]} A^{[l-1]\top}, \quad
        db^{[l]} = \frac{1}{m} \sum_{i=1}^{m} dZ^{[l](i)}, \quad
        dA^{[l-1]} = W^{[l]\top} dZ^{[l]}

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.layers import linear_forward, linear_backward
    >>> _, cache = linear_forward(np.ones((3, 4)), np.ones((2, 3)), np.zeros((2, 1)))
    >>> dA_prev, dW, db = linear_backward(np.ones((2, 4)), cache)
    >>> dA_prev.shape, dW.shape, db.shape, float(db[0, 0])
    ((3, 4), (2, 3), (2, 1), 1.0)
    """
    A_prev, W, _ = _check_linear_cache(cache)
    dZ = check_array("dZ", dZ, rows=W.shape[0], cols=A_prev.shape[1],
                     shape_hint="(n[l], m)")
    dZ = as_dtype("dZ", dZ, W.dtype, of="the cache's W")
    with no_overflow(BACKWARD_RULE):
        return K.linear_backward(dZ, A_prev, W)


def linear_activation_forward(A_prev, W, b, activation):
    r"""One layer: linear part then activation, :math:`A = g(W A_{prev} + b)`.

    Parameters
    ----------
    A_prev : ndarray of shape (n[l-1], m)
    W : ndarray of shape (n[l], n[l-1])
    b : ndarray of shape (n[l], 1)
    activation : {"sigmoid", "tanh", "relu", "leaky_relu", "softmax"}
        ``"softmax"`` normalizes each column (an output layer of C classes).

    Returns
    -------
    A : ndarray of shape (n[l], m)
    cache : tuple ``(linear_cache, Z)``
        ``linear_cache`` is ``(A_prev, W, b)``; ``Z`` is the activation cache.

    Notes
    -----
    .. math:: Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}, \qquad A^{[l]} = g^{[l]}(Z^{[l]})

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.layers import linear_activation_forward
    >>> A, cache = linear_activation_forward(
    ...     np.zeros((3, 2)), np.ones((1, 3)), np.zeros((1, 1)), "sigmoid")
    >>> A.tolist()
    [[0.5, 0.5]]
    """
    check_choice("activation", activation, K.LAYER_ACTIVATIONS)
    A_prev, W, b = _check_linear(A_prev, W, b)
    with no_overflow(FORWARD_RULE):
        return layer_forward(A_prev, W, b, activation)


def check_layer_cache(cache, what="cache"):
    """Check one layer's cache ``(linear_cache, Z)`` and return ``(A_prev, W, b, Z)``.

    Accepts a :class:`LayerCache` or the course's plain tuple; the shapes must
    chain (Z is ``(n[l], m)`` for W of ``n[l]`` rows and A_prev of ``m`` columns).
    """
    if not isinstance(cache, tuple) or len(cache) != 2:
        raise TypeError(
            f"{what} must be the pair (linear_cache, Z) returned by "
            f"linear_activation_forward; got {type(cache).__name__}"
            + (f" of length {len(cache)}" if isinstance(cache, tuple) else "")
        )
    bn = getattr(cache, "bn", None)
    A_prev, W, b = _check_linear_cache(cache[0], f"{what}[0] (the linear cache)",
                                       no_bias=bn is not None)
    Z = check_array(f"{what}[1] (Z)", cache[1], rows=W.shape[0], cols=A_prev.shape[1],
                    shape_hint="(n[l], m)")
    if bn is not None:
        if not getattr(cache, "bn_training", True):
            raise ValueError(f"{what} comes from a test-time forward pass (training=False, "
                             "the running averages): it has no backward pass; run "
                             "model_forward with training=True to train")
        if not isinstance(bn, BatchNormCache):
            raise TypeError(f"{what}.bn must be a BatchNormCache; got {type(bn).__name__}")
        check_array(f"{what}.bn.Z_norm", bn.Z_norm, rows=Z.shape[0], cols=Z.shape[1])
        for field in ("var", "gamma"):
            check_array(f"{what}.bn.{field}", getattr(bn, field), rows=Z.shape[0], cols=1)
        check_positive(f"{what}.bn.epsilon", bn.epsilon)
    return A_prev, W, b, Z


def cache_activation(cache, activation, what="cache", argument="activation"):
    """The activation a layer's backward must use: the one its cache records, or
    ``activation`` for a plain tuple; a contradiction between the two is an error."""
    recorded = getattr(cache, "activation", None)
    if recorded is not None:  # a LayerCache built by hand can record anything
        check_choice(f"{what}.activation", recorded, K.LAYER_ACTIVATIONS)
    if activation is not None:
        check_choice(argument, activation, K.LAYER_ACTIVATIONS)
    if recorded is None:
        if activation is None:
            raise ValueError(
                f"{argument} must be given: {what} is a plain tuple, which does not record "
                "the activation its forward pass used (a LayerCache from "
                "linear_activation_forward or model_forward does)"
            )
        return activation
    if activation is not None and activation != recorded:
        raise ValueError(
            f"{argument}={activation!r} contradicts {what}, which records the activation "
            f"{recorded!r} of its forward pass; leave {argument} out and the cache decides"
        )
    return recorded


def linear_activation_backward(dA, cache, activation=None):
    r"""Backward pass of :func:`linear_activation_forward`.

    The activation's backward gives ``dZ``; the linear backward turns ``dZ``
    into ``dA_prev, dW, db``.

    Parameters
    ----------
    dA : ndarray of shape (n[l], m)
    cache : LayerCache or tuple ``(linear_cache, Z)``
        From :func:`linear_activation_forward` (or, for a layer of
        :func:`~dlguide.network.model_forward`, one of its caches, whose
        dropout mask is then applied too).
    activation : {"sigmoid", "tanh", "relu", "leaky_relu"}, optional
        Needed only for a plain tuple; a :class:`LayerCache` records its
        activation, and a different ``activation`` raises a ``ValueError``
        naming both.

    Returns
    -------
    dA_prev : ndarray of shape (n[l-1], m)
    dW : ndarray of shape (n[l], n[l-1])
    db : ndarray of shape (n[l], 1)

    Notes
    -----
    .. math:: dZ^{[l]} = dA^{[l]} \odot g^{[l]\prime}(Z^{[l]})

    followed by :func:`linear_backward`.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.layers import linear_activation_forward, linear_activation_backward
    >>> A, cache = linear_activation_forward(
    ...     np.ones((3, 2)), np.ones((4, 3)), np.zeros((4, 1)), "relu")
    >>> [g.shape for g in linear_activation_backward(np.ones_like(A), cache)]
    [(3, 2), (4, 3), (4, 1)]
    >>> cache.activation
    'relu'

    """
    activation = cache_activation(cache, activation)
    if getattr(cache, "bn", None) is not None:
        raise ValueError("cache is a batch-normalized layer's (cache.bn is set): its backward "
                         "pass gives dgamma and dbeta in place of db; use "
                         "dlguide.network.model_backward, or dlguide.batchnorm.batchnorm_backward "
                         "between the activation's backward and linear_backward")
    A_prev, W, b, Z = check_layer_cache(cache)
    dA = check_array("dA", dA, rows=Z.shape[0], cols=Z.shape[1], shape_hint="(n[l], m)")
    cache = checked_cache(cache, A_prev, W, b, Z)
    dA = as_dtype("dA", dA, W.dtype, of="the cache's W")
    with no_overflow(BACKWARD_RULE):
        return layer_backward(dA, cache, activation)


def checked_cache(cache, A_prev, W, b, Z, what="cache"):
    """A :class:`LayerCache` of the checked arrays, with ``cache``'s dropout mask
    (checked) and activation, if it records them."""
    D, keep_prob = getattr(cache, "D", None), getattr(cache, "keep_prob", 1.0)
    if D is not None:
        D = check_array(f"{what}.D (the dropout mask)", D, rows=Z.shape[0], cols=Z.shape[1])
        if not ((D == 0) | (D == 1)).all():
            raise ValueError(f"{what}.D (the dropout mask) must hold only 0 and 1")
        D = D.astype(W.dtype, copy=False)  # a bool mask must not turn float32 into float64
        keep_prob = check_probability(f"{what}.keep_prob", keep_prob)
    bn = getattr(cache, "bn", None)
    return LayerCache((A_prev, W, None if bn is not None else b),
                      as_dtype(f"{what}'s Z", Z, W.dtype, of="its W"),
                      getattr(cache, "activation", None), D, keep_prob, bn)
