"""Tests of the data generators in dlguide.data (make_planar, make_moons, make_circles,
make_blobs): shapes, labels, determinism and geometry."""

from __future__ import annotations

import numpy as np
import pytest

from dlguide.data import make_blobs, make_circles, make_moons, make_planar

GENERATORS = {
    "planar": make_planar,
    "moons": make_moons,
    "circles": make_circles,
    "blobs": make_blobs,
}
NAMES = sorted(GENERATORS)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("m", [2, 10, 300])
def test_shapes_labels_and_balance(name, m):
    X, Y = GENERATORS[name](m, rng=0)
    assert X.shape == (2, m)
    assert Y.shape == (1, m)
    assert X.dtype == Y.dtype == np.float64
    assert set(np.unique(Y)) <= {0.0, 1.0}
    assert Y.sum() == m // 2  # an even m splits evenly
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("name", ["moons", "circles", "blobs"])
def test_odd_m_gives_the_extra_example_to_class_1(name):
    _, Y = GENERATORS[name](301, rng=0)
    assert Y.sum() == 151


def test_blobs_number_of_features():
    X, Y = make_blobs(50, n_x=5, rng=0)
    assert X.shape == (5, 50)
    assert Y.shape == (1, 50)


@pytest.mark.parametrize("name", NAMES)
def test_same_seed_same_data_bit_for_bit(name):
    X1, Y1 = GENERATORS[name](rng=7)
    X2, Y2 = GENERATORS[name](rng=7)
    X3, Y3 = GENERATORS[name](rng=np.random.default_rng(7))
    assert X1.tobytes() == X2.tobytes() == X3.tobytes()
    assert Y1.tobytes() == Y2.tobytes() == Y3.tobytes()


@pytest.mark.parametrize("name", NAMES)
def test_different_seeds_differ(name):
    X1, _ = GENERATORS[name](rng=1)
    X2, _ = GENERATORS[name](rng=2)
    assert not np.array_equal(X1, X2)


@pytest.mark.parametrize("name", ["moons", "circles", "blobs"])
def test_examples_are_shuffled(name):
    _, Y = GENERATORS[name](300, rng=0)
    assert np.any(np.diff(Y.ravel()) < 0)  # not all the 0s first


# --- geometry ---------------------------------------------------------------------------


def test_circles_radii_without_noise():
    X, Y = make_circles(200, noise=0.0, factor=0.3, rng=0)
    r = np.hypot(X[0], X[1])
    y = Y.ravel()
    np.testing.assert_allclose(r[y == 0], 1.0, rtol=1e-14)
    np.testing.assert_allclose(r[y == 1], 0.3, rtol=1e-14)
    # Evenly spread around the circle: 100 distinct angles per class.
    angles = np.sort(np.arctan2(X[1, y == 0], X[0, y == 0]) % (2 * np.pi))
    np.testing.assert_allclose(np.diff(angles), 2 * np.pi / 100, rtol=1e-9)


def test_moons_points_lie_on_their_arcs():
    X, Y = make_moons(200, noise=0.0, rng=0)
    x, y = X[0], X[1]
    outer, inner = Y.ravel() == 0, Y.ravel() == 1
    # Outer moon: the upper half of the unit circle centred at (0, 0).
    np.testing.assert_allclose(x[outer] ** 2 + y[outer] ** 2, 1.0, rtol=1e-14)
    assert np.all(y[outer] >= -1e-15)
    # Inner moon: the lower half of the unit circle centred at (1, 0.5).
    np.testing.assert_allclose((x[inner] - 1) ** 2 + (y[inner] - 0.5) ** 2, 1.0, rtol=1e-14)
    assert np.all(y[inner] <= 0.5 + 1e-15)
    # Each arc runs the whole half circle, end to end.
    assert x[outer].min() == pytest.approx(-1.0)
    assert x[outer].max() == pytest.approx(1.0)
    assert x[inner].min() == pytest.approx(0.0, abs=1e-15)
    assert x[inner].max() == pytest.approx(2.0)


def test_noise_is_gaussian_with_the_given_std():
    clean, Y0 = make_moons(4000, noise=0.0, rng=3)
    noisy, Y1 = make_moons(4000, noise=0.1, rng=3)
    np.testing.assert_array_equal(Y0, Y1)  # same shuffle before the noise
    offset = noisy - clean
    # 8000 draws: standard error of the std about 0.8%; allow 5%.
    assert offset.std() == pytest.approx(0.1, rel=0.05)
    assert abs(offset.mean()) < 0.01


def test_planar_without_noise_follows_the_petal_formula():
    m, petals = 100, 4
    X, Y = make_planar(m, petals=petals, noise=0.0, rng=0)
    N = m // 2
    for j in range(2):
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N)
        r = 4 * np.sin(petals * t)
        cols = slice(j * N, (j + 1) * N)
        np.testing.assert_allclose(X[0, cols], r * np.sin(t), atol=1e-13)
        np.testing.assert_allclose(X[1, cols], r * np.cos(t), atol=1e-13)
        np.testing.assert_array_equal(Y[0, cols], j)
    assert np.hypot(X[0], X[1]).max() <= 4.0 + 1e-12


def test_planar_petals_change_the_shape():
    X4, _ = make_planar(100, petals=4, noise=0.0, rng=0)
    X2, _ = make_planar(100, petals=2, noise=0.0, rng=0)
    assert not np.allclose(X4, X2)


def test_blobs_means_and_spread():
    d, std = 4.0, 0.5
    X, Y = make_blobs(4000, distance=d, std=std, n_x=2, rng=0)
    u = np.ones(2) / np.sqrt(2)
    y = Y.ravel()
    # 2000 points per class: the standard error of each mean coordinate is 0.011.
    np.testing.assert_allclose(X[:, y == 1].mean(axis=1), d / 2 * u, atol=0.05)
    np.testing.assert_allclose(X[:, y == 0].mean(axis=1), -d / 2 * u, atol=0.05)
    np.testing.assert_allclose(X[:, y == 1].std(axis=1), std, rtol=0.05)


# --- bad input ----------------------------------------------------------------------------


def test_planar_m_must_be_even():
    with pytest.raises(ValueError, match=r"m must be even \(two equal classes\); got 5"):
        make_planar(5)


@pytest.mark.parametrize("name", NAMES)
def test_bad_m(name):
    with pytest.raises(ValueError, match=r"m must be finite and > 0; got 0"):
        GENERATORS[name](0)
    with pytest.raises(TypeError, match=r"m must be an int; got float"):
        GENERATORS[name](100.0)


@pytest.mark.parametrize("name", ["planar", "moons", "circles"])
def test_negative_noise(name):
    with pytest.raises(ValueError, match=r"noise must be finite and >= 0; got -0.1"):
        GENERATORS[name](10, noise=-0.1)


@pytest.mark.parametrize("factor", [0, 1, 1.5])
def test_circles_bad_factor(factor):
    with pytest.raises(ValueError, match=r"factor must be"):
        make_circles(10, factor=factor)


def test_blobs_bad_arguments():
    with pytest.raises(ValueError, match=r"std must be finite and > 0; got 0"):
        make_blobs(10, std=0)
    with pytest.raises(ValueError, match=r"n_x must be finite and > 0; got 0"):
        make_blobs(10, n_x=0)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("rng", [1.5, "a"])
def test_rng_of_a_wrong_type(name, rng):
    with pytest.raises(TypeError, match=r"rng must be an int seed, a numpy.random.Generator or "
                                        rf"None; got {type(rng).__name__}"):
        GENERATORS[name](10, rng=rng)


# --- the digits --------------------------------------------------------------------


def test_load_digits_columns_scaled_and_labelled():
    from dlguide.data import load_digits

    X, y = load_digits()
    assert X.shape == (64, 1797)
    assert y.shape == (1, 1797)
    assert X.dtype == np.float64
    assert y.dtype == np.int64
    assert X.min() == 0.0
    assert X.max() == 1.0
    np.testing.assert_array_equal(np.unique(X * 16), np.arange(17))  # counts 0..16, scaled
    assert sorted(set(y.ravel().tolist())) == list(range(10))
    assert np.bincount(y.ravel()).min() >= 170  # about 180 of each digit
    X2, _ = load_digits()
    assert X2 is not X
    np.testing.assert_array_equal(X, X2)


def test_load_digits_without_scikit_learn_says_how_to_install_it(monkeypatch):
    import sys

    from dlguide.data import load_digits

    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(ImportError, match=r"load_digits needs scikit-learn.*pip install "
                                          r"scikit-learn"):
        load_digits()
