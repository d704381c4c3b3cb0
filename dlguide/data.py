"""Data sets in the course's column layout: small generated ones, and real images.

Splitting, mini-batches and input normalization (Part II) live here too:
:doc:`/part2/train-dev-test`, :doc:`/part2/mini-batch`, :doc:`/part2/normalization`.

Every generator returns ``X`` of shape (2, m) and ``Y`` of shape (1, m) with
labels 0 or 1, drawn from ``rng`` alone: the same seed gives the same data, bit
for bit. Used from :doc:`/part1/shallow-network` onwards. :func:`load_digits`
returns real images, 8 by 8 handwritten digits, flattened into columns
(:doc:`/part1/logistic-regression`).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from . import _kernels as K
from ._validation import (
    as_rng,
    check_array,
    check_positive,
    check_same_columns,
    no_overflow,
    show,
)

__all__ = [
    "Standardizer",
    "load_digits",
    "make_blobs",
    "make_circles",
    "make_moons",
    "make_planar",
    "one_hot",
    "random_mini_batches",
    "train_dev_test_split",
]

#: The largest noise, spread or distance a generator takes: beyond it the points
#: overflow float64 (1e308), or their squares do in any model trained on them.
MAX_SCALE = 1e100


def _scale(name, value, *, allow_zero=True):
    """A finite, non-negative (or positive) spread of at most :data:`MAX_SCALE`."""
    value = check_positive(name, value, allow_zero=allow_zero)
    if value > MAX_SCALE:
        raise ValueError(f"{name} must be at most {MAX_SCALE:g} (larger points overflow "
                         f"float64); got {show(value)}")
    return value


def one_hot(labels, num_classes):
    r"""Class labels as one-hot columns: ``Y[c, i] = 1`` where ``labels[0, i] == c``.

    Parameters
    ----------
    labels : ndarray of shape (1, m)
        Integer class labels in ``0 .. num_classes - 1`` (floats with integer
        values are accepted).
    num_classes : int
        C, the number of classes; every class gets a row, whether it occurs in
        ``labels`` or not.

    Returns
    -------
    Y : ndarray of shape (C, m), float64
        Zeros, with a single 1 in each column.

    Notes
    -----
    The target of a softmax output with :math:`C` units (:doc:`/part3/softmax`):

    .. math:: y^{(i)}_j = [\,j = \text{label}^{(i)}\,], \qquad \sum_j y^{(i)}_j = 1

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.data import one_hot
    >>> one_hot(np.array([[2, 0, 1, 2]]), 3).tolist()
    [[0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 1.0]]
    """
    num_classes = check_positive("num_classes", num_classes, integer=True)
    if num_classes > 10**6:
        raise ValueError(f"num_classes must be at most a million; got {num_classes}")
    labels = check_array("labels", labels, rows=1, shape_hint="(1, m), integer class labels")
    bad = (labels < 0) | (labels >= num_classes) | (labels != np.round(labels))
    if bad.any():
        i = int(np.argmax(bad.ravel()))
        raise ValueError(
            f"labels must hold integers in 0 .. num_classes - 1 = {num_classes - 1}; got "
            f"{float(labels.ravel()[i]):g} at column {i}"
        )
    m = labels.shape[1]
    Y = np.zeros((num_classes, m))
    Y[labels[0].astype(np.int64), np.arange(m)] = 1.0
    return Y


def load_digits():
    r"""The UCI handwritten digits: 1,797 images of 8 by 8 pixels, as columns.

    The copy that scikit-learn ships inside its wheel (no download), flattened
    and scaled the way the course prepares its images.

    Returns
    -------
    X : ndarray of shape (64, 1797), float64
        One image per column: its 64 pixels read row by row (``X[:, i].reshape(8,
        8)`` is image ``i``), each scaled from the original 0..16 to [0, 1].
    y : ndarray of shape (1, 1797), int64
        The digit each image shows, 0 to 9.

    Raises
    ------
    ImportError
        When scikit-learn is not installed; the message says how to install it.

    Notes
    -----
    Each pixel counts the dark cells of a 4 by 4 block of a 32 by 32 bitmap, so
    it is an integer from 0 to 16; dividing by 16 gives

    .. math:: x_j = \frac{\text{count}_j}{16} \in [0, 1], \qquad j = 1, \dots, 64 .

    Examples
    --------
    >>> from dlguide.data import load_digits
    >>> X, y = load_digits()
    >>> X.shape, y.shape, float(X.min()), float(X.max()), sorted(set(y.ravel().tolist()))[:3]
    ((64, 1797), (1, 1797), 0.0, 1.0, [0, 1, 2])
    """
    try:
        from sklearn.datasets import load_digits as sklearn_digits
    except ImportError as exc:  # the runtime package needs NumPy alone
        raise ImportError(
            "load_digits needs scikit-learn, which ships the digits inside its wheel: "
            "pip install scikit-learn"
        ) from exc
    bunch = sklearn_digits()
    X = np.ascontiguousarray(bunch.data.T, dtype=np.float64) / 16.0
    y = np.asarray(bunch.target, dtype=np.int64).reshape(1, -1)
    return X, y


def make_planar(m=400, *, petals=4, noise=0.2, rng=None):
    r"""The course's two-class "flower": petals of red and blue points.

    Parameters
    ----------
    m : int, default 400
        Number of examples, split evenly between the two classes (must be even).
    petals : int, default 4
        The petal radius is :math:`r = 4 \sin(\text{petals} \cdot t)`; at most a million.
    noise : float, default 0.2
        Standard deviation of the Gaussian noise on the angle and the radius,
        in [0, 1e100].
    rng : int, numpy.random.Generator or None

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
        Class 0 fills the first ``m/2`` columns and class 1 the rest, as in the
        course; shuffle (e.g. with :func:`train_dev_test_split`) before slicing.

    Notes
    -----
    For class :math:`j \in \{0, 1\}` and :math:`m/2` points,

    .. math:: t \sim \operatorname{linspace}(3.12 j, 3.12 (j + 1)) + \mathcal N(0, \sigma^2),
              \quad r = 4 \sin(4t) + \mathcal N(0, \sigma^2),
              \quad x = (r \sin t,\; r \cos t)

    No straight line separates the classes: logistic regression stays near
    chance while a small tanh network fits the petals.

    Examples
    --------
    >>> from dlguide.data import make_planar
    >>> X, Y = make_planar(rng=0)
    >>> X.shape, Y.shape, float(Y.mean())
    ((2, 400), (1, 400), 0.5)
    """
    m = check_positive("m", m, integer=True)
    if m % 2:
        raise ValueError(f"m must be even (two equal classes); got {m}")
    petals = check_positive("petals", petals, integer=True)
    if petals > 10**6:
        raise ValueError(f"petals must be at most 1000000; got {petals}")
    noise = _scale("noise", noise)
    rng = as_rng(rng)
    N = m // 2
    X = np.zeros((2, m))
    Y = np.zeros((1, m))
    for j in range(2):
        ix = slice(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + rng.standard_normal(N) * noise
        r = 4.0 * np.sin(petals * t) + rng.standard_normal(N) * noise
        X[0, ix] = r * np.sin(t)
        X[1, ix] = r * np.cos(t)
        Y[0, ix] = j
    return X, Y


def make_moons(m=300, *, noise=0.2, rng=None):
    r"""Two interleaving half circles, as scikit-learn's ``make_moons``.

    Parameters
    ----------
    m : int, default 300
        Number of examples; the outer moon gets ``m // 2``, the inner the rest.
    noise : float, default 0.2
        Standard deviation of Gaussian noise added to every coordinate, in [0, 1e100].
    rng : int, numpy.random.Generator or None

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
        0 for the outer moon, 1 for the inner one; the columns are shuffled.

    Notes
    -----
    .. math:: \text{outer: } (\cos s, \sin s), \quad
              \text{inner: } (1 - \cos s, \tfrac12 - \sin s), \quad s \in [0, \pi]

    Examples
    --------
    >>> from dlguide.data import make_moons
    >>> X, Y = make_moons(300, noise=0.2, rng=3)
    >>> X.shape, Y.shape, int(Y.sum())
    ((2, 300), (1, 300), 150)
    """
    m = check_positive("m", m, integer=True)
    noise = _scale("noise", noise)
    rng = as_rng(rng)
    n_out = m // 2
    n_in = m - n_out
    s_out = np.linspace(0.0, np.pi, n_out)
    s_in = np.linspace(0.0, np.pi, n_in)
    X = np.vstack([
        np.concatenate([np.cos(s_out), 1.0 - np.cos(s_in)]),
        np.concatenate([np.sin(s_out), 0.5 - np.sin(s_in)]),
    ])
    Y = np.concatenate([np.zeros(n_out), np.ones(n_in)]).reshape(1, m)
    order = rng.permutation(m)
    X, Y = X[:, order], Y[:, order]
    if noise > 0:
        X += rng.normal(0.0, noise, size=X.shape)
    return X, Y


def make_circles(m=300, *, noise=0.05, factor=0.8, rng=None):
    r"""A small circle inside a large one, as scikit-learn's ``make_circles``.

    Parameters
    ----------
    m : int, default 300
        Number of examples; the outer circle gets ``m // 2``, the inner the rest.
    noise : float, default 0.05
        Standard deviation of Gaussian noise added to every coordinate, in [0, 1e100].
    factor : float in (0, 1), default 0.8
        Radius of the inner circle relative to the outer one (radius 1).
    rng : int, numpy.random.Generator or None

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
        0 for the outer circle, 1 for the inner one; the columns are shuffled.

    Notes
    -----
    .. math:: \text{outer: } (\cos s, \sin s), \quad
              \text{inner: } f\,(\cos s, \sin s), \quad s \in [0, 2\pi)

    Examples
    --------
    >>> from dlguide.data import make_circles
    >>> X, Y = make_circles(300, rng=1)
    >>> X.shape, int(Y.sum())
    ((2, 300), 150)
    """
    m = check_positive("m", m, integer=True)
    noise = _scale("noise", noise)
    factor = check_positive("factor", factor)
    if factor >= 1:
        raise ValueError(f"factor must be in (0, 1); got {factor}")
    rng = as_rng(rng)
    n_out = m // 2
    n_in = m - n_out
    s_out = np.linspace(0.0, 2 * np.pi, n_out, endpoint=False)
    s_in = np.linspace(0.0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack([
        np.concatenate([np.cos(s_out), factor * np.cos(s_in)]),
        np.concatenate([np.sin(s_out), factor * np.sin(s_in)]),
    ])
    Y = np.concatenate([np.zeros(n_out), np.ones(n_in)]).reshape(1, m)
    order = rng.permutation(m)
    X, Y = X[:, order], Y[:, order]
    if noise > 0:
        X += rng.normal(0.0, noise, size=X.shape)
    return X, Y


def make_blobs(m=200, *, distance=2.0, std=1.0, n_x=2, rng=None):
    r"""Two Gaussian clouds, one per class: the easiest case for a linear classifier.

    Parameters
    ----------
    m : int, default 200
        Number of examples; class 0 gets ``m // 2``, class 1 the rest.
    distance : float, default 2.0
        Distance between the two class means (placed symmetrically about 0
        along the diagonal), in [0, 1e100].
    std : float, default 1.0
        Standard deviation of each coordinate, in (0, 1e100].
    n_x : int, default 2
        Number of features.
    rng : int, numpy.random.Generator or None

    Returns
    -------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m)
        The columns are shuffled.

    Notes
    -----
    .. math:: x \mid y \sim \mathcal N\bigl((2y - 1)\,\tfrac{d}{2}\,u,\; \sigma^2 I\bigr),
              \quad u = (1, \dots, 1) / \sqrt{n_x}

    Examples
    --------
    >>> from dlguide.data import make_blobs
    >>> X, Y = make_blobs(100, rng=0)
    >>> X.shape, Y.shape, int(Y.sum())
    ((2, 100), (1, 100), 50)
    """
    m = check_positive("m", m, integer=True)
    distance = _scale("distance", distance)
    std = _scale("std", std, allow_zero=False)
    n_x = check_positive("n_x", n_x, integer=True)
    rng = as_rng(rng)
    n0 = m // 2
    Y = np.concatenate([np.zeros(n0), np.ones(m - n0)]).reshape(1, m)
    direction = np.full((n_x, 1), 1.0 / np.sqrt(n_x))
    X = (2.0 * Y - 1.0) * (distance / 2.0) * direction
    X = X + rng.normal(0.0, std, size=(n_x, m))
    order = rng.permutation(m)
    return X[:, order], Y[:, order]


def _check_XY(X, Y):
    """Examples as columns; the labels a row (1, m) or one-hot columns (C, m)."""
    X = check_array("X", X, shape_hint="(n_x, m)")
    Y = check_array("Y", Y, shape_hint="(1, m), or (C, m) one-hot")
    m = X.shape[1]
    if Y.shape[1] != m and Y.shape[0] == m:
        raise ValueError(f"Y must have one column per example, m = {m} like X; got shape "
                         f"{Y.shape}, the transpose of ({Y.shape[1]}, {m}): pass Y.T")
    check_same_columns("X", X, "Y", Y)
    return X, Y


def train_dev_test_split(X, Y, ratios=(0.6, 0.2, 0.2), *, rng=None):
    r"""Shuffle the examples, then cut them into train, dev and test sets.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m) or (C, m)
        Labels as a row, or one-hot columns (:func:`one_hot`): columns move together.
    ratios : tuple of three floats, default (0.6, 0.2, 0.2)
        Fractions for train, dev and test; non-negative, summing to 1. With a
        million examples, (0.98, 0.01, 0.01) leaves ten thousand for each of dev
        and test, plenty to compare models.
    rng : int, numpy.random.Generator or None

    Returns
    -------
    X_train, Y_train, X_dev, Y_dev, X_test, Y_test : ndarray
        Columns of ``X`` and ``Y``; every example lands in exactly one set. The
        train and dev sizes are ``round(ratio * m)``; test takes the rest.

    Notes
    -----
    Shuffling first makes dev and test come from the same distribution.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.data import train_dev_test_split
    >>> X, Y = np.arange(20.0).reshape(2, 10), np.arange(10.0).reshape(1, 10)
    >>> parts = train_dev_test_split(X, Y, rng=0)
    >>> [p.shape[1] for p in parts]
    [6, 6, 2, 2, 2, 2]
    """
    X, Y = _check_XY(X, Y)
    if (isinstance(ratios, (str, bytes, dict, set, frozenset)) or not hasattr(ratios, "__len__")
            or not all(isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))
                       for v in ratios)):
        # a string or a set would iterate, in an order of its own
        raise TypeError(f"ratios must be three numbers; got {show(ratios)}")
    r = [float(v) if abs(v) < 2**1000 else math.inf for v in ratios]  # 10**400 -> inf
    if len(r) != 3 or not all(v >= 0 for v in r) or not abs(sum(r) - 1.0) <= 1e-9:  # NaN fails
        raise ValueError(
            f"ratios must be three non-negative numbers summing to 1; got {tuple(ratios)}"
        )
    rng = as_rng(rng)
    m = X.shape[1]
    order = rng.permutation(m)
    n_train = round(r[0] * m)
    n_dev = min(round(r[1] * m), m - n_train)
    cuts = np.split(order, [n_train, n_train + n_dev])
    out = []
    for idx in cuts:
        out += [X[:, idx], Y[:, idx]]
    return tuple(out)


def random_mini_batches(X, Y, mini_batch_size=64, *, rng=None):
    r"""Shuffle the examples, then partition them into mini-batches.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
    Y : ndarray of shape (1, m) or (C, m)
        Labels as a row, or one-hot columns (:func:`one_hot`): columns move together.
    mini_batch_size : int, default 64
        Powers of two (64, 128, 256, 512) suit memory layouts; 1 gives
        stochastic gradient descent and ``m`` gives batch gradient descent.
    rng : int, numpy.random.Generator or None

    Returns
    -------
    mini_batches : list of (X_batch, Y_batch)
        ``ceil(m / mini_batch_size)`` pairs; all have ``mini_batch_size``
        columns except possibly the last, which has ``m % mini_batch_size``.
        Every example appears exactly once.

    Notes
    -----
    The same shuffle-then-partition is what :func:`dlguide.train.fit` does
    each epoch, with the same ``rng`` draws.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.data import random_mini_batches
    >>> X, Y = np.zeros((3, 150)), np.zeros((1, 150))
    >>> [xb.shape[1] for xb, yb in random_mini_batches(X, Y, 64, rng=0)]
    [64, 64, 22]
    """
    X, Y = _check_XY(X, Y)
    mini_batch_size = check_positive("mini_batch_size", mini_batch_size, integer=True)
    rng = as_rng(rng)
    return [(X[:, idx], Y[:, idx])
            for idx in K.mini_batch_indices(X.shape[1], mini_batch_size, rng)]


class Standardizer:
    r"""Zero mean and unit variance per feature, fitted on the training set only.

    Fit on the training set, then apply the *same* :math:`\mu` and
    :math:`\sigma` to the dev and test sets, so that all three go through the
    same transformation.

    Attributes
    ----------
    mu : ndarray of shape (n_x, 1)
        Mean of each feature over the training examples.
    sigma : ndarray of shape (n_x, 1)
        Standard deviation of each feature (1 where a feature is constant).

    Notes
    -----
    .. math:: \mu = \frac{1}{m}\sum_{i=1}^m x^{(i)}, \quad
              \sigma^2 = \frac{1}{m}\sum_{i=1}^m \bigl(x^{(i)} - \mu\bigr)^2, \quad
              x \leftarrow \frac{x - \mu}{\sigma}

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.data import Standardizer
    >>> X_train = np.array([[1.0, 2.0, 3.0], [10.0, 20.0, 30.0]])
    >>> scaler = Standardizer().fit(X_train)
    >>> scaler.transform(X_train).mean(axis=1).round(12).tolist()
    [0.0, 0.0]
    >>> scaler.transform(np.array([[2.0], [20.0]])).ravel().tolist()
    [0.0, 0.0]
    """

    def __init__(self):
        self.mu = None
        self.sigma = None

    def fit(self, X):
        """Learn ``mu`` and ``sigma`` from ``X`` of shape (n_x, m); returns self."""
        X = check_array("X", X, shape_hint="(n_x, m)")
        if X.shape[1] == 0:
            raise ValueError(f"X must hold at least one example (column); got shape {X.shape}")
        with no_overflow("X must be small enough that each feature's mean and standard "
                         "deviation are finite"):
            mu = X.mean(axis=1, keepdims=True)
            sigma = X.std(axis=1, keepdims=True)
        # A constant feature: rounding can leave mean != value and std ~1e-17
        # (0.1 repeated), which would blow (x - mu) / sigma up to +-1; use the
        # value itself as mu and 1 as sigma, so it maps to exactly 0.
        constant = X.max(axis=1, keepdims=True) == X.min(axis=1, keepdims=True)
        mu[constant] = X[:, :1][constant]
        sigma[constant | (sigma == 0)] = 1.0
        self.mu, self.sigma = mu, sigma
        return self

    def transform(self, X):
        """Apply the fitted ``(X - mu) / sigma`` to ``X`` of shape (n_x, m)."""
        if self.mu is None:
            raise ValueError("this Standardizer is not fitted yet: call fit(X_train) first")
        X = check_array("X", X, rows=self.mu.shape[0], shape_hint="(n_x, m)")
        with no_overflow("X must be close enough to the training data that "
                         "(X - mu) / sigma is finite"):
            return (X - self.mu) / self.sigma

    def fit_transform(self, X):
        """``fit(X)`` then ``transform(X)``."""
        return self.fit(X).transform(X)
