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
from .activations import ACTIVATIONS, _sigmoid, check_activation
from .data import _mini_batch_indices
from .initializers import METHODS, _check_layer_dims, initialize_parameters
from .network import _linear_backward, _linear_forward
from .regularization import _dropout_backward, _dropout_forward, _l2_cost

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


def _epoch_loss_sum(ZL, Y):
    r"""Sum of the cross-entropy losses of all examples, from the output's logits.

    With :math:`a = \sigma(z)`, :math:`-y\log a - (1-y)\log(1-a) = \log(1+e^z) - yz`:
    the same cost as :func:`~dlguide.network.compute_cost`, exact even where
    :math:`a` rounds to 0 or 1, and computed once per epoch over the logits
    that the steps collected.
    """
    return float(np.logaddexp(0.0, ZL).sum() - np.vdot(Y, ZL))


class _Step:
    r"""One mini-batch step of :func:`fit` on batches of ``b`` examples.

    It computes what :func:`~dlguide.network.model_forward` and
    :func:`~dlguide.network.model_backward` compute, with the same kernels,
    but every array it needs is allocated once, here, and rewritten in place
    (``out=``) at every step. One difference of form: the output layer's
    gradient is taken for the cost :math:`J`, :math:`\partial J/\partial Z^{[L]}
    = (A^{[L]} - Y)/b`, so the factor :math:`1/b` is paid once on a row of
    ``b`` numbers instead of on every ``dW`` and ``db``. Derived and measured
    in :doc:`/appendix/performance`; tested equal to the plain functions in
    ``tests/test_train.py``.
    """

    def __init__(self, dims, b, dtype, params, grads, hidden_activation, keep_prob):
        L = len(dims) - 1
        self.L, self.b, self.keep_prob = L, b, keep_prob
        self.W = [params[f"W{l}"] for l in range(1, L + 1)]
        self.bias = [params[f"b{l}"] for l in range(1, L + 1)]
        self.dW = [grads[f"dW{l}"] for l in range(1, L + 1)]
        self.db = [grads[f"db{l}"] for l in range(1, L + 1)]
        self.g, self.g_backward = ACTIVATIONS[hidden_activation]
        hidden = dims[1:-1]
        self.XT = np.empty((b, dims[0]), dtype)  # the batch, gathered as rows
        self.Z = [np.empty((n, b), dtype) for n in hidden]
        self.A = [np.empty((n, b), dtype) for n in hidden]
        self.dA = [np.empty((n, b), dtype) for n in hidden]
        self.dZ = [np.empty((n, b), dtype) for n in hidden] + [np.empty((1, b), dtype)]
        if keep_prob < 1.0:
            self.U = [np.empty((n, b), dtype) for n in hidden]
            self.D = [np.empty((n, b), bool) for n in hidden]

    def __call__(self, XT, idx, Y, ZL, rng):
        """Gradients of the batch ``idx`` into ``grads``; its labels are ``Y`` and its
        output logits are written to ``ZL`` (both ``(1, b)`` slices of per-epoch rows)."""
        L, W, bias, Z, A, kp = self.L, self.W, self.bias, self.Z, self.A, self.keep_prob
        # mode="clip" (idx is always in range) lets take write straight into out
        A_prev = XT.take(idx, axis=0, out=self.XT, mode="clip").T  # (n_x, b), a view
        inputs = [A_prev]
        for l in range(L - 1):
            _linear_forward(A_prev, W[l], bias[l], out=Z[l])
            A_prev = self.g(Z[l], out=A[l])
            if kp < 1.0:
                _dropout_forward(A_prev, kp, rng, out=A_prev, D=self.D[l], U=self.U[l])
            inputs.append(A_prev)
        _linear_forward(A_prev, W[L - 1], bias[L - 1], out=ZL)
        dZ = _sigmoid(ZL, out=self.dZ[L - 1])
        dZ -= Y
        dZ *= 1.0 / self.b  # dJ/dZ[L]: from here on no 1/b (mean=False below)
        for l in range(L - 1, -1, -1):
            dA, _, _ = _linear_backward(dZ, (inputs[l], W[l], bias[l]),
                                        out=(self.dW[l], self.db[l]), need_dA_prev=l > 0,
                                        dA_out=self.dA[l - 1] if l > 0 else None, mean=False)
            if l == 0:
                break  # the input needs no gradient
            if kp < 1.0:
                _dropout_backward(dA, self.D[l - 1], kp, out=dA)
            dZ = self.g_backward(dA, Z[l - 1], out=self.dZ[l - 1])


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
    # Examples as rows for the gather: rows of XT are contiguous, and taking
    # them is ten times faster than gathering columns of X.
    XT = np.ascontiguousarray(X.T)
    Y = Y.astype(X.dtype, copy=False)
    steps = {b: _Step(dims, b, X.dtype, params, grads, hidden_activation, keep_prob)
             for b in {min(mini_batch_size, m), m % mini_batch_size or mini_batch_size}}
    Y_epoch = np.empty((1, m), X.dtype)  # the labels in this epoch's order
    Z_epoch = np.empty((1, m), X.dtype)  # and the logits the steps computed for them
    if lambd > 0:
        # The L2 term belongs to the whole cost, lambda/(2m) ||W||^2: its gradient
        # (lambda/m) W is added at every step, on the W entries of the buffer.
        decay = np.zeros(size, dtype=X.dtype)
        for name, (a, b, _) in layout.items():
            if name.startswith("W"):
                decay[a:b] = lambd / m
        decay_term = np.empty_like(decay)
    learning_rate0 = optimizer.learning_rate
    history = {"cost": [], "learning_rate": []}
    bar = _Progress(num_epochs, progress)
    for epoch in range(num_epochs):
        if schedule is not None:
            optimizer.learning_rate = float(schedule(learning_rate0, epoch))
        history["learning_rate"].append(optimizer.learning_rate)
        a = 0  # where the batch starts in this epoch's order
        for idx in _mini_batch_indices(m, mini_batch_size, rng):
            b = idx.size
            Yb = Y.take(idx, axis=1, out=Y_epoch[:, a:a + b], mode="clip")
            steps[b](XT, idx, Yb, Z_epoch[:, a:a + b], rng)
            a += b
            if lambd > 0:
                np.multiply(theta, decay, out=decay_term)
                dtheta += decay_term
            optimizer._update_flat(theta, dtheta, layout)
        cost = _epoch_loss_sum(Z_epoch, Y_epoch) / m
        if lambd > 0:
            cost += _l2_cost(params, L, lambd, m)
        history["cost"].append(cost)
        bar(epoch, cost, force=epoch == num_epochs - 1)
        if callback is not None:
            callback(epoch, params, history)
    if schedule is not None:
        optimizer.learning_rate = learning_rate0  # a later fit starts from alpha0 again
    return params, history
