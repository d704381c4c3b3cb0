"""Logistic regression as a one-unit network, the course's first model.

Derived in :doc:`/part1/logistic-regression`. The weights are a column
``w`` of shape (n_x, 1) and a scalar bias ``b``.
"""

from __future__ import annotations

import numbers

import numpy as np

from . import _kernels as K
from ._resolve import DivergenceWatch, check_steps, check_training_data
from ._validation import (
    as_dtype,
    check_array,
    check_finite,
    check_flag,
    check_positive,
    no_overflow,
    show,
)

#: What one forward pass of logistic regression must not overflow.
FORWARD_RULE = "w, b and X must be small enough that Z = w.T @ X + b is finite"

__all__ = ["initialize_with_zeros", "model", "optimize", "predict", "propagate"]


def initialize_with_zeros(dim):
    """A zero weight column of shape ``(dim, 1)`` and a zero bias.

    Zeros are fine here: with a single unit there is no symmetry to break.

    Examples
    --------
    >>> from dlguide.logistic import initialize_with_zeros
    >>> w, b = initialize_with_zeros(3)
    >>> w.shape, b
    ((3, 1), 0.0)
    """
    dim = check_positive("dim", dim, integer=True)
    return np.zeros((dim, 1)), 0.0


_NO_Y = object()  # predict has no labels; propagate(w, b, X, None) is an error


def _check_wbXY(w, b, X, Y=_NO_Y):
    if Y is _NO_Y:
        X = check_array("X", X, shape_hint="(n_x, m)")
    else:
        X, Y = check_training_data(X, Y)
    w = check_array("w", w, rows=X.shape[0], cols=1, shape_hint="(n_x, 1)")
    if isinstance(b, (bool, np.bool_)) or not isinstance(b, numbers.Real):
        try:
            b_arr = np.asarray(b)
        except ValueError:  # a ragged list
            b_arr = np.zeros(0)
        if b_arr.size != 1 or b_arr.dtype.kind not in "iuf":
            raise TypeError(f"b must be a real number (the bias); got {type(b).__name__} "
                            f"{show(b)}")
        b = b_arr.reshape(()).item()  # a (1, 1) bias array, as some notebooks keep it
    return as_dtype("w", w, X.dtype), check_finite("b", b), X, Y


def _propagate(w, b, X, Y):
    m = X.shape[1]
    Z = w.T @ X + b
    A = K.sigmoid(Z)
    cost = K.cross_entropy_from_logits(Z, Y)  # the same cost, exact for confident answers
    dZ = A - Y
    dw = (X @ dZ.T) / m
    db = float(dZ.sum() / m)
    return {"dw": dw, "db": db}, cost


def propagate(w, b, X, Y):
    r"""Cost and gradients of logistic regression, one forward and one backward pass.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
    b : float
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
        Labels 0 or 1.

    Returns
    -------
    grads : dict
        ``{"dw": (n_x, 1) array, "db": float}``.
    cost : float
        Cross-entropy averaged over the ``m`` examples.

    Notes
    -----
    With :math:`A = \sigma(w^\top X + b)`, the chain rule through the loss and
    the sigmoid gives :math:`dZ = A - Y`, then

    .. math:: dw = \frac{1}{m} X\, dZ^\top, \qquad db = \frac{1}{m}\sum_{i=1}^m dz^{(i)}

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.logistic import propagate
    >>> w, b = np.array([[1.0], [2.0]]), 2.0
    >>> X, Y = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), np.array([[1, 0, 1]])
    >>> grads, cost = propagate(w, b, X, Y)
    >>> grads["dw"].ravel().round(8).tolist(), round(grads["db"], 8), round(cost, 8)
    ([0.99845601, 2.39507239], 0.00145558, 5.80154532)
    """
    w, b, X, Y = _check_wbXY(w, b, X, Y)
    with no_overflow(FORWARD_RULE.replace("finite", "finite, and the gradients too")):
        return _propagate(w, b, X, Y)


def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, *, record_every=100,
             print_cost=False):
    r"""Gradient descent on logistic regression.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
    b : float
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
    num_iterations : int, default 100
    learning_rate : float, default 0.009
    record_every : int, default 100
        Keep the cost every this many iterations (the course records every 100).
    print_cost : bool, default False

    Returns
    -------
    params : dict
        ``{"w": ..., "b": ...}`` after training.
    grads : dict
        The last gradients.
    costs : list of float
        The cost at iterations ``0, record_every, 2 * record_every, ...``.

    Notes
    -----
    .. math:: w \leftarrow w - \alpha\, dw, \qquad b \leftarrow b - \alpha\, db

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.logistic import optimize
    >>> w, b = np.array([[1.0], [2.0]]), 2.0
    >>> X, Y = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), np.array([[1, 0, 1]])
    >>> params, grads, costs = optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009)
    >>> params["w"].ravel().round(8).tolist(), round(params["b"], 8)
    ([0.19033591, 0.12259159], 1.92535983)
    """
    w, b, X, Y = _check_wbXY(w, b, X, Y)
    learning_rate, num_iterations, record_every = check_steps(learning_rate, num_iterations,
                                                              record_every)
    print_cost = check_flag("print_cost", print_cost)
    w = w.copy()
    costs = []
    grads = {"dw": np.zeros_like(w), "db": 0.0}
    watch = DivergenceWatch("optimize", "iteration", learning_rate, cost_before_update=True)
    with np.errstate(all="ignore"):  # a diverging run is reported by the watch instead
        for i in range(num_iterations):
            grads, cost = _propagate(w, b, X, Y)
            watch(i, cost)
            w -= learning_rate * grads["dw"]
            b -= learning_rate * grads["db"]
            if i % record_every == 0:
                costs.append(cost)
                if print_cost:
                    print(f"Cost after iteration {i}: {cost:f}")
        if num_iterations:
            watch.check_params(num_iterations - 1, {"w": w, "b": b})
    return {"w": w, "b": b}, grads, costs


def predict(w, b, X):
    r"""Predicted labels 0 or 1, :math:`\hat y = [\sigma(w^\top x + b) > 0.5]`.

    Parameters
    ----------
    w : ndarray of shape (n_x, 1)
    b : float
    X : ndarray of shape (n_x, m)

    Returns
    -------
    Y_prediction : ndarray of shape (1, m)

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.logistic import predict
    >>> w, b = np.array([[0.1124579], [0.23106775]]), -0.3
    >>> X = np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])
    >>> predict(w, b, X).tolist()
    [[1.0, 1.0, 0.0]]
    """
    w, b, X, _ = _check_wbXY(w, b, X)
    with no_overflow(FORWARD_RULE):
        return (K.sigmoid(w.T @ X + b) > 0.5).astype(X.dtype)


def model(X_train, Y_train, X_test=None, Y_test=None, num_iterations=2000,
          learning_rate=0.5, *, record_every=100, print_cost=False):
    """Train logistic regression from zeros and report accuracies.

    Parameters
    ----------
    X_train : ndarray of shape (n_x, m_train)
    Y_train : ndarray of shape (1, m_train)
    X_test, Y_test : ndarray, optional
        Evaluated when given.
    num_iterations : int, default 2000
    learning_rate : float, default 0.5
    record_every : int, default 100
    print_cost : bool, default False

    Returns
    -------
    result : dict
        ``w``, ``b``, ``costs``, ``train_accuracy`` and, with test data,
        ``test_accuracy`` (fractions in [0, 1]).

    Examples
    --------
    >>> from dlguide.data import make_planar
    >>> from dlguide.logistic import model
    >>> X, Y = make_planar(rng=1)
    >>> result = model(X, Y, num_iterations=200, learning_rate=0.1)
    >>> 0.3 < result["train_accuracy"] < 0.7
    True
    """
    X_train, Y_train = check_training_data(X_train, Y_train, x_name="X_train",
                                           y_name="Y_train")
    if (X_test is None) != (Y_test is None):
        raise ValueError(
            "X_test and Y_test must be given together (or both left out); got "
            f"X_test={'None' if X_test is None else 'an array'} and "
            f"Y_test={'None' if Y_test is None else 'an array'}"
        )
    if X_test is not None:  # checked before training, not after
        X_test, Y_test = check_training_data(X_test, Y_test, x_name="X_test", y_name="Y_test")
        if X_test.shape[0] != X_train.shape[0]:
            raise ValueError(
                f"X_test must have {X_train.shape[0]} rows (features), as X_train; got shape "
                f"{X_test.shape}"
            )
    w, b = initialize_with_zeros(X_train.shape[0])
    params, _, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate,
                                record_every=record_every, print_cost=print_cost)
    result = {"w": params["w"], "b": params["b"], "costs": costs,
              "train_accuracy": float(np.mean(predict(params["w"], params["b"], X_train)
                                              == Y_train))}
    if X_test is not None:
        result["test_accuracy"] = float(
            np.mean(predict(params["w"], params["b"], X_test) == Y_test)
        )
    return result
