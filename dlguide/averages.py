"""Exponentially weighted averages, with and without bias correction.

Derived in :doc:`/part2/weighted-averages`; the optimizers of
:mod:`dlguide.optimizers` run the same recurrence on gradients.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_array, check_flag, check_unit_interval, no_overflow

__all__ = ["ewa"]


def ewa(theta, beta=0.9, *, bias_correction=False):
    r"""Exponentially weighted average of a sequence :math:`\theta_1, \dots, \theta_T`.

    Parameters
    ----------
    theta : array_like of shape (T,)
        The sequence, in time order.
    beta : float in [0, 1), default 0.9
        Weight on the past; the average remembers about :math:`1/(1-\beta)` steps.
    bias_correction : bool, default False
        Divide by :math:`1 - \beta^t`, which fixes the start of the curve where
        :math:`v_0 = 0` drags it towards zero.

    Returns
    -------
    v : ndarray of shape (T,)
        :math:`v_1, \dots, v_T` (bias-corrected when asked).

    Notes
    -----
    .. math:: v_0 = 0, \qquad v_t = \beta v_{t-1} + (1 - \beta)\theta_t
              = (1-\beta)\sum_{i=1}^{t} \beta^{t-i}\theta_i, \qquad
              \hat v_t = \frac{v_t}{1 - \beta^t}

    The weights :math:`(1-\beta)\beta^{t-i}` sum to :math:`1 - \beta^t`, which
    is why dividing by it gives a true weighted mean.

    Examples
    --------
    >>> from dlguide.averages import ewa
    >>> ewa([10.0, 10.0], beta=0.9).round(6).tolist()
    [1.0, 1.9]
    >>> ewa([10.0, 10.0], beta=0.9, bias_correction=True).round(6).tolist()
    [10.0, 10.0]
    """
    theta = check_array("theta", theta, ndim=1, shape_hint="(T,)")
    beta = check_unit_interval("beta", beta)
    bias_correction = check_flag("bias_correction", bias_correction)
    v = np.empty_like(theta)
    acc = 0.0
    with no_overflow("theta must be small enough that its average is finite"):
        for t, x in enumerate(theta):
            acc = beta * acc + (1.0 - beta) * x
            v[t] = acc
        if bias_correction:
            v /= 1.0 - beta ** np.arange(1, theta.size + 1)
    return v
