"""Graders of Part II, mini-batches: ``random_mini_batches``.

The assignments are in :doc:`/assignments/part2`.
"""

from __future__ import annotations

import math

import numpy as np

from .. import data
from .compare import kind, shape_of
from .registry import grader
from .runner import summary


def _batch_data(m):
    ids = np.arange(m, dtype=np.float64)
    X = np.vstack([ids, ids + 0.2, ids + 0.4, ids + 0.6])
    Y = (1000.0 + ids).reshape(1, m)
    return X, Y


def _batches_of(S, out, n_x, m):
    """The (X_batch, Y_batch) pairs, with their shapes checked."""
    if out is None:
        S.fail("your function returned None; it must return a list of (X_batch, Y_batch) pairs",
               "Is a `return` statement missing?")
    if not isinstance(out, (list, tuple)):
        S.fail(f"your function returned {kind(out)}, the wrong type; it must return a list of "
               "(X_batch, Y_batch) pairs")
    pairs = []
    for i, pair in enumerate(out):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            S.fail(f"mini-batch {i} is {kind(pair)}; each mini-batch must be a pair "
                   "(X_batch, Y_batch)")
        Xb = S.as_array(f"X_batch of mini-batch {i}", pair[0])
        Yb = S.as_array(f"Y_batch of mini-batch {i}", pair[1])
        if Xb.ndim == 2 and Xb.shape[0] != n_x and Xb.shape[1] == m:
            S.fail(f"X_batch of mini-batch {i} has shape {shape_of(Xb)}: the partition "
                   "sliced the rows (features), the wrong axis",
                   "Slice the columns, which are the examples: "
                   "X_shuffled[:, k * size:(k + 1) * size].")
        if Xb.ndim != 2 or Xb.shape[0] != n_x:
            S.fail(f"X_batch of mini-batch {i} has shape {shape_of(Xb)}; it must be "
                   f"(n_x, k) = ({n_x}, k), the examples in columns")
        if Yb.shape != (1, Xb.shape[1]):
            extra = ("a rank-1 array: slice with Y[:, indices] to keep the shape (1, k)"
                     if Yb.shape == (Xb.shape[1],) else f"expected (1, {Xb.shape[1]})")
            S.fail(f"Y_batch of mini-batch {i} has shape {shape_of(Yb)}: {extra}")
        pairs.append((Xb, Yb))
    return pairs


@grader('random_mini_batches(X, Y, mini_batch_size, rng=rng)', reference=data.random_mini_batches,
        hints=((IndexError, "X[permutation] indexes the rows (features); the "
                                      "examples are the columns: X[:, permutation]"),))
def random_mini_batches(S):
    r"""Grade ``random_mini_batches(X, Y, mini_batch_size, rng)``: shuffle, then partition.

    The function is called as ``learner_fn(X, Y, mini_batch_size, rng=rng)``
    with a ``numpy.random.Generator`` ``rng`` and must return a list of
    ``(X_batch, Y_batch)`` pairs: the columns of ``X`` and ``Y`` shuffled by one
    permutation drawn from ``rng``, then cut into ``ceil(m / mini_batch_size)``
    mini-batches of ``mini_batch_size`` columns (the last one smaller), as
    :func:`dlguide.data.random_mini_batches`. Any permutation drawn from
    ``rng`` passes. The test cases have m = 148, 128 and 10.

    Parameters
    ----------
    learner_fn : callable
        ``random_mini_batches(X, Y, mini_batch_size, rng) -> list of (X_batch, Y_batch)``.

    Returns
    -------
    Result

    Notes
    -----
    Diagnoses a missing last mini-batch, an extra empty one, wrong sizes, no
    shuffle, X and Y shuffled with different permutations, rows (features)
    shuffled instead of columns (the wrong axis), a slice along the wrong axis,
    indices drawn with replacement, ``np.random`` instead of ``rng``, a
    rank-1 ``Y_batch`` and an ``X`` shuffled in place (mutated).

    Examples
    --------
    >>> from dlguide import check
    >>> from dlguide.data import random_mini_batches
    >>> check.random_mini_batches(random_mini_batches)
    random_mini_batches passed: 6 test cases, some drawn afresh; values, shapes and types match the reference, and the inputs are unchanged. The shuffles come from rng.
    >>> def no_remainder(X, Y, mini_batch_size, rng):
    ...     p = rng.permutation(X.shape[1])
    ...     X, Y = X[:, p], Y[:, p]
    ...     k = X.shape[1] // mini_batch_size
    ...     return [(X[:, i * mini_batch_size:(i + 1) * mini_batch_size],
    ...              Y[:, i * mini_batch_size:(i + 1) * mini_batch_size]) for i in range(k)]
    >>> check.random_mini_batches(no_remainder)
    random_mini_batches failed: 2 mini-batches; expected 3: the last, smaller mini-batch is missing
      When m = 148 is not a multiple of mini_batch_size = 64, the remaining m % mini_batch_size = 20 examples form one more mini-batch.
      Test case: X (4, 148), Y (1, 148), mini_batch_size=64, rng a numpy Generator
    """
    seed = 20
    for m, size in ((148, 64), (128, 32), (10, 64)):
        X, Y = _batch_data(m)
        out = S.call({"X": X, "Y": Y, "mini_batch_size": size}, {"rng": S.gen(seed)})
        pairs = _batches_of(S, out, X.shape[0], m)
        expected = math.ceil(m / size)
        sizes = [Xb.shape[1] for Xb, _ in pairs]
        if pairs and sizes[0] == m and len(pairs) > 1 and all(s == m for s in sizes):
            S.fail(f"every mini-batch holds all m = {m} examples: the partition slices along "
                   "the wrong axis",
                   "Slice the columns: X_shuffled[:, k * size:(k + 1) * size].")
        cols = np.hstack([Xb for Xb, _ in pairs]) if pairs else np.zeros((X.shape[0], 0))
        ys = np.hstack([Yb for _, Yb in pairs]) if pairs else np.zeros((1, 0))
        if cols.shape[1]:
            base = np.min(cols, axis=0)
            intact = np.allclose(cols - base, [[0.0], [0.2], [0.4], [0.6]])
            if not intact:
                sorted_ok = np.allclose(np.sort(cols, axis=0) - base, [[0.0], [0.2], [0.4], [0.6]])
                if sorted_ok:
                    S.fail("the rows of X (the features) were shuffled: shuffled along the "
                           "wrong axis",
                           "Examples are columns: shuffle the columns, X[:, permutation].")
                S.fail("the columns of the mini-batches are not columns of X: the entries of "
                       "each example were separated",
                       "Shuffle whole columns with one permutation: X[:, permutation].")
            if not np.allclose(ys - 1000.0, cols[0]):
                S.fail("X and Y were shuffled with different permutations: the labels no "
                       "longer belong to their examples",
                       "Draw one permutation and use it for both: X[:, permutation] and "
                       "Y[:, permutation].")
        if len(pairs) == expected - 1 and sum(sizes) == m - m % size:
            S.fail(f"{len(pairs)} mini-batches; expected {expected}: the last, smaller "
                   "mini-batch is missing",
                   f"When m = {m} is not a multiple of mini_batch_size = {size}, the remaining "
                   f"m % mini_batch_size = {m % size} examples form one more mini-batch.")
        if len(pairs) > expected and any(s == 0 for s in sizes):
            S.fail(f"{len(pairs)} mini-batches, including an empty one; expected {expected}",
                   "Add the last mini-batch only when m % mini_batch_size != 0.")
        if len(pairs) != expected:
            S.fail(f"{len(pairs)} mini-batches; expected ceil(m / mini_batch_size) = "
                   f"{expected} for m = {m}, mini_batch_size = {size}")
        want = [size] * (m // size) + ([m % size] if m % size else [])
        if sizes != want:
            S.fail(f"the mini-batches have {sizes} examples; expected {want}",
                   "Every mini-batch has mini_batch_size examples, except the last.")
        ids = np.sort(cols[0])
        if not np.array_equal(ids, np.arange(m)):
            S.fail("some examples appear twice and others never: the shuffle is not a "
                   "permutation",
                   "Use rng.permutation(m), not random indices drawn with replacement.")
        if m > 1 and np.array_equal(cols[0], np.arange(m)):
            S.fail("the examples are in their original order: they were not shuffled",
                   "Shuffle before partitioning: permutation = rng.permutation(m).")
        S.unchanged()
        again = _batches_of(S, S.call({"X": X, "Y": Y, "mini_batch_size": size},
                                      {"rng": S.gen(seed)}), X.shape[0], m)
        again_ids = np.hstack([Xb[0] for Xb, _ in again]) if again else np.zeros(0)
        if not np.array_equal(again_ids, cols[0]):
            S.fail("two calls with the same rng give different mini-batches: the shuffle does "
                   "not use the rng argument",
                   "Shuffle with rng.permutation(m) (not np.random.permutation).")
        other = _batches_of(S, S.call({"X": X, "Y": Y, "mini_batch_size": size},
                                      {"rng": S.gen(seed + 1)}), X.shape[0], m)
        other_ids = np.hstack([Xb[0] for Xb, _ in other]) if other else np.zeros(0)
        if m > 2 and np.array_equal(other_ids, cols[0]):
            S.fail("the mini-batches are the same for different rng: the rng argument is "
                   "ignored", "Shuffle with rng.permutation(m), from the generator passed in.")
        S.cases -= 2
        seed += 2
    return summary(S) + " The shuffles come from rng."
