"""Activation functions and their derivatives, each forward beside its backward.

Derived in :doc:`/part1/activations`. Every forward maps ``Z`` to ``A`` with the
same shape and dtype; every backward maps ``(dA, Z)`` to ``dZ = dA * g'(Z)``.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_array, check_choice, check_positive

__all__ = [
    "ACTIVATIONS",
    "leaky_relu",
    "leaky_relu_backward",
    "relu",
    "relu_backward",
    "sigmoid",
    "sigmoid_backward",
    "tanh",
    "tanh_backward",
]


def _check_pair(dA, Z):
    dA = check_array("dA", dA, ndim=np.ndim(dA) or 1, finite=False)
    Z = check_array("Z", Z, ndim=np.ndim(Z) or 1, finite=False)
    if dA.shape != Z.shape:
        raise ValueError(
            f"dA and Z must have the same shape; got dA.shape={dA.shape} and Z.shape={Z.shape}"
        )
    return dA, Z


def _as_float(Z):
    return check_array("Z", Z, ndim=np.ndim(Z), finite=False)


# --- sigmoid -----------------------------------------------------------------


# The kernels take an optional ``out`` array (never the same array as ``dA``)
# so that dlguide.train.fit can reuse its buffers step after step.


def _sigmoid(Z, out=None):
    # sigma(z) = (1 + tanh(z / 2)) / 2: one ufunc, no overflow for any finite z.
    A = np.multiply(Z, 0.5, out=out)
    np.tanh(A, out=A)
    A += 1.0
    A *= 0.5
    return A


def sigmoid(Z):
    r"""Logistic sigmoid, :math:`\sigma(z) = 1 / (1 + e^{-z})`.

    Parameters
    ----------
    Z : ndarray of any shape
        Pre-activations.

    Returns
    -------
    A : ndarray, same shape and dtype as ``Z``
        Values in [0, 1].

    Notes
    -----
    Computed as :math:`\sigma(z) = \tfrac12 (1 + \tanh(z/2))`, an identity that
    never overflows or warns for any finite input.

    .. math:: \sigma(z) = \frac{1}{1 + e^{-z}}, \qquad \sigma'(z) = \sigma(z)(1 - \sigma(z))

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.activations import sigmoid
    >>> sigmoid(np.array([0.0, 2.0])).round(8).tolist()
    [0.5, 0.88079708]
    """
    Z = _as_float(Z)
    if Z.ndim == 0:  # the in-place kernel needs an array, not a NumPy scalar
        return _sigmoid(Z.reshape(1)).reshape(())
    return _sigmoid(Z)


def _sigmoid_backward(dA, Z, out=None):
    s = _sigmoid(Z)
    # dZ = dA * s * (1 - s)
    dZ = np.subtract(1.0, s, out=out)
    dZ *= s
    dZ *= dA
    return dZ


def sigmoid_backward(dA, Z):
    r"""Backward pass of :func:`sigmoid`: :math:`dZ = dA\,\sigma(Z)(1-\sigma(Z))`.

    Parameters
    ----------
    dA : ndarray, same shape as ``Z``
        Gradient of the cost with respect to the activation.
    Z : ndarray
        The pre-activation cached by the forward pass.

    Returns
    -------
    dZ : ndarray, same shape as ``Z``

    Notes
    -----
    .. math:: \frac{\partial \mathcal{L}}{\partial z} = \frac{\partial \mathcal{L}}{\partial a}\, a(1 - a)

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.activations import sigmoid_backward
    >>> float(sigmoid_backward(np.array([[1.0]]), np.array([[0.0]]))[0, 0])
    0.25
    """
    return _sigmoid_backward(*_check_pair(dA, Z))


# --- tanh --------------------------------------------------------------------


def _tanh(Z, out=None):
    return np.tanh(Z, out=out)


def tanh(Z):
    r"""Hyperbolic tangent, :math:`\tanh(z) = 2\sigma(2z) - 1`.

    Parameters
    ----------
    Z : ndarray of any shape

    Returns
    -------
    A : ndarray, same shape and dtype as ``Z``
        Values in [-1, 1], centred on zero.

    Notes
    -----
    .. math:: \tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}, \qquad \tanh'(z) = 1 - \tanh^2(z)

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.activations import tanh
    >>> tanh(np.array([0.0, 1.0])).round(6).tolist()
    [0.0, 0.761594]
    """
    return _tanh(_as_float(Z))


def _tanh_backward(dA, Z, out=None):
    t = np.tanh(Z, out=out)
    # dZ = dA * (1 - t**2)
    np.multiply(t, t, out=t)
    np.subtract(1.0, t, out=t)
    t *= dA
    return t


def tanh_backward(dA, Z):
    r"""Backward pass of :func:`tanh`: :math:`dZ = dA\,(1 - \tanh^2 Z)`.

    Parameters
    ----------
    dA : ndarray, same shape as ``Z``
    Z : ndarray

    Returns
    -------
    dZ : ndarray, same shape as ``Z``

    Notes
    -----
    .. math:: dZ = dA \odot (1 - A^2), \quad A = \tanh(Z)

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.activations import tanh_backward
    >>> float(tanh_backward(np.array([[2.0]]), np.array([[0.0]]))[0, 0])
    2.0
    """
    return _tanh_backward(*_check_pair(dA, Z))


# --- ReLU --------------------------------------------------------------------


def _relu(Z, out=None):
    return np.maximum(Z, 0.0, out=out)


def relu(Z):
    r"""Rectified linear unit, :math:`\max(0, z)`.

    Parameters
    ----------
    Z : ndarray of any shape

    Returns
    -------
    A : ndarray, same shape and dtype as ``Z``

    Notes
    -----
    .. math:: \operatorname{relu}(z) = \max(0, z), \qquad
              \operatorname{relu}'(z) = \begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}

    The derivative at exactly 0 is taken as 0, as in the course.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.activations import relu
    >>> relu(np.array([-2.0, 0.0, 3.0])).tolist()
    [0.0, 0.0, 3.0]
    """
    return _relu(_as_float(Z))


def _relu_backward(dA, Z, out=None):
    return np.multiply(dA, Z > 0, out=out)  # a bool mask keeps dA's dtype


def relu_backward(dA, Z):
    r"""Backward pass of :func:`relu`: :math:`dZ = dA \odot [Z > 0]`.

    Parameters
    ----------
    dA : ndarray, same shape as ``Z``
    Z : ndarray

    Returns
    -------
    dZ : ndarray, same shape as ``Z``

    Notes
    -----
    .. math:: dZ_{ij} = \begin{cases} dA_{ij} & Z_{ij} > 0 \\ 0 & \text{otherwise} \end{cases}

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.activations import relu_backward
    >>> relu_backward(np.array([5.0, 5.0]), np.array([-1.0, 1.0])).tolist()
    [0.0, 5.0]
    """
    return _relu_backward(*_check_pair(dA, Z))


# --- leaky ReLU --------------------------------------------------------------


def _leaky_relu(Z, alpha=0.01, *, out=None):
    # max(z, alpha z) is z for z > 0 and alpha z otherwise, as 0 <= alpha < 1.
    A = np.multiply(Z, float(alpha), out=out)
    return np.maximum(Z, A, out=A)


def leaky_relu(Z, alpha=0.01):
    r"""Leaky ReLU, :math:`\max(\alpha z, z)` with a small slope ``alpha``.

    Parameters
    ----------
    Z : ndarray of any shape
    alpha : float, default 0.01
        Slope for negative inputs, in [0, 1).

    Returns
    -------
    A : ndarray, same shape and dtype as ``Z``

    Notes
    -----
    .. math:: g(z) = \begin{cases} z & z > 0 \\ \alpha z & z \le 0 \end{cases}, \qquad
              g'(z) = \begin{cases} 1 & z > 0 \\ \alpha & z \le 0 \end{cases}

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.activations import leaky_relu
    >>> leaky_relu(np.array([-2.0, 3.0])).tolist()
    [-0.02, 3.0]
    """
    _check_alpha(alpha)
    return _leaky_relu(_as_float(Z), alpha)


def _check_alpha(alpha):
    check_positive("alpha", alpha, allow_zero=True)
    if alpha >= 1:
        raise ValueError(f"alpha must be in [0, 1); got {alpha}")


def _leaky_relu_backward(dA, Z, alpha=0.01, *, out=None):
    slope = np.where(Z > 0, 1.0, alpha).astype(Z.dtype, copy=False)
    return np.multiply(dA, slope, out=out)


def leaky_relu_backward(dA, Z, alpha=0.01):
    r"""Backward pass of :func:`leaky_relu`: :math:`dZ = dA \odot g'(Z)`.

    Parameters
    ----------
    dA : ndarray, same shape as ``Z``
    Z : ndarray
    alpha : float, default 0.01

    Returns
    -------
    dZ : ndarray, same shape as ``Z``

    Notes
    -----
    .. math:: dZ = dA \odot \bigl([Z > 0] + \alpha [Z \le 0]\bigr)

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.activations import leaky_relu_backward
    >>> leaky_relu_backward(np.array([1.0, 1.0]), np.array([-1.0, 1.0])).tolist()
    [0.01, 1.0]
    """
    _check_alpha(alpha)
    return _leaky_relu_backward(*_check_pair(dA, Z), alpha)


#: Forward and backward kernels by name, as used by :mod:`dlguide.network`.
ACTIVATIONS = {
    "sigmoid": (_sigmoid, _sigmoid_backward),
    "tanh": (_tanh, _tanh_backward),
    "relu": (_relu, _relu_backward),
    "leaky_relu": (_leaky_relu, _leaky_relu_backward),
}


def check_activation(name, value):
    """Check an activation name against :data:`ACTIVATIONS`."""
    return check_choice(name, value, ACTIVATIONS)
