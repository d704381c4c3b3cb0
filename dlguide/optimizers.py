"""Gradient descent, momentum, RMSprop and Adam, following the course's formulas.

Derived in :doc:`/part2/optimizers`. Each optimizer keeps its state (velocity
``v``, squared average ``s``) per parameter name, and Adam one step count ``t``
for the whole update. The parameter arrays are updated **in place**: ``update``
returns the same dict it was given, holding the same (now updated) arrays. It
computes the new values aside and writes them only once all are checked finite,
so a refused step changes nothing; ``update_flat``, the path of
:func:`dlguide.train.fit`, works in place without allocating.
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import (
    check_array,
    check_grads,
    check_positive,
    check_unit_interval,
    is_statistic,
)

__all__ = ["Adam", "GradientDescent", "Momentum", "Optimizer", "RMSprop"]


class Optimizer:
    """Base class: the learning rate, and state slots per parameter name.

    Subclasses define ``_n_state`` (how many state arrays each parameter
    needs) and ``_apply(p, g, tmp, *state)``, the in-place update of one array.
    The same ``_apply`` serves one parameter at a time (:meth:`update`) and all
    parameters at once (:meth:`update_flat`, which :func:`dlguide.train.fit`
    calls on its flat buffers), so the two give the same numbers bit for bit
    (``tests/test_optimizers.py``).
    """

    _n_state = 0

    def __init__(self, learning_rate):
        self.learning_rate = check_positive("learning_rate", learning_rate)
        self._slots = {}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self._config().items())
        return f"{type(self).__name__}({args})"

    def _config(self):
        return {"learning_rate": self.learning_rate}

    def reset(self):
        """Forget all state (velocities, averages, step count)."""
        self._slots = {}

    def _state(self, index):
        """``{name: array}`` for state ``index``, per parameter name."""
        out = {}
        for key, slot in self._slots.items():
            if isinstance(key, str):
                out[key] = slot[1 + index]
            else:  # one buffer for many parameters (a FlatLayout): a view per name
                out.update(key.views(slot[1 + index]))
        return out

    def _slot(self, key, like):
        slot = self._slots.get(key)
        if slot is None or slot[0].shape != like.shape or slot[0].dtype != like.dtype:
            slot = [np.empty_like(like)] + [np.zeros_like(like) for _ in range(self._n_state)]
            self._slots[key] = slot
        return slot

    def check_state_for(self, layout):
        """Raise ``ValueError`` if this optimizer holds state for parameters other than
        the flat ``layout`` (its velocities would be applied to the wrong weights)."""
        if self._slots and set(self._slots) != {layout}:
            held = next(iter(self._slots))
            held = held if not isinstance(held, str) else sorted(
                k for k in self._slots if isinstance(k, str))
            raise ValueError(
                f"optimizer holds state from an earlier run on other parameters ({held}), "
                f"not {layout}: call optimizer.reset() to start afresh, or pass a new optimizer"
            )

    def update(self, params, grads):
        """Apply one step to every parameter in ``params`` in place; returns ``params``.

        ``grads`` must hold ``"d" + name`` for every ``name`` in ``params``, of
        the same shape, finite; batch norm's running averages (``mu{l}``,
        ``sigma2{l}``) have no gradient and are left alone. Everything is
        checked before anything changes:
        a bad gradient leaves the parameters and the optimizer's state as they
        were, and so does a step that would overflow (a ``ValueError``: the new
        values are computed aside and written only when all are finite).
        """
        if not isinstance(params, dict) or not params:
            raise TypeError(f"params must be a non-empty dict of arrays; got {type(params).__name__}")
        trained = {k: v for k, v in params.items() if not is_statistic(k)}
        for name, p in trained.items():
            if not isinstance(p, np.ndarray) or p.dtype not in (np.float32, np.float64):
                raise TypeError(
                    f"params['{name}'] must be a float32 or float64 ndarray (updated in place); "
                    f"got {type(p).__name__}" + (f" of dtype {p.dtype}"
                                                 if isinstance(p, np.ndarray) else "")
                )
            check_array(f"params['{name}']", p, ndim=None, shape_hint="any shape",
                        allow_empty=True)  # finite
            if not p.flags.writeable:
                raise ValueError(f"params['{name}'] must be writeable (update changes it in "
                                 "place); got a read-only array")
            held = self._slots.get(name)
            if held is not None and (held[0].shape, held[0].dtype) != (p.shape, p.dtype):
                raise ValueError(
                    f"params['{name}'] must keep its shape and dtype between updates: the "
                    f"optimizer holds state for a {held[0].shape} {held[0].dtype} array, got "
                    f"{p.shape} {p.dtype} (call optimizer.reset() to start afresh)"
                )
        grads = check_grads(grads, params)
        self.learning_rate = check_positive("learning_rate", self.learning_rate)
        saved = self._save_step()
        self._begin_step()
        staged = {}
        try:
            with np.errstate(over="ignore", invalid="ignore"):
                for name, p in trained.items():
                    held = self._slots.get(name)
                    slot = [np.empty_like(p)] + (
                        [a.copy() for a in held[1:]] if held is not None
                        else [np.zeros_like(p) for _ in range(self._n_state)])
                    new = p.copy()
                    self._apply(new, grads["d" + name], *slot)
                    if not all(np.isfinite(a).all() for a in (new, *slot[1:])):
                        raise ValueError(
                            f"grads['d{name}'] and learning_rate must be small enough that the "
                            f"step is finite; the update of params['{name}'] overflows "
                            f"{p.dtype} (largest |gradient| "
                            f"{float(np.max(np.abs(grads['d' + name]))):g}, learning_rate "
                            f"{self.learning_rate:g})"
                        )
                    staged[name] = new, slot
        except BaseException:
            self._restore_step(saved)
            raise
        for name, (new, slot) in staged.items():
            params[name][...] = new
            self._slots[name] = slot
        return params

    def update_flat(self, theta, dtheta, layout):
        """One step on all parameters at once, in place on ``theta``.

        ``theta`` and ``dtheta`` are 1-D buffers holding every parameter and
        its gradient back to back, as ``layout`` (a
        :class:`dlguide.step.FlatLayout`) describes. The fast path of
        :func:`dlguide.train.fit`: it trusts its input (fit checks it once) and
        runs the same ``_apply`` as :meth:`update`, on the whole buffer.
        """
        self._begin_step()
        self._apply(theta, dtheta, *self._slot(layout, theta))

    def _begin_step(self):
        """Per-step scalars (Adam's step count and bias corrections); none by default."""

    def _save_step(self):
        """The scalars :meth:`_begin_step` may change (Adam's ``t`` and bias
        corrections), to restore when a step is refused."""
        return {k: v for k, v in vars(self).items() if k != "_slots"}

    def _restore_step(self, saved):
        """Undo :meth:`_begin_step` (see :meth:`_save_step`)."""
        slots = self._slots
        vars(self).clear()
        vars(self).update(saved, _slots=slots)

    def _apply(self, p, g, tmp, *state):
        raise NotImplementedError(f"{type(self).__name__} does not define _apply")

class GradientDescent(Optimizer):
    r"""Plain (mini-batch) gradient descent.

    Parameters
    ----------
    learning_rate : float

    Notes
    -----
    .. math:: W \leftarrow W - \alpha\, dW, \qquad b \leftarrow b - \alpha\, db

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.optimizers import GradientDescent
    >>> params = {"W1": np.array([[1.0]])}
    >>> GradientDescent(0.1).update(params, {"dW1": np.array([[2.0]])})["W1"].tolist()
    [[0.8]]
    """

    def _apply(self, p, g, tmp):
        np.multiply(g, self.learning_rate, out=tmp)
        p -= tmp


class Momentum(Optimizer):
    r"""Gradient descent with momentum: step along an average of recent gradients.

    Parameters
    ----------
    learning_rate : float
    beta : float in [0, 1), default 0.9

    Attributes
    ----------
    v : dict
        The velocity of each parameter, starting at zero.

    Notes
    -----
    .. math:: v_{dW} \leftarrow \beta v_{dW} + (1 - \beta)\, dW, \qquad
              W \leftarrow W - \alpha\, v_{dW}

    (PyTorch's SGD momentum omits the :math:`1 - \beta`; its learning rate is
    therefore :math:`(1-\beta)` times ours for the same steps.)

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.optimizers import Momentum
    >>> opt = Momentum(0.1, beta=0.9)
    >>> params = {"W1": np.array([[1.0]])}
    >>> round(float(opt.update(params, {"dW1": np.array([[2.0]])})["W1"][0, 0]), 10)
    0.98
    """

    _n_state = 1

    def __init__(self, learning_rate, beta=0.9):
        super().__init__(learning_rate)
        self.beta = check_unit_interval("beta", beta)

    @property
    def v(self):
        return self._state(0)

    def _config(self):
        return {"learning_rate": self.learning_rate, "beta": self.beta}

    def _apply(self, p, g, tmp, v):
        v *= self.beta
        np.multiply(g, 1.0 - self.beta, out=tmp)
        v += tmp
        np.multiply(v, self.learning_rate, out=tmp)
        p -= tmp


class RMSprop(Optimizer):
    r"""RMSprop: divide each step by a running root mean square of the gradient.

    Parameters
    ----------
    learning_rate : float
    beta : float in [0, 1), default 0.999
    epsilon : float, default 1e-8

    Attributes
    ----------
    s : dict
        Running average of the squared gradient of each parameter.

    Notes
    -----
    .. math:: s_{dW} \leftarrow \beta s_{dW} + (1 - \beta)\, dW^2, \qquad
              W \leftarrow W - \alpha \frac{dW}{\sqrt{s_{dW}} + \varepsilon}

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.optimizers import RMSprop
    >>> params = {"W1": np.array([[1.0]])}
    >>> out = RMSprop(0.01, beta=0.99).update(params, {"dW1": np.array([[2.0]])})
    >>> round(float(out["W1"][0, 0]), 6)
    0.9
    """

    _n_state = 1

    def __init__(self, learning_rate, beta=0.999, epsilon=1e-8):
        super().__init__(learning_rate)
        self.beta = check_unit_interval("beta", beta)
        self.epsilon = check_positive("epsilon", epsilon)

    @property
    def s(self):
        return self._state(0)

    def _config(self):
        return {"learning_rate": self.learning_rate, "beta": self.beta,
                "epsilon": self.epsilon}

    def _apply(self, p, g, tmp, s):
        s *= self.beta
        np.multiply(g, g, out=tmp)
        tmp *= 1.0 - self.beta
        s += tmp
        np.sqrt(s, out=tmp)
        tmp += self.epsilon
        np.divide(g, tmp, out=tmp)
        tmp *= self.learning_rate
        p -= tmp


class Adam(Optimizer):
    r"""Adam: momentum and RMSprop together, each bias-corrected.

    Parameters
    ----------
    learning_rate : float
    beta1 : float in [0, 1), default 0.9
    beta2 : float in [0, 1), default 0.999
    epsilon : float, default 1e-8

    Attributes
    ----------
    v, s : dict
        First and second moment averages of each parameter's gradient.
    t : int
        Number of updates so far; the first update uses ``t = 1``.

    Notes
    -----
    .. math::
        v_{dW} &\leftarrow \beta_1 v_{dW} + (1-\beta_1)\, dW, &
        \hat v_{dW} &= \frac{v_{dW}}{1 - \beta_1^t}, \\
        s_{dW} &\leftarrow \beta_2 s_{dW} + (1-\beta_2)\, dW^2, &
        \hat s_{dW} &= \frac{s_{dW}}{1 - \beta_2^t}, \\
        W &\leftarrow W - \alpha \frac{\hat v_{dW}}{\sqrt{\hat s_{dW}} + \varepsilon}

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.optimizers import Adam
    >>> params = {"W1": np.array([[1.0]])}
    >>> out = Adam(0.01).update(params, {"dW1": np.array([[2.0]])})
    >>> round(float(out["W1"][0, 0]), 6)
    0.99
    """

    _n_state = 2

    def __init__(self, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        super().__init__(learning_rate)
        self.beta1 = check_unit_interval("beta1", beta1)
        self.beta2 = check_unit_interval("beta2", beta2)
        self.epsilon = check_positive("epsilon", epsilon)
        self.t = 0

    @property
    def v(self):
        return self._state(0)

    @property
    def s(self):
        return self._state(1)

    def _config(self):
        return {"learning_rate": self.learning_rate, "beta1": self.beta1,
                "beta2": self.beta2, "epsilon": self.epsilon}

    def reset(self):
        super().reset()
        self.t = 0

    def _begin_step(self):
        self.t += 1
        self._c1 = 1.0 - self.beta1**self.t
        self._root_c2 = math.sqrt(1.0 - self.beta2**self.t)

    def _apply(self, p, g, tmp, v, s):
        b1, b2 = self.beta1, self.beta2
        v *= b1
        np.multiply(g, 1.0 - b1, out=tmp)
        v += tmp
        s *= b2
        np.multiply(g, g, out=tmp)
        tmp *= 1.0 - b2
        s += tmp
        # With v_hat = v / c1 and s_hat = s / c2, multiplying the fraction's top
        # and bottom by sqrt(c2) gives the same step in one pass fewer:
        # alpha v_hat / (sqrt(s_hat) + eps) = alpha sqrt(c2) / c1 * v / (sqrt(s) + eps sqrt(c2))
        np.sqrt(s, out=tmp)
        tmp += self.epsilon * self._root_c2
        np.divide(v, tmp, out=tmp)
        tmp *= self.learning_rate * self._root_c2 / self._c1
        p -= tmp
