"""The numerical kernels every public module shares (private module, plain names).

A kernel trusts its input: it checks nothing and runs on arrays that a public
function (or :func:`dlguide.train.fit`, once at its boundary) has validated.
Kernels that produce an array take ``out=``, a preallocated result, so that a
training loop can reuse its buffers step after step; ``out`` is never one of
the inputs of the same call unless the kernel says so.

What lives here, each forward beside its backward:

- the activations and the registry :data:`ACTIVATIONS` of them by name;
- the linear part of a layer, ``Z = W A_prev + b`` and its gradients;
- inverted dropout;
- the binary cross-entropy, from probabilities and from logits, and the L2 term;
- the shuffle-then-partition of the examples into mini-batches.

The public modules (:mod:`dlguide.activations`, :mod:`dlguide.layers`,
:mod:`dlguide.losses`, :mod:`dlguide.regularization`, ...) wrap these kernels
in checks; the fast training step (:mod:`dlguide.step`) calls them directly,
and ``tests/test_step.py`` pins it to the checked functions.
"""

from __future__ import annotations

import functools
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

__all__ = [
    "ACTIVATIONS",
    "LAYER_ACTIVATIONS",
    "OUTPUT_ACTIVATIONS",
    "Activation",
    "batchnorm_backward",
    "batchnorm_forward",
    "categorical_cross_entropy",
    "cross_entropy",
    "cross_entropy_from_logits",
    "dropout_backward",
    "dropout_forward",
    "l2_sum",
    "leaky_relu",
    "leaky_relu_backward",
    "linear_backward",
    "linear_forward",
    "logit_loss_sum",
    "mini_batch_indices",
    "relu",
    "relu_backward",
    "sigmoid",
    "sigmoid_backward",
    "softmax",
    "softmax_backward",
    "softmax_loss_sum",
    "tanh",
    "tanh_backward",
]


# --- activations ----------------------------------------------------------------


def underflow_ignored(kernel):
    """``kernel`` run with NumPy's underflow ignored: where exp(-|z|) underflows
    (|z| > 708) the subnormal or 0 it gives is the right answer, so NumPy must not
    warn or raise, even under ``np.errstate(all="raise")`` (the activations chapter
    shows it). NumPy ignores underflow by default; np.errstate is entered only when
    it does not, since entering it costs more than the kernel on a small batch."""

    @functools.wraps(kernel)
    def run(*args, **kwargs):
        if np.geterr()["under"] == "ignore":
            return kernel(*args, **kwargs)
        with np.errstate(under="ignore"):
            return kernel(*args, **kwargs)

    return run


@underflow_ignored
def sigmoid(Z, out=None):
    # With e = exp(-|z|) and r = 1 / (1 + e):
    #   z >= 0: r;   z < 0: e r = exp(z) / (1 + exp(z)).
    # Each branch is a product or quotient of accurate numbers, so the result is
    # within a few ulps in relative terms over the whole float64 range (the identity
    # (1 + tanh(z/2)) / 2 cancels for negative z and returns exactly 0 below -38).
    negative = Z < 0  # before out is written: out may be Z itself
    e = np.abs(Z)
    np.negative(e, out=e)
    np.exp(e, out=e)
    r = np.add(e, 1.0, out=out)
    np.divide(1.0, r, out=r)
    np.multiply(e, r, out=e)
    np.copyto(r, e, where=negative)
    return r


@underflow_ignored
def sigmoid_backward(dA, Z, out=None):
    # sigma'(z) = sigma(z) sigma(-z) = e / (1 + e)^2 with e = exp(-|z|): accurate
    # for large |z| too, where s (1 - s) would cancel to 0.
    e = np.abs(Z)
    np.negative(e, out=e)
    np.exp(e, out=e)
    d = e + 1.0
    np.multiply(d, d, out=d)
    np.divide(e, d, out=e)
    np.minimum(e, 0.25, out=e)  # the true value is <= 1/4; rounding near z = 0 can exceed it
    return np.multiply(dA, e, out=out)


def tanh(Z, out=None):
    return np.tanh(Z, out=out)


def tanh_backward(dA, Z, out=None):
    t = np.tanh(Z, out=out)
    # dZ = dA * (1 - t**2)
    np.multiply(t, t, out=t)
    np.subtract(1.0, t, out=t)
    t *= dA
    return t


def relu(Z, out=None):
    return np.maximum(Z, 0.0, out=out)


def relu_backward(dA, Z, out=None):
    return np.multiply(dA, Z > 0, out=out)  # a bool mask keeps dA's dtype


def leaky_relu(Z, alpha=0.01, *, out=None):
    # max(z, alpha z) is z for z > 0 and alpha z otherwise, as 0 <= alpha < 1.
    A = np.multiply(Z, float(alpha), out=out)
    return np.maximum(Z, A, out=A)


def leaky_relu_backward(dA, Z, alpha=0.01, *, out=None):
    slope = np.where(Z > 0, 1.0, alpha).astype(Z.dtype, copy=False)
    return np.multiply(dA, slope, out=out)


class Activation(NamedTuple):
    """An activation's forward ``g(Z, out=None)`` and backward ``g_backward(dA, Z, out=None)``."""

    forward: object
    backward: object


#: The activations by name. Read-only: a learner cannot swap a kernel for the
#: whole package by assigning into it.
ACTIVATIONS = MappingProxyType({
    "sigmoid": Activation(sigmoid, sigmoid_backward),
    "tanh": Activation(tanh, tanh_backward),
    "relu": Activation(relu, relu_backward),
    "leaky_relu": Activation(leaky_relu, leaky_relu_backward),
})


# --- the linear part of a layer -------------------------------------------------------


def linear_forward(A_prev, W, b, out=None):
    # np.dot is the same BLAS product as W @ A_prev, with less overhead per call
    # on small arrays.
    Z = np.dot(W, A_prev, out=out)
    Z += b
    return Z


def linear_backward(dZ, A_prev, W, *, out=None, need_dA_prev=True, dA_out=None, mean=True):
    """``(dA_prev, dW, db)``; ``out=(dW, db)`` and ``dA_out`` write into given arrays.

    ``mean=False``: ``dZ`` is already dJ/dZ, the 1/m included (the fast step's
    form), so dW and db are not divided again. ``need_dA_prev=False`` skips the
    first layer's dX, which nothing uses.
    """
    dW, db = (None, None) if out is None else out
    dW = np.dot(dZ, A_prev.T, out=dW)
    db = np.add.reduce(dZ, axis=1, keepdims=True, out=db)  # the sum over examples
    if mean:
        m = A_prev.shape[1]
        dW *= 1.0 / m
        db *= 1.0 / m
    dA_prev = np.dot(W.T, dZ, out=dA_out) if need_dA_prev else None
    return dA_prev, dW, db


# --- dropout ------------------------------------------------------------------------------


def dropout_forward(A, keep_prob, rng, out=None, D=None, U=None):
    """``(A * D / keep_prob, D)``; ``out``, ``D`` and ``U`` are preallocated result,
    mask and uniform draws (the draws are the same with or without them)."""
    U = rng.random(A.shape, dtype=A.dtype) if U is None else rng.random(out=U, dtype=U.dtype)
    D = np.less(U, keep_prob, out=D)
    A = np.multiply(A, D, out=out)
    A *= 1.0 / keep_prob
    return A, D


def dropout_backward(dA, D, keep_prob, out=None):
    dA = np.multiply(dA, D, out=out)
    dA *= 1.0 / keep_prob
    return dA


# --- costs ----------------------------------------------------------------------------


_TINY = {np.dtype(np.float64): np.finfo(np.float64).tiny,
         np.dtype(np.float32): np.finfo(np.float32).tiny}


def cross_entropy(AL, Y):
    """Binary cross-entropy averaged over the m columns, from probabilities.

    The logarithm's argument is floored at the smallest normal number, so an
    ``AL`` of exactly 0 or 1 costs about 708 (float64) instead of infinity.
    """
    tiny = _TINY.get(AL.dtype) or np.finfo(AL.dtype).tiny
    logA = np.log(np.maximum(AL, tiny))
    log1mA = np.log(np.maximum(1.0 - AL, tiny))
    return float(-(np.vdot(Y, logA) + np.vdot(1.0 - Y, log1mA)) / Y.shape[1])


def logit_loss_sum(ZL, Y):
    r"""The sum over the columns of the cross-entropy of :math:`a = \sigma(z)`.

    :math:`-y\log a - (1-y)\log(1-a) = \log(1+e^z) - yz`, exact where ``a``
    would round to 0 or 1.
    """
    return float(np.logaddexp(0.0, ZL).sum() - np.vdot(Y, ZL))


def cross_entropy_from_logits(ZL, Y):
    """Binary cross-entropy averaged over the m columns, from the logits ``ZL``."""
    return logit_loss_sum(ZL, Y) / Y.shape[1]


def l2_sum(params, L):
    r""":math:`\sum_l \lVert W^{[l]} \rVert_F^2`."""
    total = 0.0
    for l in range(1, L + 1):
        W = params[f"W{l}"]
        total += float(np.vdot(W, W))
    return total


# --- mini-batches ---------------------------------------------------------------------


def mini_batch_indices(m, mini_batch_size, rng):
    """Shuffle 0..m-1 with ``rng``, then cut into consecutive batches of indices."""
    order = rng.permutation(m)
    return [order[k:k + mini_batch_size] for k in range(0, m, mini_batch_size)]


# --- batch normalization ------------------------------------------------------------


def batchnorm_forward(Z, gamma, beta, epsilon, out=None, Z_norm=None):
    """``(Z_tilde, mu, var, Z_norm)``: each unit (row) normalized over the examples of
    the batch (columns) with the biased variance, then scaled and shifted. ``out`` and
    ``Z_norm`` are preallocated results (the fast step reuses them)."""
    m = Z.shape[1]
    mu = np.add.reduce(Z, axis=1, keepdims=True) / m
    Z_norm = np.subtract(Z, mu, out=Z_norm)
    out = np.multiply(Z_norm, Z_norm, out=out)  # out holds the squares for a moment
    var = np.add.reduce(out, axis=1, keepdims=True) / m
    Z_norm *= 1.0 / np.sqrt(var + epsilon)
    np.multiply(Z_norm, gamma, out=out)
    out += beta
    return out, mu, var, Z_norm


def batchnorm_backward(dZ_tilde, Z_norm, var, gamma, epsilon, out=None, dgamma_out=None,
                       dbeta_out=None):
    """``(dZ, dgamma, dbeta)``, the gradients of whatever scalar ``dZ_tilde`` is the
    gradient of (no 1/m of the cost: dgamma and dbeta are sums over the examples).

    With dZ_norm = gamma dZ_tilde, sum(dZ_norm) = gamma dbeta and
    sum(dZ_norm Z_norm) = gamma dgamma, so
    dZ = gamma / sqrt(var + epsilon) * (dZ_tilde - dbeta / m - Z_norm * dgamma / m).
    """
    m = dZ_tilde.shape[1]
    dbeta = np.add.reduce(dZ_tilde, axis=1, keepdims=True, out=dbeta_out)
    out = np.multiply(dZ_tilde, Z_norm, out=out)  # out holds dZ_tilde * Z_norm for a moment
    dgamma = np.add.reduce(out, axis=1, keepdims=True, out=dgamma_out)
    np.multiply(Z_norm, dgamma / m, out=out)
    np.subtract(dZ_tilde, out, out=out)
    out -= dbeta / m
    out *= gamma / np.sqrt(var + epsilon)
    return out, dgamma, dbeta


# --- softmax --------------------------------------------------------------------------


def softmax(Z, out=None):
    """Column-wise softmax, with each column's maximum subtracted first (no overflow
    for any finite Z; the largest entry of a column becomes e^0 = 1)."""
    # e^(-800) is 0: the right answer; so is e^(-inf), where a score more than the
    # float range below its column's maximum overflows the subtraction to -inf.
    with np.errstate(under="ignore", over="ignore"):
        out = np.subtract(Z, Z.max(axis=0, keepdims=True), out=out)
        np.exp(out, out=out)
    out /= np.add.reduce(out, axis=0, keepdims=True)
    return out


def softmax_backward(dA, Z, out=None):
    """dZ = A * (dA - sum(dA * A, over the classes)): the Jacobian of the softmax,
    column by column, applied to dA."""
    A = softmax(Z)
    out = np.multiply(dA, A, out=out)
    s = np.add.reduce(out, axis=0, keepdims=True)
    np.subtract(dA, s, out=out)
    out *= A
    return out


def softmax_loss_sum(ZL, Y):
    """The sum over the columns of -sum_j y_j log softmax(z)_j, from the logits:
    logsumexp(z) - y . z for one-hot (or any probability) columns y."""
    top = ZL.max(axis=0, keepdims=True)
    with np.errstate(under="ignore"):
        lse = np.log(np.add.reduce(np.exp(ZL - top), axis=0)) + top[0]
    return float(lse.sum() - np.vdot(Y, ZL))


def categorical_cross_entropy(AL, Y):
    """-1/m sum Y log AL over the m columns (one-hot Y), the log floored at the
    smallest normal number."""
    tiny = _TINY.get(AL.dtype) or np.finfo(AL.dtype).tiny
    return float(-np.vdot(Y, np.log(np.maximum(AL, tiny))) / Y.shape[1])


#: Every activation a layer can have: the hidden ones and the output's softmax.
LAYER_ACTIVATIONS = MappingProxyType({**ACTIVATIONS,
                                      "softmax": Activation(softmax, softmax_backward)})

#: The output activations of a network, and the cost each goes with.
OUTPUT_ACTIVATIONS = ("sigmoid", "softmax")
