"""Graders of Part II, regularization: ``l2_cost``, ``l2_grads``, ``dropout_forward``,
``dropout_backward``.

The assignments are in :doc:`/assignments/part2`.
"""

from __future__ import annotations

import math

import numpy as np

from .. import regularization
from .cases import deep_case
from .compare import close, shape_of
from .registry import grader
from .runner import summary


def _l2_case(rng):
    params, _, _ = deep_case(rng, (3, 4, 3, 1))
    for k in params:
        if k.startswith("b"):
            params[k] = params[k] + 0.5  # nonzero biases reveal a penalty on b
    return params


@grader('l2_cost(parameters, lambd, m)', reference=regularization.l2_cost)
def l2_cost(S):
    r"""Grade ``l2_cost(parameters, lambd, m)``, the L2 term added to the cost.

    The function is called as ``learner_fn(parameters, lambd, m)`` and must
    return the number

    .. math:: \frac{\lambda}{2m} \sum_{l=1}^{L} \lVert W^{[l]} \rVert_F^2

    (biases are not penalized), as :func:`dlguide.regularization.l2_cost`.

    Parameters
    ----------
    learner_fn : callable
        ``l2_cost(parameters, lambd, m) -> float``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a factor of 2 (lambda/m), a factor of m, penalized biases, a sum
    of weights or of absolute values, norms not squared, a layer left out,
    an array returned and mutated parameters.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> from dlguide.regularization import l2_cost
    >>> check.l2_cost(l2_cost)
    l2_cost passed: 4 test cases, some drawn afresh; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.l2_cost(lambda parameters, lambd, m: lambd / (2 * m) * sum(
    ...     np.sum(np.square(v)) for v in parameters.values()))
    l2_cost failed: the biases are penalized too
      The L2 term sums the squares of the weights W only, not of b.
      Test case: parameters {W1 (4, 3), b1 (4, 1), W2 (3, 4), b2 (3, 1), W3 (1, 3), b3 (1, 1)}, lambd=0.7, m=7
    """
    rng = S.gen(14)
    for lambd, m in ((0.7, 7), (0.1, 5)):
        params = _l2_case(rng)
        got = S.call({"parameters": params, "lambd": lambd, "m": m})
        ref = regularization.l2_cost(params, lambd, m)
        Ws = [v for k, v in params.items() if k.startswith("W")]
        sq = [float(np.sum(W**2)) for W in Ws]
        allsq = sum(float(np.sum(v**2)) for v in params.values())
        S.number("the L2 cost", got, ref, m=m, variants=[
            (lambd / m * sum(sq), "it uses lambda / m; the L2 term is lambda / (2 m) times the "
                                  "sum of squares (off by a factor of 2)"),
            (lambd / (2 * m) * allsq, ("the biases are penalized too",
                                       "The L2 term sums the squares of the weights W only, not "
                                       "of b.")),
            (lambd / (2 * m) * sum(float(np.sum(W)) for W in Ws),
             "it sums the weights; the L2 term sums their squares, np.sum(np.square(W))"),
            (lambd / (2 * m) * sum(float(np.sum(np.abs(W))) for W in Ws),
             "it sums absolute values (the L1 norm); the L2 term sums squares"),
            (lambd / (2 * m) * sum(math.sqrt(q) for q in sq),
             "it adds the Frobenius norms ||W||; the L2 term adds their squares ||W||**2"),
            (lambd / (2 * m) * sum(sq[:-1]), ("the last layer's weights are left out",
                                              "Loop over every layer, l = 1 .. L: "
                                              "range(1, L + 1).")),
            (lambd / (2 * m) * sq[0], "only W1 is penalized; sum over every layer"),
            (lambd / (2 * m) * sq[-1], "only the last layer is penalized; sum over every "
                                       "layer"),
        ])
        S.unchanged()
    return summary(S)


@grader('l2_grads(parameters, lambd, m)', reference=regularization.l2_grads)
def l2_grads(S):
    r"""Grade ``l2_grads(parameters, lambd, m)``, the gradient of the L2 term.

    The function is called as ``learner_fn(parameters, lambd, m)`` and must
    return ``{"dW1": ..., ..., "dWL": ...}`` with
    :math:`\frac{\lambda}{m} W^{[l]}` for every layer (no ``db``, or zeros),
    as :func:`dlguide.regularization.l2_grads`.

    Parameters
    ----------
    learner_fn : callable
        ``l2_grads(parameters, lambd, m) -> dict``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a factor of 2 (the 2 that cancels), a factor of m, a flipped sign,
    W squared, a transposed W, a missing layer, nonzero bias gradients and
    mutated parameters (e.g. ``parameters[k] *= ...``).

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.regularization import l2_grads
    >>> check.l2_grads(l2_grads)
    l2_grads passed: 4 test cases, some drawn afresh; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.l2_grads(lambda parameters, lambd, m: l2_grads(parameters, lambd, 1))
    l2_grads failed: grads['dW1'] is off by a factor of m = 7: it is m times too large
      The cost is an average over the m examples, so the cost and its gradients with respect to W and b carry a factor 1/m.
      Test case: parameters {W1 (4, 3), b1 (4, 1), W2 (3, 4), b2 (3, 1), W3 (1, 3), b3 (1, 1)}, lambd=0.7, m=7
    """
    rng = S.gen(15)
    for lambd, m in ((0.7, 7), (0.1, 5)):
        params = _l2_case(rng)
        L = len(params) // 2
        out = S.call({"parameters": params, "lambd": lambd, "m": m})
        keys = [f"dW{l}" for l in range(1, L + 1)]
        grads = S.mapping("the returned dict", out, keys)
        for key in keys:
            W = params[key[1:]]
            S.array(f"grads['{key}']", grads[key], lambd / m * W, m=m,
                    hint_T=f"The gradient of the L2 term has the shape of {key[1:]}: "
                           "(lambd / m) * W, with no transpose.",
                    variants=[
                        (lambd / (2 * m) * W, ("it is (lambda / 2m) W; the 2 cancels: the "
                                               "derivative of (lambda / 2m) W**2 is "
                                               "(lambda / m) W",)),
                        (lambd / m * W**2, "it is (lambda / m) W**2; the derivative of W**2 is "
                                           "2 W, so the gradient is (lambda / m) W"),
                    ],
                    sign_hint="The L2 gradient points along W (weight decay subtracts it): "
                              "+(lambd / m) * W.")
        for k, v in grads.items():
            if isinstance(k, str) and k.startswith("db") and np.any(np.asarray(v) != 0):
                S.fail(f"the dict holds a nonzero {k}: the biases are not regularized",
                       "The L2 term has no b in it, so its gradient has no db terms.")
        S.unchanged()
    return summary(S)


def _mask_of(S, D, shape):
    D = S.as_array("the mask D", D, shape)
    if D.shape != shape:
        if len(D.shape) == 2 and D.shape in ((shape[0], 1), (1, shape[1])):
            S.fail(f"the mask D has shape {shape_of(D)}; expected {shape}: one random draw is "
                   "shared by a whole row or column",
                   "Draw an independent value for every entry: rng.random(A.shape).")
        S.fail(*S.shape_problem("the mask D", shape_of(D), shape))
    values = np.unique(D.astype(np.float64))
    if not np.all(np.isin(values, (0.0, 1.0))):
        S.fail("the mask D holds values other than 0 and 1: it must be the 0/1 (or True/False) "
               "mask, rng.random(A.shape) < keep_prob, not the random numbers themselves")
    return D.astype(bool)


@grader('dropout_forward(A, keep_prob, rng=rng)', reference=regularization.dropout_forward)
def dropout_forward(S):
    r"""Grade ``dropout_forward(A, keep_prob, rng)``: inverted dropout on one layer.

    The function is called as ``learner_fn(A, keep_prob, rng=rng)`` with a
    ``numpy.random.Generator`` ``rng`` and must return ``(A_dropped, D)``: the
    mask :math:`D = [U < p]` with :math:`U` uniform (``rng.random(A.shape) <
    keep_prob``, bool or 0/1) and :math:`\tilde A = A \odot D / p`, as
    :func:`dlguide.regularization.dropout_forward`. Any mask drawn from ``rng``
    passes; the grader checks the fraction kept, the rescale, and that the
    same seed gives the same mask.

    Parameters
    ----------
    learner_fn : callable
        ``dropout_forward(A, keep_prob, rng) -> (A_dropped, D)``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses dropout without the 1/keep_prob rescale (or multiplied by
    keep_prob), a mask with ``>`` instead of ``<``, a mask shared along a row
    or column, random numbers returned as the mask, a mask not applied or
    inverted, ``np.random`` used instead of ``rng``, a ``rng`` ignored, a
    parameter not named ``rng`` and a mutated ``A``.

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.regularization import dropout_forward
    >>> check.dropout_forward(dropout_forward)
    dropout_forward passed: 4 test cases, some drawn afresh; values, shapes and types match the reference, and the inputs are unchanged. The masks come from rng.
    >>> def no_rescale(A, keep_prob, rng):
    ...     D = rng.random(A.shape) < keep_prob
    ...     return A * D, D
    >>> check.dropout_forward(no_rescale)
    dropout_forward failed: A_dropped is A * D without the 1/keep_prob rescale
      Inverted dropout divides by keep_prob so that the expected value of each activation stays A: A = A * D / keep_prob.
      Test case: A (50, 400), keep_prob=0.8, rng a numpy Generator
    """
    seed = 16
    for shape, keep_prob, fraction_check in (((50, 400), 0.8, True), ((4, 7), 0.5, False)):
        A = S.gen(seed).normal(size=shape)
        out = S.call({"A": A, "keep_prob": keep_prob}, {"rng": S.gen(seed + 1)})
        A_drop, D = S.returned(out, 2, "(A_dropped, D)")
        A_drop = S.as_array("A_dropped", A_drop, shape)
        if A_drop.shape != shape:
            S.fail(*S.shape_problem("A_dropped", shape_of(A_drop), shape))
        D = _mask_of(S, D, shape)
        if fraction_check:
            kept = float(D.mean())
            if abs(kept - keep_prob) > 0.02:
                if abs(kept - (1 - keep_prob)) <= 0.02:
                    S.fail(f"the mask keeps about 1 - keep_prob of the units ({kept:.3f}), not "
                           f"keep_prob = {keep_prob}",
                           "D = rng.random(A.shape) < keep_prob: the comparison is <, not >.")
                S.fail(f"the mask keeps a fraction {kept:.3f} of the units; expected about "
                       f"keep_prob = {keep_prob}",
                       "D = rng.random(A.shape) < keep_prob draws uniform numbers in [0, 1).")
        ref = A * D / keep_prob
        variants = [
            (A * D, ("A_dropped is A * D without the 1/keep_prob rescale",
                     "Inverted dropout divides by keep_prob so that the expected value of "
                     "each activation stays A: A = A * D / keep_prob.")),
            (A * D * keep_prob, "A_dropped is multiplied by keep_prob; inverted dropout "
                                "divides by keep_prob (the 1/keep_prob rescale)"),
            (A / keep_prob, "the mask is not applied: A_dropped = A * D / keep_prob"),
            (A * ~D / keep_prob, "the mask is inverted: A_dropped keeps the units where D is "
                                 "False"),
        ]
        if not close(A_drop, ref) and not any(close(A_drop, v) for v, _ in variants):
            kept = A_drop != 0
            if not np.array_equal(kept, D):
                S.fail("A_dropped is not masked by the mask D it returns (a second random "
                       "draw?)",
                       "Draw the mask once, D = rng.random(A.shape) < keep_prob, and use that "
                       "same D for A and in the return value: the backward pass needs the "
                       "mask that was applied.")
        S.array("A_dropped", A_drop, ref, variants=variants)
        S.unchanged()
        again = S.call({"A": A, "keep_prob": keep_prob}, {"rng": S.gen(seed + 1)})
        D_again = _mask_of(S, S.returned(again, 2, "(A_dropped, D)")[1], shape)
        if not np.array_equal(D_again, D):
            S.fail("the mask changes between two calls with the same rng: it is not drawn "
                   "from the rng argument",
                   "Draw it with rng.random(A.shape) (not np.random.rand), so that the same "
                   "seed gives the same mask.")
        other = S.call({"A": A, "keep_prob": keep_prob}, {"rng": S.gen(seed + 2)})
        D_other = _mask_of(S, S.returned(other, 2, "(A_dropped, D)")[1], shape)
        if np.array_equal(D_other, D) and 0 < D.mean() < 1:
            S.fail("the mask is the same for different rng: the rng argument is ignored",
                   "Draw the mask with rng.random(A.shape), from the generator passed in.")
        S.cases -= 2
        seed += 3
    return summary(S) + " The masks come from rng."


@grader('dropout_backward(dA, D, keep_prob)', reference=regularization.dropout_backward)
def dropout_backward(S):
    r"""Grade ``dropout_backward(dA, D, keep_prob)``: the backward pass of inverted dropout.

    The function is called as ``learner_fn(dA, D, keep_prob)`` with the mask
    ``D`` of the forward pass (bool in one test case, 0/1 floats in the other)
    and must return :math:`dA \odot D / p`, as
    :func:`dlguide.regularization.dropout_backward`.

    Parameters
    ----------
    learner_fn : callable
        ``dropout_backward(dA, D, keep_prob) -> dA``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a missing 1/keep_prob rescale (or a multiplication by
    keep_prob), a mask not applied or inverted, a fresh random mask in place of
    the forward's ``D`` (found by comparing which units get a gradient with
    ``D``), a flipped sign, a wrong shape or type and a mutated ``dA``.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> from dlguide.regularization import dropout_backward
    >>> check.dropout_backward(dropout_backward)
    dropout_backward passed: 4 test cases, some drawn afresh; values, shapes and types match the reference, and the inputs are unchanged.
    >>> def fresh_mask(dA, D, keep_prob):
    ...     D = np.random.default_rng(0).random(dA.shape) < keep_prob
    ...     return dA * D / keep_prob
    >>> check.dropout_backward(fresh_mask)
    dropout_backward failed: the gradient does not go through the mask D from the forward pass (a fresh random mask?)
      Reuse the mask the forward pass drew: only the units it kept get a gradient. A new mask blocks other units than the forward pass did.
      Test case: dA (5, 7), D (5, 7) bool, keep_prob=0.7
    """
    rng = S.gen(19)
    for shape, keep_prob, as_float in (((5, 7), 0.7, False), ((3, 6), 0.5, True)):
        dA = rng.normal(size=shape)
        D = rng.random(shape) < keep_prob
        D[0, :2] = (True, False)
        D_in = D.astype(np.float64) if as_float else D
        got = S.call({"dA": dA, "D": D_in, "keep_prob": keep_prob})
        ref = dA * D / keep_prob
        got_arr = S.as_array("dA (the result)", got, shape)
        if got_arr.shape == shape and not close(got_arr, ref):
            variants = [(dA * D, "dA * D", "the 1/keep_prob rescale is missing: the forward "
                                           "pass divided by keep_prob, so the backward pass "
                                           "divides too"),
                        (dA * D * keep_prob, "dA * D * keep_prob", "it multiplies by keep_prob; "
                                                                   "the 1/keep_prob rescale "
                                                                   "divides by keep_prob"),
                        (dA / keep_prob, "dA / keep_prob", "the mask D is not applied"),
                        (dA * ~D / keep_prob, "dA * ~D / keep_prob",
                         "the mask is inverted: the gradient flows through the dropped units")]
            for variant, _, message in variants:
                if close(got_arr, variant):
                    S.fail(f"{message}: dA = dA * D / keep_prob")
            passed_through = got_arr != 0
            if not np.array_equal(passed_through, D):
                S.fail("the gradient does not go through the mask D from the forward pass (a "
                       "fresh random mask?)",
                       "Reuse the mask the forward pass drew: only the units it kept get a "
                       "gradient. A new mask blocks other units than the forward pass did.")
        S.array("dA (the result)", got, ref)
        S.unchanged()
    return summary(S)
