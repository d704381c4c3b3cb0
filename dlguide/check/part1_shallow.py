"""Graders of Part I, the two-layer network: ``forward_propagation``, ``backward_propagation``.

The assignments are in :doc:`/assignments/part1`.
"""

from __future__ import annotations

import numpy as np

from ..gradcheck import numerical_gradient
from .cases import two_layer_case
from .compare import shape_of
from .registry import grader
from .runner import summary
from .variants import cross_entropy, ref_backward_propagation, ref_forward_propagation, relu, sig


@grader('forward_propagation(X, parameters)', reference=ref_forward_propagation)
def forward_propagation(S):
    r"""Grade ``forward_propagation(X, parameters)`` of the two-layer network.

    The network has a tanh hidden layer and a sigmoid output:
    :math:`Z^{[1]} = W^{[1]} X + b^{[1]}`, :math:`A^{[1]} = \tanh Z^{[1]}`,
    :math:`Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}`, :math:`A^{[2]} = \sigma(Z^{[2]})`.
    The function is called as ``learner_fn(X, parameters)`` with ``X`` of shape
    (n_x, m) and ``parameters = {"W1", "b1", "W2", "b2"}``, and must return
    ``(A2, cache)`` with ``cache = {"Z1": ..., "A1": ..., "Z2": ..., "A2": ...}``.

    Parameters
    ----------
    learner_fn : callable
        ``forward_propagation(X, parameters) -> (A2, cache)``.

    Returns
    -------
    Result

    Notes
    -----
    Checks Z1, A1, Z2, A2 in the order they are computed. Diagnoses a transposed
    product, a missing or subtracted bias, the wrong activation (sigmoid or ReLU
    in the hidden layer, tanh at the output), a missing activation, Z2 computed
    from Z1, A1 returned instead of A2, missing cache keys and mutated inputs.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> check.forward_propagation(check.reference("forward_propagation"))
    forward_propagation passed: 4 test cases, some drawn afresh; values, shapes and types match the reference, and the inputs are unchanged.
    >>> def forward_relu(X, parameters):
    ...     Z1 = parameters["W1"] @ X + parameters["b1"]
    ...     A1 = np.maximum(Z1, 0)
    ...     Z2 = parameters["W2"] @ A1 + parameters["b2"]
    ...     A2 = 1 / (1 + np.exp(-Z2))
    ...     return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    >>> check.forward_propagation(forward_relu)
    forward_propagation failed: the hidden layer uses ReLU; it uses tanh: A1 = np.tanh(Z1)
      Test case: X (3, 7), parameters {W1 (4, 3), b1 (4, 1), W2 (1, 4), b2 (1, 1)}
    """
    rng = S.gen(4)
    for n_x, n_h, m in ((3, 4, 7), (2, 5, 6)):
        params, X, _ = two_layer_case(rng, n_x, n_h, m)
        out = S.call({"X": X, "parameters": params})
        A2_got, cache = S.returned(out, 2, "(A2, cache)")
        W1, b1, W2, b2 = (params[k] for k in ("W1", "b1", "W2", "b2"))
        _, ref = ref_forward_propagation(X, params)
        Z1, A1, Z2 = ref["Z1"], ref["A1"], ref["Z2"]
        S.mapping("cache", cache, ["Z1", "A1", "Z2", "A2"])
        S.array("cache['Z1']", cache["Z1"], Z1,
                hint_T="Z1 = W1 @ X + b1 has shape (n_h, m); X.T @ W1.T is its transpose.",
                variants=[(W1 @ X, "b1 is missing: Z1 = W1 @ X + b1"),
                          (W1 @ X - b1, "b1 is subtracted: Z1 = W1 @ X + b1")])
        S.array("cache['A1']", cache["A1"], A1, variants=[
            (sig(Z1), "the hidden layer uses the sigmoid; it uses tanh: A1 = np.tanh(Z1)"),
            (relu(Z1), "the hidden layer uses ReLU; it uses tanh: A1 = np.tanh(Z1)"),
            (Z1, "the hidden activation is missing: A1 = np.tanh(Z1)"),
        ])
        S.array("cache['Z2']", cache["Z2"], Z2,
                hint_T="Z2 = W2 @ A1 + b2 has shape (1, m).",
                variants=[(W2 @ Z1 + b2, "Z2 is computed from Z1; it takes the activation: "
                                         "Z2 = W2 @ A1 + b2"),
                          (W2 @ A1, "b2 is missing: Z2 = W2 @ A1 + b2")])
        S.array("cache['A2']", cache["A2"], ref["A2"], variants=[
            (np.tanh(Z2), "the output uses tanh; it is a probability: A2 = sigmoid(Z2)"),
            (relu(Z2), "the output uses ReLU; it is a probability: A2 = sigmoid(Z2)"),
            (Z2, "the output activation is missing: A2 = sigmoid(Z2)"),
        ])
        S.array("A2 (the first value returned)", A2_got, ref["A2"],
                others={shape_of(A1): "A1: return A2, the output layer"})
        S.unchanged()
    return summary(S)


@grader('backward_propagation(parameters, cache, X, Y)', reference=ref_backward_propagation)
def backward_propagation(S):
    r"""Grade ``backward_propagation(parameters, cache, X, Y)`` of the two-layer network.

    The network is the one of :func:`forward_propagation` (tanh hidden layer,
    sigmoid output, cross-entropy cost). The function is called as
    ``learner_fn(parameters, cache, X, Y)`` with the ``cache`` dict
    ``{"Z1", "A1", "Z2", "A2"}`` of the forward pass and must return
    ``grads = {"dW1", "db1", "dW2", "db2"}``:

    .. math::
        dZ^{[2]} = A^{[2]} - Y, \quad dW^{[2]} = \tfrac{1}{m} dZ^{[2]} A^{[1]\top}, \quad
        dZ^{[1]} = W^{[2]\top} dZ^{[2]} \odot (1 - A^{[1]2}), \quad
        dW^{[1]} = \tfrac{1}{m} dZ^{[1]} X^\top

    and each :math:`db` the sum of :math:`dZ` over the examples, divided by m.

    Parameters
    ----------
    learner_fn : callable
        ``backward_propagation(parameters, cache, X, Y) -> grads``.

    Returns
    -------
    Result

    Notes
    -----
    Checks dW2, db2, dW1, db1 in the order backpropagation computes them.
    Diagnoses a factor of m, a missing ``keepdims=True``, a sum over the wrong
    axis, a transposed product, a flipped sign, a wrong or missing tanh
    derivative, missing keys and mutated inputs; otherwise compares with a
    numerical gradient.

    Examples
    --------
    >>> from dlguide import check
    >>> backward = check.reference("backward_propagation")
    >>> check.backward_propagation(backward)
    backward_propagation passed: 4 test cases, some drawn afresh; values, shapes and types match the reference, and the inputs are unchanged.
    >>> def backward_times_m(parameters, cache, X, Y):
    ...     return {k: g * X.shape[1] for k, g in backward(parameters, cache, X, Y).items()}
    >>> check.backward_propagation(backward_times_m)
    backward_propagation failed: grads['dW2'] is off by a factor of m = 7: it is m times too large
      The cost is an average over the m examples, so the cost and its gradients with respect to W and b carry a factor 1/m.
      Test case: parameters {W1 (4, 3), b1 (4, 1), W2 (1, 4), b2 (1, 1)}, cache {Z1 (4, 7), A1 (4, 7), Z2 (1, 7), A2 (1, 7)}, X (3, 7), Y (1, 7)
    """
    rng = S.gen(5)
    for n_x, n_h, m in ((3, 4, 7), (2, 5, 6)):
        params, X, Y = two_layer_case(rng, n_x, n_h, m)
        _, cache = ref_forward_propagation(X, params)
        out = S.call({"parameters": params, "cache": cache, "X": X, "Y": Y})
        grads = S.mapping("the returned grads", out, ["dW1", "db1", "dW2", "db2"])
        ref = ref_backward_propagation(params, cache, X, Y)
        W2, A1, Z1 = params["W2"], cache["A1"], cache["Z1"]
        dZ2 = cache["A2"] - Y
        others = {shape_of(v): k for k, v in params.items()}

        def numeric(key, params=params, X=X, Y=Y):
            def cost(p):
                return cross_entropy(ref_forward_propagation(X, p)[0], Y)
            return numerical_gradient(cost, params)[key]

        back = W2.T @ dZ2
        wrong_dZ1 = [
            (back * (1 - A1), "tanh'(Z1) = 1 - A1**2; the code uses 1 - A1 (the square is "
                              "missing)"),
            (back * (1 - Z1**2), "it uses Z1 where A1 belongs: tanh'(Z1) = 1 - A1**2 with "
                                 "A1 = tanh(Z1)"),
            (back, ("the factor tanh'(Z1) = 1 - A1**2 is missing",
                    "dZ1 = (W2.T @ dZ2) * (1 - A1**2): the backward pass goes through the "
                    "activation too.")),
            (back * A1 * (1 - A1), "it uses the sigmoid's derivative A1 (1 - A1) for the "
                                   "hidden layer; the hidden layer is tanh: 1 - A1**2"),
        ]
        S.array("grads['dW2']", grads["dW2"], ref["dW2"], m=m, others=others,
                hint_T="dW2 = dZ2 @ A1.T / m has the shape of W2; A1 @ dZ2.T is its transpose.",
                numeric=lambda: numeric("dW2"))
        S.array("grads['db2']", grads["db2"], ref["db2"], m=m, numeric=lambda: numeric("db2"))
        S.array("grads['dW1']", grads["dW1"], ref["dW1"], m=m, others=others,
                hint_T="dW1 = dZ1 @ X.T / m has the shape of W1; X @ dZ1.T is its transpose.",
                variants=[(d @ X.T / m, msg) for d, msg in wrong_dZ1],
                numeric=lambda: numeric("dW1"))
        S.array("grads['db1']", grads["db1"], ref["db1"], m=m,
                variants=[(np.sum(d, axis=1, keepdims=True) / m, msg) for d, msg in wrong_dZ1],
                numeric=lambda: numeric("db1"))
        S.unchanged()
    return summary(S)
