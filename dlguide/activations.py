"""Activation functions and their derivatives, each forward beside its backward.

Derived in :doc:`/part1/activations`. Every forward maps ``Z`` to ``A`` with the
same shape and dtype; every backward maps ``(dA, Z)`` to ``dZ = dA * g'(Z)``.
"""

from __future__ import annotations

from . import _kernels as K
from ._validation import as_dtype, check_array, check_unit_interval, no_overflow

__all__ = [
    "ACTIVATIONS",
    "leaky_relu",
    "leaky_relu_backward",
    "relu",
    "relu_backward",
    "sigmoid",
    "sigmoid_backward",
    "softmax",
    "softmax_backward",
    "tanh",
    "tanh_backward",
]

#: The activations by name: ``ACTIVATIONS[name]`` is ``(forward, backward)``,
#: the unchecked kernels that :mod:`dlguide.layers` and the training step run
#: (a read-only mapping).
ACTIVATIONS = K.ACTIVATIONS


def _as_array(name, value):
    """Any shape, a scalar included (a 0-d array), finite, as float32 or float64."""
    return check_array(name, value, ndim=None, shape_hint="any shape", allow_empty=True)


def _apply(kernel, *arrays, **kwargs):
    """Run an elementwise kernel on arrays of any shape (the kernels work in
    place, which a 0-d array does not allow: it runs on a 1-element view)."""
    shape = arrays[-1].shape
    return kernel(*(a.reshape(-1) for a in arrays), **kwargs).reshape(shape)


def _check_pair(dA, Z):
    dA, Z = _as_array("dA", dA), _as_array("Z", Z)
    if dA.shape != Z.shape:
        raise ValueError(
            f"dA and Z must have the same shape; got dA.shape={dA.shape} and Z.shape={Z.shape}"
        )
    if dA.dtype != Z.dtype:
        raise TypeError(
            f"dA and Z must have the same dtype; got dA.dtype={dA.dtype} and Z.dtype={Z.dtype}"
        )
    return dA, Z


# --- sigmoid -----------------------------------------------------------------


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
    .. math:: \sigma(z) = \frac{1}{1 + e^{-z}}, \qquad \sigma'(z) = \sigma(z)(1 - \sigma(z))

    Computed with :math:`e = e^{-|z|} \in (0, 1]`, which never overflows: as
    :math:`1/(1 + e)` for :math:`z \ge 0` and :math:`e/(1 + e)` for :math:`z < 0`.
    Both are quotients of accurately rounded numbers, so the result is within a
    few units in the last place of the true value over the whole float64 range
    (:math:`\sigma(-40) \approx 4.2 \times 10^{-18}`, not 0), and no warning is
    raised for any finite input. See :doc:`/part1/activations`.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.activations import sigmoid
    >>> sigmoid(np.array([0.0, 2.0])).round(8).tolist()
    [0.5, 0.88079708]
    """
    return _apply(K.sigmoid, _as_array("Z", Z))


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

    Computed as :math:`\sigma(z)\sigma(-z) = e/(1 + e)^2` with :math:`e = e^{-|z|}`,
    which stays accurate for large :math:`|z|`, where :math:`a(1 - a)` would
    round to 0.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.activations import sigmoid_backward
    >>> float(sigmoid_backward(np.array([[1.0]]), np.array([[0.0]]))[0, 0])
    0.25
    """
    return _apply(K.sigmoid_backward, *_check_pair(dA, Z))


# --- tanh --------------------------------------------------------------------


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
    return _apply(K.tanh, _as_array("Z", Z))


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
    return _apply(K.tanh_backward, *_check_pair(dA, Z))


# --- ReLU --------------------------------------------------------------------


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
    return _apply(K.relu, _as_array("Z", Z))


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
    return _apply(K.relu_backward, *_check_pair(dA, Z))


# --- leaky ReLU --------------------------------------------------------------


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
    alpha = check_unit_interval("alpha", alpha)
    return _apply(K.leaky_relu, _as_array("Z", Z), alpha=alpha)


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
    alpha = check_unit_interval("alpha", alpha)
    return _apply(K.leaky_relu_backward, *_check_pair(dA, Z), alpha=alpha)


# --- softmax (an output activation) ----------------------------------------------


def _check_scores(name, Z):
    return check_array(name, Z, shape_hint="(C, m): C scores per example, one column each")


def softmax(Z):
    r"""Softmax of every column: :math:`a_j = e^{z_j} / \sum_k e^{z_k}`.

    The output activation of a network with :math:`C` classes
    (:doc:`/part3/softmax`): each column of ``Z`` holds one example's scores
    (logits) and becomes a probability distribution over the classes.

    Parameters
    ----------
    Z : ndarray of shape (C, m)

    Returns
    -------
    A : ndarray of shape (C, m), same dtype
        Every column is positive (or 0 where a score is more than about 745 below
        its column's largest) and sums to 1.

    Notes
    -----
    .. math:: a^{(i)}_j = \frac{e^{z^{(i)}_j}}{\sum_{k=1}^{C} e^{z^{(i)}_k}}
              = \frac{e^{z^{(i)}_j - M}}{\sum_{k} e^{z^{(i)}_k - M}}, \qquad
              M = \max_k z^{(i)}_k

    Subtracting each column's maximum :math:`M` changes nothing (the factor
    :math:`e^{-M}` cancels) and keeps every exponent at most 0, so no score
    overflows. With :math:`C = 2` the softmax is the sigmoid of the difference of
    the two scores: :math:`a_1 = \sigma(z_1 - z_2)`.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.activations import softmax
    >>> softmax(np.array([[1.0, 1000.0], [1.0, 0.0], [2.0, 0.0]])).round(4).tolist()
    [[0.2119, 1.0], [0.2119, 0.0], [0.5761, 0.0]]
    """
    return K.softmax(_check_scores("Z", Z))


def softmax_backward(dA, Z):
    r"""Backward pass of :func:`softmax`: :math:`dZ = A \odot (dA - \sum_j dA_j A_j)` per column.

    Parameters
    ----------
    dA : ndarray of shape (C, m)
        Gradient with respect to the softmax output.
    Z : ndarray of shape (C, m)
        The scores the forward pass saw.

    Returns
    -------
    dZ : ndarray of shape (C, m)

    Notes
    -----
    The Jacobian of one column is :math:`\partial a_j / \partial z_k = a_j([j = k] - a_k)`, so

    .. math:: dz_k = \sum_j dA_j\, a_j([j = k] - a_k) = a_k\Bigl(dA_k - \sum_j dA_j a_j\Bigr).

    With the cross-entropy, :math:`dA_j = -y_j / a_j`, this collapses to
    :math:`dZ = A - Y` (:doc:`/part3/softmax`), which is how the networks of
    :mod:`dlguide.network` start their backward pass.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.activations import softmax, softmax_backward
    >>> Z, Y = np.array([[0.5], [-1.0], [2.0]]), np.array([[0.0], [0.0], [1.0]])
    >>> dZ = softmax_backward(-Y / softmax(Z), Z)
    >>> bool(np.allclose(dZ, softmax(Z) - Y))
    True
    """
    dA = _check_scores("dA", dA)
    Z = _check_scores("Z", Z)
    if dA.shape != Z.shape:
        raise ValueError(
            f"dA and Z must have the same shape; got dA.shape={dA.shape} and Z.shape={Z.shape}"
        )
    dA = as_dtype("dA", dA, Z.dtype, of="Z")
    with no_overflow("dA and Z must be small enough that dZ = A * (dA - sum(dA * A)) is "
                     "finite"):
        return K.softmax_backward(dA, Z)
