"""An L-layer network built from the blocks of :mod:`dlguide.layers`.

Derived in :doc:`/part1/deep-network` (and, for two layers with tanh, in
:doc:`/part1/shallow-network`). Layers ``1 .. L-1`` use ``hidden_activation``;
layer ``L`` is a single sigmoid unit for binary classification.

Shapes, with ``m`` examples as columns::

    X, A[l]  : (n[l], m)        W[l] : (n[l], n[l-1])      b[l] : (n[l], 1)
    Y, AL    : (1, m)           dW[l], db[l] : as W[l], b[l]

Each public function checks its input once and then runs the unchecked passes
of the private module ``dlguide._model``, so :func:`L_layer_model` pays for validation once,
not once per iteration. :func:`model_forward` returns one
:class:`~dlguide.layers.LayerCache` per layer, which records the layer's
activation: :func:`model_backward` needs nothing else to be right.
"""

from __future__ import annotations

import numpy as np

from . import _kernels as K
from . import _model
from ._resolve import (
    DivergenceWatch,
    check_init,
    check_steps,
    check_training_data,
    start_params,
)
from ._validation import (
    as_dtype,
    as_rng,
    check_activation,
    check_array,
    check_choice,
    check_epsilon,
    check_flag,
    check_grads,
    check_params,
    check_positive,
    check_probability,
    check_targets,
    no_overflow,
    uses_batch_norm,
)
from .layers import BACKWARD_RULE, cache_activation, check_layer_cache, checked_cache
from .regularization import l2_term

#: What the forward pass of a whole network must not overflow.
MODEL_RULE = ("X and params must be small enough that every layer's Z = W @ A_prev + b "
              "(and A / keep_prob with dropout) is finite")

__all__ = [
    "L_layer_model",
    "compute_cost",
    "model_backward",
    "model_forward",
    "predict",
    "update_parameters",
]


def check_output(params, L, output_activation):
    """The output layer must fit its activation: one sigmoid unit, or C >= 2 softmax units."""
    check_choice("output_activation", output_activation, K.OUTPUT_ACTIVATIONS)
    units = np.shape(params[f"W{L}"])[0]
    if output_activation == "sigmoid" and units != 1:
        raise ValueError(
            f"the output layer W{L} must have 1 row (one sigmoid unit); got shape "
            f"{np.shape(params[f'W{L}'])} (for C classes use output_activation='softmax')"
        )
    if output_activation == "softmax" and units < 2:
        raise ValueError(
            f"the output layer W{L} must have C >= 2 rows for a softmax over C "
            f"classes; got shape {np.shape(params[f'W{L}'])}"
        )


def _check_model_inputs(X, params, hidden_activation, output_activation="sigmoid",
                        training=True, epsilon=1e-5):
    X = check_array("X", X, shape_hint="(n_x, m)")
    L = check_params(params, n_x=X.shape[0])
    check_output(params, L, output_activation)
    check_activation("hidden_activation", hidden_activation)
    check_flag("training", training)
    epsilon = (check_epsilon("epsilon", epsilon, X.dtype) if uses_batch_norm(params)
               else check_positive("epsilon", epsilon))
    if uses_batch_norm(params) and not training and "mu1" not in params:
        raise ValueError(
            "params hold no running averages mu{l} and sigma2{l}, which a batch-normalized "
            "network needs at test time (training=False, and predict): train it with "
            "dlguide.train.fit(..., batch_norm=True), or pass training=True"
        )
    params = {k: as_dtype(f"params['{k}']", check_array(f"params['{k}']", v), X.dtype)
              for k, v in params.items()}
    return X, params, L, epsilon


def model_forward(X, params, *, hidden_activation="relu", output_activation="sigmoid",
                  keep_prob=1.0, rng=None, training=True, epsilon=1e-5):
    r"""Forward pass of the L-layer network: ``[LINEAR -> g] * (L-1) -> LINEAR -> OUTPUT``.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    params : dict
        ``{"W1": (n1, n_x), "b1": (n1, 1), ..., "WL": (n[L], n[L-1]), "bL": (n[L], 1)}``;
        with batch normalization (:doc:`/part3/batch-norm`) every hidden layer
        holds ``gamma{l}`` and ``beta{l}`` in place of ``b{l}``, and after
        training with :func:`dlguide.train.fit` the running averages ``mu{l}``
        and ``sigma2{l}``.
    hidden_activation : {"relu", "tanh", "sigmoid", "leaky_relu"}, default "relu"
    output_activation : {"sigmoid", "softmax"}, default "sigmoid"
        One sigmoid unit (binary), or a softmax over ``n[L] = C >= 2`` classes.
    keep_prob : float in (0, 1], default 1.0
        Inverted dropout on every hidden layer's output when below 1 (training
        only; see :doc:`/part2/dropout`).
    rng : int, numpy.random.Generator or None
        Source of the dropout masks.
    training : bool, default True
        For batch norm: normalize with the batch's own mean and variance
        (training), or with the running averages ``mu{l}``, ``sigma2{l}`` (test
        time, so an example's output does not depend on the batch it came with).
    epsilon : float, default 1e-5
        Batch norm's :math:`\varepsilon` (the one :func:`dlguide.train.fit` uses).

    Returns
    -------
    AL : ndarray of shape (n[L], m)
        Predicted probabilities: a row for the sigmoid, a column per example
        summing to 1 for the softmax.
    caches : list of L :class:`~dlguide.layers.LayerCache`
        Each unpacks as ``linear_cache, Z = cache`` and records the layer's
        activation (``cache.activation``), for a hidden layer with dropout its
        mask ``cache.D``, and with batch norm its ``cache.bn``.

    Notes
    -----
    .. math:: A^{[0]} = X, \quad A^{[l]} = g(W^{[l]} A^{[l-1]} + b^{[l]}), \quad
              A^{[L]} = \sigma(W^{[L]} A^{[L-1]} + b^{[L]}) \text{ or }
              \operatorname{softmax}(W^{[L]} A^{[L-1]} + b^{[L]})

    Examples
    --------
    >>> from dlguide.initializers import initialize_parameters
    >>> from dlguide.network import model_forward
    >>> import numpy as np
    >>> params = initialize_parameters([3, 4, 1], rng=0)
    >>> AL, caches = model_forward(np.ones((3, 5)), params)
    >>> AL.shape, len(caches), [c.activation for c in caches]
    ((1, 5), 2, ['relu', 'sigmoid'])
    """
    X, params, L, epsilon = _check_model_inputs(X, params, hidden_activation,
                                                output_activation, training, epsilon)
    keep_prob = check_probability("keep_prob", keep_prob)
    if keep_prob < 1.0 or not (rng is None or isinstance(rng, np.random.Generator)):
        rng = as_rng(rng)  # checked even without dropout: a wrong type never passes silently
    drawn_from = rng.bit_generator.state if keep_prob < 1.0 else None
    try:
        with no_overflow(MODEL_RULE):
            return _model.model_forward(X, params, L, hidden_activation, keep_prob, rng,
                                        output_activation, bool(training), epsilon)
    except ValueError:  # refused: the masks drawn so far are given back
        if drawn_from is not None:
            rng.bit_generator.state = drawn_from
        raise


def compute_cost(AL, Y, params=None, lambd=0.0):
    r"""Cross-entropy cost, averaged over the ``m`` examples: binary, or over C classes.

    Parameters
    ----------
    AL : ndarray of shape (1, m) or (C, m)
        Predicted probabilities: a sigmoid row, or softmax columns.
    Y : ndarray of the shape of ``AL``
        True labels: 0 or 1 in a row, or one-hot columns
        (:func:`dlguide.data.one_hot`) for C classes.
    params : dict, optional
        Needed only when ``lambd > 0``, for the L2 term (checked whenever given).
    lambd : float, default 0.0
        L2 regularization strength :math:`\lambda` (see :doc:`/part2/regularization`).

    Returns
    -------
    cost : float
        :func:`dlguide.losses.cross_entropy` (finite even where ``AL`` is
        exactly 0 or 1), plus the L2 term when ``lambd > 0``.

    Notes
    -----
    .. math:: J = -\frac{1}{m} \sum_{i=1}^{m} \Bigl( y^{(i)} \log a^{(i)}
              + (1 - y^{(i)}) \log(1 - a^{(i)}) \Bigr)
              + \frac{\lambda}{2m} \sum_{l} \lVert W^{[l]} \rVert_F^2

    and with C classes :math:`J = -\frac{1}{m} \sum_i \sum_j y^{(i)}_j \log a^{(i)}_j`
    (:func:`dlguide.losses.categorical_cross_entropy`), plus the same L2 term.

    The course's name for the cost; :mod:`dlguide.losses` has it alone and
    from logits.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.network import compute_cost
    >>> round(compute_cost(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]])), 6)
    0.279777
    """
    AL, Y = check_targets("AL", AL, Y, probabilities=True)
    lambd = check_positive("lambd", lambd, allow_zero=True)
    if params is not None:  # checked whenever given, used only when lambd > 0
        L = check_params(params)
    elif lambd > 0:
        raise ValueError("params must be given when lambd > 0 (the L2 term needs W)")
    cost = K.cross_entropy(AL, Y) if AL.shape[0] == 1 else K.categorical_cross_entropy(AL, Y)
    if lambd > 0:
        cost += l2_term(params, L, lambd, Y.shape[1])
    return cost


def _check_caches(caches, m, hidden_activation, C):
    """Check model_forward's caches against m and the C rows of AL; return the checked
    caches and each layer's activation."""
    if not isinstance(caches, (list, tuple)) or not caches:
        raise TypeError(
            "caches must be the non-empty list returned by model_forward; got "
            f"{type(caches).__name__}" + (" (empty)" if isinstance(caches, (list, tuple)) else "")
        )
    checked, activations, prev = [], [], None
    L = len(caches)
    for l, cache in enumerate(caches, start=1):
        what = f"caches[{l - 1}]"
        A_prev, W, b, Z = check_layer_cache(cache, what)
        if A_prev.shape[1] != m:
            raise ValueError(
                f"{what} holds m = {A_prev.shape[1]} examples (A_prev.shape={A_prev.shape}), "
                f"but AL and Y have m = {m}: AL, Y and caches must come from one forward pass"
            )
        if prev is not None and A_prev.shape[0] != prev:
            raise ValueError(
                f"{what} does not follow caches[{l - 2}]: its A_prev has {A_prev.shape[0]} "
                f"rows, the previous layer has {prev} units"
            )
        prev = W.shape[0]
        if l < L:
            activation = cache_activation(cache, hidden_activation, what, "hidden_activation")
            if activation not in K.ACTIVATIONS:
                raise ValueError(f"{what}, a hidden layer, must have a hidden activation "
                                 f"({sorted(K.ACTIVATIONS)}); got {activation!r}")
        else:
            activation = getattr(cache, "activation", None) or (
                "sigmoid" if W.shape[0] == 1 else "softmax")
            ok = ((activation == "sigmoid" and W.shape[0] == 1)
                  or (activation == "softmax" and W.shape[0] >= 2))
            if not ok:
                raise ValueError(
                    f"{what}, the output layer, must be one sigmoid unit or C >= 2 softmax "
                    f"units; got {W.shape[0]} unit(s) with activation {activation!r}"
                )
            if getattr(cache, "bn", None) is not None:
                raise ValueError(f"{what}, the output layer, is never batch-normalized")
            if W.shape[0] != C:
                raise ValueError(
                    f"{what}, the output layer, has {W.shape[0]} unit(s) (W.shape={W.shape}), "
                    f"but AL and Y have {C} row(s): AL, Y and caches must come from one "
                    "forward pass"
                )
        checked.append(checked_cache(cache, A_prev, W, b, Z, what))
        activations.append(activation)
    return checked, activations


def model_backward(AL, Y, caches, *, hidden_activation=None, lambd=0.0):
    r"""Backward pass of :func:`model_forward`: the gradients of the cost.

    Parameters
    ----------
    AL : ndarray of shape (1, m) or (C, m)
        Output of :func:`model_forward`.
    Y : ndarray of the shape of ``AL``
        Labels 0/1, or one-hot columns for a softmax output.
    caches : list of LayerCache
        From :func:`model_forward`: each records its layer's activation, and
        any dropout mask, which the backward pass applies again. Plain tuples
        ``(linear_cache, Z)``, as the course builds them, are accepted too; they
        record no activation, so ``hidden_activation`` must then be given.
    hidden_activation : str, optional
        Needed only for plain tuples. With the caches of :func:`model_forward`
        leave it out; if given, it must agree with the caches (a
        ``ValueError`` names both otherwise).
    lambd : float, default 0.0
        L2 strength; adds :math:`\frac{\lambda}{m} W^{[l]}` to each ``dW``.

    Returns
    -------
    grads : dict
        ``{"dW1": ..., "db1": ..., ..., "dWL": ..., "dbL": ...}``, shaped like the
        parameters; a batch-normalized layer has ``dgamma{l}`` and ``dbeta{l}``
        in place of ``db{l}`` (and the running averages have no gradient).

    Notes
    -----
    For the sigmoid output with cross-entropy, the chain rule collapses
    :math:`dA^{[L]} = -\frac{Y}{A^{[L]}} + \frac{1-Y}{1-A^{[L]}}` times
    :math:`\sigma'(Z^{[L]}) = A^{[L]}(1-A^{[L]})` into

    .. math:: dZ^{[L]} = A^{[L]} - Y

    and the softmax with the categorical cross-entropy gives the same
    :math:`dZ^{[L]} = A^{[L]} - Y` (:doc:`/part3/softmax`). Every hidden layer then
    runs :func:`dlguide.layers.linear_activation_backward`, with
    :func:`dlguide.batchnorm.batchnorm_backward` between the activation and the
    linear part in a batch-normalized layer.

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
    AL, Y = check_targets("AL", AL, Y, probabilities=True)
    lambd = check_positive("lambd", lambd, allow_zero=True)
    caches, activations = _check_caches(caches, AL.shape[1], hidden_activation, AL.shape[0])
    with no_overflow(BACKWARD_RULE.replace("dA (or dZ)", "AL, Y, lambd")):
        return _model.model_backward(AL, Y, caches, activations, lambd)


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
        A new dict of new arrays; the input is not modified. Gradients must be
        finite: a NaN or infinite gradient raises a ``ValueError`` (the step
        would turn every weight it touches into NaN).

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
    grads = check_grads(grads, params)
    learning_rate = check_positive("learning_rate", learning_rate)
    with no_overflow("params, grads and learning_rate must be small enough that "
                     "params - learning_rate * grads is finite"):
        return {k: np.asarray(v) - learning_rate * grads["d" + k] for k, v in params.items()}


def predict(X, params, *, hidden_activation="relu", output_activation="sigmoid",
            threshold=0.5, epsilon=1e-5):
    r"""Class predictions: :math:`\hat y = [a^{[L]} > 0.5]`, or the most probable class.

    Dropout is never applied here, whatever the training used, and a
    batch-normalized network uses its running averages (``training=False`` of
    :func:`model_forward`): each example's prediction is its own, whatever
    batch it comes with.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    params : dict
    hidden_activation : str, default "relu"
    output_activation : {"sigmoid", "softmax"}, default "sigmoid"
    threshold : float in (0, 1), default 0.5
        Sigmoid output: predict 1 where the probability exceeds it.
    epsilon : float, default 1e-5
        Batch norm's :math:`\varepsilon`.

    Returns
    -------
    predictions : ndarray of shape (1, m)
        Sigmoid: zeros and ones, in the dtype of ``X`` (float). Softmax: the
        class indices :math:`\arg\max_j a_j`, int64.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.network import predict
    >>> params = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]])}
    >>> predict(np.array([[-2.0, 3.0]]), params).tolist()
    [[0.0, 1.0]]
    """
    X, params, L, epsilon = _check_model_inputs(X, params, hidden_activation,
                                                output_activation, False, epsilon)
    # (0, 1): no probability exceeds 1, and every one but 0 exceeds 0
    threshold = check_probability("threshold", threshold, high_open=True)
    with no_overflow(MODEL_RULE):
        AL, _ = _model.model_forward(X, params, L, hidden_activation,
                                     output_activation=output_activation, training=False,
                                     epsilon=epsilon)
    if output_activation == "softmax":
        return np.argmax(AL, axis=0).reshape(1, -1)
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
        The cost at iterations ``0, record_every, ...``, computed from the
        output's logits (:func:`dlguide.losses.cross_entropy_from_logits`), so
        exact for confident answers too, and equal to :func:`dlguide.train.fit`'s.

    Raises
    ------
    dlguide.DivergenceError
        As soon as the cost is not finite or rises more than a thousandfold (a
        learning rate too large), or the last update leaves a parameter that is
        not finite, naming the iteration and the last sound cost; nothing is
        returned then.
    ValueError
        For bad arguments, and when the first cost, before any update, is not
        finite (inputs too large).

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
    X, Y = check_training_data(X, Y)
    check_activation("hidden_activation", hidden_activation)
    learning_rate, num_iterations, record_every = check_steps(learning_rate, num_iterations,
                                                              record_every)
    scale = check_positive("scale", scale)
    print_cost = check_flag("print_cost", print_cost)
    rng = as_rng(rng)
    dims = check_init(init, layer_dims, X)
    params = start_params(init, dims, X, rng=rng, scale=scale)
    L = len(dims) - 1
    m = X.shape[1]
    activations = [hidden_activation] * (L - 1) + ["sigmoid"]
    costs = []
    watch = DivergenceWatch("L_layer_model", "iteration", learning_rate,
                            cost_before_update=True)
    with np.errstate(all="ignore"):  # a diverging run is reported by the watch instead
        for i in range(num_iterations):
            AL, caches = _model.model_forward(X, params, L, hidden_activation)
            cost = K.logit_loss_sum(caches[-1].Z, Y) / m
            watch(i, cost)
            if i % record_every == 0:
                costs.append(cost)
                if print_cost:
                    print(f"Cost after iteration {i}: {cost:f}")
            grads = _model.model_backward(AL, Y, caches, activations)
            params = {k: v - learning_rate * grads["d" + k] for k, v in params.items()}
        if num_iterations:
            watch.check_params(num_iterations - 1, params)
    return params, costs
