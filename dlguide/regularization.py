"""L2 regularization and inverted dropout, each forward beside its backward.

Derived in :doc:`/part2/regularization` and :doc:`/part2/dropout`.
"""

from __future__ import annotations

import numpy as np

from . import _kernels as K
from ._validation import (
    as_rng,
    check_array,
    check_params,
    check_positive,
    check_probability,
    no_overflow,
)

__all__ = ["dropout_backward", "dropout_forward", "l2_cost", "l2_grads"]

L2_RULE = ("params and lambd must be small enough that the L2 term "
           "lambd / (2m) * sum ||W||^2 is finite")


def l2_term(params, L, lambd, m):
    """``lambd / (2 m) * sum ||W||^2`` of checked ``params`` (lists and ints
    converted, float32 kept), refused with ``L2_RULE`` when it overflows: neither
    ``np.vdot`` nor Python's float arithmetic reports an overflow."""
    total = K.l2_sum({f"W{l}": check_array(f"params['W{l}']", params[f"W{l}"])
                      for l in range(1, L + 1)}, L)
    term = lambd / (2.0 * m) * total
    if not np.isfinite(term):
        raise ValueError(f"{L2_RULE}; it overflows (got {term})")
    return term


def _check_dropout(name, A, keep_prob):
    """``A / keep_prob`` must be finite: a tiny keep_prob (5e-324 is in (0, 1])
    would turn the kept units into infinities, and the dropped ones into NaN."""
    if keep_prob < 1.0:
        largest = max(float(np.max(np.abs(A))) if A.size else 0.0, 1.0)
        if not largest / keep_prob <= float(np.finfo(A.dtype).max) / 2:
            raise ValueError(
                f"keep_prob must be large enough that {name} / keep_prob is finite in "
                f"{A.dtype}; got keep_prob={keep_prob:g} with a largest |{name}| of {largest:g}"
            )


def _check_lambd_m(lambd, m):
    lambd = check_positive("lambd", lambd, allow_zero=True)
    m = check_positive("m", m, integer=True)
    return lambd, m


def l2_cost(params, lambd, m):
    r"""The L2 term added to the cost: :math:`\frac{\lambda}{2m}\sum_l \lVert W^{[l]}\rVert_F^2`.

    Parameters
    ----------
    params : dict
        ``{"W1": ..., "b1": ..., ...}``; biases are not penalized.
    lambd : float
        :math:`\lambda \ge 0` (``lambda`` is a Python keyword).
    m : int
        Number of training examples the cost averages over.

    Returns
    -------
    penalty : float

    Notes
    -----
    The Frobenius norm sums the squares of every entry:

    .. math:: \lVert W \rVert_F^2 = \sum_i \sum_j W_{ij}^2, \qquad
              J_{reg} = J + \frac{\lambda}{2m}\sum_{l=1}^{L} \lVert W^{[l]} \rVert_F^2

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.regularization import l2_cost
    >>> params = {"W1": np.array([[1.0, 2.0]]), "b1": np.zeros((1, 1))}
    >>> l2_cost(params, lambd=0.5, m=5)
    0.25
    """
    L = check_params(params)
    lambd, m = _check_lambd_m(lambd, m)
    return l2_term(params, L, lambd, m)


def l2_grads(params, lambd, m):
    r"""The gradient of :func:`l2_cost`: :math:`\frac{\lambda}{m} W^{[l]}` for each layer.

    Parameters
    ----------
    params : dict
    lambd : float
    m : int

    Returns
    -------
    grads : dict
        ``{"dW1": ..., ..., "dWL": ...}`` to add to the cross-entropy gradients
        (the biases get nothing).

    Notes
    -----
    .. math:: \frac{\partial}{\partial W^{[l]}} \frac{\lambda}{2m}\lVert W^{[l]}\rVert_F^2
              = \frac{\lambda}{m} W^{[l]}

    so a gradient step becomes *weight decay*:

    .. math:: W^{[l]} \leftarrow \Bigl(1 - \frac{\alpha\lambda}{m}\Bigr) W^{[l]} - \alpha\, dW^{[l]}_{\text{data}}

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.regularization import l2_grads
    >>> l2_grads({"W1": np.array([[2.0]]), "b1": np.zeros((1, 1))}, lambd=1.0, m=4)["dW1"].tolist()
    [[0.5]]
    """
    L = check_params(params)
    lambd, m = _check_lambd_m(lambd, m)
    with no_overflow("params and lambd must be small enough that lambd / m * W is finite"):
        return {f"dW{l}": (lambd / m) * check_array(f"params['W{l}']", params[f"W{l}"])
                for l in range(1, L + 1)}


def dropout_forward(A, keep_prob, *, rng=None):
    r"""Inverted dropout: keep each unit with probability ``keep_prob``, then rescale.

    Parameters
    ----------
    A : ndarray of shape (n[l], m)
        A hidden layer's activations.
    keep_prob : float in (0, 1]
    rng : int, numpy.random.Generator or None

    Returns
    -------
    A_dropped : ndarray of shape (n[l], m)
    D : ndarray of bool, shape (n[l], m)
        The mask; the backward pass must reuse it.

    Notes
    -----
    .. math:: D = [U < p], \; U \sim \mathcal{U}(0, 1), \qquad
              \tilde A = \frac{A \odot D}{p}

    Dividing by :math:`p` keeps :math:`\mathbb{E}[\tilde A] = A`, so nothing
    changes at test time, when dropout is off.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.regularization import dropout_forward
    >>> A_dropped, D = dropout_forward(np.ones((2, 4)), 0.5, rng=0)
    >>> sorted(set(A_dropped.ravel().tolist()))
    [0.0, 2.0]
    """
    A = check_array("A", A, shape_hint="(n[l], m)")
    keep_prob = check_probability("keep_prob", keep_prob)
    _check_dropout("A", A, keep_prob)
    return K.dropout_forward(A, keep_prob, as_rng(rng))


def dropout_backward(dA, D, keep_prob):
    r"""Backward pass of :func:`dropout_forward`: :math:`dA \odot D / p`.

    Parameters
    ----------
    dA : ndarray of shape (n[l], m)
    D : ndarray of bool, shape (n[l], m)
        The mask from the forward pass (never a fresh one).
    keep_prob : float in (0, 1]

    Returns
    -------
    dA : ndarray of shape (n[l], m)

    Notes
    -----
    The forward pass multiplied by :math:`D/p`, so by the chain rule the
    gradient is multiplied by the same factor:

    .. math:: dA^{[l]} \leftarrow \frac{dA^{[l]} \odot D^{[l]}}{p}

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.regularization import dropout_backward
    >>> dropout_backward(np.ones((1, 2)), np.array([[True, False]]), 0.5).tolist()
    [[2.0, 0.0]]
    """
    dA = check_array("dA", dA, shape_hint="(n[l], m)")
    D = check_array("D", D, shape_hint=f"{dA.shape}, the shape of dA")
    if D.shape != dA.shape:
        raise ValueError(f"D must have the shape of dA, {dA.shape}; got {D.shape}")
    bad = (D != 0) & (D != 1)
    if bad.any():
        raise ValueError(
            "D must be the 0/1 (or bool) mask that dropout_forward returned; got "
            f"{int(bad.sum())} value(s) other than 0 and 1"
        )
    keep_prob = check_probability("keep_prob", keep_prob)
    _check_dropout("dA", dA, keep_prob)
    return K.dropout_backward(dA, D.astype(dA.dtype, copy=False), keep_prob)
