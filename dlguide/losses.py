"""The cross-entropy cost, from probabilities and from logits.

Derived in :doc:`/part1/logistic-regression` (one example, then the average
over m) and used by every model of the book: :func:`dlguide.logistic.propagate`,
:func:`dlguide.network.compute_cost` (the course's name for the same cost, with
the optional L2 term), :func:`dlguide.network.L_layer_model` and
:func:`dlguide.train.fit`, which all compute it with the kernels here.
"""

from __future__ import annotations

import math

import numpy as np

from . import _kernels as K
from ._validation import check_array, check_targets

__all__ = [
    "categorical_cross_entropy",
    "categorical_cross_entropy_from_logits",
    "cross_entropy",
    "cross_entropy_from_logits",
]


def cross_entropy(AL, Y):
    r"""Binary cross-entropy of predicted probabilities, averaged over the m examples.

    Parameters
    ----------
    AL : ndarray of shape (1, m)
        Predicted probabilities :math:`a^{(i)} = P(y^{(i)} = 1 \mid x^{(i)})`, in [0, 1].
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.

    Returns
    -------
    cost : float

    Notes
    -----
    .. math:: J = -\frac{1}{m} \sum_{i=1}^{m} \Bigl( y^{(i)} \log a^{(i)}
              + (1 - y^{(i)}) \log(1 - a^{(i)}) \Bigr)

    An :math:`a` of exactly 0 or 1 would make a wrong answer cost
    :math:`\infty`; the logarithm's argument is floored at the smallest normal
    number, so such an answer costs about 708 (float64) instead. A probability
    that has rounded to 1 has lost the size of its error: a confident wrong
    answer with logit 40 costs 40, which :func:`cross_entropy_from_logits`
    computes exactly and this function cannot (it sees only :math:`a = 1`).

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.losses import cross_entropy
    >>> round(cross_entropy(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])), 6)
    0.279777
    """
    AL, Y = check_targets("AL", AL, Y, probabilities=True)
    return K.cross_entropy(AL, Y)


def cross_entropy_from_logits(ZL, Y):
    r"""Binary cross-entropy of :math:`a = \sigma(z)`, computed from the logits :math:`z`.

    Parameters
    ----------
    ZL : ndarray of shape (1, m)
        The output layer's pre-activations (logits), any finite reals.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.

    Returns
    -------
    cost : float
        The same number as ``cross_entropy(sigmoid(ZL), Y)`` wherever
        :math:`\sigma(z)` does not round to 0 or 1, and exact where it does.

    Notes
    -----
    With :math:`a = \sigma(z)`, :math:`\log a = -\log(1 + e^{-z})` and
    :math:`\log(1 - a) = -\log(1 + e^{z})`, so one example's loss is

    .. math:: -y \log a - (1 - y)\log(1 - a) = \log(1 + e^{z}) - y z,

    which ``np.logaddexp(0, z)`` evaluates without overflow for any finite
    :math:`z`.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.losses import cross_entropy_from_logits
    >>> round(cross_entropy_from_logits(np.array([[40.0]]), np.array([[0]])), 9)
    40.0
    """
    ZL, Y = check_targets("ZL", ZL, Y, probabilities=False)
    with np.errstate(over="ignore", invalid="ignore"):
        cost = K.cross_entropy_from_logits(ZL, Y)
    if not math.isfinite(cost):
        # Logits near the float64 limit: each loss is finite, their sum is not.
        with np.errstate(over="ignore"):
            cost = float(np.sum((np.logaddexp(0.0, ZL) - Y * ZL) / Y.shape[1]))
        if not math.isfinite(cost):
            raise ValueError(f"ZL must be small enough that the cost is finite; got a largest "
                             f"|ZL| of {float(np.max(np.abs(ZL))):g}")
    return cost


def _check_multiclass(name, out, Y, probabilities):
    # the rows first: with one row, check_targets would ask for binary labels
    rows = check_array(name, out, shape_hint="(C, m), C >= 2")
    if rows.shape[0] < 2:
        raise ValueError(f"{name} must have C >= 2 rows, one per class (a single row is the "
                         f"binary case: cross_entropy); got shape {rows.shape}")
    return check_targets(name, rows, Y, probabilities=probabilities)


def categorical_cross_entropy(AL, Y):
    r"""Cross-entropy of softmax outputs against one-hot labels, averaged over the m examples.

    Parameters
    ----------
    AL : ndarray of shape (C, m)
        Each column a probability distribution over the C classes.
    Y : ndarray of shape (C, m)
        One-hot labels (:func:`dlguide.data.one_hot`).

    Returns
    -------
    cost : float

    Notes
    -----
    .. math:: J = -\frac{1}{m}\sum_{i=1}^{m}\sum_{j=1}^{C} y^{(i)}_j \log a^{(i)}_j

    Only the true class's probability enters each example's loss; the other
    classes enter through the softmax's normalization. With :math:`C = 2` it is
    :func:`cross_entropy` of the first row. (Derived in :doc:`/part3/softmax`.)

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.losses import categorical_cross_entropy
    >>> AL = np.array([[0.7, 0.2], [0.2, 0.5], [0.1, 0.3]])
    >>> round(categorical_cross_entropy(AL, np.array([[1, 0], [0, 1], [0, 0]])), 6)
    0.52492
    """
    AL, Y = _check_multiclass("AL", AL, Y, True)
    return K.categorical_cross_entropy(AL, Y)


def categorical_cross_entropy_from_logits(ZL, Y):
    r"""The categorical cross-entropy of ``softmax(ZL)``, computed from the logits.

    Parameters
    ----------
    ZL : ndarray of shape (C, m)
    Y : ndarray of shape (C, m)
        One-hot labels.

    Returns
    -------
    cost : float
        Exact even where a softmax probability would round to 0.

    Notes
    -----
    :math:`-\log \operatorname{softmax}(z)_j = \log \sum_k e^{z_k} - z_j`, and
    the log-sum-exp is taken after subtracting the column's maximum.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.losses import categorical_cross_entropy_from_logits
    >>> round(categorical_cross_entropy_from_logits(np.array([[0.0], [-800.0]]),
    ...                                             np.array([[0], [1]])), 6)
    800.0
    """
    ZL, Y = _check_multiclass("ZL", ZL, Y, False)
    with np.errstate(over="ignore", invalid="ignore"):
        cost = K.softmax_loss_sum(ZL, Y) / Y.shape[1]
    if not math.isfinite(cost):
        # Logits near the float64 limit: each loss may be finite, their sum not.
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            top = ZL.max(axis=0)
            lse = np.log(np.add.reduce(np.exp(ZL - top), axis=0)) + top
            cost = float(np.sum((lse - np.add.reduce(Y * ZL, axis=0)) / Y.shape[1]))
        if not math.isfinite(cost):
            raise ValueError(f"ZL must be small enough that the cost is finite; got a largest "
                             f"|ZL| of {float(np.max(np.abs(ZL))):g}")
    return cost
