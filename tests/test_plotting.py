"""Tests of dlguide.plotting (drawn with the Agg backend, nothing shown)."""

from __future__ import annotations

import numpy as np
import pytest

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from dlguide.plotting import plot_costs, plot_decision_boundary  # noqa: E402

X = np.array([[0.0, 1.0, 2.0, 3.0], [0.0, 1.0, 0.5, 2.0]])
Y = np.array([[0, 0, 1, 1]])


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def right_of_1_5(G):
    return (G[0] > 1.5).astype(float).reshape(1, -1)


def test_decision_boundary_draws_regions_and_points(ax):
    calls = []

    def predict_fn(G):
        calls.append(G.shape)
        return right_of_1_5(G)

    out = plot_decision_boundary(predict_fn, X, Y, ax=ax, resolution=30, margin=0.5,
                                 title="a title")
    assert out is ax
    assert calls == [(2, 900)]  # one call on the whole grid
    assert len(ax.collections) >= 2  # filled contours and the scatter
    scatter = ax.collections[-1]
    np.testing.assert_allclose(scatter.get_offsets(), X.T)
    assert ax.get_title() == "a title"
    assert ax.get_xlabel() == "$x_1$"
    assert ax.get_ylabel() == "$x_2$"
    # The grid covers the data plus the margin.
    x0, x1 = ax.get_xlim()
    assert x0 <= -0.5 + 1e-9
    assert x1 >= 3.5 - 1e-9


def test_decision_boundary_accepts_flat_and_boolean_predictions(ax):
    plot_decision_boundary(lambda G: G[0] > 1.5, X, Y, ax=ax, resolution=10)
    plot_decision_boundary(lambda G: (G[0] > 1.5).ravel().astype(int), X, Y, ax=ax,
                           resolution=10)


def test_decision_boundary_defaults_to_current_axes():
    fig = plt.figure()
    try:
        out = plot_decision_boundary(right_of_1_5, X, Y, resolution=10)
        assert out is plt.gca()
        assert out.figure is fig
        assert out.get_title() == ""
    finally:
        plt.close(fig)


def test_plot_costs_x_axis_uses_every(ax):
    out = plot_costs([0.7, 0.5, 0.4], ax=ax, every=100, label="lr 0.1")
    assert out is ax
    line = ax.lines[0]
    np.testing.assert_array_equal(line.get_xdata(), [0, 100, 200])
    np.testing.assert_array_equal(line.get_ydata(), [0.7, 0.5, 0.4])
    assert ax.get_legend() is not None
    assert ax.get_xlabel() == "iteration"
    assert ax.get_yscale() == "linear"


def test_plot_costs_log_scale_and_no_legend(ax):
    plot_costs(np.array([1.0, 0.1, 0.01]), ax=ax, log=True, xlabel="epoch", ylabel="J")
    assert ax.get_yscale() == "log"
    assert ax.get_legend() is None
    assert ax.get_xlabel() == "epoch"
    assert ax.get_ylabel() == "J"


def test_plot_costs_defaults_to_current_axes():
    fig = plt.figure()
    try:
        assert plot_costs([1.0, 0.5]) is plt.gca()
    finally:
        plt.close(fig)


# --- bad input ----------------------------------------------------------------------------


def test_decision_boundary_bad_input(ax):
    with pytest.raises(TypeError, match=r"predict_fn must be callable; got ndarray"):
        plot_decision_boundary(np.ones(3), X, Y, ax=ax)
    with pytest.raises(ValueError, match=r"X must have 2 row\(s\), shape \(2, m\); got shape "
                                         r"\(3, 4\)"):
        plot_decision_boundary(right_of_1_5, np.ones((3, 4)), Y, ax=ax)
    with pytest.raises(ValueError, match=r"X and Y must have the same number of columns"):
        plot_decision_boundary(right_of_1_5, X, np.array([[0, 1]]), ax=ax)
    with pytest.raises(ValueError, match=r"Y must be a 2-D array.*reshape"):
        plot_decision_boundary(right_of_1_5, X, np.array([0, 0, 1, 1]), ax=ax)
    with pytest.raises(ValueError, match=r"resolution must be finite and > 0; got 0"):
        plot_decision_boundary(right_of_1_5, X, Y, ax=ax, resolution=0)


def test_plot_costs_bad_input(ax):
    with pytest.raises(ValueError, match=r"costs must be a 1-D array of shape \(T,\); got shape "
                                         r"\(2, 2\)"):
        plot_costs([[1.0, 2.0], [3.0, 4.0]], ax=ax)
    with pytest.raises(ValueError, match=r"every must be finite and > 0; got 0"):
        plot_costs([1.0], ax=ax, every=0)
    with pytest.raises(TypeError, match=r"every must be an int; got float"):
        plot_costs([1.0], ax=ax, every=1.5)
