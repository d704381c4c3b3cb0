"""One resolution of the arguments the training loops share (private module, plain names).

:func:`dlguide.logistic.optimize`, :func:`dlguide.network.L_layer_model` and
:func:`dlguide.train.fit` all take training data, a number of steps, and (the
last two) an initialization by name or as a dict of parameters. They resolve
them here, so that the same input is accepted or refused by all three with the
same message.
"""

from __future__ import annotations

import numpy as np

from ._validation import (
    as_dtype,
    check_array,
    check_labels,
    check_layer_dims,
    check_params,
    check_positive,
    check_same_columns,
    uses_batch_norm,
)
from .initializers import METHODS, initialize_parameters

__all__ = [
    "DivergenceError",
    "DivergenceWatch",
    "check_init",
    "check_steps",
    "check_training_data",
    "start_params",
]


def check_training_data(X, Y, *, x_name="X", y_name="Y", output_activation="sigmoid"):
    """``X`` of shape (n_x, m) and labels ``Y``: a row of 0/1 for a sigmoid output,
    one-hot columns of shape (C, m), C >= 2, for a softmax output.

    Returns both, ``Y`` in ``X``'s dtype (so float32 data trains in float32).
    """
    X = check_array(x_name, X, shape_hint="(n_x, m)")
    if output_activation == "softmax":
        Y = check_array(y_name, Y, shape_hint="(C, m), one-hot (dlguide.data.one_hot)")
        if Y.shape[0] < 2:
            raise ValueError(
                f"{y_name} must be one-hot with C >= 2 rows for a softmax output "
                f"(dlguide.data.one_hot(labels, C)); got shape {Y.shape}")
    else:
        Y = check_array(y_name, Y, rows=1, shape_hint="(1, m)")
    check_same_columns(x_name, X, y_name, Y)
    check_labels(y_name, Y)
    if output_activation == "softmax" and not np.all(Y.sum(axis=0) == 1):
        i = int(np.argmax(Y.sum(axis=0) != 1))
        raise ValueError(f"{y_name} must be one-hot: a single 1 in each column "
                         f"(dlguide.data.one_hot); column {i} holds "
                         f"{float(Y[:, i].sum()):g} ones")
    return X, Y.astype(X.dtype, copy=False)


def check_steps(learning_rate, num_iterations, record_every, *, iterations="num_iterations"):
    """The learning rate (> 0), the number of steps (>= 0) and the recording period (> 0)."""
    return (check_positive("learning_rate", learning_rate),
            check_positive(iterations, num_iterations, integer=True, allow_zero=True),
            check_positive("record_every", record_every, integer=True))


def check_init(init, layer_dims, X, *, outputs=1, batch_norm=False):
    """The layer sizes of a network on ``X`` started from ``init``.

    ``init`` is a method of :func:`~dlguide.initializers.initialize_parameters`
    (then ``layer_dims`` gives the sizes) or a dict of parameters, whose sizes
    must agree with ``layer_dims`` when it is given (and which must have batch
    norm's ``gamma``/``beta`` exactly when ``batch_norm``). The input size must be
    ``X.shape[0]`` and the output ``outputs`` units (1 sigmoid unit, or one per
    class of a softmax). Nothing is drawn yet.
    """
    n_x = X.shape[0]
    if isinstance(init, dict):
        L = check_params(init, n_x=n_x, name="init")
        dims = [n_x] + [int(np.shape(init[f"W{l}"])[0]) for l in range(1, L + 1)]
        if L > 1 and uses_batch_norm(init) != batch_norm:
            raise ValueError(
                f"init {'has' if uses_batch_norm(init) else 'has no'} batch norm parameters "
                f"(gamma, beta) but batch_norm={batch_norm}: they must agree")
        if layer_dims is not None and check_layer_dims(layer_dims) != dims:
            raise ValueError(
                f"layer_dims {check_layer_dims(layer_dims)} does not match the parameters in "
                f"init, which have sizes {dims}"
            )
    elif isinstance(init, str):
        if init not in METHODS:
            raise ValueError(f"init must be one of {sorted(METHODS)} or a dict of parameters; "
                             f"got {init!r}")
        dims = check_layer_dims(layer_dims)
        if dims[0] != n_x:
            raise ValueError(
                f"layer_dims[0] must equal the number of features X.shape[0]={n_x}; "
                f"got layer_dims={dims}"
            )
    else:
        raise TypeError(f"init must be one of {sorted(METHODS)} or a dict of parameters; "
                        f"got {type(init).__name__}")
    if dims[-1] != outputs:
        if outputs == 1:
            raise ValueError(
                f"the last layer must have 1 unit (a sigmoid output); got sizes {dims} (for "
                "C classes use output_activation='softmax' with one-hot Y)")
        raise ValueError(f"the last layer must have {outputs} units, one per class of Y (a "
                         f"softmax output); got sizes {dims}")
    return dims


def start_params(init, dims, X, *, rng, scale=0.01, batch_norm=False):
    """The starting parameters, new arrays in ``X``'s dtype: ``init`` copied (a dict,
    never modified) or drawn with ``rng`` (a method name)."""
    if isinstance(init, dict):  # checked by check_init; new arrays, init untouched
        return {k: np.array(as_dtype(f"init['{k}']", check_array(f"init['{k}']", init[k]),
                                     X.dtype), dtype=X.dtype)
                for k in init}
    return initialize_parameters(dims, init, scale=scale, dtype=X.dtype, rng=rng,
                                 batch_norm=batch_norm)


class DivergenceError(FloatingPointError):
    """Training stopped because the cost stopped being finite (it diverged)."""


DivergenceError.__module__ = "dlguide"


class DivergenceWatch:
    """Called with each step's cost; raises :class:`DivergenceError` at the first
    sign of divergence, naming the step and the last sound cost.

    Two signs: a cost that is not finite, and a cost more than ``RISE`` times the
    first one (and above ``RISE``). A cross-entropy cost above a thousand means
    logits of a thousand on the wrong side: no run that learns gets there, and a
    diverging one passes it within a few steps, long before its cost overflows.

    ``cost_before_update``: each cost is computed before its step's update (full
    batch), so a first cost that is not finite owes nothing to the learning
    rate: the inputs or the starting parameters are too large, a ``ValueError``.
    :meth:`check_params` covers the last update, which no cost follows.
    """

    RISE = 1000.0

    def __init__(self, who, step_name, learning_rate, *, cost_before_update=False):
        self.who, self.step_name, self.learning_rate = who, step_name, learning_rate
        self.cost_before_update = cost_before_update
        self.first = self.last = None

    def _last(self):
        if self.last is None:
            return ""
        return f"; the last sound cost was {self.last[1]:.6g}, at {self.step_name} {self.last[0]}"

    def _raise(self, what):
        raise DivergenceError(
            f"{self.who} diverged: {what}{self._last()}. The learning rate "
            f"({self.learning_rate:g}) is probably too large for this data: lower it, or "
            "normalize the inputs"
        )

    def __call__(self, step, cost):
        if self.first is None and np.isfinite(cost):
            self.first = (step, cost)
        if np.isfinite(cost) and cost <= self.RISE * max(self.first[1], 1.0):
            self.last = (step, cost)
            return
        if self.first is None and self.cost_before_update:
            raise ValueError(
                f"{self.who}: X and the starting parameters must be small enough that the "
                f"cost is finite; at {self.step_name} {step}, before any update, it is "
                f"{cost}: normalize the inputs (dlguide.data.Standardizer)"
            )
        if np.isfinite(cost):
            self._raise(f"the cost rose to {cost:.6g} at {self.step_name} {step}, more than "
                        f"{self.RISE:,.0f} times its first value, {self.first[1]:.6g} "
                        f"({self.step_name} {self.first[0]})")
        self._raise(f"the cost is {cost} at {self.step_name} {step}")

    def check_params(self, step, params):
        """After the last update: parameters that are not all finite are divergence too."""
        bad = [k for k, v in params.items() if not np.all(np.isfinite(v))]
        if bad:
            self._raise(f"the update at {self.step_name} {step} made {bad} not finite")
