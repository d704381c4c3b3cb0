"""The mini-batch training loop the Part II chapters use.

Derived in :doc:`/part2/mini-batch`; brings together initialization,
mini-batches, L2 and dropout, an optimizer and a learning-rate schedule. Each
step runs :class:`dlguide.step.TrainingStep`, pinned to the taught functions.
"""

from __future__ import annotations

import math
import numbers
import sys
import time
from typing import NamedTuple

import numpy as np

from . import _kernels as K
from ._resolve import DivergenceWatch, check_init, check_training_data, start_params
from ._validation import (
    as_rng,
    check_activation,
    check_callable,
    check_flag,
    check_positive,
    check_probability,
)
from .optimizers import Optimizer
from .step import FlatLayout, TrainingStep

__all__ = ["FitResult", "fit"]


class FitResult(NamedTuple):
    """What :func:`fit` returns: the trained parameters and the history.

    Unpacks as ``params, history = result``; prints as a short summary.
    """

    params: dict
    history: dict

    def __repr__(self):
        costs = self.history["cost"]
        L = len(self.params) // 2
        dims = [int(self.params["W1"].shape[1])] + [int(self.params[f"W{l}"].shape[0])
                                                     for l in range(1, L + 1)]
        final = f"{costs[-1]:.4g}" if costs else "None"
        return f"FitResult(epochs={len(costs)}, final_cost={final}, layer_dims={dims})"


class _Progress:
    """A one-line text progress bar on stderr, redrawn at most ten times a second."""

    def __init__(self, total, enabled):
        self.total, self.enabled, self.last = total, enabled, 0.0

    def __call__(self, epoch, cost, force=False):
        if not self.enabled:
            return
        now = time.perf_counter()
        if not force and now - self.last < 0.1:
            return
        self.last = now
        done = (epoch + 1) / max(self.total, 1)
        bar = "#" * int(30 * done)
        sys.stderr.write(f"\r[{bar:<30}] epoch {epoch + 1}/{self.total}  cost {cost:.4f}")
        if force:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _check_optimizer(optimizer):
    if isinstance(optimizer, type) and issubclass(optimizer, Optimizer):
        raise TypeError(
            f"optimizer must be an optimizer instance such as {optimizer.__name__}(0.001); "
            f"got the class {optimizer.__name__} itself (call it with a learning rate)"
        )
    if not isinstance(optimizer, Optimizer):
        raise TypeError(
            "optimizer must be a dlguide.optimizers optimizer such as Adam(0.001); got "
            f"{type(optimizer).__name__}"
        )
    check_positive("optimizer.learning_rate", optimizer.learning_rate)
    return optimizer


def _rates(schedule, learning_rate0, num_epochs):
    """Every epoch's learning rate, checked before training starts."""
    if schedule is None:
        return [learning_rate0] * num_epochs
    rates = []
    for epoch in range(num_epochs):
        rate = schedule(learning_rate0, epoch)
        try:
            ok = (isinstance(rate, numbers.Real) and not isinstance(rate, (bool, np.bool_))
                  and math.isfinite(rate) and rate > 0)
        except OverflowError:  # an int with more digits than any float holds
            ok = False
        if not ok:
            raise ValueError(
                f"schedule must return a finite learning rate > 0 for every epoch; it returned "
                f"{rate!r} for epoch {epoch} (learning_rate0={learning_rate0})"
            )
        rates.append(float(rate))
    return rates


def fit(X, Y, layer_dims, *, optimizer, num_epochs, mini_batch_size=64, lambd=0.0,
        keep_prob=1.0, hidden_activation="relu", init="he", schedule=None, rng=None,
        callback=None, progress=True):
    r"""Train an L-layer binary classifier with mini-batches and an optimizer.

    Each epoch shuffles the examples, cuts them into mini-batches (as
    :func:`dlguide.data.random_mini_batches`), and for each batch runs
    :func:`~dlguide.network.model_forward`, :func:`~dlguide.network.model_backward`
    and ``optimizer``'s update.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        float32 input trains in float32 throughout.
    Y : ndarray of shape (1, m)
    layer_dims : list of int
        ``[n_x, n1, ..., 1]``.
    optimizer : Optimizer
        An instance from :mod:`dlguide.optimizers`, such as ``Adam(0.001)``. Its
        state carries over between calls on the same architecture (to continue
        training from ``init=result.params``); state from other parameters is
        refused (call ``optimizer.reset()``). Its learning rate is the same
        after the call as before, even when a schedule or a callback raised.
    num_epochs : int
    mini_batch_size : int, default 64
    lambd : float, default 0.0
        L2 strength :math:`\lambda` of the term :math:`\frac{\lambda}{2m}\sum_l
        \lVert W^{[l]} \rVert_F^2` of the whole cost (``m`` = all examples); each
        mini-batch adds its share of that term's gradient.
    keep_prob : float in (0, 1], default 1.0
        Inverted dropout on hidden layers during training.
    hidden_activation : str, default "relu"
    init : str or dict, default "he"
        An initialization method, or starting parameters (copied) to continue
        training.
    schedule : callable, optional
        ``schedule(learning_rate0, epoch) -> learning_rate``, set at the start
        of every epoch, e.g. ``functools.partial(schedule_lr_decay,
        decay_rate=1.0, time_interval=1000)``. Every epoch's rate is computed
        and checked (finite, > 0) before training starts.
    rng : int, numpy.random.Generator or None
        The one source of randomness: initialization, shuffles, dropout masks.
    callback : callable, optional
        ``callback(epoch, params, history)`` after every epoch.
    progress : bool, default True
        Draw a progress bar on stderr.

    Returns
    -------
    FitResult
        ``result.params`` (dict) and ``result.history`` (dict: ``"cost"``, the
        average mini-batch cost of each epoch, with the L2 term when ``lambd >
        0``; ``"learning_rate"``, the rate used in each epoch). It unpacks as
        ``params, history = fit(...)`` and prints as a one-line summary.

    Raises
    ------
    dlguide.DivergenceError
        At the end of the first epoch whose cost is not finite, naming it and
        the last finite cost.

    Notes
    -----
    One epoch with :math:`T = \lceil m / b \rceil` mini-batches
    :math:`X^{\{t\}}` makes :math:`T` updates:

    .. math:: \text{for } t = 1 \dots T: \quad
              \theta \leftarrow \operatorname{update}\bigl(\theta,
              \nabla_\theta J^{\{t\}}(\theta)\bigr)

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.data import make_moons
    >>> from dlguide.network import predict
    >>> from dlguide.optimizers import Adam
    >>> from dlguide.train import fit
    >>> X, Y = make_moons(300, noise=0.2, rng=3)
    >>> result = fit(X, Y, [2, 5, 2, 1], optimizer=Adam(0.01), num_epochs=300,
    ...              rng=1, progress=False)
    >>> result
    FitResult(epochs=300, final_cost=0.04858, layer_dims=[2, 5, 2, 1])
    >>> len(result.history["cost"]), result.history["cost"][-1] < result.history["cost"][0]
    (300, True)
    >>> float(np.mean(predict(X, result.params) == Y)) > 0.85
    True
    """
    X, Y = check_training_data(X, Y)
    optimizer = _check_optimizer(optimizer)
    num_epochs = check_positive("num_epochs", num_epochs, integer=True, allow_zero=True)
    mini_batch_size = check_positive("mini_batch_size", mini_batch_size, integer=True)
    lambd = check_positive("lambd", lambd, allow_zero=True)
    keep_prob = check_probability("keep_prob", keep_prob)
    check_activation("hidden_activation", hidden_activation)
    if schedule is not None:
        check_callable("schedule", schedule,
                       "None or a callable schedule(learning_rate0, epoch)")
    if callback is not None:
        check_callable("callback", callback, "None or callable")
    progress = check_flag("progress", progress)
    rng = as_rng(rng)
    dims = check_init(init, layer_dims, X)
    layout = FlatLayout.for_dims(dims)
    optimizer.check_state_for(layout)
    learning_rate0 = optimizer.learning_rate
    rates = _rates(schedule, learning_rate0, num_epochs)
    # Nothing has been drawn or changed up to here.
    start = start_params(init, dims, X, rng=rng)
    # Parameters and gradients each live in one buffer, so the optimizer
    # updates them all in one pass; params and grads are dicts of views into
    # them, exactly as the rest of dlguide expects.
    theta = layout.pack(start, X.dtype)
    dtheta = np.zeros(layout.size, dtype=X.dtype)
    params, grads = layout.views(theta), layout.views(dtheta, prefix="d")
    L = len(dims) - 1
    m = X.shape[1]
    # Examples as rows for the gather: rows of XT are contiguous, and taking
    # them is ten times faster than gathering columns of X.
    XT = np.ascontiguousarray(X.T)
    steps = {size: TrainingStep(dims, size, X.dtype, params, grads, hidden_activation,
                                keep_prob)
             for size in {min(mini_batch_size, m), m % mini_batch_size or mini_batch_size}}
    Y_epoch = np.empty((1, m), X.dtype)  # the labels in this epoch's order
    Z_epoch = np.empty((1, m), X.dtype)  # and the logits the steps computed for them
    if lambd > 0:
        # The L2 term belongs to the whole cost, lambda/(2m) ||W||^2: its gradient
        # (lambda/m) W is added at every step, on the W entries of the buffer.
        decay = np.zeros(layout.size, dtype=X.dtype)
        for name, (a, b, _) in layout.slots.items():
            if name.startswith("W"):
                decay[a:b] = lambd / m
        decay_term = np.empty_like(decay)
    history = {"cost": [], "learning_rate": []}
    bar = _Progress(num_epochs, progress)
    watch = DivergenceWatch("fit", "epoch", learning_rate0)
    try:
        with np.errstate(all="ignore"):  # a diverging run is reported by the watch instead
            for epoch in range(num_epochs):
                optimizer.learning_rate = watch.learning_rate = rates[epoch]
                history["learning_rate"].append(rates[epoch])
                start_col = 0  # where the batch starts in this epoch's order
                for idx in K.mini_batch_indices(m, mini_batch_size, rng):
                    stop_col = start_col + idx.size
                    Yb = Y.take(idx, axis=1, out=Y_epoch[:, start_col:stop_col], mode="clip")
                    steps[idx.size](XT, idx, Yb, Z_epoch[:, start_col:stop_col], rng)
                    start_col = stop_col
                    if lambd > 0:
                        np.multiply(theta, decay, out=decay_term)
                        dtheta += decay_term
                    optimizer.update_flat(theta, dtheta, layout)
                cost = K.logit_loss_sum(Z_epoch, Y_epoch) / m
                if lambd > 0:
                    cost += lambd / (2.0 * m) * K.l2_sum(params, L)
                watch(epoch, cost)
                history["cost"].append(cost)
                bar(epoch, cost, force=epoch == num_epochs - 1)
                if callback is not None:
                    callback(epoch, params, history)
            if num_epochs:
                watch.check_params(num_epochs - 1, params)
    finally:
        optimizer.learning_rate = learning_rate0  # a later fit starts from alpha0 again
    return FitResult(params, history)
