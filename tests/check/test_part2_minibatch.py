"""Broken implementations of the graders in dlguide.check.part2_minibatch, and the diagnosis each gets."""

from __future__ import annotations

import numpy as np
import pytest
from grading import Broken, assert_diagnosed, assert_table_covers

from dlguide.check import part2_minibatch

BROKEN = Broken()


# --- random_mini_batches --------------------------------------------------------


def _partition(X, Y, size):
    m = X.shape[1]
    return [(X[:, k:k + size], Y[:, k:k + size]) for k in range(0, m, size)]


@BROKEN("random_mini_batches", "last, smaller mini-batch is missing")
def rmb_no_remainder(X, Y, mini_batch_size, rng):
    p = rng.permutation(X.shape[1])
    batches = _partition(X[:, p], Y[:, p], mini_batch_size)
    return [b for b in batches if b[0].shape[1] == mini_batch_size]


@BROKEN("random_mini_batches", "not shuffled")
def rmb_no_shuffle(X, Y, mini_batch_size, rng):
    return _partition(X, Y, mini_batch_size)


@BROKEN("random_mini_batches", "different permutations")
def rmb_two_permutations(X, Y, mini_batch_size, rng):
    m = X.shape[1]
    return _partition(X[:, rng.permutation(m)], Y[:, rng.permutation(m)], mini_batch_size)


@BROKEN("random_mini_batches", "wrong axis", "rows")
def rmb_shuffles_rows(X, Y, mini_batch_size, rng):
    return _partition(rng.permutation(X), Y, mini_batch_size)  # permutes axis 0


@BROKEN("random_mini_batches", "twice", "permutation")
def rmb_with_replacement(X, Y, mini_batch_size, rng):
    idx = rng.integers(0, X.shape[1], X.shape[1])
    return _partition(X[:, idx], Y[:, idx], mini_batch_size)


@BROKEN("random_mini_batches", "same rng", "rng.permutation")
def rmb_global_random(X, Y, mini_batch_size, rng):
    p = np.random.permutation(X.shape[1])  # noqa: NPY002 (the mistake under test)
    return _partition(X[:, p], Y[:, p], mini_batch_size)


@BROKEN("random_mini_batches", "rank-1", "y[:, indices]")
def rmb_rank1_Y(X, Y, mini_batch_size, rng):
    p = rng.permutation(X.shape[1])
    return [(xb, yb[0]) for xb, yb in _partition(X[:, p], Y[:, p], mini_batch_size)]


@BROKEN("random_mini_batches", "mutated", "x")
def rmb_in_place(X, Y, mini_batch_size, rng):
    p = rng.permutation(X.shape[1])
    X[:] = X[:, p]
    Y[:] = Y[:, p]
    return _partition(X, Y, mini_batch_size)


@BROKEN("random_mini_batches", "empty")
def rmb_extra_empty(X, Y, mini_batch_size, rng):
    m = X.shape[1]
    p = rng.permutation(m)
    X, Y = X[:, p], Y[:, p]
    return [(X[:, k * mini_batch_size:(k + 1) * mini_batch_size],
             Y[:, k * mini_batch_size:(k + 1) * mini_batch_size])
            for k in range(m // mini_batch_size + 1)]


@BROKEN("random_mini_batches", "wrong axis", "slice the columns")
def rmb_slices_rows(X, Y, mini_batch_size, rng):
    p = rng.permutation(X.shape[1])
    X, Y = X[:, p], Y[:, p]
    m = X.shape[1]
    return [(X[k:k + mini_batch_size], Y[k:k + mini_batch_size])
            for k in range(0, m, mini_batch_size)]


@BROKEN("random_mini_batches", "raised indexerror", "x[:, permutation]")
def rmb_indexes_rows(X, Y, mini_batch_size, rng):
    p = rng.permutation(X.shape[1])
    return _partition(X[p], Y[p], mini_batch_size)


@pytest.mark.parametrize(("name", "fn", "words"), BROKEN.params)
def test_broken_implementation_is_diagnosed(name, fn, words):
    assert_diagnosed(name, fn, words)


def test_at_least_five_kinds_of_mistake_per_grader():
    assert_table_covers(BROKEN, part2_minibatch)
