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

__all__ = ["RUNNING_BETA", "FlatLayout", "TrainingStep"]

FlatLayout.__module__ = __name__


#: The weight of the past in batch norm's running averages of the batches' means
#: and variances (PyTorch's ``momentum=0.1``).
RUNNING_BETA = 0.9


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
        The layer sizes ``[n_x, n1, ..., n[L]]``.
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
    output_activation : {"sigmoid", "softmax"}, default "sigmoid"
    running : dict, optional
        With batch norm (``params`` holding ``gamma1``): the running averages
        ``{"mu1": ..., "sigma21": ...}``, updated in place at every step,
        :math:`\mu \leftarrow \beta\mu + (1-\beta)\mu_{batch}` with
        :math:`\beta` = ``RUNNING_BETA``.
    epsilon : float, default 1e-5
        Batch norm's :math:`\varepsilon`.
    """

    def __init__(self, dims, b, dtype, params, grads, hidden_activation, keep_prob,
                 output_activation="sigmoid", running=None, epsilon=1e-5):
        L = len(dims) - 1
        self.L, self.b, self.keep_prob, self.epsilon = L, b, keep_prob, epsilon
        self.batch_norm = "gamma1" in params
        self.W = [params[f"W{l}"] for l in range(1, L + 1)]
        self.dW = [grads[f"dW{l}"] for l in range(1, L + 1)]
        hidden = dims[1:-1]
        if self.batch_norm:
            self.gamma = [params[f"gamma{l}"] for l in range(1, L)]
            self.beta = [params[f"beta{l}"] for l in range(1, L)]
            self.dgamma = [grads[f"dgamma{l}"] for l in range(1, L)]
            self.dbeta = [grads[f"dbeta{l}"] for l in range(1, L)]
            self.mu = [running[f"mu{l}"] for l in range(1, L)]
            self.sigma2 = [running[f"sigma2{l}"] for l in range(1, L)]
            self.Z_norm = [np.empty((n, b), dtype) for n in hidden]
            self.Z_pre = [np.empty((n, b), dtype) for n in hidden]  # W A_prev, before BN
            self.var = [None] * (L - 1)
        self.bias = [params.get(f"b{l}") for l in range(1, L + 1)]
        self.db = [grads.get(f"db{l}") for l in range(1, L + 1)]
        # fit runs every step inside np.errstate(all="ignore"): the kernels' own
        # guard against underflow warnings (K.underflow_ignored) is not needed here
        self.g, self.g_backward = (unguarded(f) for f in K.ACTIVATIONS[hidden_activation])
        self.output = unguarded(K.LAYER_ACTIVATIONS[output_activation].forward)
        self.XT = np.empty((b, dims[0]), dtype)  # the batch, gathered as rows
        self.Z = [np.empty((n, b), dtype) for n in hidden]
        self.A = [np.empty((n, b), dtype) for n in hidden]
        self.dA = [np.empty((n, b), dtype) for n in hidden]
        self.dZ = [np.empty((n, b), dtype) for n in hidden] + [np.empty((dims[-1], b), dtype)]
        self.ZL = np.empty((dims[-1], b), dtype)  # the logits, when ZL is not contiguous
        if keep_prob < 1.0:
            self.U = [np.empty((n, b), dtype) for n in hidden]
            self.D = [np.empty((n, b), bool) for n in hidden]

    def __call__(self, XT, idx, Y, ZL, rng):
        """Gradients of the batch ``idx`` (rows of ``XT``) into ``grads``; its labels
        are ``Y`` and its output logits are written to ``ZL`` (both ``(n[L], b)``)."""
        L, W, bias, Z, A, kp = self.L, self.W, self.bias, self.Z, self.A, self.keep_prob
        # mode="clip" (idx is always in range) lets take write straight into out
        A_prev = XT.take(idx, axis=0, out=self.XT, mode="clip").T  # (n_x, b), a view
        inputs = [A_prev]
        for l in range(L - 1):
            if self.batch_norm:  # Z[l] holds Z_tilde, the activation's input
                np.dot(W[l], A_prev, out=self.Z_pre[l])
                _, mu, self.var[l], _ = K.batchnorm_forward(
                    self.Z_pre[l], self.gamma[l], self.beta[l], self.epsilon, out=Z[l],
                    Z_norm=self.Z_norm[l])
                self.mu[l] *= RUNNING_BETA
                self.mu[l] += (1.0 - RUNNING_BETA) * mu
                self.sigma2[l] *= RUNNING_BETA
                self.sigma2[l] += (1.0 - RUNNING_BETA) * self.var[l]
            else:
                K.linear_forward(A_prev, W[l], bias[l], out=Z[l])
            A_prev = self.g(Z[l], out=A[l])
            if kp < 1.0:
                K.dropout_forward(A_prev, kp, rng, out=A_prev, D=self.D[l], U=self.U[l])
            inputs.append(A_prev)
        if ZL.flags.c_contiguous:  # one output row: a slice of the epoch's row
            K.linear_forward(A_prev, W[L - 1], bias[L - 1], out=ZL)
        else:  # C rows: the epoch's columns a:b are not contiguous; np.dot needs them to be
            ZL[...] = K.linear_forward(A_prev, W[L - 1], bias[L - 1], out=self.ZL)
        dZ = self.output(ZL, out=self.dZ[L - 1])
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
            if self.batch_norm:  # dJ/dZ_tilde -> dJ/dZ, dgamma and dbeta (sums: J's own)
                dZ, _, _ = K.batchnorm_backward(
                    dZ, self.Z_norm[l - 1], self.var[l - 1], self.gamma[l - 1], self.epsilon,
                    out=self.Z_pre[l - 1], dgamma_out=self.dgamma[l - 1],
                    dbeta_out=self.dbeta[l - 1])


def unguarded(kernel):
    """``kernel`` without :func:`dlguide._kernels.underflow_ignored` around it."""
    return getattr(kernel, "__wrapped__", kernel)
