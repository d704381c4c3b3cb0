"""Parameter initialization: zeros, scaled random, Xavier and He.

Derived in :doc:`/part2/initialization`.
"""

from __future__ import annotations

import numpy as np

from ._validation import (
    FLOATS,
    as_rng,
    check_choice,
    check_flag,
    check_layer_dims,
    check_positive,
    no_overflow,
)

__all__ = ["METHODS", "initialize_parameters"]

METHODS = ("zeros", "random", "xavier", "he")


def initialize_parameters(layer_dims, method="he", *, scale=0.01, dtype=np.float64,
                          rng=None, batch_norm=False):
    r"""Initial weights and biases for a network with sizes ``layer_dims``.

    Parameters
    ----------
    layer_dims : list of int
        ``[n_x, n1, ..., nL]``: the input size then each layer's number of units.
    method : {"he", "xavier", "random", "zeros"}, default "he"
        How to draw the weights; biases always start at zero.
    scale : float, default 0.01
        Standard deviation multiplier for ``method="random"``.
    dtype : {numpy.float64, numpy.float32}, default numpy.float64
    rng : int, numpy.random.Generator or None
    batch_norm : bool, default False
        Give every hidden layer ``gamma{l}`` (ones) and ``beta{l}`` (zeros) in
        place of ``b{l}`` (:doc:`/part3/batch-norm`); the output layer keeps its
        ``b``. The weights drawn are the same as without batch norm.

    Returns
    -------
    params : dict
        ``{"W1": (n1, n_x), "b1": (n1, 1), ..., "WL": (nL, n[L-1]), "bL": (nL, 1)}``,
        or with batch norm ``{"W1", "gamma1", "beta1", ..., "WL", "bL"}``.

    Notes
    -----
    With :math:`\varepsilon \sim \mathcal{N}(0, 1)` drawn elementwise:

    .. math::
        \text{zeros: } W^{[l]} = 0, \quad
        \text{random: } W^{[l]} = s\,\varepsilon, \quad
        \text{xavier: } W^{[l]} = \varepsilon \sqrt{1 / n^{[l-1]}}, \quad
        \text{he: } W^{[l]} = \varepsilon \sqrt{2 / n^{[l-1]}}

    He initialization keeps the variance of ReLU activations roughly constant
    from layer to layer; Xavier does the same for tanh. Zeros never break the
    symmetry between units of a layer.

    Examples
    --------
    >>> from dlguide.initializers import initialize_parameters
    >>> params = initialize_parameters([5, 4, 1], method="he", rng=0)
    >>> {k: v.shape for k, v in params.items()}
    {'W1': (4, 5), 'b1': (4, 1), 'W2': (1, 4), 'b2': (1, 1)}
    """
    dims = check_layer_dims(layer_dims)
    check_choice("method", method, METHODS)
    batch_norm = check_flag("batch_norm", batch_norm)
    scale = check_positive("scale", scale)
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be float32 or float64; got {dtype!r}") from None
    if dtype not in FLOATS:
        raise TypeError(f"dtype must be float32 or float64; got {dtype}")
    rng = as_rng(rng)
    drawn_from = rng.bit_generator.state
    params = {}
    try:
        with no_overflow(f"scale must be small enough that the weights drawn are finite "
                         f"in {dtype}"):
            for l in range(1, len(dims)):
                shape = (dims[l], dims[l - 1])
                if method == "zeros":
                    W = np.zeros(shape, dtype=dtype)
                else:
                    std = {
                        "random": scale,
                        "xavier": np.sqrt(1.0 / dims[l - 1]),
                        "he": np.sqrt(2.0 / dims[l - 1]),
                    }[method]
                    W = (rng.standard_normal(shape) * std).astype(dtype, copy=False)
                params[f"W{l}"] = W
                if batch_norm and l < len(dims) - 1:
                    params[f"gamma{l}"] = np.ones((dims[l], 1), dtype=dtype)
                    params[f"beta{l}"] = np.zeros((dims[l], 1), dtype=dtype)
                else:
                    params[f"b{l}"] = np.zeros((dims[l], 1), dtype=dtype)
    except ValueError:  # refused: the draws are given back
        rng.bit_generator.state = drawn_from
        raise
    return params
