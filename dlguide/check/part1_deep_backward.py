"""Graders of Part I, the L-layer network backward: ``linear_backward``,
``linear_activation_backward``, ``model_backward``, ``update_parameters``.

The assignments are in :doc:`/assignments/part1`.
"""

from __future__ import annotations

from .. import layers, network
from ..gradcheck import numerical_gradient
from .cases import deep_case, linear_case
from .compare import shape_of
from .registry import grader
from .runner import summary
from .variants import (
    cross_entropy,
    deep_backward,
    deep_forward,
    derivative,
    lin_back,
    ref_model_backward,
    relu,
)


def _check_linear_grads(S, out, A_prev, W, dZ, variants=()):
    """Compare (dA_prev, dW, db) with the linear backward of ``dZ``; variants are dZ's."""
    dA_prev, dW, db = S.returned(out, 3, "(dA_prev, dW, db)")
    m = A_prev.shape[1]
    ref_dA, ref_dW, ref_db = lin_back(dZ, A_prev, W)
    wrong = [(lin_back(d, A_prev, W), msg) for d, msg in variants]
    S.array("dW", dW, ref_dW, m=m, hint_T="dW = dZ @ A_prev.T / m has the shape of W; "
                                          "A_prev @ dZ.T is its transpose.",
            variants=[(g[1], msg) for g, msg in wrong])
    S.array("db", db, ref_db, m=m, variants=[(g[2], msg) for g, msg in wrong])
    S.array("dA_prev", dA_prev, ref_dA, m=m,
            hint_T="dA_prev = W.T @ dZ has the shape of A_prev; dZ.T @ W is its transpose.",
            variants=[(ref_dA / m, ("dA_prev is divided by m; it has no 1/m",
                                    "dA_prev is a gradient per example: only dW and db, which "
                                    "sum over the examples, are averaged.")),
                      *((g[0], msg) for g, msg in wrong)])


@grader('linear_backward(dZ, cache)', reference=layers.linear_backward)
def linear_backward(S):
    r"""Grade ``linear_backward(dZ, cache)``, the backward pass of :math:`Z = W A_{prev} + b`.

    The function is called as ``learner_fn(dZ, cache)`` with ``cache = (A_prev,
    W, b)`` and must return ``(dA_prev, dW, db)``:

    .. math::
        dW = \tfrac{1}{m} dZ A_{prev}^\top, \quad
        db = \tfrac{1}{m} \textstyle\sum_i dZ^{(i)}, \quad
        dA_{prev} = W^\top dZ

    as :func:`dlguide.layers.linear_backward`.

    Parameters
    ----------
    learner_fn : callable
        ``linear_backward(dZ, cache) -> (dA_prev, dW, db)``.

    Returns
    -------
    Result

    Notes
    -----
    Checks dW, db, dA_prev. Diagnoses a factor of m (also a ``1/m`` on
    ``dA_prev``), a missing ``keepdims=True``, a sum over the wrong axis, a
    transposed product, ``W`` where ``W.T`` belongs (reported with its line), a
    flipped sign, the wrong number of outputs and mutated inputs.

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.layers import linear_backward
    >>> check.linear_backward(linear_backward)
    linear_backward passed: 4 test cases, some drawn afresh; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.linear_backward(lambda dZ, cache: (cache[1].T @ dZ, dZ @ cache[0].T,
    ...                                          dZ.sum(axis=1, keepdims=True)))
    linear_backward failed: dW is off by a factor of m = 7: it is m times too large
      The cost is an average over the m examples, so the cost and its gradients with respect to W and b carry a factor 1/m.
      Test case: dZ (4, 7), cache ((3, 7), (4, 3), (4, 1))
    """
    rng = S.gen(8)
    for n_prev, n, m in ((3, 4, 7), (5, 1, 6)):
        A_prev, W, b = linear_case(rng, n_prev, n, m)
        dZ = rng.normal(size=(n, m))
        out = S.call({"dZ": dZ, "cache": (A_prev, W, b)})
        _check_linear_grads(S, out, A_prev, W, dZ)
        S.unchanged()
    return summary(S)


@grader('linear_activation_backward(dA, cache, activation)', reference=layers.linear_activation_backward)
def linear_activation_backward(S):
    r"""Grade ``linear_activation_backward(dA, cache, activation)``.

    The function is called as ``learner_fn(dA, cache, activation)`` with
    ``cache = ((A_prev, W, b), Z)`` and ``activation`` ``"sigmoid"`` or
    ``"relu"``. It must compute :math:`dZ = dA \odot g'(Z)` and return
    ``(dA_prev, dW, db)`` of :func:`linear_backward` applied to ``dZ``, as
    :func:`dlguide.layers.linear_activation_backward`.

    Parameters
    ----------
    learner_fn : callable
        ``linear_activation_backward(dA, cache, activation) -> (dA_prev, dW, db)``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a missing activation derivative, the derivatives swapped, Z used in
    place of sigma(Z), relu(Z) in place of the step, the linear part's mistakes
    (factor of m, keepdims, axis, transpose, sign) and a mutated ``dA`` (the
    classic ``dZ = dA; dZ[Z <= 0] = 0``).

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> from dlguide.layers import linear_activation_backward, linear_backward
    >>> check.linear_activation_backward(linear_activation_backward)
    linear_activation_backward passed: 4 test cases, some drawn afresh; values, shapes and types match the reference, and the inputs are unchanged.
    >>> def relu_in_place(dA, cache, activation):
    ...     linear_cache, Z = cache
    ...     dZ = dA
    ...     if activation == "relu":
    ...         dZ[Z <= 0] = 0
    ...     else:
    ...         s = 1 / (1 + np.exp(-Z))
    ...         dZ = dA * s * (1 - s)
    ...     return linear_backward(dZ, linear_cache)
    >>> print(check.linear_activation_backward(relu_in_place))
    linear_activation_backward failed: your function mutated its input: it changed dA in place
      Inputs belong to the caller; `x *= ...`, `x -= ...`, `x[...] = ...` or `d[key] = ...` change the caller's array or dict. Build new arrays instead (e.g. `dZ = np.array(dA, copy=True)` before editing a copy).
      Test case: dA (4, 7), cache (((3, 7), (4, 3), (4, 1)), (4, 7)), activation='relu'
    """
    rng = S.gen(9)
    for activation in ("sigmoid", "relu"):
        A_prev, W, b = linear_case(rng, 3, 4, 7)
        Z = W @ A_prev + b
        dA = rng.normal(size=Z.shape)
        out = S.call({"dA": dA, "cache": ((A_prev, W, b), Z), "activation": activation})
        other = "relu" if activation == "sigmoid" else "sigmoid"
        dZ = dA * derivative(activation, Z)
        variants = [
            (dA, ("the activation's derivative is missing: dZ = dA",
                  "First dZ = dA * g'(Z) (sigmoid_backward or relu_backward), then "
                  "linear_backward(dZ, linear_cache).")),
            (dA * derivative(other, Z), f"it uses the derivative of {other} for "
                                         f"activation={activation!r}: check the if/elif"),
            (dA * derivative("tanh", Z), f"it uses tanh's derivative for "
                                          f"activation={activation!r}"),
        ]
        if activation == "sigmoid":
            variants.append((dA * Z * (1 - Z), "sigma'(Z) = s (1 - s) with s = sigmoid(Z); the "
                                               "code uses Z (1 - Z)"))
        else:
            variants.append((dA * relu(Z), "ReLU's derivative is the step [Z > 0] (0 or 1), "
                                            "not relu(Z) itself"))
        _check_linear_grads(S, out, A_prev, W, dZ, variants)
        S.unchanged()
    return summary(S)


@grader('model_backward(AL, Y, caches)', reference=ref_model_backward)
def model_backward(S):
    r"""Grade ``model_backward(AL, Y, caches)``: the gradients of the L-layer network.

    The course calls it ``L_model_backward``. The function is called as
    ``learner_fn(AL, Y, caches)`` with the output ``AL`` of
    :func:`model_forward` (ReLU hidden layers, sigmoid output) and its list of
    caches ``((A_prev, W, b), Z)``, and must return a dict with ``dW1, db1,
    ..., dWL, dbL`` (extra keys such as ``dA1`` are ignored). It starts from

    .. math:: dA^{[L]} = -\Bigl(\frac{Y}{A^{[L]}} - \frac{1 - Y}{1 - A^{[L]}}\Bigr)

    (or directly :math:`dZ^{[L]} = A^{[L]} - Y`) and runs
    :func:`linear_activation_backward` down the layers.

    Parameters
    ----------
    learner_fn : callable
        ``model_backward(AL, Y, caches) -> grads``.

    Returns
    -------
    Result

    Notes
    -----
    Checks layer L first, then down to layer 1. Diagnoses layer numbers off by
    one (keys from ``dW0``, or gradients with another layer's shape), the
    output's or the hidden layers' derivative wrong or missing, a flipped sign
    of ``dAL``, the linear part's mistakes (factor of m, keepdims, axis,
    transpose) and mutated caches; otherwise compares with a numerical gradient.

    Examples
    --------
    >>> from dlguide import check
    >>> model_backward = check.reference("model_backward")
    >>> check.model_backward(model_backward)
    model_backward passed: 4 test cases, some drawn afresh; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.model_backward(lambda AL, Y, caches: model_backward(1 - AL, 1 - Y, caches))
    model_backward failed: grads['dW3'] has the wrong sign: it is exactly minus the expected value
      dAL = -(Y / AL - (1 - Y) / (1 - AL)); a flipped sign there flips every gradient.
      Test case: AL (1, 7), Y (1, 7), caches a list of 3 caches
    """
    rng = S.gen(12)
    for dims in ((3, 5, 4, 1), (2, 3, 1)):
        params, X, Y = deep_case(rng, dims)
        L = len(dims) - 1
        m = X.shape[1]
        AL, layers = deep_forward(X, params)
        caches = [((A_prev, W, b), Z) for A_prev, W, b, Z, _ in layers]
        out = S.call({"AL": AL, "Y": Y, "caches": caches})
        keys = [f"d{p}{l}" for l in range(1, L + 1) for p in "Wb"]
        grads = S.mapping("the returned grads", out, keys)
        ref = ref_model_backward(AL, Y, caches)
        wrong = [
            (deep_backward(AL, Y, layers, output="relu"),
             "the output layer's backward uses ReLU; the output layer is a sigmoid "
             "(linear_activation_backward(dAL, current_cache, 'sigmoid'))"),
            (deep_backward(AL, Y, layers, hidden="sigmoid"),
             "the hidden layers' backward uses the sigmoid; the hidden layers are ReLU"),
            (deep_backward(AL, Y, layers, hidden="linear"),
             "the hidden layers' backward skips the ReLU derivative: dZ = dA * [Z > 0]"),
        ]
        cache_holder = {}

        def numeric(key, params=params, X=X, Y=Y, cache_holder=cache_holder):
            if "g" not in cache_holder:
                cache_holder["g"] = numerical_gradient(
                    lambda q, X=X, Y=Y: cross_entropy(deep_forward(X, q)[0], Y), params)
            return cache_holder["g"][key]

        for l in range(L, 0, -1):
            others = {shape_of(params[f"W{k}"]): f"W{k}: the layer index is off by one"
                      for k in range(1, L + 1) if k != l and params[f"W{k}"].shape
                      != params[f"W{l}"].shape}
            for key in (f"dW{l}", f"db{l}"):
                S.array(f"grads['{key}']", grads[key], ref[key], m=m,
                        others=others if key.startswith("dW") else None,
                        hint_T=f"dW{l} has the shape of W{l}: dZ @ A_prev.T / m.",
                        variants=[(g[key], msg) for g, msg in wrong],
                        numeric=lambda key=key: numeric(key),
                        sign_hint="dAL = -(Y / AL - (1 - Y) / (1 - AL)); a flipped sign there "
                                  "flips every gradient.")
        S.unchanged()
    return summary(S)


@grader('update_parameters(parameters, grads, learning_rate)', reference=network.update_parameters)
def update_parameters(S):
    r"""Grade ``update_parameters(parameters, grads, learning_rate)``: one step of gradient descent.

    The function is called as ``learner_fn(parameters, grads, learning_rate)``
    and must return the parameters after
    :math:`W^{[l]} \leftarrow W^{[l]} - \alpha\, dW^{[l]}`,
    :math:`b^{[l]} \leftarrow b^{[l]} - \alpha\, db^{[l]}` for every layer. It
    may update ``parameters`` in place (as the course does) or build a new dict;
    either way it returns it.

    Parameters
    ----------
    learner_fn : callable
        ``update_parameters(parameters, grads, learning_rate) -> parameters``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a step uphill (flipped sign), a missing learning rate, a layer or
    a bias left out of the loop, None returned (in-place update without
    ``return``), missing keys and a mutated ``grads``.

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.network import update_parameters
    >>> check.update_parameters(update_parameters)
    update_parameters passed: 4 test cases, some drawn afresh; values, shapes and types match the reference, and grads is unchanged (parameters may be updated in place).
    >>> check.update_parameters(lambda parameters, grads, learning_rate: {
    ...     k: p + learning_rate * grads["d" + k] for k, p in parameters.items()})
    update_parameters failed: the step on parameters['W1'] (new value minus old) has the wrong sign: it is exactly minus the expected value
      Gradient descent goes downhill: W = W - learning_rate * dW.
      Test case: parameters {W1 (4, 3), b1 (4, 1), W2 (1, 4), b2 (1, 1)}, grads {dW1 (4, 3), db1 (4, 1), dW2 (1, 4), db2 (1, 1)}, learning_rate=0.1
    """
    rng = S.gen(13)
    for lr in (0.1, 0.03):
        params, _, _ = deep_case(rng, (3, 4, 1))
        grads = {"d" + k: rng.normal(size=v.shape) for k, v in params.items()}
        out = S.call({"parameters": params, "grads": grads, "learning_rate": lr},
                     may_change=("parameters",))
        new = S.mapping("the returned parameters", out, list(params))
        for k, p in params.items():
            S.array(f"parameters['{k}']", new[k], p - lr * grads["d" + k], old=p, variants=[
                (p - grads["d" + k], "the learning rate is missing: W = W - learning_rate * dW"),
            ], sign_hint="Gradient descent goes downhill: W = W - learning_rate * dW.")
        S.unchanged()
    return summary(S, state="parameters")
