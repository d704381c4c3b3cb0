"""An L-layer network built from small forward and backward blocks.

Derived in :doc:`/part1/deep-network` (and, for two layers with tanh, in
:doc:`/part1/shallow-network`). Layers ``1 .. L-1`` use ``hidden_activation``;
layer ``L`` is a single sigmoid unit for binary classification.

Shapes, with ``m`` examples as columns::

    X, A[l]  : (n[l], m)        W[l] : (n[l], n[l-1])      b[l] : (n[l], 1)
    Y, AL    : (1, m)           dW[l], db[l] : as W[l], b[l]

Each public function checks its input once and then runs an unchecked kernel
(the functions with a leading underscore); the model-level functions call the
kernels directly, so a training loop pays for validation once.
"""

from __future__ import annotations

import numpy as np

from ._validation import (
    as_rng,
    check_array,
    check_grads,
    check_params,
    check_positive,
    check_probability,
    check_same_columns,
)
from .activations import ACTIVATIONS, check_activation
from .initializers import METHODS, initialize_parameters
from .regularization import _dropout_backward, _dropout_forward, _l2_cost

__all__ = [
    "L_layer_model",
    "compute_cost",
    "linear_activation_backward",
    "linear_activation_forward",
    "linear_backward",
    "linear_forward",
    "model_backward",
    "model_forward",
    "predict",
    "update_parameters",
]


# --- linear block ------------------------------------------------------------


def _linear_forward(A_prev, W, b, out=None):
    # out: a preallocated Z (dlguide.train.fit reuses its buffers). np.dot is the
    # same BLAS product as W @ A_prev, with less overhead per call on small arrays.
    Z = np.dot(W, A_prev, out=out)
    Z += b
    return Z, (A_prev, W, b)


def _check_linear(A_prev, W, b):
    A_prev = check_array("A_prev", A_prev, shape_hint="(n[l-1], m)")
    W = check_array("W", W, shape_hint="(n[l], n[l-1])")
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
    return A_prev, W, b


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
    cache : tuple ``(A_prev, W, b)``
        What :func:`linear_backward` needs.

    Notes
    -----
    .. math:: Z^{[l]} = W^{[l]} A^{[l-1]} + b^{[l]}

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.network import linear_forward
    >>> Z, cache = linear_forward(np.ones((3, 5)), np.ones((2, 3)), np.zeros((2, 1)))
    >>> Z.shape, float(Z[0, 0])
    ((2, 5), 3.0)
    """
    return _linear_forward(*_check_linear(A_prev, W, b))


def _linear_backward(dZ, cache, out=None, need_dA_prev=True, dA_out=None, mean=True):
    # out=(dW, db) and dA_out write the gradients into given arrays (the training
    # loop keeps them in buffers); the first layer needs no dA_prev (it is dX).
    # mean=False: dZ is already dJ/dZ, the 1/m included (dlguide.train.fit's step).
    A_prev, W, _ = cache
    dW, db = (None, None) if out is None else out
    dW = np.dot(dZ, A_prev.T, out=dW)
    db = np.add.reduce(dZ, axis=1, keepdims=True, out=db)  # the sum over examples
    if mean:
        m = A_prev.shape[1]
        dW *= 1.0 / m
        db *= 1.0 / m
    dA_prev = np.dot(W.T, dZ, out=dA_out) if need_dA_prev else None
    return dA_prev, dW, db


def _check_linear_cache(cache):
    if not isinstance(cache, tuple) or len(cache) != 3:
        raise TypeError(
            "cache must be the tuple (A_prev, W, b) returned by linear_forward; "
            f"got {type(cache).__name__}"
            + (f" of length {len(cache)}" if isinstance(cache, tuple) else "")
        )
    return _check_linear(*cache)


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
    >>> from dlguide.network import linear_forward, linear_backward
    >>> _, cache = linear_forward(np.ones((3, 4)), np.ones((2, 3)), np.zeros((2, 1)))
    >>> dA_prev, dW, db = linear_backward(np.ones((2, 4)), cache)
    >>> dA_prev.shape, dW.shape, db.shape, float(db[0, 0])
    ((3, 4), (2, 3), (2, 1), 1.0)
    """
    A_prev, W, b = _check_linear_cache(cache)
    dZ = check_array("dZ", dZ, rows=W.shape[0], cols=A_prev.shape[1],
                     shape_hint="(n[l], m)")
    return _linear_backward(dZ, (A_prev, W, b))


# --- linear -> activation block ----------------------------------------------


def _linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = _linear_forward(A_prev, W, b)
    A = ACTIVATIONS[activation][0](Z)
    return A, (linear_cache, Z)


def linear_activation_forward(A_prev, W, b, activation):
    r"""One layer: linear part then activation, :math:`A = g(W A_{prev} + b)`.

    Parameters
    ----------
    A_prev : ndarray of shape (n[l-1], m)
    W : ndarray of shape (n[l], n[l-1])
    b : ndarray of shape (n[l], 1)
    activation : {"sigmoid", "tanh", "relu", "leaky_relu"}

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
    >>> from dlguide.network import linear_activation_forward
    >>> A, cache = linear_activation_forward(
    ...     np.zeros((3, 2)), np.ones((1, 3)), np.zeros((1, 1)), "sigmoid")
    >>> A.tolist()
    [[0.5, 0.5]]
    """
    check_activation("activation", activation)
    return _linear_activation_forward(*_check_linear(A_prev, W, b), activation)


def _linear_activation_backward(dA, cache, activation, out=None, need_dA_prev=True):
    linear_cache, Z = cache[0], cache[1]
    dZ = ACTIVATIONS[activation][1](dA, Z)
    return _linear_backward(dZ, linear_cache, out, need_dA_prev)


def linear_activation_backward(dA, cache, activation):
    r"""Backward pass of :func:`linear_activation_forward`.

    The activation's backward gives ``dZ``; the linear backward turns ``dZ``
    into ``dA_prev, dW, db``.

    Parameters
    ----------
    dA : ndarray of shape (n[l], m)
    cache : tuple ``(linear_cache, Z)``
        From :func:`linear_activation_forward`.
    activation : {"sigmoid", "tanh", "relu", "leaky_relu"}

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
    >>> from dlguide.network import linear_activation_forward, linear_activation_backward
    >>> A, cache = linear_activation_forward(
    ...     np.ones((3, 2)), np.ones((4, 3)), np.zeros((4, 1)), "relu")
    >>> [g.shape for g in linear_activation_backward(np.ones_like(A), cache, "relu")]
    [(3, 2), (4, 3), (4, 1)]
    """
    check_activation("activation", activation)
    if not isinstance(cache, tuple) or len(cache) < 2:
        raise TypeError(
            "cache must be the tuple (linear_cache, Z) returned by "
            f"linear_activation_forward; got {type(cache).__name__}"
        )
    A_prev, W, b = _check_linear_cache(cache[0])
    Z = check_array("Z (cache[1])", cache[1], rows=W.shape[0], cols=A_prev.shape[1],
                    finite=False)
    dA = check_array("dA", dA, rows=Z.shape[0], cols=Z.shape[1], shape_hint="(n[l], m)")
    return _linear_activation_backward(dA, ((A_prev, W, b), Z), activation)


# --- the model ---------------------------------------------------------------


def _model_forward(X, params, L, hidden_activation, keep_prob=1.0, rng=None):
    caches = []
    A = X
    for l in range(1, L):
        A, cache = _linear_activation_forward(
            A, params[f"W{l}"], params[f"b{l}"], hidden_activation
        )
        mask = None
        if keep_prob < 1.0:
            A, D = _dropout_forward(A, keep_prob, rng)
            mask = (D, keep_prob)
        caches.append((cache[0], cache[1], mask))
    AL, cache = _linear_activation_forward(A, params[f"W{L}"], params[f"b{L}"], "sigmoid")
    caches.append((cache[0], cache[1], None))
    return AL, caches


def _check_model_inputs(X, params, hidden_activation):
    X = check_array("X", X, shape_hint="(n_x, m)")
    L = check_params(params, n_x=X.shape[0])
    if params[f"W{L}"].shape[0] != 1:
        raise ValueError(
            f"the output layer W{L} must have 1 row (one sigmoid unit); got shape "
            f"{params[f'W{L}'].shape}"
        )
    check_activation("hidden_activation", hidden_activation)
    return X, L


def model_forward(X, params, *, hidden_activation="relu", keep_prob=1.0, rng=None):
    r"""Forward pass of the L-layer network: ``[LINEAR -> g] * (L-1) -> LINEAR -> SIGMOID``.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    params : dict
        ``{"W1": (n1, n_x), "b1": (n1, 1), ..., "WL": (1, n[L-1]), "bL": (1, 1)}``.
    hidden_activation : {"relu", "tanh", "sigmoid", "leaky_relu"}, default "relu"
    keep_prob : float in (0, 1], default 1.0
        Inverted dropout on every hidden layer's output when below 1 (training
        only; see :doc:`/part2/dropout`).
    rng : int, numpy.random.Generator or None
        Source of the dropout masks.

    Returns
    -------
    AL : ndarray of shape (1, m)
        Predicted probabilities.
    caches : list of L tuples ``(linear_cache, Z, dropout)``
        ``dropout`` is ``(D, keep_prob)`` for a hidden layer with dropout, else ``None``.

    Notes
    -----
    .. math:: A^{[0]} = X, \quad A^{[l]} = g(W^{[l]} A^{[l-1]} + b^{[l]}), \quad
              A^{[L]} = \sigma(W^{[L]} A^{[L-1]} + b^{[L]})

    Examples
    --------
    >>> from dlguide.initializers import initialize_parameters
    >>> from dlguide.network import model_forward
    >>> import numpy as np
    >>> params = initialize_parameters([3, 4, 1], rng=0)
    >>> AL, caches = model_forward(np.ones((3, 5)), params)
    >>> AL.shape, len(caches)
    ((1, 5), 2)
    """
    X, L = _check_model_inputs(X, params, hidden_activation)
    keep_prob = check_probability("keep_prob", keep_prob)
    if keep_prob < 1.0 or not (rng is None or isinstance(rng, np.random.Generator)):
        rng = as_rng(rng)  # checked even without dropout: a wrong type never passes silently
    return _model_forward(X, params, L, hidden_activation, keep_prob, rng)


_TINY = {np.dtype(np.float64): np.finfo(np.float64).tiny,
         np.dtype(np.float32): np.finfo(np.float32).tiny}


def _compute_cost(AL, Y):
    tiny = _TINY.get(AL.dtype) or np.finfo(AL.dtype).tiny
    m = Y.shape[1]
    logA = np.log(np.maximum(AL, tiny))
    log1mA = np.log(np.maximum(1.0 - AL, tiny))
    return float(-(np.vdot(Y, logA) + np.vdot(1.0 - Y, log1mA)) / m)


def compute_cost(AL, Y, params=None, lambd=0.0):
    r"""Binary cross-entropy cost, averaged over the ``m`` examples.

    Parameters
    ----------
    AL : ndarray of shape (1, m)
        Predicted probabilities.
    Y : ndarray of shape (1, m)
        True labels, 0 or 1.
    params : dict, optional
        Needed only when ``lambd > 0``, for the L2 term.
    lambd : float, default 0.0
        L2 regularization strength :math:`\lambda` (see :doc:`/part2/regularization`).

    Returns
    -------
    cost : float
        Finite even where ``AL`` is exactly 0 or 1 (the logarithm's argument is
        floored at the smallest positive normal number).

    Notes
    -----
    .. math:: J = -\frac{1}{m} \sum_{i=1}^{m} \Bigl( y^{(i)} \log a^{(i)}
              + (1 - y^{(i)}) \log(1 - a^{(i)}) \Bigr)
              + \frac{\lambda}{2m} \sum_{l} \lVert W^{[l]} \rVert_F^2

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.network import compute_cost
    >>> round(compute_cost(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])), 6)
    0.279777
    """
    AL = check_array("AL", AL, rows=1, shape_hint="(1, m)")
    Y = check_array("Y", Y, rows=1, shape_hint="(1, m)")
    check_same_columns("AL", AL, "Y", Y)
    lambd = check_positive("lambd", lambd, allow_zero=True)
    cost = _compute_cost(AL, Y)
    if lambd > 0:
        if params is None:
            raise ValueError("params must be given when lambd > 0 (the L2 term needs W)")
        L = check_params(params)
        cost += _l2_cost(params, L, lambd, Y.shape[1])
    return cost


def _model_backward(AL, Y, caches, hidden_activation, lambd=0.0, out=None):
    # out: optional dict of arrays {"dW1": ..., "db1": ...} to write into.
    grads = {} if out is None else out
    L = len(caches)
    m = AL.shape[1]

    def slot(l):
        return None if out is None else (out[f"dW{l}"], out[f"db{l}"])

    # Output layer: sigmoid with cross-entropy gives dZ = AL - Y directly.
    dZ = AL - Y
    linear_cache = caches[L - 1][0]
    dA_prev, grads[f"dW{L}"], grads[f"db{L}"] = _linear_backward(
        dZ, linear_cache, slot(L), need_dA_prev=L > 1
    )
    for l in range(L - 1, 0, -1):
        linear_cache, Z, mask = caches[l - 1]
        dA = dA_prev
        if mask is not None:
            dA = _dropout_backward(dA, *mask)
        dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = _linear_activation_backward(
            dA, (linear_cache, Z), hidden_activation, slot(l), need_dA_prev=l > 1
        )
    if lambd > 0:
        for l in range(1, L + 1):
            W = caches[l - 1][0][1]
            grads[f"dW{l}"] += (lambd / m) * W
    return grads


def model_backward(AL, Y, caches, *, hidden_activation="relu", lambd=0.0):
    r"""Backward pass of :func:`model_forward`: the gradients of the cost.

    Parameters
    ----------
    AL : ndarray of shape (1, m)
        Output of :func:`model_forward`.
    Y : ndarray of shape (1, m)
    caches : list
        From :func:`model_forward`; any dropout masks in it are applied again.
    hidden_activation : str, default "relu"
        The same activation the forward pass used.
    lambd : float, default 0.0
        L2 strength; adds :math:`\frac{\lambda}{m} W^{[l]}` to each ``dW``.

    Returns
    -------
    grads : dict
        ``{"dW1": ..., "db1": ..., ..., "dWL": ..., "dbL": ...}``, shaped like the
        parameters.

    Notes
    -----
    For the sigmoid output with cross-entropy, the chain rule collapses
    :math:`dA^{[L]} = -\frac{Y}{A^{[L]}} + \frac{1-Y}{1-A^{[L]}}` times
    :math:`\sigma'(Z^{[L]}) = A^{[L]}(1-A^{[L]})` into

    .. math:: dZ^{[L]} = A^{[L]} - Y

    and every hidden layer then runs :func:`linear_activation_backward`.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.initializers import initialize_parameters
    >>> from dlguide.network import model_forward, model_backward
    >>> params = initialize_parameters([2, 3, 1], rng=0)
    >>> X, Y = np.ones((2, 4)), np.array([[0, 1, 1, 0]])
    >>> AL, caches = model_forward(X, params)
    >>> sorted(model_backward(AL, Y, caches))
    ['dW1', 'dW2', 'db1', 'db2']
    """
    AL = check_array("AL", AL, rows=1, shape_hint="(1, m)")
    Y = check_array("Y", Y, rows=1, shape_hint="(1, m)")
    check_same_columns("AL", AL, "Y", Y)
    check_activation("hidden_activation", hidden_activation)
    lambd = check_positive("lambd", lambd, allow_zero=True)
    if not isinstance(caches, (list, tuple)) or not caches:
        raise TypeError(
            "caches must be the non-empty list returned by model_forward; got "
            f"{type(caches).__name__}"
        )
    for l, cache in enumerate(caches, start=1):
        if not isinstance(cache, tuple) or len(cache) != 3:
            raise TypeError(
                f"caches[{l - 1}] must be a tuple (linear_cache, Z, dropout) from "
                f"model_forward; got {type(cache).__name__}"
            )
    return _model_backward(AL, Y, caches, hidden_activation, lambd)


def _update_parameters(params, grads, learning_rate):
    return {k: v - learning_rate * grads["d" + k] for k, v in params.items()}


def update_parameters(params, grads, learning_rate):
    r"""One step of gradient descent, :math:`\theta \leftarrow \theta - \alpha\, d\theta`.

    Parameters
    ----------
    params : dict
        ``{"W1": ..., "b1": ..., ...}``.
    grads : dict
        ``{"dW1": ..., "db1": ..., ...}`` from :func:`model_backward`.
    learning_rate : float
        :math:`\alpha > 0`.

    Returns
    -------
    params : dict
        A new dict of new arrays; the input is not modified.

    Notes
    -----
    .. math:: W^{[l]} \leftarrow W^{[l]} - \alpha\, dW^{[l]}, \qquad
              b^{[l]} \leftarrow b^{[l]} - \alpha\, db^{[l]}

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.network import update_parameters
    >>> new = update_parameters({"W1": np.ones((1, 1)), "b1": np.zeros((1, 1))},
    ...                         {"dW1": np.ones((1, 1)), "db1": np.ones((1, 1))}, 0.5)
    >>> float(new["W1"][0, 0]), float(new["b1"][0, 0])
    (0.5, -0.5)
    """
    check_params(params)
    check_grads(grads, params)
    learning_rate = check_positive("learning_rate", learning_rate)
    return _update_parameters(params, grads, learning_rate)


def predict(X, params, *, hidden_activation="relu", threshold=0.5):
    r"""Class predictions 0 or 1: :math:`\hat y = [a^{[L]} > 0.5]`.

    Dropout is never applied here, whatever the training used.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    params : dict
    hidden_activation : str, default "relu"
    threshold : float, default 0.5

    Returns
    -------
    predictions : ndarray of shape (1, m)
        Zeros and ones, in the dtype of ``X`` (float).

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.network import predict
    >>> params = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    >>> predict(np.array([[-2.0, 3.0]]), params).tolist()
    [[0.0, 1.0]]
    """
    X, L = _check_model_inputs(X, params, hidden_activation)
    AL, _ = _model_forward(X, params, L, hidden_activation)
    return (AL > threshold).astype(AL.dtype)


def L_layer_model(X, Y, layer_dims, *, learning_rate=0.0075, num_iterations=3000,
                  hidden_activation="relu", init="he", scale=0.01, record_every=100,
                  print_cost=False, rng=None):
    r"""Train an L-layer network with batch gradient descent, as in the course.

    Each iteration runs :func:`model_forward`, :func:`compute_cost`,
    :func:`model_backward` and :func:`update_parameters` on all ``m`` examples.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
    layer_dims : list of int
        ``[n_x, n1, ..., 1]``; ``layer_dims[0]`` must equal ``X.shape[0]``.
    learning_rate : float, default 0.0075
    num_iterations : int, default 3000
    hidden_activation : str, default "relu"
    init : str or dict, default "he"
        An :func:`~dlguide.initializers.initialize_parameters` method, or a dict
        of starting parameters (copied, not modified).
    scale : float, default 0.01
        For ``init="random"``.
    record_every : int, default 100
        Keep the cost every this many iterations.
    print_cost : bool, default False
    rng : int, numpy.random.Generator or None
        For the initialization.

    Returns
    -------
    params : dict
    costs : list of float
        The cost at iterations ``0, record_every, ...``.

    Notes
    -----
    .. math:: \theta \leftarrow \theta - \alpha \nabla_\theta J(\theta)
              \quad \text{for every } W^{[l]}, b^{[l]}

    Examples
    --------
    >>> from dlguide.data import make_planar
    >>> from dlguide.network import L_layer_model, predict
    >>> import numpy as np
    >>> X, Y = make_planar(rng=1)
    >>> params, costs = L_layer_model(X, Y, [2, 4, 1], learning_rate=1.2,
    ...     num_iterations=1000, hidden_activation="tanh", init="xavier", rng=2)
    >>> float(np.mean(predict(X, params, hidden_activation="tanh") == Y)) > 0.8
    True
    """
    X = check_array("X", X, shape_hint="(n_x, m)")
    Y = check_array("Y", Y, rows=1, shape_hint="(1, m)")
    check_same_columns("X", X, "Y", Y)
    check_activation("hidden_activation", hidden_activation)
    learning_rate = check_positive("learning_rate", learning_rate)
    num_iterations = check_positive("num_iterations", num_iterations, integer=True,
                                    allow_zero=True)
    record_every = check_positive("record_every", record_every, integer=True)
    if isinstance(init, dict):
        L = check_params(init, n_x=X.shape[0])
        if np.shape(init[f"W{L}"])[0] != 1:
            raise ValueError(
                f"the output layer init['W{L}'] must have 1 row (one sigmoid unit); got "
                f"shape {np.shape(init[f'W{L}'])}"
            )
        params = {k: np.array(v, dtype=X.dtype) for k, v in init.items()}
    else:
        if isinstance(init, str) and init not in METHODS:
            raise ValueError(f"init must be one of {sorted(METHODS)} or a dict; got {init!r}")
        if not isinstance(layer_dims, (list, tuple)) or len(layer_dims) < 2 or \
                layer_dims[0] != X.shape[0] or layer_dims[-1] != 1:
            raise ValueError(
                f"layer_dims must start with X.shape[0]={X.shape[0]} and end with 1; "
                f"got {layer_dims!r}"
            )
        params = initialize_parameters(layer_dims, init, scale=scale, dtype=X.dtype, rng=rng)
        L = len(params) // 2
    costs = []
    for i in range(num_iterations):
        AL, caches = _model_forward(X, params, L, hidden_activation)
        if i % record_every == 0:
            cost = _compute_cost(AL, Y)
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:f}")
        grads = _model_backward(AL, Y, caches, hidden_activation)
        params = _update_parameters(params, grads, learning_rate)
    return params, costs
