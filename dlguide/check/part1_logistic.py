"""Graders of Part I, logistic regression: ``sigmoid``, ``sigmoid_backward``, ``propagate``.

The assignments are in :doc:`/assignments/part1`.
"""

from __future__ import annotations

import numpy as np

from .. import activations, logistic
from ..gradcheck import numerical_gradient
from .registry import grader
from .runner import summary
from .variants import cross_entropy, sig


@grader('sigmoid(z)', extremes=True, reference=activations.sigmoid)
def sigmoid(S):
    r"""Grade ``sigmoid(z)``, the logistic function applied elementwise.

    The function is called as ``learner_fn(z)`` on arrays of shapes (3, 7), (4,)
    and (1, 1) and must return :math:`\sigma(z) = 1 / (1 + e^{-z})` as an array
    of the same shape.

    Parameters
    ----------
    learner_fn : callable
        ``sigmoid(z) -> s``.

    Returns
    -------
    Result
        ``passed`` and the message (one line on success, the first mistake on failure).

    Notes
    -----
    Diagnoses the sign of the exponent flipped, the ``1 +`` missing, tanh or the
    derivative returned instead, a changed shape, a list instead of an array,
    ``math.exp`` on an array (reported with its line) and a mutated input.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> from dlguide.activations import sigmoid
    >>> check.sigmoid(sigmoid)
    sigmoid passed: 7 test cases, some drawn afresh and some at the extremes; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.sigmoid(lambda z: 1 / (1 + np.exp(z)))
    sigmoid failed: it computes 1 / (1 + np.exp(z)), with the sign of the exponent flipped; sigma(z) = 1 / (1 + np.exp(-z))
      Test case: z (3, 7)
    """
    rng = S.gen(1)
    zs = (rng.normal(0.0, 3.0, (3, 7)), np.array([-2.0, -0.5, 0.0, 1.5]), np.array([[0.0]]))
    if S.mode == "extreme":  # a clipped or approximate sigmoid is wrong out here
        zs = (np.array([[-700.0, -40.0, -20.0, -9.0, 9.0, 20.0, 40.0, 700.0]]),)
    for z in zs:
        got = S.call({"z": z})
        ref = activations.sigmoid(z)
        S.array("the result", got, ref, variants=[
            (1 - ref, "it computes 1 / (1 + np.exp(z)), with the sign of the exponent flipped; "
                      "sigma(z) = 1 / (1 + np.exp(-z))"),
            (np.exp(z), "the `1 +` is missing from the denominator: 1 / np.exp(-z) is e^z; "
                        "sigma(z) = 1 / (1 + np.exp(-z))"),
            (np.tanh(z), "it returns tanh(z), not the sigmoid 1 / (1 + np.exp(-z))"),
            (ref * (1 - ref), "it returns the derivative sigma(z) (1 - sigma(z)), not sigma(z)"),
            (1 / (1 - np.exp(-z)), "the denominator is 1 - e^(-z); it must be 1 + e^(-z)"),
        ])
        S.unchanged()
    return summary(S)


@grader('sigmoid_backward(dA, Z)', extremes=True, reference=activations.sigmoid_backward)
def sigmoid_backward(S):
    r"""Grade ``sigmoid_backward(dA, Z)``: :math:`dZ = dA \, \sigma(Z)(1 - \sigma(Z))`.

    The function is called as ``learner_fn(dA, Z)`` with ``dA`` and ``Z`` of
    the same shape (Z is the cached pre-activation) and must return ``dZ`` of
    that shape.

    Parameters
    ----------
    learner_fn : callable
        ``sigmoid_backward(dA, Z) -> dZ``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a missing ``dA``, Z used in place of sigma(Z), a missing ``s`` or
    ``1 - s``, a flipped sign, a changed shape or type and a mutated ``dA``;
    otherwise reports the largest difference and a numerical derivative.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> from dlguide.activations import sigmoid, sigmoid_backward
    >>> check.sigmoid_backward(sigmoid_backward)
    sigmoid_backward passed: 5 test cases, some drawn afresh and some at the extremes; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.sigmoid_backward(lambda dA, Z: sigmoid(Z) * (1 - sigmoid(Z)))
    sigmoid_backward failed: the factor dA is missing: it returns sigma'(Z) alone
      By the chain rule dZ = dA * s * (1 - s): the gradient arriving from above times the local derivative.
      Test case: dA (3, 7), Z (3, 7)
    """
    rng = S.gen(2)
    eps = 1e-6
    for shape in ((3, 7), (1, 5)) if S.mode != "extreme" else ((2, 6),):
        dA, Z = rng.normal(size=shape), rng.normal(0.0, 2.0, shape)
        if S.mode == "extreme":
            Z = np.array([[-30.0, -20.0, -12.0, 12.0, 20.0, 30.0]] * 2) * rng.choice([1, -1])
        got = S.call({"dA": dA, "Z": Z})
        s = sig(Z)
        ref = dA * s * (1 - s)
        S.array("dZ", got, ref, variants=[
            (s * (1 - s), ("the factor dA is missing: it returns sigma'(Z) alone",
                           "By the chain rule dZ = dA * s * (1 - s): the gradient arriving from "
                           "above times the local derivative.")),
            (dA * Z * (1 - Z), ("it uses Z where sigma(Z) belongs: dA * Z * (1 - Z)",
                                "Compute s = sigmoid(Z) first, then dZ = dA * s * (1 - s).")),
            (dA * s, "the factor (1 - s) is missing: sigma'(z) = s (1 - s)"),
            (dA * (1 - s), "the factor s is missing: sigma'(z) = s (1 - s)"),
            (dA * s * (1 + s), "it multiplies by (1 + s); sigma'(z) = s (1 - s)"),
        ], numeric=lambda dA=dA, Z=Z: dA * (sig(Z + eps) - sig(Z - eps)) / (2 * eps))
        S.unchanged()
    return summary(S)


@grader('propagate(w, b, X, Y)', extremes=True, reference=logistic.propagate)
def propagate(S):
    r"""Grade ``propagate(w, b, X, Y)``: logistic regression's cost and gradients.

    The function is called as ``learner_fn(w, b, X, Y)`` with ``w`` of shape
    (n_x, 1), a float ``b``, ``X`` of shape (n_x, m) and ``Y`` of shape (1, m),
    and must return ``(grads, cost)``: ``grads = {"dw": (n_x, 1) array, "db":
    number}`` and the cost as a number, as :func:`dlguide.logistic.propagate`.

    Parameters
    ----------
    learner_fn : callable
        ``propagate(w, b, X, Y) -> (grads, cost)``.

    Returns
    -------
    Result

    Notes
    -----
    Checks the cost, then ``dw``, then ``db``. Diagnoses a flipped sign, a factor
    of m, a missing term of the cross-entropy, ``np.log10``, the missing sigmoid
    or ``b``, a transposed ``dw``, a (1, 1) array where a number belongs, the
    outputs in the wrong order and a mutated input; otherwise compares with a
    numerical gradient.

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.logistic import propagate
    >>> check.propagate(propagate)
    propagate passed: 5 test cases, some drawn afresh and some at the extremes; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.propagate(lambda w, b, X, Y: propagate(w, b, X, Y)[::-1])
    propagate failed: it returns (cost, grads); the order is (grads, cost)
      Test case: w (3, 1), b=0.4, X (3, 7), Y (1, 7)
    """
    rng = S.gen(3)
    cases = [
        (rng.normal(0.0, 0.5, (3, 1)), 0.4, rng.normal(size=(3, 7)),
         np.array([[1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0]])),
        (rng.normal(0.0, 0.5, (2, 1)), -0.3, rng.normal(size=(2, 5)),
         np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])),
    ]
    if S.mode == "extreme":  # confident answers, right and wrong (|z| up to 18), and a
        X = rng.normal(size=(3, 6))  # constant feature (the last row)
        X[2] = 1.0
        w = np.array([[6.0], [-3.0], [0.5]])
        cases = [(w, -0.5, X, (rng.random((1, 6)) < 0.5).astype(np.float64))]
    for w, b, X, Y in cases:
        out = S.call({"w": w, "b": b, "X": X, "Y": Y})
        if (isinstance(out, (tuple, list)) and len(out) == 2 and isinstance(out[1], dict)
                and not isinstance(out[0], dict)):
            S.fail("it returns (cost, grads); the order is (grads, cost)")
        grads, cost = S.returned(out, 2, "(grads, cost)")
        ref_grads, ref_cost = logistic.propagate(w, b, X, Y)
        m = X.shape[1]
        Zlin = w.T @ X + b
        A_nob = sig(w.T @ X)
        A = sig(Zlin)

        def numeric(w=w, b=b, X=X, Y=Y):
            g = numerical_gradient(
                lambda p, X=X, Y=Y: cross_entropy(sig(p["w"].T @ X + p["b"]), Y),
                {"w": w, "b": np.array([[b]])})
            return g

        S.number("cost", cost, ref_cost, m=m, variants=[
            (float(-np.sum(Y * np.log(A)) / m),
             "the (1 - Y) log(1 - A) term is missing from the cost"),
            (float(-np.sum((1 - Y) * np.log(1 - A)) / m),
             "the Y log(A) term is missing from the cost"),
            (cross_entropy(A_nob, Y), "b is missing from the forward pass, Z = w.T X + b"),
            (ref_cost / np.log(10), "the cost uses np.log10; the cross-entropy uses the natural "
                                    "logarithm, np.log"),
        ], sign_hint="J = -(1/m) sum(Y log A + (1 - Y) log(1 - A)): mind the leading minus.")
        S.mapping("grads", grads, ["dw", "db"])
        S.array("grads['dw']", grads["dw"], ref_grads["dw"], m=m,
                hint_T="dw = X @ dZ.T / m has the shape of w, (n_x, 1); dZ @ X.T is its "
                       "transpose.",
                variants=[
                    (X @ (Zlin - Y).T / m, ("dw is computed with A = w.T X + b: the sigmoid is "
                                            "missing", "A = sigmoid(w.T @ X + b), then "
                                                       "dZ = A - Y.")),
                    (X @ (A_nob - Y).T / m, "b is missing from the forward pass, Z = w.T X + b"),
                ],
                numeric=lambda numeric=numeric: numeric()["dw"])
        S.number("grads['db']", grads["db"], ref_grads["db"], m=m, variants=[
            (float(np.sum(Zlin - Y) / m), "db is computed without the sigmoid: A = "
                                          "sigmoid(w.T @ X + b)"),
            (float(np.sum(A_nob - Y) / m), "b is missing from the forward pass, Z = w.T X + b"),
        ])
        S.unchanged()
    return summary(S)
