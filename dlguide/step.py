"""The fast training step of :func:`dlguide.train.fit`, and the flat parameter buffer.

Derived and measured in :doc:`/appendix/performance`.

**The rule for a fast path.** It computes what the taught functions compute,
with the same kernels (the private module ``dlguide._kernels``: ``linear_forward``,
``linear_backward``, the activations of ``ACTIVATIONS``, ``dropout_forward``,
``dropout_backward``, ``sigmoid``), and only its bookkeeping differs: where
arrays live, and when the factor ``1/b`` is applied. A test pins it to the
taught functions: ``tests/test_step.py`` trains with ``fit`` and with a loop of
:func:`~dlguide.network.model_forward`, :func:`~dlguide.network.model_backward`,
:func:`~dlguide.network.compute_cost` and the optimizer's ``update``, and
requires the same weights and costs, for every activation, with dropout and
L2, in float64 and float32.
"""

from __future__ import annotations

import numpy as np

from . import _kernels as K
from ._layout import FlatLayout

__all__ = ["FlatLayout", "TrainingStep"]

FlatLayout.__module__ = __name__


class TrainingStep:
    r"""One mini-batch step of :func:`~dlguide.train.fit` on batches of ``b`` examples.

    It computes what :func:`~dlguide.network.model_forward` and
    :func:`~dlguide.network.model_backward` compute, with the same kernels,
    but every array it needs is allocated once, here, and rewritten in place
    (``out=``) at every step. One difference of form: the output layer's
    gradient is taken for the cost :math:`J`, :math:`\partial J/\partial Z^{[L]}
    = (A^{[L]} - Y)/b`, so the factor :math:`1/b` is paid once on a row of
    ``b`` numbers instead of on every ``dW`` and ``db``.

    Parameters
    ----------
    dims : list of int
        The layer sizes ``[n_x, n1, ..., 1]``.
    b : int
        The batch size this step serves.
    dtype : numpy dtype
        float32 or float64.
    params, grads : dict
        ``{"W1": ..., "b1": ...}`` and ``{"dW1": ..., "db1": ...}``: views the
        step reads the weights from and writes the gradients into.
    hidden_activation : str
        A name of :data:`dlguide.activations.ACTIVATIONS`.
    keep_prob : float
        Inverted dropout on the hidden layers when below 1.
    """

    def __init__(self, dims, b, dtype, params, grads, hidden_activation, keep_prob):
        L = len(dims) - 1
        self.L, self.b, self.keep_prob = L, b, keep_prob
        self.W = [params[f"W{l}"] for l in range(1, L + 1)]
        self.bias = [params[f"b{l}"] for l in range(1, L + 1)]
        self.dW = [grads[f"dW{l}"] for l in range(1, L + 1)]
        self.db = [grads[f"db{l}"] for l in range(1, L + 1)]
        self.g, self.g_backward = K.ACTIVATIONS[hidden_activation]
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
        """Gradients of the batch ``idx`` (rows of ``XT``) into ``grads``; its labels
        are ``Y`` and its output logits are written to ``ZL`` (both ``(1, b)``)."""
        L, W, bias, Z, A, kp = self.L, self.W, self.bias, self.Z, self.A, self.keep_prob
        # mode="clip" (idx is always in range) lets take write straight into out
        A_prev = XT.take(idx, axis=0, out=self.XT, mode="clip").T  # (n_x, b), a view
        inputs = [A_prev]
        for l in range(L - 1):
            K.linear_forward(A_prev, W[l], bias[l], out=Z[l])
            A_prev = self.g(Z[l], out=A[l])
            if kp < 1.0:
                K.dropout_forward(A_prev, kp, rng, out=A_prev, D=self.D[l], U=self.U[l])
            inputs.append(A_prev)
        K.linear_forward(A_prev, W[L - 1], bias[L - 1], out=ZL)
        dZ = K.sigmoid(ZL, out=self.dZ[L - 1])
        dZ -= Y
        dZ *= 1.0 / self.b  # dJ/dZ[L]: from here on no 1/b (mean=False below)
        for l in range(L - 1, -1, -1):
            dA, _, _ = K.linear_backward(dZ, inputs[l], W[l], out=(self.dW[l], self.db[l]),
                                         need_dA_prev=l > 0,
                                         dA_out=self.dA[l - 1] if l > 0 else None, mean=False)
            if l == 0:
                break  # the input needs no gradient
            if kp < 1.0:
                K.dropout_backward(dA, self.D[l - 1], kp, out=dA)
            dZ = self.g_backward(dA, Z[l - 1], out=self.dZ[l - 1])
