"""Graders of Part I, the L-layer network forward: ``linear_forward``,
``linear_activation_forward``, ``model_forward``, ``compute_cost``.

The assignments are in :doc:`/assignments/part1`.
"""

from __future__ import annotations

import numpy as np

from .. import layers, network
from .cases import deep_case, linear_case
from .compare import close, kind, shape_of
from .registry import grader
from .runner import summary
from .variants import FORWARD, deep_forward, ref_model_forward


def _check_linear_cache(S, what, cache, A_prev, W, b):
    if not isinstance(cache, (tuple, list)) or len(cache) != 3:
        S.fail(f"{what} is {kind(cache)}; it must be the tuple (A_prev, W, b)")
    want = (("A_prev", A_prev), ("W", W), ("b", b))
    for i, ((name, ref), got) in enumerate(zip(want, cache, strict=True)):
        if isinstance(got, np.ndarray) and close(got, ref):
            continue
        for other, ref2 in want:
            if other != name and isinstance(got, np.ndarray) and close(got, ref2):
                S.fail(f"{what} holds the right arrays in the wrong order: position {i} holds "
                       f"{other}; the order is (A_prev, W, b)")
        S.fail(f"{what}[{i}] must be {name}, {kind(ref)}; got {kind(got)}"
               + ("" if not isinstance(got, np.ndarray) or got.shape != ref.shape
                  else " with other values"))


@grader('linear_forward(A_prev, W, b)', reference=layers.linear_forward)
def linear_forward(S):
    r"""Grade ``linear_forward(A_prev, W, b)``: :math:`Z = W A_{prev} + b`.

    The function is called as ``learner_fn(A_prev, W, b)`` with ``A_prev`` of
    shape (n[l-1], m), ``W`` of shape (n[l], n[l-1]) and ``b`` of shape (n[l], 1),
    and must return ``(Z, cache)`` with ``cache = (A_prev, W, b)``, as
    :func:`dlguide.layers.linear_forward`.

    Parameters
    ----------
    learner_fn : callable
        ``linear_forward(A_prev, W, b) -> (Z, cache)``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a transposed product, a missing or subtracted ``b``, an elementwise
    ``*`` in place of the matrix product (reported with its line), a cache in
    the wrong order or of the wrong type, a missing cache and mutated inputs.

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.layers import linear_forward
    >>> check.linear_forward(linear_forward)
    linear_forward passed: 4 test cases, some drawn afresh; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.linear_forward(lambda A_prev, W, b: (A_prev.T @ W.T + b.T, (A_prev, W, b)))
    linear_forward failed: Z has shape (7, 4), the transpose of the expected shape (4, 7): a transposed product
      Z = W @ A_prev + b has shape (n[l], m); A_prev.T @ W.T is its transpose.
      Test case: A_prev (3, 7), W (4, 3), b (4, 1)
    """
    rng = S.gen(6)
    for n_prev, n, m in ((3, 4, 7), (5, 1, 6)):
        A_prev, W, b = linear_case(rng, n_prev, n, m)
        out = S.call({"A_prev": A_prev, "W": W, "b": b})
        Z, cache = S.returned(out, 2, "(Z, cache)")
        ref = W @ A_prev + b
        S.array("Z", Z, ref,
                hint_T="Z = W @ A_prev + b has shape (n[l], m); A_prev.T @ W.T is its "
                       "transpose.",
                variants=[(W @ A_prev, "b is missing: Z = W @ A_prev + b"),
                          (W @ A_prev - b, "b is subtracted: Z = W @ A_prev + b")])
        _check_linear_cache(S, "the cache", cache, A_prev, W, b)
        S.unchanged()
    return summary(S)


def _check_activation_cache(S, what, cache, A_prev, W, b, Z, A):
    if not isinstance(cache, (tuple, list)) or len(cache) < 2:
        S.fail(f"{what} is {kind(cache)}; it must be the tuple (linear_cache, Z) with "
               "linear_cache = (A_prev, W, b)")
    if isinstance(cache[0], np.ndarray) and isinstance(cache[1], (tuple, list)):
        S.fail(f"{what} is in the wrong order: it must be (linear_cache, Z), the linear "
               "cache first")
    _check_linear_cache(S, f"{what}[0] (the linear cache)", cache[0], A_prev, W, b)
    S.array(f"{what}[1] (the activation cache)", cache[1], Z, variants=[
        (A, "the activation cache holds A; it must hold Z, the input of the activation, "
            "which the backward pass needs"),
    ])


@grader('linear_activation_forward(A_prev, W, b, activation)', reference=layers.linear_activation_forward)
def linear_activation_forward(S):
    r"""Grade ``linear_activation_forward(A_prev, W, b, activation)``: :math:`A = g(W A_{prev} + b)`.

    The function is called as ``learner_fn(A_prev, W, b, activation)`` with
    ``activation`` ``"sigmoid"`` or ``"relu"`` and must return ``(A, cache)``
    with ``cache = (linear_cache, Z)`` and ``linear_cache = (A_prev, W, b)``, as
    :func:`dlguide.layers.linear_activation_forward`.

    Parameters
    ----------
    learner_fn : callable
        ``linear_activation_forward(A_prev, W, b, activation) -> (A, cache)``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a missing activation, the activations swapped, tanh, A cached in
    place of Z, the cache in the wrong order, the linear part's mistakes and
    mutated inputs.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> from dlguide.layers import linear_activation_forward, linear_forward
    >>> check.linear_activation_forward(linear_activation_forward)
    linear_activation_forward passed: 4 test cases, some drawn afresh; values, shapes and types match the reference, and the inputs are unchanged.
    >>> def forward_no_g(A_prev, W, b, activation):
    ...     Z, linear_cache = linear_forward(A_prev, W, b)
    ...     return Z, (linear_cache, Z)
    >>> check.linear_activation_forward(forward_no_g)
    linear_activation_forward failed: the activation is missing: it returns Z; A = g(Z)
      Test case: A_prev (3, 7), W (4, 3), b (4, 1), activation='sigmoid'
    """
    rng = S.gen(7)
    for activation in ("sigmoid", "relu"):
        A_prev, W, b = linear_case(rng, 3, 4, 7)
        out = S.call({"A_prev": A_prev, "W": W, "b": b, "activation": activation})
        A, cache = S.returned(out, 2, "(A, cache)")
        Z = W @ A_prev + b
        ref = FORWARD[activation](Z)
        other = "relu" if activation == "sigmoid" else "sigmoid"
        S.array("A", A, ref, variants=[
            (Z, "the activation is missing: it returns Z; A = g(Z)"),
            (FORWARD[other](Z), f"it applies {other} for activation={activation!r}: check "
                                 "the if/elif on activation"),
            (np.tanh(Z), f"it applies tanh for activation={activation!r}"),
        ])
        _check_activation_cache(S, "the cache", cache, A_prev, W, b, Z, ref)
        S.unchanged()
    return summary(S)


@grader('model_forward(X, parameters)', reference=ref_model_forward)
def model_forward(S):
    r"""Grade ``model_forward(X, parameters)``: ``[LINEAR -> RELU] * (L-1) -> LINEAR -> SIGMOID``.

    The course calls it ``L_model_forward``. The function is called as
    ``learner_fn(X, parameters)`` with ``parameters = {"W1", "b1", ..., "WL",
    "bL"}`` and must return ``(AL, caches)``: ``AL`` of shape (1, m) and a list
    of L caches, ``caches[l-1] = ((A_prev, W, b), Z)`` for layer l (the cache
    of :func:`linear_activation_forward`; extra entries after Z are ignored, so
    :func:`dlguide.network.model_forward` passes too).

    Parameters
    ----------
    learner_fn : callable
        ``model_forward(X, parameters) -> (AL, caches)``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses the sigmoid, tanh or no activation in the hidden layers, ReLU at
    the output, missing biases, the activation of a hidden layer returned as
    AL, a missing output-layer cache, caches holding A or in the wrong order,
    and mutated inputs.

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.network import model_forward
    >>> check.model_forward(model_forward)
    model_forward passed: 4 test cases, some drawn afresh; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.model_forward(lambda X, parameters: model_forward(X, parameters,
    ...                                                         hidden_activation="tanh"))
    model_forward failed: the hidden layers use tanh; they use ReLU
      Test case: X (3, 7), parameters {W1 (5, 3), b1 (5, 1), W2 (4, 5), b2 (4, 1), W3 (1, 4), b3 (1, 1)}
    """
    rng = S.gen(10)
    for dims in ((3, 5, 4, 1), (2, 3, 1)):
        params, X, _ = deep_case(rng, dims)
        L = len(dims) - 1
        out = S.call({"X": X, "parameters": params})
        AL, caches = S.returned(out, 2, "(AL, caches)")
        ref, layers = deep_forward(X, params)
        others = {shape_of(layer[4]): f"A{l}" for l, layer in enumerate(layers[:-1], 1)}
        S.array("AL", AL, ref, others=others, variants=[
            (deep_forward(X, params, "sigmoid")[0], "the hidden layers use the sigmoid; they "
                                                     "use ReLU, only the output uses sigmoid"),
            (deep_forward(X, params, "tanh")[0], "the hidden layers use tanh; they use ReLU"),
            (deep_forward(X, params, "relu", "relu")[0], "the output layer uses ReLU; it uses "
                                                          "the sigmoid, AL is a probability"),
            (deep_forward(X, params, "linear")[0], "the hidden layers have no activation; "
                                                    "they use ReLU"),
            (deep_forward(X, params, bias=False)[0], "the biases are missing: Z = W @ A_prev "
                                                      "+ b in every layer"),
        ])
        if not isinstance(caches, (list, tuple)):
            S.fail(f"caches is {kind(caches)}; it must be a list with one cache per layer")
        if len(caches) != L:
            S.fail(f"caches has {len(caches)} entries for L = {L} layers; it needs one cache "
                   "per layer",
                   "The cache of the output layer (LINEAR -> SIGMOID, after the loop) is "
                   "appended too." if len(caches) == L - 1 else None)
        for l, (cache, layer) in enumerate(zip(caches, layers, strict=True), 1):
            A_prev, W, b, Z, A = layer
            _check_activation_cache(S, f"caches[{l - 1}] (layer {l})", cache, A_prev, W, b, Z, A)
        S.unchanged()
    return summary(S)


@grader('compute_cost(AL, Y)', extremes=True, reference=network.compute_cost)
def compute_cost(S):
    r"""Grade ``compute_cost(AL, Y)``, the cross-entropy cost averaged over the m examples.

    The function is called as ``learner_fn(AL, Y)`` with ``AL`` and ``Y`` of
    shape (1, m) and must return a number (a float, a NumPy scalar or a 0-d
    array):

    .. math:: J = -\frac{1}{m} \sum_{i=1}^m \bigl(y^{(i)} \log a^{(i)} + (1 - y^{(i)}) \log(1 - a^{(i)})\bigr)

    Parameters
    ----------
    learner_fn : callable
        ``compute_cost(AL, Y) -> cost``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a flipped sign, a factor of m, a missing or swapped term,
    ``np.log10`` or ``np.log2``, a (1, 1) array where a number belongs, a sum
    over the wrong axis (an array comes back), ``np.dot`` without the transpose
    (reported with its line) and mutated inputs.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> from dlguide.network import compute_cost
    >>> check.compute_cost(compute_cost)
    compute_cost passed: 6 test cases, some drawn afresh and some at the extremes; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.compute_cost(lambda AL, Y: np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T))
    compute_cost failed: the cost is an array of shape (1, 1), the wrong type; it must be a single number
      Convert it with float(...) (or np.squeeze(...)).
      Test case: AL (1, 7), Y (1, 7)
    """
    rng = S.gen(11)
    for m in (7, 5):
        AL = rng.uniform(0.05, 0.95, (1, m))
        if S.mode == "extreme":  # confident probabilities, right and wrong
            AL = rng.choice([1e-9, 1e-6, 0.5, 1 - 1e-6, 1 - 1e-9], size=(1, m))
        Y = (rng.random((1, m)) < 0.5).astype(np.float64)
        Y[0, :2] = (0.0, 1.0)
        got = S.call({"AL": AL, "Y": Y})
        ref = network.compute_cost(AL, Y)
        S.number("the cost", got, ref, m=m, variants=[
            (float(-np.sum(Y * np.log(AL)) / m), "the (1 - Y) log(1 - AL) term is missing"),
            (float(-np.sum((1 - Y) * np.log(1 - AL)) / m), "the Y log(AL) term is missing"),
            (float(-np.sum(Y * np.log(1 - AL) + (1 - Y) * np.log(AL)) / m),
             "the logarithms are swapped: Y goes with log(AL), 1 - Y with log(1 - AL)"),
            (ref / np.log(10), "the cost uses np.log10; the cross-entropy uses the natural "
                               "logarithm, np.log"),
            (ref / np.log(2), "the cost uses np.log2; the cross-entropy uses the natural "
                              "logarithm, np.log"),
        ], sign_hint="J = -(1/m) sum(Y log AL + (1 - Y) log(1 - AL)): mind the leading minus.")
        S.unchanged()
    return summary(S)
