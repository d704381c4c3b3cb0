"""Figures the chapters share: decision boundaries and cost curves.

Needs matplotlib, which the book installs; the rest of dlguide needs only NumPy.
"""

from __future__ import annotations

import numpy as np

from ._validation import (
    check_array,
    check_flag,
    check_positive,
    check_same_columns,
    no_overflow,
    show,
)

#: The most classes a decision boundary shows, one colour each (labels 0 .. 999).
MAX_CLASSES = 1000

__all__ = ["plot_costs", "plot_decision_boundary"]


def _check_ax(ax):
    """``ax`` must be None or a matplotlib Axes (checked before any work)."""
    if ax is not None:
        from matplotlib.axes import Axes

        if not isinstance(ax, Axes):
            raise TypeError(f"ax must be a matplotlib Axes or None; got {type(ax).__name__}")


def _axes(ax):
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.gca()


def _classes(name, values):
    """The number of colours for labels 0, 1, ...; refuses labels of MAX_CLASSES or more."""
    top = float(values.max()) if values.size else 0.0
    if top >= MAX_CLASSES:
        raise ValueError(f"{name} must hold class labels below {MAX_CLASSES} (one colour "
                         f"each); got {top:g}")
    return int(top) + 1


def plot_decision_boundary(predict_fn, X, Y, *, ax=None, resolution=200, margin=1.0,
                           title=None):
    """Shade the regions a classifier assigns to each class and scatter the data.

    Parameters
    ----------
    predict_fn : callable
        Maps an array of shape (2, k) to class predictions of shape (1, k) (or (k,)),
        finite numbers below 1000.
    X : ndarray of shape (2, m)
    Y : ndarray of shape (1, m)
        Class labels 0, 1, ..., 999 (two classes in blue and red; more in a colour scale).
    ax : matplotlib Axes, optional
        Drawn on the current axes when omitted.
    resolution : int, default 200
        Grid points along each axis.
    margin : float, default 1.0
        Space around the data.
    title : str, optional

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from dlguide.plotting import plot_decision_boundary
    >>> X, Y = np.array([[0.0, 1.0], [0.0, 1.0]]), np.array([[0, 1]])
    >>> ax = plot_decision_boundary(lambda Z: Z[:1] > 0.5, X, Y, resolution=20)
    >>> len(ax.collections) >= 2
    True
    """
    if not callable(predict_fn):
        raise TypeError(f"predict_fn must be callable; got {type(predict_fn).__name__}")
    _check_ax(ax)
    X = check_array("X", X, rows=2, shape_hint="(2, m)")
    Y = check_array("Y", Y, rows=1, shape_hint="(1, m)")
    check_same_columns("X", X, "Y", Y)
    if not np.all((Y >= 0) & (Y == np.round(Y))):
        raise ValueError("Y must hold class labels 0, 1, 2, ... (non-negative integers); got "
                         f"values such as {float(Y[(Y < 0) | (Y != np.round(Y))][0]):g}")
    resolution = check_positive("resolution", resolution, integer=True)
    if resolution < 2:
        raise ValueError(f"resolution must be at least 2 grid points per axis; got {resolution}")
    margin = check_positive("margin", margin, allow_zero=True)
    y_classes = _classes("Y", Y)
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a string or None; got {type(title).__name__}")
    with no_overflow("X and margin must be small enough that the plotted range, from "
                     "min - margin to max + margin, is finite"):
        x0 = np.linspace(X[0].min() - margin, X[0].max() + margin, resolution)
        x1 = np.linspace(X[1].min() - margin, X[1].max() + margin, resolution)
    G0, G1 = np.meshgrid(x0, x1)
    grid = np.vstack([G0.ravel(), G1.ravel()])
    out = predict_fn(grid)
    try:
        Z = np.asarray(out)
    except ValueError:  # a ragged list
        Z = np.asarray(None)
    if Z.dtype.kind not in "biuf":
        raise TypeError(f"predict_fn must return numbers (class labels); got "
                        f"{type(out).__name__} {show(out)}")
    Z = Z.astype(float)
    if Z.size != G0.size:
        raise ValueError(
            f"predict_fn must return one prediction per column of its input: (1, k) or (k,) "
            f"for k = {G0.size}; got an array of shape {Z.shape}"
        )
    if not np.isfinite(Z).all():
        raise ValueError(f"predict_fn must return finite predictions; got "
                         f"{int(Z.size - np.isfinite(Z).sum())} NaN or infinite value(s)")
    Z = Z.reshape(G0.shape)
    classes = max(y_classes, _classes("predict_fn's predictions", Z))
    cmap = "coolwarm" if classes <= 2 else "viridis"
    ax = _axes(ax)
    ax.contourf(G0, G1, Z, levels=np.arange(max(classes, 2) + 1) - 0.5, cmap=cmap, alpha=0.35)
    ax.scatter(X[0], X[1], c=Y.ravel(), cmap=cmap, s=14, edgecolors="k", linewidths=0.3,
               vmin=0, vmax=max(classes, 2) - 1)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    return ax


def plot_costs(costs, *, ax=None, every=1, label=None, xlabel="iteration",
               ylabel="cost $J$", log=False):
    """Plot a cost curve recorded every ``every`` iterations.

    Parameters
    ----------
    costs : sequence of float
    ax : matplotlib Axes, optional
    every : int, default 1
        Iterations between two recorded costs.
    label : str, optional
        Legend entry.
    xlabel, ylabel : str
    log : bool, default False
        Logarithmic cost axis.

    Returns
    -------
    ax : matplotlib Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from dlguide.plotting import plot_costs
    >>> ax = plot_costs([0.7, 0.5, 0.4], every=100)
    >>> ax.lines[0].get_xdata().tolist()
    [0, 100, 200]
    """
    costs = check_array("costs", costs, ndim=1, shape_hint="(T,)", finite=False)
    every = check_positive("every", every, integer=True)
    if (costs.size - 1) * every >= 2**63:
        raise ValueError(f"every must be small enough that the last iteration, "
                         f"{(costs.size - 1) * every:.3g}, fits in int64; got {every:.3g}")
    log = check_flag("log", log)
    _check_ax(ax)
    ax = _axes(ax)
    ax.plot(np.arange(costs.size) * every, costs, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if log:
        ax.set_yscale("log")
    if label:
        ax.legend()
    return ax
