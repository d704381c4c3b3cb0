"""Gradient checking with two-sided differences.

Derived in :doc:`/part2/gradient-checking`.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_array, check_grads, check_positive

__all__ = ["gradient_check", "numerical_gradient", "relative_difference"]


def _check_cost_fn(cost_fn):
    if not callable(cost_fn):
        raise TypeError(
            f"cost_fn must be a callable cost_fn(params) -> float; got {type(cost_fn).__name__}"
        )


def _check_param_dict(params):
    if not isinstance(params, dict) or not params:
        raise TypeError(
            f"params must be a non-empty dict of arrays; got {type(params).__name__}"
        )
    for k, v in params.items():
        check_array(f"params[{k!r}]", v, ndim=None, shape_hint="any shape")


def _cost(cost_fn, params, where):
    """``cost_fn(params)`` as a float; a cost that is not a finite real number is refused."""
    value = cost_fn(params)
    try:
        if isinstance(value, (str, bytes, bool, np.bool_)):  # float("1.0") would pass
            raise TypeError
        cost = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"cost_fn must return a real number; got {type(value).__name__} "
                        f"({where})") from None
    if not np.isfinite(cost):
        raise ValueError(f"cost_fn must return a finite cost; got {cost} ({where})")
    return cost


def _check_step(name, theta, epsilon):
    """Every entry of ``theta`` moved by +-``epsilon`` must be finite and different
    from the entry (else the difference quotient is infinite or silently 0)."""
    with np.errstate(over="ignore"):
        up, down = theta + epsilon, theta - epsilon
    bad = ~np.isfinite(up) | ~np.isfinite(down)
    if bad.any():
        raise ValueError(
            f"epsilon must be small enough that params[{name!r}] +- epsilon is finite; got "
            f"epsilon={epsilon:g} and an entry {theta[bad].flat[0]:g}"
        )
    lost = (up == theta) | (down == theta)
    if lost.any():
        raise ValueError(
            f"epsilon must be large enough to change every entry of params[{name!r}] (else "
            f"the difference quotient is 0); got epsilon={epsilon:g}, which is lost in the "
            f"rounding of the entry {theta[lost].flat[0]:g}"
        )


def numerical_gradient(cost_fn, params, *, epsilon=1e-7):
    r"""Two-sided finite-difference gradient of ``cost_fn`` at ``params``.

    Parameters
    ----------
    cost_fn : callable
        ``cost_fn(params) -> float``.
    params : dict of ndarray
    epsilon : float, default 1e-7

    Returns
    -------
    grads : dict
        ``{"d" + name: array shaped like params[name]}``.

    Notes
    -----
    .. math:: \frac{\partial J}{\partial \theta_i} \approx
              \frac{J(\theta + \varepsilon e_i) - J(\theta - \varepsilon e_i)}{2\varepsilon}

    The error is :math:`O(\varepsilon^2)`, against :math:`O(\varepsilon)` for
    the one-sided difference.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.gradcheck import numerical_gradient
    >>> g = numerical_gradient(lambda p: float(np.sum(p["w"] ** 2)), {"w": np.array([[3.0]])})
    >>> round(float(g["dw"][0, 0]), 6)
    6.0
    """
    _check_cost_fn(cost_fn)
    _check_param_dict(params)
    epsilon = check_positive("epsilon", epsilon)
    work = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    for name, theta in work.items():
        _check_step(name, theta, epsilon)
    grads = {}
    for name, theta in work.items():
        g = np.zeros_like(theta)
        flat, gflat = theta.reshape(-1), g.reshape(-1)
        for i in range(flat.size):
            old = flat[i]
            flat[i] = old + epsilon
            plus = _cost(cost_fn, work, f"at params[{name!r}] entry {i} + epsilon")
            flat[i] = old - epsilon
            minus = _cost(cost_fn, work, f"at params[{name!r}] entry {i} - epsilon")
            flat[i] = old
            gflat[i] = (plus - minus) / (2.0 * epsilon)
            if not np.isfinite(gflat[i]):
                raise ValueError(
                    f"cost_fn must change by a finite amount over 2 * epsilon; at params[{name!r}] "
                    f"entry {i} its difference quotient overflows: ({plus:g} - {minus:g}) / "
                    f"(2 * {epsilon:g})"
                )
        grads["d" + name] = g
    return grads


def relative_difference(grads, approx):
    r"""Relative difference :math:`\lVert g - \hat g\rVert / (\lVert g\rVert + \lVert \hat g\rVert)`.

    Both dicts are flattened in the order of ``approx``'s keys.

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.gradcheck import relative_difference
    >>> relative_difference({"dw": np.array([1.0])}, {"dw": np.array([1.0])})
    0.0
    """
    for name, d in (("grads", grads), ("approx", approx)):
        if not isinstance(d, dict) or not d:
            raise TypeError(f"{name} must be a non-empty dict of arrays; got "
                            f"{type(d).__name__}")
    missing = sorted(map(str, set(approx) - set(grads)))
    if missing:
        raise ValueError(f"grads is missing the key(s) {missing}; got keys "
                         f"{sorted(map(str, grads))}")
    g_parts, a_parts = [], []
    for k in approx:
        g_k = check_array(f"grads[{k!r}]", grads[k], ndim=None,
                          shape_hint="the shape of its parameter", allow_empty=True)
        a_k = check_array(f"approx[{k!r}]", approx[k], ndim=None,
                          shape_hint="the shape of its parameter", allow_empty=True)
        if g_k.shape != a_k.shape:
            raise ValueError(f"grads[{k!r}] and approx[{k!r}] must have the same shape; got "
                             f"{g_k.shape} and {a_k.shape}")
        g_parts.append(g_k.astype(np.float64).ravel())
        a_parts.append(a_k.astype(np.float64).ravel())
    g, a = np.concatenate(g_parts), np.concatenate(a_parts)
    with np.errstate(over="ignore", invalid="ignore"):
        denom = np.linalg.norm(g) + np.linalg.norm(a)
        diff = np.linalg.norm(g - a)
    if not (np.isfinite(denom) and np.isfinite(diff)):
        # Values near the float64 limit, whose squares overflow: the ratio does
        # not change when both are divided by the largest magnitude.
        scale = max(np.abs(g).max(), np.abs(a).max())
        g, a = g / scale, a / scale
        denom = np.linalg.norm(g) + np.linalg.norm(a)
        diff = np.linalg.norm(g - a)
    return 0.0 if denom == 0 else float(diff / denom)


def gradient_check(cost_fn, params, grads, *, epsilon=1e-7):
    r"""Compare analytic ``grads`` with a two-sided numerical gradient.

    Parameters
    ----------
    cost_fn : callable
        ``cost_fn(params) -> float``; it must not be random (no dropout).
    params : dict of ndarray
    grads : dict of ndarray
        ``{"d" + name: ...}`` for every name in ``params``.
    epsilon : float, default 1e-7

    Returns
    -------
    difference : float
        Below about 1e-7 means the backward pass is right; above 1e-3 means
        something is wrong.

    Notes
    -----
    .. math:: \text{difference} =
              \frac{\lVert d\theta - d\theta_{approx} \rVert_2}
                   {\lVert d\theta \rVert_2 + \lVert d\theta_{approx} \rVert_2}

    Examples
    --------
    >>> import numpy as np
    >>> from dlguide.gradcheck import gradient_check
    >>> params = {"w": np.array([[1.0, -2.0]])}
    >>> cost = lambda p: float(np.sum(p["w"] ** 3))
    >>> gradient_check(cost, params, {"dw": 3 * params["w"] ** 2}) < 1e-7
    True
    """
    _check_param_dict(params)
    check_grads(grads, params)
    approx = numerical_gradient(cost_fn, params, epsilon=epsilon)
    return relative_difference(grads, approx)
