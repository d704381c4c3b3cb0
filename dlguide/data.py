"""Small generated data sets in the course's column layout.

Every generator returns ``X`` of shape (2, m) and ``Y`` of shape (1, m) with
labels 0 or 1, drawn from ``rng`` alone: the same seed gives the same data, bit
for bit. Used from :doc:`/part1/shallow-network` onwards.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_rng, check_positive

__all__ = ["make_blobs", "make_circles", "make_moons", "make_planar"]


def make_planar(m=400, *, petals=4, noise=0.2, rng=None):
    r"""The course's two-class "flower": petals of red and blue points.

    Parameters
    ----------
    m : int, default 400
        Number of examples, split evenly between the two classes (must be even).
    petals : int, default 4
        The petal radius is :math:`r = 4 \sin(\text{petals} \cdot t)`.
    noise : float, default 0.2
        Standard deviation of the Gaussian noise on the angle and the radius.
    rng : int, numpy.random.Generator or None

    Returns
    -------
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)

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
    noise = check_positive("noise", noise, allow_zero=True)
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
        Standard deviation of Gaussian noise added to every coordinate.
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
    noise = check_positive("noise", noise, allow_zero=True)
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
        Standard deviation of Gaussian noise added to every coordinate.
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
    noise = check_positive("noise", noise, allow_zero=True)
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
        along the diagonal).
    std : float, default 1.0
        Standard deviation of each coordinate.
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
    distance = check_positive("distance", distance, allow_zero=True)
    std = check_positive("std", std)
    n_x = check_positive("n_x", n_x, integer=True)
    rng = as_rng(rng)
    n0 = m // 2
    Y = np.concatenate([np.zeros(n0), np.ones(m - n0)]).reshape(1, m)
    direction = np.full((n_x, 1), 1.0 / np.sqrt(n_x))
    X = (2.0 * Y - 1.0) * (distance / 2.0) * direction
    X = X + rng.normal(0.0, std, size=(n_x, m))
    order = rng.permutation(m)
    return X[:, order], Y[:, order]
