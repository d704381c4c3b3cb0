"""Graders of Part III: ``softmax``, ``one_hot``, ``categorical_cost``,
``batchnorm_forward``, ``batchnorm_backward``.

The assignments are in :doc:`/assignments/part3`.
"""

from __future__ import annotations

import numpy as np

from .. import activations, batchnorm, data, losses
from ..gradcheck import numerical_gradient
from .compare import close
from .registry import grader
from .runner import summary


def _softmax_rows(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@grader("softmax(Z)", extremes=True, reference=activations.softmax)
def softmax(S):
    r"""Grade ``softmax(Z)``, the softmax of every column of ``Z``.

    The function is called as ``learner_fn(Z)`` with ``Z`` of shape (C, m), a
    column of C scores (logits) per example, and must return the array of the
    same shape whose column :math:`i` is :math:`e^{z^{(i)}} / \sum_j e^{z_j^{(i)}}`.
    The extreme cases have logits near 1000, where :math:`e^{z}` overflows
    unless the column's maximum is subtracted first.

    Parameters
    ----------
    learner_fn : callable
        ``softmax(Z) -> A``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a softmax over the wrong axis (the rows), over all entries at
    once, the normalization missing, the sigmoid instead, no maximum subtracted
    (NaN at large logits), a changed shape and a mutated input.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> from dlguide.activations import softmax
    >>> check.softmax(softmax)
    softmax passed: 5 test cases, some drawn afresh and some at the extremes; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.softmax(lambda Z: np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True))
    softmax failed: the softmax runs over the rows (axis=1); each column is one example's scores, so sum over axis=0
      Test case: Z (4, 6)
    """
    rng = S.gen(30)
    cases = (rng.normal(0.0, 2.0, (4, 6)), rng.normal(0.0, 2.0, (3, 1)))
    if S.mode == "extreme":  # the max shift: e^1000 overflows
        cases = (np.array([[1000.0, -1000.0, 5.0], [999.0, -1001.0, -5.0],
                           [0.0, -999.0, 0.0]]),)
    for Z in cases:
        got = S.call({"Z": Z})
        ref = activations.softmax(Z)
        e = np.exp(np.clip(Z, -700, 700))
        variants = [
            (_softmax_rows(Z), ("the softmax runs over the rows (axis=1); each column is one "
                                "example's scores, so sum over axis=0")),
            (e / e.sum(), "it divides by the sum of all entries; each column is normalized "
                          "alone: sum over axis=0 with keepdims=True"),
            (e, "the normalization is missing: divide e^Z by its sum over each column"),
            (1 / (1 + np.exp(-np.clip(Z, -700, 700))),
             "it applies the sigmoid to each score; softmax normalizes each column: "
             "e^Z / sum(e^Z, axis=0)"),
        ]
        if S.mode == "extreme":
            arr = np.asarray(got, dtype=np.float64) if isinstance(got, np.ndarray) else None
            if arr is not None and arr.shape == ref.shape and not np.all(np.isfinite(arr)):
                S.fail("the result holds NaN or infinity for large scores: np.exp(1000) "
                       "overflows",
                       "Subtract each column's maximum before the exponential: "
                       "Z - Z.max(axis=0, keepdims=True) changes nothing in the result "
                       "(numerator and denominator are divided by the same e^max) and keeps "
                       "every exponent <= 0.")
        S.array("the result", got, ref, variants=variants)
        S.unchanged()
    return summary(S)


@grader("one_hot(labels, num_classes)", reference=data.one_hot)
def one_hot(S):
    r"""Grade ``one_hot(labels, num_classes)``: labels as columns of zeros with one 1.

    The function is called as ``learner_fn(labels, num_classes)`` with integer
    ``labels`` of shape (1, m), values in ``0 .. num_classes - 1``, and must
    return ``Y`` of shape (num_classes, m) with ``Y[labels[0, i], i] = 1`` and
    zeros elsewhere.

    Parameters
    ----------
    learner_fn : callable
        ``one_hot(labels, num_classes) -> Y``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses the transpose (m, C), a rank-1 input handled as a row, labels off
    by one, a missing class when the last label does not occur, and a mutated input.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> from dlguide.data import one_hot
    >>> check.one_hot(one_hot)
    one_hot passed: 4 test cases, some drawn afresh; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.one_hot(lambda labels, num_classes: np.eye(num_classes)[labels.ravel()])
    one_hot failed: the result has shape (9, 4), the transpose of the expected shape (4, 9): a transposed product
      Classes are rows and examples columns: np.eye(num_classes)[:, labels.ravel()], or the transpose of your result.
      Test case: labels (1, 9) int64, num_classes=4
    """
    rng = S.gen(31)
    for C, m in ((4, 9), (10, 6)):
        labels = rng.integers(0, C - 1, size=(1, m))  # the last class never occurs
        labels[0, 0] = 0
        got = S.call({"labels": labels, "num_classes": C})
        ref = data.one_hot(labels, C)
        shifted = np.zeros((C, m))
        ok = labels[0] + 1 < C
        shifted[(labels[0] + 1)[ok], np.arange(m)[ok]] = 1
        S.array("the result", got, ref, hint_T=(
            "Classes are rows and examples columns: np.eye(num_classes)[:, labels.ravel()], "
            "or the transpose of your result."), variants=[
            (shifted, "the classes are off by one: label k sets row k, counting from 0"),
        ], others={(C - 1, m): "one class too few: there are num_classes rows even when the "
                               "largest class does not occur in labels"})
        S.unchanged()
    return summary(S)


@grader("categorical_cost(AL, Y)", extremes=True, reference=losses.categorical_cross_entropy)
def categorical_cost(S):
    r"""Grade ``categorical_cost(AL, Y)``: the softmax cost averaged over the m examples.

    The function is called as ``learner_fn(AL, Y)`` with ``AL`` of shape (C, m)
    (each column a softmax output) and one-hot ``Y`` of the same shape, and
    must return the number

    .. math:: J = -\frac{1}{m} \sum_{i=1}^{m} \sum_{j=1}^{C} y_j^{(i)} \log a_j^{(i)}

    Parameters
    ----------
    learner_fn : callable
        ``categorical_cost(AL, Y) -> cost``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a flipped sign, a factor of m or of C (the mean over every entry),
    the binary cross-entropy's extra ``(1 - Y) log(1 - AL)`` term, ``np.log10``,
    an array per class or per example instead of a number, and mutated inputs.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> from dlguide.losses import categorical_cross_entropy
    >>> check.categorical_cost(categorical_cross_entropy)
    categorical_cost passed: 6 test cases, some drawn afresh and some at the extremes; values, shapes and types match the reference, and the inputs are unchanged.
    >>> check.categorical_cost(lambda AL, Y: -np.mean(Y * np.log(AL)))
    categorical_cost failed: the cost is the mean over all C * m entries: it is C = 4 times too small
      Sum over the classes, then average over the m examples: -np.sum(Y * np.log(AL)) / m.
      Test case: AL (4, 7), Y (4, 7)
    """
    rng = S.gen(32)
    for C, m in ((4, 7), (3, 5)):
        Z = rng.normal(0.0, 1.5, (C, m))
        if S.mode == "extreme":  # confident answers, right and wrong
            Z = Z * 12.0
        AL = activations.softmax(Z)
        AL = np.maximum(AL, 1e-12)
        AL = AL / AL.sum(axis=0, keepdims=True)
        Y = data.one_hot(rng.integers(0, C, size=(1, m)), C)
        got = S.call({"AL": AL, "Y": Y})
        ref = losses.categorical_cross_entropy(AL, Y)
        with np.errstate(all="ignore"):
            binary = float(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)
        if isinstance(got, np.ndarray) and got.shape in ((C,), (1, m), (m,), (C, 1)):
            S.fail(f"the cost is an array of shape {got.shape}; it must be one number: sum "
                   "over both the classes and the examples",
                   "np.sum(Y * np.log(AL)) without an axis sums over everything; then divide "
                   "by m.")
        value = S.as_number("the cost", got, m)
        if close(value, ref / C) and not close(ref / C, ref):
            S.fail(f"the cost is the mean over all C * m entries: it is C = {C} times too small",
                   "Sum over the classes, then average over the m examples: "
                   "-np.sum(Y * np.log(AL)) / m.")
        S.number("the cost", value, ref, m=m, variants=[
            (binary, "it adds (1 - Y) log(1 - AL), the binary cross-entropy's second term; the "
                     "softmax cost keeps only -sum(Y log AL): the other classes enter through "
                     "the normalization"),
            (ref / np.log(10), "the cost uses np.log10; the cross-entropy uses np.log"),
        ], sign_hint="J = -(1/m) sum(Y * log(AL)): mind the leading minus.")
        S.unchanged()
    return summary(S)


def _bn_case(rng, n, m, constant_row=False):
    Z = rng.normal(1.0, 2.0, (n, m))
    if constant_row:
        Z[-1] = 3.0  # a unit that is constant over the batch: epsilon decides
    return Z, rng.normal(1.0, 0.3, (n, 1)), rng.normal(0.0, 0.5, (n, 1))


@grader("batchnorm_forward(Z, gamma, beta, epsilon)", extremes=True,
        reference=lambda Z, gamma, beta, epsilon=1e-5: batchnorm.batchnorm_forward(
            Z, gamma, beta, epsilon=epsilon))
def batchnorm_forward(S):
    r"""Grade ``batchnorm_forward(Z, gamma, beta, epsilon)``: batch normalization of one layer.

    The function is called as ``learner_fn(Z, gamma, beta, epsilon)`` with
    ``Z`` of shape (n, m) and ``gamma``, ``beta`` of shape (n, 1), and must
    return ``(Z_tilde, cache)``: each unit (row) normalized over the m examples
    with the mean and the biased variance (1/m), then
    :math:`\tilde Z = \gamma \hat Z + \beta`. Only ``Z_tilde`` is graded (the
    cache is yours). The extreme case has a unit that is constant over the
    batch, where only ``epsilon`` prevents a division by zero.

    Parameters
    ----------
    learner_fn : callable
        ``batchnorm_forward(Z, gamma, beta, epsilon) -> (Z_tilde, cache)``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses normalizing over the units (axis=0) instead of the examples, the
    unbiased variance (ddof=1), a missing epsilon or one outside the square root,
    a missing square root,
    gamma and beta swapped or left out, the mean not subtracted, and mutated inputs.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide import check
    >>> from dlguide.batchnorm import batchnorm_forward
    >>> check.batchnorm_forward(lambda Z, gamma, beta, epsilon:
    ...                         batchnorm_forward(Z, gamma, beta, epsilon=epsilon))
    batchnorm_forward passed: 6 test cases, some drawn afresh and some at the extremes; values, shapes and types match the reference, and the inputs are unchanged.
    >>> def unbiased(Z, gamma, beta, epsilon):
    ...     mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, ddof=1, keepdims=True)
    ...     return gamma * (Z - mu) / np.sqrt(var + epsilon) + beta, None
    >>> check.batchnorm_forward(unbiased)
    batchnorm_forward failed: the variance divides by m - 1 (ddof=1); batch norm uses the biased variance, 1/m: Z.var(axis=1, keepdims=True)
      Test case: Z (4, 8), gamma (4, 1), beta (4, 1), epsilon=1e-05
    """
    rng = S.gen(33)
    eps = 1e-5
    for n, m in ((4, 8), (3, 5)):
        Z, gamma, beta = _bn_case(rng, n, m, constant_row=S.mode == "extreme")
        out = S.call({"Z": Z, "gamma": gamma, "beta": beta, "epsilon": eps})
        Z_tilde, _ = S.returned(out, 2, "(Z_tilde, cache)")
        ref, _ = batchnorm.batchnorm_forward(Z, gamma, beta, epsilon=eps)
        mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True)
        with np.errstate(all="ignore"):
            variants = [
                (gamma * (Z - mu) / np.sqrt(Z.var(axis=1, ddof=1, keepdims=True) + eps) + beta,
                 "the variance divides by m - 1 (ddof=1); batch norm uses the biased variance, "
                 "1/m: Z.var(axis=1, keepdims=True)"),
                (gamma * (Z - Z.mean(axis=0, keepdims=True)) / np.sqrt(
                    Z.var(axis=0, keepdims=True) + eps) + beta,
                 ("it normalizes over the units (axis=0); each unit is normalized over the "
                  "examples of the batch, axis=1",)),
                (gamma * (Z - mu) / np.sqrt(var) + beta,
                 ("epsilon is missing: a unit that is constant over the batch divides by 0",
                  "Divide by np.sqrt(var + epsilon).")),
                (gamma * (Z - mu) / (var + eps) + beta,
                 "the square root is missing: divide by np.sqrt(var + epsilon)"),
                (gamma * (Z - mu) / (np.sqrt(var) + eps) + beta,
                 "epsilon is added outside the square root; it goes inside: "
                 "np.sqrt(var + epsilon)"),
                (beta * (Z - mu) / np.sqrt(var + eps) + gamma, "gamma and beta are swapped: "
                 "Z_tilde = gamma * Z_norm + beta"),
                ((Z - mu) / np.sqrt(var + eps), "gamma and beta are not applied: "
                 "Z_tilde = gamma * Z_norm + beta"),
                (gamma * Z / np.sqrt(var + eps) + beta, "the mean is not subtracted: "
                 "Z_norm = (Z - mu) / np.sqrt(var + epsilon)"),
            ]
        S.array("Z_tilde", Z_tilde, ref, variants=variants)
        S.unchanged()
    return summary(S)


@grader("batchnorm_backward(dZ_tilde, cache)", extremes=True,
        reference=batchnorm.batchnorm_backward)
def batchnorm_backward(S):
    r"""Grade ``batchnorm_backward(dZ_tilde, cache)``: the gradients through batch norm.

    The function is called as ``learner_fn(dZ_tilde, cache)`` with the cache of
    :func:`dlguide.batchnorm.batchnorm_forward`, a
    :class:`~dlguide.batchnorm.BatchNormCache` with the fields ``Z_norm``,
    ``mu``, ``var``, ``gamma``, ``epsilon``, and must return ``(dZ, dgamma,
    dbeta)``: ``dgamma`` and ``dbeta`` the sums over the examples, ``dZ`` with
    the mean's and the variance's terms of the chain rule.

    Parameters
    ----------
    learner_fn : callable
        ``batchnorm_backward(dZ_tilde, cache) -> (dZ, dgamma, dbeta)``.

    Returns
    -------
    Result

    Notes
    -----
    Checks dbeta, dgamma, then dZ. Diagnoses a backward pass without the mean
    and variance terms (``gamma * dZ_tilde / sqrt(var + eps)``), with only one
    of them, dgamma or dbeta summed over the wrong axis or averaged, dgamma
    without ``Z_norm``, and mutated inputs; otherwise compares with a numerical
    gradient.

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.batchnorm import batchnorm_backward
    >>> check.batchnorm_backward(batchnorm_backward)
    batchnorm_backward passed: 6 test cases, some drawn afresh and some at the extremes; values, shapes and types match the reference, and the inputs are unchanged.
    >>> import numpy as np
    >>> def no_mean_terms(dZ_tilde, cache):
    ...     dZ = cache.gamma * dZ_tilde / np.sqrt(cache.var + cache.epsilon)
    ...     return dZ, np.sum(dZ_tilde * cache.Z_norm, axis=1, keepdims=True), np.sum(
    ...         dZ_tilde, axis=1, keepdims=True)
    >>> check.batchnorm_backward(no_mean_terms)
    batchnorm_backward failed: dZ leaves out the mean's and the variance's terms: it is gamma * dZ_tilde / sqrt(var + epsilon)
      Every z of the batch moves mu and sigma^2, which move every z_norm: dZ = gamma / sqrt(var + eps) * (dZ_tilde - mean(dZ_tilde) - Z_norm * mean(dZ_tilde * Z_norm)), the means over axis=1.
      Test case: dZ_tilde (4, 8), cache BatchNormCache(Z_norm (4, 8), mu (4, 1), var (4, 1), gamma (4, 1), epsilon=1e-05)
    """
    rng = S.gen(34)
    for n, m in ((4, 8), (3, 5)):
        Z, gamma, beta = _bn_case(rng, n, m, constant_row=S.mode == "extreme")
        _, cache = batchnorm.batchnorm_forward(Z, gamma, beta, epsilon=1e-5)
        dZt = rng.normal(size=(n, m))
        out = S.call({"dZ_tilde": dZt, "cache": cache})
        dZ, dgamma, dbeta = S.returned(out, 3, "(dZ, dgamma, dbeta)")
        ref_dZ, ref_dgamma, ref_dbeta = batchnorm.batchnorm_backward(dZt, cache)
        Zn, inv = cache.Z_norm, 1.0 / np.sqrt(cache.var + cache.epsilon)
        S.array("dbeta", dbeta, ref_dbeta, m=m, variants=[
            (dZt.mean(axis=1, keepdims=True), "dbeta is the mean over the examples; it is "
                                              "their sum: np.sum(dZ_tilde, axis=1, "
                                              "keepdims=True)")])
        S.array("dgamma", dgamma, ref_dgamma, m=m, variants=[
            (dZt.sum(axis=1, keepdims=True), "dgamma leaves out Z_norm: "
                                             "np.sum(dZ_tilde * cache.Z_norm, axis=1, "
                                             "keepdims=True)"),
            ((dZt * Zn).mean(axis=1, keepdims=True), "dgamma is the mean over the examples; "
                                                     "it is their sum"),
        ], others={(1, m): "a sum over the units (axis=0): sum over the examples, axis=1",
                   (m,): "a sum over the units (axis=0): sum over the examples, axis=1"})
        dZn = gamma * dZt
        S.array("dZ", dZ, ref_dZ, variants=[
            (dZn * inv, ("dZ leaves out the mean's and the variance's terms: it is gamma * "
                         "dZ_tilde / sqrt(var + epsilon)",
                         "Every z of the batch moves mu and sigma^2, which move every z_norm: "
                         "dZ = gamma / sqrt(var + eps) * (dZ_tilde - mean(dZ_tilde) - Z_norm * "
                         "mean(dZ_tilde * Z_norm)), the means over axis=1.")),
            (inv * (dZn - dZn.mean(axis=1, keepdims=True)),
             "dZ has the mean's term but not the variance's: subtract also Z_norm * "
             "mean(dZ_norm * Z_norm, axis=1)"),
            (inv * (dZn - Zn * (dZn * Zn).mean(axis=1, keepdims=True)),
             "dZ has the variance's term but not the mean's: subtract also "
             "mean(dZ_norm, axis=1)"),
        ], numeric=lambda Z=Z, gamma=gamma, beta=beta, dZt=dZt: numerical_gradient(
            lambda p: float(np.sum(dZt * batchnorm.batchnorm_forward(
                p["Z"], gamma, beta, epsilon=1e-5)[0])), {"Z": Z})["dZ"])
        S.unchanged()
    return summary(S)
