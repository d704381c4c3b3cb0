"""The mini-batch training loop the Part II chapters use.

Derived in :doc:`/part2/mini-batch`; brings together initialization,
mini-batches, L2 and dropout, an optimizer and a learning-rate schedule.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from ._validation import (
    as_rng,
    check_array,
    check_params,
    check_positive,
    check_probability,
    check_same_columns,
)
from .activations import check_activation
from .data import _mini_batch_indices
from .initializers import METHODS, _check_layer_dims, initialize_parameters
from .network import _model_backward, _model_forward
from .regularization import _l2_cost

__all__ = ["fit"]


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


def _batch_loss_sum(ZL, Y):
    r"""Sum of the cross-entropy losses of a batch, from the output's logits.

    With :math:`a = \sigma(z)`, :math:`-y\log a - (1-y)\log(1-a) = \log(1+e^z) - yz`:
    the same cost as :func:`~dlguide.network.compute_cost` in three NumPy calls
    instead of eight, and exact even where :math:`a` rounds to 0 or 1.
    """
    return float(np.logaddexp(0.0, ZL).sum() - np.vdot(Y, ZL))


def _flat_layout(params):
    """Where each parameter lives in one 1-D buffer: ``{name: (start, stop, shape)}``."""
    layout, start = {}, 0
    for name, p in params.items():
        layout[name] = (start, start + p.size, p.shape)
        start += p.size
    return layout, start


def _views(flat, layout, prefix=""):
    return {prefix + name: flat[a:b].reshape(shape) for name, (a, b, shape) in layout.items()}


def _check_fit_args(X, Y, layer_dims, optimizer, num_epochs, mini_batch_size, lambd,
                    keep_prob, hidden_activation, init, schedule, callback):
    X = check_array("X", X, shape_hint="(n_x, m)")
    Y = check_array("Y", Y, rows=1, shape_hint="(1, m)")
    check_same_columns("X", X, "Y", Y)
    if not callable(getattr(optimizer, "_update", None)):
        raise TypeError(
            "optimizer must be a dlguide.optimizers optimizer such as Adam(0.001); got "
            f"{type(optimizer).__name__}"
        )
    num_epochs = check_positive("num_epochs", num_epochs, integer=True, allow_zero=True)
    mini_batch_size = check_positive("mini_batch_size", mini_batch_size, integer=True)
    lambd = check_positive("lambd", lambd, allow_zero=True)
    keep_prob = check_probability("keep_prob", keep_prob)
    check_activation("hidden_activation", hidden_activation)
    if schedule is not None and not callable(schedule):
        raise TypeError(
            "schedule must be None or a callable schedule(learning_rate0, epoch); got "
            f"{type(schedule).__name__}"
        )
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be None or callable; got {type(callback).__name__}")
    if isinstance(init, dict):
        check_params(init, n_x=X.shape[0])
        dims = [X.shape[0]] + [init[f"W{l}"].shape[0] for l in range(1, len(init) // 2 + 1)]
        if layer_dims is not None and list(layer_dims) != dims:
            raise ValueError(
                f"layer_dims {list(layer_dims)} does not match the parameters in init, "
                f"which have sizes {dims}"
            )
    else:
        if not isinstance(init, str) or init not in METHODS:
            raise ValueError(f"init must be one of {sorted(METHODS)} or a dict; got {init!r}")
        dims = _check_layer_dims(layer_dims)
        if dims[0] != X.shape[0]:
            raise ValueError(
                f"layer_dims[0] must equal the number of features X.shape[0]={X.shape[0]}; "
                f"got layer_dims={dims}"
            )
    if dims[-1] != 1:
        raise ValueError(f"the last layer must have 1 unit (a sigmoid output); got sizes {dims}")
    return X, Y, dims, num_epochs, mini_batch_size, lambd, keep_prob


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
        From :mod:`dlguide.optimizers`; its state carries over between calls.
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
        decay_rate=1.0, time_interval=1000)``.
    rng : int, numpy.random.Generator or None
        The one source of randomness: initialization, shuffles, dropout masks.
    callback : callable, optional
        ``callback(epoch, params, history)`` after every epoch.
    progress : bool, default True
        Draw a progress bar on stderr.

    Returns
    -------
    params : dict
    history : dict
        ``"cost"``: the average mini-batch cost of each epoch (with the L2 term
        when ``lambd > 0``); ``"learning_rate"``: the rate used in each epoch.

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
    >>> params, history = fit(X, Y, [2, 5, 2, 1], optimizer=Adam(0.01), num_epochs=300,
    ...                       rng=1, progress=False)
    >>> len(history["cost"]), history["cost"][-1] < history["cost"][0]
    (300, True)
    >>> float(np.mean(predict(X, params) == Y)) > 0.85
    True
    """
    X, Y, dims, num_epochs, mini_batch_size, lambd, keep_prob = _check_fit_args(
        X, Y, layer_dims, optimizer, num_epochs, mini_batch_size, lambd, keep_prob,
        hidden_activation, init, schedule, callback)
    rng = as_rng(rng)
    if isinstance(init, dict):
        start = init
    else:
        start = initialize_parameters(dims, init, dtype=X.dtype, rng=rng)
    # Parameters and gradients each live in one buffer, so the optimizer
    # updates them all in one pass; params and grads are dicts of views into
    # them, exactly as the rest of dlguide expects.
    layout, size = _flat_layout(start)
    theta = np.empty(size, dtype=X.dtype)
    dtheta = np.zeros(size, dtype=X.dtype)
    params = _views(theta, layout)
    grads = _views(dtheta, layout, prefix="d")
    for name, value in start.items():
        params[name][...] = value
    L = len(dims) - 1
    m = X.shape[1]
    Y = Y.astype(X.dtype, copy=False)
    # Examples as rows for the gather: XT[idx] copies contiguous rows, ten times
    # faster than gathering columns of X; XT[idx].T is (n_x, b) again, a view.
    XT = np.ascontiguousarray(X.T)
    YT = np.ascontiguousarray(Y.T)
    learning_rate0 = optimizer.learning_rate
    history = {"cost": [], "learning_rate": []}
    bar = _Progress(num_epochs, progress)
    for epoch in range(num_epochs):
        if schedule is not None:
            optimizer.learning_rate = float(schedule(learning_rate0, epoch))
        history["learning_rate"].append(optimizer.learning_rate)
        cost_total = 0.0
        for idx in _mini_batch_indices(m, mini_batch_size, rng):
            Xb, Yb = XT[idx].T, YT[idx].T
            AL, caches = _model_forward(Xb, params, L, hidden_activation, keep_prob, rng)
            cost_total += _batch_loss_sum(caches[-1][1], Yb)
            # The L2 term belongs to the whole cost, lambda/(2m) ||W||^2: each
            # batch's share of its gradient is (b/m)(lambda/b) W = (lambda/m) W.
            _model_backward(AL, Yb, caches, hidden_activation, lambd * idx.size / m,
                            out=grads)
            optimizer._update_flat(theta, dtheta, layout)
        cost = cost_total / m
        if lambd > 0:
            cost += _l2_cost(params, L, lambd, m)
        history["cost"].append(cost)
        bar(epoch, cost, force=epoch == num_epochs - 1)
        if callback is not None:
            callback(epoch, params, history)
    if schedule is not None:
        optimizer.learning_rate = learning_rate0  # a later fit starts from alpha0 again
    return params, history
