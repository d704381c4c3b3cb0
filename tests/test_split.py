"""Tests of the Part II data tools in dlguide.data: train_dev_test_split,
random_mini_batches and Standardizer.

The examples carry their own index (row 0 of X is 0, 1, ..., m-1), so that a test
can tell exactly which examples went where and whether X and Y stayed paired.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlguide._kernels import mini_batch_indices
from dlguide.data import (
    Standardizer,
    random_mini_batches,
    train_dev_test_split,
)


def indexed(m, n_x=3):
    """X whose columns are (i, i + 0.5, -i, ...) and Y = 10 i: column i is example i."""
    i = np.arange(m, dtype=np.float64)
    rows = [i, i + 0.5, -i, 2 * i + 1][:n_x]
    return np.vstack(rows), (10.0 * i).reshape(1, m)


def assert_paired(X, Y):
    """Every column still holds one example: X's rows and Y agree on the index."""
    i = X[0]
    np.testing.assert_array_equal(X[1], i + 0.5)
    np.testing.assert_array_equal(X[2], -i)
    np.testing.assert_array_equal(Y[0], 10.0 * i)


# --- train_dev_test_split ---------------------------------------------------------------


@pytest.mark.parametrize(("ratios", "sizes"), [
    ((0.6, 0.2, 0.2), (6000, 2000, 2000)),
    ((0.98, 0.01, 0.01), (9800, 100, 100)),
    ((0.7, 0.3, 0.0), (7000, 3000, 0)),
    ((1.0, 0.0, 0.0), (10000, 0, 0)),
])
def test_split_sizes(ratios, sizes):
    X, Y = indexed(10_000)
    parts = train_dev_test_split(X, Y, ratios, rng=0)
    assert len(parts) == 6
    for (Xs, Ys), n in zip(zip(parts[::2], parts[1::2], strict=True), sizes, strict=True):
        assert Xs.shape == (3, n)
        assert Ys.shape == (1, n)


def test_split_every_example_exactly_once_and_paired():
    X, Y = indexed(10_000)
    X_tr, Y_tr, X_dev, Y_dev, X_te, Y_te = train_dev_test_split(X, Y, (0.98, 0.01, 0.01), rng=1)
    seen = np.concatenate([X_tr[0], X_dev[0], X_te[0]])
    np.testing.assert_array_equal(np.sort(seen), np.arange(10_000))
    for Xs, Ys in [(X_tr, Y_tr), (X_dev, Y_dev), (X_te, Y_te)]:
        assert_paired(Xs, Ys)


def test_split_shuffles_first():
    """Dev and test come from the whole range, not from the end of the data."""
    X, Y = indexed(10_000)
    _, _, X_dev, _, X_te, _ = train_dev_test_split(X, Y, rng=2)
    for Xs in (X_dev, X_te):
        assert Xs[0].min() < 1000
        assert Xs[0].max() > 9000
        assert 4000 < Xs[0].mean() < 6000


def test_split_same_rng_same_split():
    X, Y = indexed(500)
    a = train_dev_test_split(X, Y, rng=3)
    b = train_dev_test_split(X, Y, rng=np.random.default_rng(3))
    c = train_dev_test_split(X, Y, rng=4)
    assert all(p.tobytes() == q.tobytes() for p, q in zip(a, b, strict=True))
    assert not np.array_equal(a[0], c[0])


def test_split_does_not_modify_the_input():
    X, Y = indexed(100)
    X0, Y0 = X.copy(), Y.copy()
    parts = train_dev_test_split(X, Y, rng=0)
    parts[0][...] = -1.0
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Y, Y0)


@given(m=st.integers(1, 300), a=st.floats(0.0, 1.0), b=st.floats(0.0, 1.0),
       seed=st.integers(0, 1000))
def test_split_property(m, a, b, seed):
    lo, hi = min(a, b), max(a, b)
    ratios = (lo, hi - lo, 1.0 - hi)
    X, Y = indexed(m)
    X_tr, Y_tr, X_dev, Y_dev, X_te, Y_te = train_dev_test_split(X, Y, ratios, rng=seed)
    assert X_tr.shape[1] == round(lo * m)
    assert X_tr.shape[1] + X_dev.shape[1] + X_te.shape[1] == m
    assert abs(X_dev.shape[1] - (hi - lo) * m) <= 1
    seen = np.concatenate([X_tr[0], X_dev[0], X_te[0]])
    np.testing.assert_array_equal(np.sort(seen), np.arange(m))
    for Xs, Ys in [(X_tr, Y_tr), (X_dev, Y_dev), (X_te, Y_te)]:
        assert_paired(Xs, Ys)


@pytest.mark.parametrize(("ratios", "exc", "match"), [
    ((0.5, 0.5), ValueError, "ratios must be three non-negative numbers summing to 1"),
    ((0.5, 0.3, 0.1, 0.1), ValueError, "summing to 1"),
    ((0.6, 0.3, 0.2), ValueError, r"summing to 1; got \(0.6, 0.3, 0.2\)"),
    ((1.2, -0.1, -0.1), ValueError, "non-negative"),
    ((float("nan"), 0.5, 0.5), ValueError, "summing to 1"),
    ((0.5, 0.5, float("nan")), ValueError, "summing to 1"),
    ((float("inf"), 0.0, 0.0), ValueError, "summing to 1"),
    (0.6, TypeError, "ratios must be three numbers"),
    (("a", "b", "c"), TypeError, "ratios must be three numbers"),
    (None, TypeError, "ratios must be three numbers"),
])
def test_split_bad_ratios(ratios, exc, match):
    X, Y = indexed(10)
    with pytest.raises(exc, match=match):
        train_dev_test_split(X, Y, ratios, rng=0)


def test_split_bad_arrays():
    X, Y = indexed(10)
    with pytest.raises(ValueError, match="same number of columns"):
        train_dev_test_split(X, Y[:, :9], rng=0)
    with pytest.raises(ValueError, match=r"Y must have one column per example, m = 10 like X; "
                                         r"got shape \(10, 1\), the transpose"):
        train_dev_test_split(X, Y.T, rng=0)
    parts = train_dev_test_split(X, np.vstack([Y, 1 - Y]), rng=0)  # one-hot columns move along
    assert [p.shape for p in parts[1::2]] == [(2, 6), (2, 2), (2, 2)]
    with pytest.raises(ValueError, match="rank-1"):
        train_dev_test_split(X[0], Y, rng=0)


# --- random_mini_batches ----------------------------------------------------------------


def check_batches(batches, m, size):
    assert len(batches) == math.ceil(m / size)
    sizes = [xb.shape[1] for xb, _ in batches]
    assert all(s == size for s in sizes[:-1])
    assert sizes[-1] == m - size * (len(batches) - 1) > 0
    for xb, yb in batches:
        assert xb.shape[1] == yb.shape[1]
        assert_paired(xb, yb)
    seen = np.concatenate([xb[0] for xb, _ in batches])
    np.testing.assert_array_equal(np.sort(seen), np.arange(m))  # each example exactly once


@pytest.mark.parametrize(("m", "size"), [
    (150, 64),  # m not divisible: 64, 64, 22
    (128, 64),  # divisible
    (37, 1),  # stochastic gradient descent
    (37, 37),  # batch gradient descent
    (37, 500),  # larger than m: one batch of m
    (1, 1),
])
def test_mini_batches_cover_every_example_once(m, size):
    X, Y = indexed(m)
    check_batches(random_mini_batches(X, Y, size, rng=0), m, size)


def test_mini_batch_sizes_example():
    X, Y = indexed(150)
    assert [xb.shape[1] for xb, _ in random_mini_batches(X, Y, 64, rng=0)] == [64, 64, 22]


@given(m=st.integers(1, 300), size=st.integers(1, 400), seed=st.integers(0, 1000))
def test_mini_batches_property(m, size, seed):
    X, Y = indexed(m)
    check_batches(random_mini_batches(X, Y, size, rng=seed), m, size)


def test_mini_batches_are_shuffled():
    X, Y = indexed(200)
    seen = np.concatenate([xb[0] for xb, _ in random_mini_batches(X, Y, 50, rng=0)])
    assert not np.array_equal(seen, np.arange(200))


def test_mini_batches_same_rng_same_batches():
    X, Y = indexed(100)
    a = random_mini_batches(X, Y, 32, rng=5)
    b = random_mini_batches(X, Y, 32, rng=np.random.default_rng(5))
    c = random_mini_batches(X, Y, 32, rng=6)
    for (xa, ya), (xb, yb) in zip(a, b, strict=True):
        assert xa.tobytes() == xb.tobytes()
        assert ya.tobytes() == yb.tobytes()
    assert not np.array_equal(a[0][0], c[0][0])
    gen = np.random.default_rng(7)  # a generator moves on: the next epoch reshuffles
    first = random_mini_batches(X, Y, 32, rng=gen)
    second = random_mini_batches(X, Y, 32, rng=gen)
    assert not np.array_equal(first[0][0], second[0][0])


def test_mini_batches_are_one_permutation_cut_in_order():
    """The batches are rng.permutation(m) cut into consecutive pieces; fit relies on it."""
    X, Y = indexed(70)
    batches = random_mini_batches(X, Y, 16, rng=8)
    order = np.random.default_rng(8).permutation(70)
    np.testing.assert_array_equal(np.concatenate([xb[0] for xb, _ in batches]), order)
    idx = mini_batch_indices(70, 16, np.random.default_rng(8))
    assert [len(i) for i in idx] == [16, 16, 16, 16, 6]
    for (xb, _), i in zip(batches, idx, strict=True):
        np.testing.assert_array_equal(xb[0], i)


@pytest.mark.parametrize(("size", "exc", "match"), [
    (0, ValueError, "mini_batch_size must be finite and > 0"),
    (-4, ValueError, "mini_batch_size"),
    (2.5, TypeError, "mini_batch_size must be an int"),
    (True, TypeError, "mini_batch_size must be an int"),
])
def test_mini_batches_bad_size(size, exc, match):
    X, Y = indexed(10)
    with pytest.raises(exc, match=match):
        random_mini_batches(X, Y, size, rng=0)


def test_mini_batches_bad_arrays():
    X, Y = indexed(10)
    with pytest.raises(ValueError, match="same number of columns"):
        random_mini_batches(X, Y[:, :5], 4, rng=0)
    with pytest.raises(ValueError, match="X must be finite"):
        random_mini_batches(np.full((2, 10), np.nan), Y, 4, rng=0)


# --- Standardizer -------------------------------------------------------------------


def train_dev(seed=0):
    rng = np.random.default_rng(seed)
    scale = np.array([[1.0], [100.0], [0.01]])
    X_train = rng.normal(5.0, 1.0, size=(3, 200)) * scale
    X_dev = rng.normal(7.0, 2.0, size=(3, 50)) * scale  # shifted: its own stats differ
    return X_train, X_dev


def test_standardizer_fit_learns_train_statistics():
    X_train, _ = train_dev()
    s = Standardizer().fit(X_train)
    assert s.mu.shape == s.sigma.shape == (3, 1)
    np.testing.assert_allclose(s.mu, X_train.mean(axis=1, keepdims=True), rtol=1e-14)
    np.testing.assert_allclose(s.sigma, X_train.std(axis=1, keepdims=True), rtol=1e-14)
    Z = s.transform(X_train)
    np.testing.assert_allclose(Z.mean(axis=1), 0.0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=1), 1.0, rtol=1e-12)


def test_standardizer_dev_uses_train_statistics_and_never_changes_them():
    X_train, X_dev = train_dev()
    s = Standardizer().fit(X_train)
    mu, sigma = s.mu.copy(), s.sigma.copy()
    X_dev_before = X_dev.copy()
    Z_dev = s.transform(X_dev)
    np.testing.assert_array_equal(s.mu, mu)
    np.testing.assert_array_equal(s.sigma, sigma)
    np.testing.assert_array_equal(X_dev, X_dev_before)
    np.testing.assert_allclose(Z_dev, (X_dev - X_train.mean(axis=1, keepdims=True))
                               / X_train.std(axis=1, keepdims=True), rtol=1e-13)
    # dev data is shifted, so with train's statistics it is NOT centred
    assert np.all(Z_dev.mean(axis=1) > 1.0)
    # the same dev data standardized with its own statistics would be centred
    np.testing.assert_allclose(Standardizer().fit_transform(X_dev).mean(axis=1), 0.0,
                               atol=1e-12)


def test_standardizer_fit_transform_is_fit_then_transform():
    X_train, _ = train_dev(1)
    a = Standardizer().fit_transform(X_train)
    b = Standardizer().fit(X_train).transform(X_train)
    np.testing.assert_array_equal(a, b)


def test_standardizer_fit_returns_self():
    s = Standardizer()
    assert s.fit(np.ones((2, 3))) is s


@pytest.mark.parametrize("value", [0.0, 0.1, 3.7, -1e6])
def test_standardizer_constant_feature_maps_to_zero(value):
    X = np.vstack([np.full(7, value), np.arange(7.0)])
    s = Standardizer().fit(X)
    assert s.sigma[0, 0] == 1.0
    Z = s.transform(X)
    assert np.all(np.isfinite(Z))
    np.testing.assert_array_equal(Z[0], 0.0)
    np.testing.assert_allclose(Z[1], (np.arange(7.0) - 3.0) / 2.0, rtol=1e-14)
    # a new value of the constant feature is shifted by the training value
    np.testing.assert_allclose(s.transform(np.array([[value + 2.0], [3.0]]))[0], 2.0,
                               rtol=1e-9)


def test_standardizer_single_example():
    Z = Standardizer().fit_transform(np.array([[3.0], [-2.0]]))
    np.testing.assert_array_equal(Z, [[0.0], [0.0]])


def test_standardizer_float32_stays_float32():
    X_train, X_dev = train_dev(2)
    s = Standardizer().fit(X_train.astype(np.float32))
    assert s.transform(X_dev.astype(np.float32)).dtype == np.float32


def test_standardizer_unfitted_transform_raises():
    with pytest.raises(ValueError, match=r"not fitted yet: call fit\(X_train\) first"):
        Standardizer().transform(np.ones((2, 3)))


def test_standardizer_wrong_number_of_rows_raises():
    s = Standardizer().fit(np.random.default_rng(0).standard_normal((3, 10)))
    with pytest.raises(ValueError, match=r"X must have 3 row\(s\)"):
        s.transform(np.ones((2, 5)))
    with pytest.raises(ValueError, match="2-D"):
        s.transform(np.ones(3))


def test_standardizer_bad_fit_input():
    with pytest.raises(ValueError, match="X must be finite"):
        Standardizer().fit(np.array([[1.0, np.inf]]))
    with pytest.raises(TypeError, match="X must be a numpy array"):
        Standardizer().fit(None)
