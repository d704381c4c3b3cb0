"""Batch normalization of a layer's pre-activations, forward beside backward.

Derived in :doc:`/part3/batch-norm`. Each unit (row of ``Z``) is normalized
over the examples of the mini-batch (columns), then scaled by ``gamma`` and
shifted by ``beta``, both learned; the layer's bias ``b`` is dropped, since
``beta`` takes its place. At test time the network uses running averages of the
batches' means and variances instead (:func:`dlguide.network.model_forward`
with ``training=False``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import _kernels as K
from ._validation import as_dtype, check_array, check_epsilon, no_overflow

__all__ = ["BatchNormCache", "batchnorm_backward", "batchnorm_forward"]


class BatchNormCache(NamedTuple):
    """What :func:`batchnorm_backward` needs from the forward pass.

    Attributes
    ----------
    Z_norm : ndarray of shape (n, m)
        The normalized pre-activations.
    mu, var : ndarray of shape (n, 1)
        The batch mean and biased variance (1/m) of each unit.
    gamma : ndarray of shape (n, 1)
    epsilon : float
    """

    Z_norm: np.ndarray
    mu: np.ndarray
    var: np.ndarray
    gamma: np.ndarray
    epsilon: float

    def __repr__(self):
        return (f"BatchNormCache(Z_norm {np.shape(self.Z_norm)}, mu {np.shape(self.mu)}, "
                f"var {np.shape(self.var)}, gamma {np.shape(self.gamma)}, "
                f"epsilon={self.epsilon})")


def _check_column(name, value, n, dtype, of="Z"):
    col = check_array(name, value, rows=n, cols=1, shape_hint=f"({n}, 1), one per unit")
    return as_dtype(name, col, dtype, of=of)


def batchnorm_forward(Z, gamma, beta, *, epsilon=1e-5):
    r"""Normalize each unit over the batch, then scale and shift: :math:`\tilde Z = \gamma \hat Z + \beta`.

    Parameters
    ----------
    Z : ndarray of shape (n, m)
        A layer's pre-activations, one column per example of the mini-batch.
    gamma, beta : ndarray of shape (n, 1)
        The learned scale and shift of each unit.
    epsilon : float, default 1e-5
        Added to the variance, so a unit that is constant over the batch
        (variance 0) is divided by :math:`\sqrt{\varepsilon}`, not by 0.

    Returns
    -------
    Z_tilde : ndarray of shape (n, m)
    cache : BatchNormCache
        ``Z_norm``, ``mu``, ``var``, ``gamma``, ``epsilon``.

    Notes
    -----
    For each unit, over the :math:`m` examples of the batch:

    .. math::
        \mu = \frac{1}{m}\sum_{i} z^{(i)}, \quad
        \sigma^2 = \frac{1}{m}\sum_{i} \bigl(z^{(i)} - \mu\bigr)^2, \quad
        \hat z^{(i)} = \frac{z^{(i)} - \mu}{\sqrt{\sigma^2 + \varepsilon}}, \quad
        \tilde z^{(i)} = \gamma \hat z^{(i)} + \beta

    The variance divides by :math:`m` (the biased estimate), as the course writes it.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.batchnorm import batchnorm_forward
    >>> Z = np.array([[1.0, 2.0, 3.0], [10.0, 10.0, 10.0]])
    >>> Z_tilde, cache = batchnorm_forward(Z, np.ones((2, 1)), np.zeros((2, 1)))
    >>> Z_tilde.round(4).tolist()
    [[-1.2247, 0.0, 1.2247], [0.0, 0.0, 0.0]]
    >>> cache.var.ravel().round(4).tolist()
    [0.6667, 0.0]
    """
    Z = check_array("Z", Z, shape_hint="(n, m)")
    gamma = _check_column("gamma", gamma, Z.shape[0], Z.dtype)
    beta = _check_column("beta", beta, Z.shape[0], Z.dtype)
    epsilon = check_epsilon("epsilon", epsilon, Z.dtype)
    with no_overflow("Z, gamma and beta must be small enough that each unit's variance over "
                     "the batch and gamma * Z_norm + beta are finite"):
        Z_tilde, mu, var, Z_norm = K.batchnorm_forward(Z, gamma, beta, epsilon)
    return Z_tilde, BatchNormCache(Z_norm, mu, var, gamma, epsilon)


def batchnorm_backward(dZ_tilde, cache):
    r"""Backward pass of :func:`batchnorm_forward`: ``(dZ, dgamma, dbeta)``.

    Parameters
    ----------
    dZ_tilde : ndarray of shape (n, m)
        The gradient of a scalar (the cost) with respect to :math:`\tilde Z`.
    cache : BatchNormCache
        From :func:`batchnorm_forward`.

    Returns
    -------
    dZ : ndarray of shape (n, m)
    dgamma, dbeta : ndarray of shape (n, 1)
        Sums over the examples: the gradients of the same scalar.

    Notes
    -----
    Every :math:`\hat z^{(i)}` depends on every :math:`z^{(k)}` of the batch
    through :math:`\mu` and :math:`\sigma^2`; with :math:`d\hat Z = \gamma\, d\tilde Z`,

    .. math::
        d\beta = \sum_i d\tilde z^{(i)}, \qquad
        d\gamma = \sum_i d\tilde z^{(i)} \hat z^{(i)}, \qquad
        dz^{(i)} = \frac{1}{\sqrt{\sigma^2 + \varepsilon}}\Bigl(d\hat z^{(i)}
        - \frac{1}{m}\sum_k d\hat z^{(k)}
        - \hat z^{(i)} \frac{1}{m}\sum_k d\hat z^{(k)} \hat z^{(k)}\Bigr)

    The two sums are the mean's and the variance's part of the chain rule.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.batchnorm import batchnorm_backward, batchnorm_forward
    >>> Z = np.array([[1.0, 2.0, 4.0]])
    >>> _, cache = batchnorm_forward(Z, np.ones((1, 1)), np.zeros((1, 1)))
    >>> dZ, dgamma, dbeta = batchnorm_backward(np.ones((1, 3)), cache)
    >>> bool(np.abs(dZ).max() < 1e-12), float(dbeta[0, 0])
    (True, 3.0)
    """
    if not isinstance(cache, BatchNormCache):
        raise TypeError("cache must be the BatchNormCache returned by batchnorm_forward; got "
                        f"{type(cache).__name__}")
    Z_norm = check_array("cache.Z_norm", cache.Z_norm, shape_hint="(n, m)")
    n, m = Z_norm.shape
    of = "cache.Z_norm"
    var = _check_column("cache.var", cache.var, n, Z_norm.dtype, of)
    if (var < 0).any():
        raise ValueError("cache.var must be >= 0 (a variance)")
    gamma = _check_column("cache.gamma", cache.gamma, n, Z_norm.dtype, of)
    epsilon = check_epsilon("cache.epsilon", cache.epsilon, Z_norm.dtype)
    dZ_tilde = check_array("dZ_tilde", dZ_tilde, rows=n, cols=m, shape_hint=f"({n}, {m})")
    dZ_tilde = as_dtype("dZ_tilde", dZ_tilde, Z_norm.dtype, of=of)
    with no_overflow("dZ_tilde and the cache must be small enough that dZ, dgamma and dbeta "
                     "are finite"):
        return K.batchnorm_backward(dZ_tilde, Z_norm, var, gamma, epsilon)
