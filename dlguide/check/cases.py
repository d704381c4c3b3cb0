"""Test cases the graders share: a two-layer network, one layer, a deep network."""

from __future__ import annotations

import numpy as np

__all__ = ["deep_case", "linear_case", "two_layer_case"]


def two_layer_case(rng, n_x, n_h, m):
    params = {"W1": rng.normal(0.0, 0.8, (n_h, n_x)), "b1": rng.normal(0.0, 0.3, (n_h, 1)),
              "W2": rng.normal(0.0, 0.8, (1, n_h)), "b2": rng.normal(0.0, 0.3, (1, 1))}
    X = rng.normal(size=(n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    Y[0, :2] = (0.0, 1.0)
    return params, X, Y


def linear_case(rng, n_prev, n, m):
    return (rng.normal(size=(n_prev, m)), rng.normal(0.0, 0.7, (n, n_prev)),
            rng.normal(0.0, 0.5, (n, 1)))


def deep_case(rng, dims=(3, 5, 4, 1), m=7):
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = rng.normal(0.0, np.sqrt(2.0 / dims[l - 1]), (dims[l], dims[l - 1]))
        params[f"b{l}"] = rng.normal(0.0, 0.2, (dims[l], 1))
    X = rng.normal(size=(dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    Y[0, :2] = (0.0, 1.0)
    return params, X, Y
