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
from ._resolve import (
    DivergenceError,
    DivergenceWatch,
    check_init,
    check_training_data,
    start_params,
)
from ._validation import (
    as_rng,
    check_activation,
    check_callable,
    check_choice,
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
        L = sum(1 for k in self.params if k.startswith("W"))
        dims = [int(self.params["W1"].shape[1])] + [int(self.params[f"W{l}"].shape[0])
                                                     for l in range(1, L + 1)]
        final = f"{costs[-1]:.4g}" if costs else "None"
        bn = ", batch_norm=True" if "gamma1" in self.params else ""
        return f"FitResult(epochs={len(costs)}, final_cost={final}, layer_dims={dims}{bn})"


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
        keep_prob=1.0, hidden_activation="relu", output_activation="sigmoid",
        batch_norm=False, init="he", schedule=None, rng=None, callback=None, progress=True):
    r"""Train an L-layer classifier with mini-batches and an optimizer.

    Each epoch shuffles the examples, cuts them into mini-batches (as
    :func:`dlguide.data.random_mini_batches`), and for each batch runs
    :func:`~dlguide.network.model_forward`, :func:`~dlguide.network.model_backward`
    and ``optimizer``'s update.

    Parameters
    ----------
    X : ndarray of shape (n_x, m)
        float32 input trains in float32 throughout.
    Y : ndarray of shape (1, m) or (C, m)
        Labels 0/1 for a sigmoid output; one-hot columns
        (:func:`dlguide.data.one_hot`) for a softmax output over C classes.
    layer_dims : list of int
        ``[n_x, n1, ..., 1]``, or ``[n_x, n1, ..., C]`` for a softmax output.
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
    output_activation : {"sigmoid", "softmax"}, default "sigmoid"
    batch_norm : bool, default False
        Batch-normalize every hidden layer (:doc:`/part3/batch-norm`): its ``b``
        gives way to a learned ``gamma`` and ``beta``, each mini-batch is
        normalized with its own mean and variance (:math:`\varepsilon = 10^{-5}`),
        and the returned parameters hold the running averages ``mu{l}`` and
        ``sigma2{l}`` (exponentially weighted over the steps, :math:`\beta` =
        :data:`dlguide.step.RUNNING_BETA`, from 0 and 1), which
        :func:`dlguide.network.predict` uses at test time. The optimizer updates
        only the trained parameters.
    init : str or dict, default "he"
        An initialization method, or starting parameters (copied) to continue
        training (with batch norm they may hold running averages to continue from).
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
        the last finite cost; and, with batch norm, at the end of training when
        the running averages are not finite (inputs so large that a batch's
        variance overflowed).

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
    check_choice("output_activation", output_activation, K.OUTPUT_ACTIVATIONS)
    batch_norm = check_flag("batch_norm", batch_norm)
    X, Y = check_training_data(X, Y, output_activation=output_activation)
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
    m = X.shape[1]
    if batch_norm and (min(mini_batch_size, m) == 1 or m % mini_batch_size == 1):
        raise ValueError(
            f"batch_norm needs at least 2 examples in every mini-batch (one example has no "
            f"spread to normalize by); with m = {m} and mini_batch_size = {mini_batch_size} "
            "a batch holds 1: choose another mini_batch_size")
    dims = check_init(init, layer_dims, X, outputs=Y.shape[0], batch_norm=batch_norm)
    layout = FlatLayout.for_dims(dims, batch_norm)
    optimizer.check_state_for(layout)
    learning_rate0 = optimizer.learning_rate
    rates = _rates(schedule, learning_rate0, num_epochs)
    # Nothing has been drawn or changed up to here.
    start = start_params(init, dims, X, rng=rng, batch_norm=batch_norm)
    # Parameters and gradients each live in one buffer, so the optimizer
    # updates them all in one pass; params and grads are dicts of views into
    # them, exactly as the rest of dlguide expects.
    theta = layout.pack(start, X.dtype)
    dtheta = np.zeros(layout.size, dtype=X.dtype)
    params, grads = layout.views(theta), layout.views(dtheta, prefix="d")
    L = len(dims) - 1
    running = {}
    if batch_norm:  # the running averages live beside the buffer: nothing trains them
        for l in range(1, L):
            running[f"mu{l}"] = start.get(f"mu{l}", np.zeros((dims[l], 1), X.dtype)).copy()
            running[f"sigma2{l}"] = start.get(f"sigma2{l}",
                                              np.ones((dims[l], 1), X.dtype)).copy()
    # Examples as rows for the gather: rows of XT are contiguous, and taking
    # them is ten times faster than gathering columns of X.
    XT = np.ascontiguousarray(X.T)
    steps = {size: TrainingStep(dims, size, X.dtype, params, grads, hidden_activation,
                                keep_prob, output_activation, running)
             for size in {min(mini_batch_size, m), m % mini_batch_size or mini_batch_size}}
    Y_epoch = np.empty(Y.shape, X.dtype)  # the labels in this epoch's order
    Z_epoch = np.empty(Y.shape, X.dtype)  # and the logits the steps computed for them
    loss_sum = K.softmax_loss_sum if output_activation == "softmax" else K.logit_loss_sum
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
                cost = loss_sum(Z_epoch, Y_epoch) / m
                if lambd > 0:
                    cost += lambd / (2.0 * m) * K.l2_sum(params, L)
                watch(epoch, cost)
                history["cost"].append(cost)
                bar(epoch, cost, force=epoch == num_epochs - 1)
                if callback is not None:
                    callback(epoch, _with_running(params, running), history)
            if num_epochs:
                watch.check_params(num_epochs - 1, params)
                _check_running(running)
    finally:
        optimizer.learning_rate = learning_rate0  # a later fit starts from alpha0 again
    return FitResult(_with_running(params, running), history)


def _check_running(running):
    """Batch norm's running averages must be finite: a batch's variance that overflowed
    normalizes every value to 0, and training carries on with a finite cost."""
    bad = [k for k, v in running.items() if not np.all(np.isfinite(v))]
    if bad:
        raise DivergenceError(
            f"fit: batch norm's running averages {bad} are not finite: the hidden layers' "
            "pre-activations overflowed (each unit's variance over a mini-batch must be "
            "finite); normalize the inputs (dlguide.data.Standardizer)"
        )


def _with_running(params, running):
    """The parameters, with batch norm's running averages after each layer's beta."""
    if not running:
        return params
    out = {}
    for name, value in params.items():
        out[name] = value
        if name.startswith("beta"):
            l = name[4:]
            out[f"mu{l}"], out[f"sigma2{l}"] = running[f"mu{l}"], running[f"sigma2{l}"]
    return out
