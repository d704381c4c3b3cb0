"""Gradient descent, momentum, RMSprop and Adam, following the course's formulas.

Derived in :doc:`/part2/optimizers`. Each optimizer keeps its state (velocity
``v``, squared average ``s``, step count ``t``) per parameter name and updates
the parameter arrays **in place**, without allocating in the loop: ``update``
returns the same dict it was given, holding the same (now updated) arrays.
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import check_positive

__all__ = ["Adam", "GradientDescent", "Momentum", "Optimizer", "RMSprop"]


def _check_beta(name, beta):
    beta = check_positive(name, beta, allow_zero=True)
    if beta >= 1:
        raise ValueError(f"{name} must be in [0, 1); got {beta}")
    return beta


class Optimizer:
    """Base class: holds the learning rate and per-parameter scratch space."""

    def __init__(self, learning_rate):
        self.learning_rate = check_positive("learning_rate", learning_rate)
        self._tmp = {}

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self._config().items())
        return f"{type(self).__name__}({args})"

    def _config(self):
        return {"learning_rate": self.learning_rate}

    def reset(self):
        """Forget all state (velocities, averages, step count)."""
        self._tmp = {}

    def update(self, params, grads):
        """Apply one step to every parameter in ``params`` in place; returns ``params``.

        ``grads`` must hold ``"d" + name`` for every ``name`` in ``params``, of
        the same shape.
        """
        if not isinstance(params, dict) or not params:
            raise TypeError(f"params must be a non-empty dict of arrays; got {type(params).__name__}")
        if not isinstance(grads, dict):
            raise TypeError(f"grads must be a dict of arrays; got {type(grads).__name__}")
        for name, p in params.items():
            if not isinstance(p, np.ndarray) or not np.issubdtype(p.dtype, np.floating):
                raise TypeError(
                    f"params['{name}'] must be a floating-point ndarray (updated in place); "
                    f"got {type(p).__name__}"
                )
            g = grads.get("d" + name)
            if g is None:
                raise ValueError(
                    f"grads must have the key 'd{name}' for parameter '{name}'; got keys "
                    f"{sorted(grads)}"
                )
            if np.shape(g) != p.shape:
                raise ValueError(
                    f"grads['d{name}'] must have the shape of params['{name}'], {p.shape}; "
                    f"got {np.shape(g)}"
                )
        self.learning_rate = check_positive("learning_rate", self.learning_rate)
        return self._update(params, grads)

    def _update(self, params, grads):
        self._begin_step()
        for name, p in params.items():
            tmp = self._tmp.get(name)
            if tmp is None or tmp.shape != p.shape or tmp.dtype != p.dtype:
                tmp = self._tmp[name] = np.empty_like(p)
                self._init_state(name, p)
            self._step(name, p, grads["d" + name], tmp)
        return params

    def _begin_step(self):
        pass

    def _init_state(self, name, p):
        pass

    def _step(self, name, p, g, tmp):
        raise NotImplementedError


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

    def _step(self, name, p, g, tmp):
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

    def __init__(self, learning_rate, beta=0.9):
        super().__init__(learning_rate)
        self.beta = _check_beta("beta", beta)
        self.v = {}

    def _config(self):
        return {"learning_rate": self.learning_rate, "beta": self.beta}

    def reset(self):
        super().reset()
        self.v = {}

    def _init_state(self, name, p):
        self.v[name] = np.zeros_like(p)

    def _step(self, name, p, g, tmp):
        v = self.v[name]
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

    def __init__(self, learning_rate, beta=0.999, epsilon=1e-8):
        super().__init__(learning_rate)
        self.beta = _check_beta("beta", beta)
        self.epsilon = check_positive("epsilon", epsilon)
        self.s = {}

    def _config(self):
        return {"learning_rate": self.learning_rate, "beta": self.beta,
                "epsilon": self.epsilon}

    def reset(self):
        super().reset()
        self.s = {}

    def _init_state(self, name, p):
        self.s[name] = np.zeros_like(p)

    def _step(self, name, p, g, tmp):
        s = self.s[name]
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

    def __init__(self, learning_rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        super().__init__(learning_rate)
        self.beta1 = _check_beta("beta1", beta1)
        self.beta2 = _check_beta("beta2", beta2)
        self.epsilon = check_positive("epsilon", epsilon)
        self.v, self.s, self.t = {}, {}, 0

    def _config(self):
        return {"learning_rate": self.learning_rate, "beta1": self.beta1,
                "beta2": self.beta2, "epsilon": self.epsilon}

    def reset(self):
        super().reset()
        self.v, self.s, self.t = {}, {}, 0

    def _init_state(self, name, p):
        self.v[name] = np.zeros_like(p)
        self.s[name] = np.zeros_like(p)

    def _begin_step(self):
        self.t += 1
        self._c1 = 1.0 - self.beta1**self.t
        self._c2 = 1.0 - self.beta2**self.t

    def _step(self, name, p, g, tmp):
        v, s = self.v[name], self.s[name]
        b1, b2 = self.beta1, self.beta2
        v *= b1
        np.multiply(g, 1.0 - b1, out=tmp)
        v += tmp
        s *= b2
        np.multiply(g, g, out=tmp)
        tmp *= 1.0 - b2
        s += tmp
        # sqrt(s_hat) + eps = sqrt(s) / sqrt(c2) + eps; v_hat = v / c1
        np.sqrt(s, out=tmp)
        tmp *= 1.0 / math.sqrt(self._c2)
        tmp += self.epsilon
        np.divide(v, tmp, out=tmp)
        tmp *= self.learning_rate / self._c1
        p -= tmp
