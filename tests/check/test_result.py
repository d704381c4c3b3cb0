"""The result a grader returns."""

from __future__ import annotations

import re

import numpy as np
from course_solutions import ok_linear_backward, ok_sigmoid

from dlguide import check

# =============================================================================
# The result object
# =============================================================================


def sigmoid_flipped_sign(z):
    return 1 / (1 + np.exp(z))


def linear_backward_no_m(dZ, cache):
    dA_prev, dW, db = ok_linear_backward(dZ, cache)
    m = dZ.shape[1]
    return dA_prev, dW * m, db * m


def test_result_prints_its_message():
    good = check.sigmoid(ok_sigmoid)
    bad = check.sigmoid(sigmoid_flipped_sign)
    assert bool(good)
    assert not bool(bad)
    assert str(good) == repr(good) == good.message
    assert str(bad) == repr(bad) == bad.message
    assert good.name == bad.name == "sigmoid"
    html_good, html_bad = good._repr_html_(), bad._repr_html_()
    assert "#2e7d32" in html_good
    assert "#c62828" in html_bad
    assert html_bad.startswith("<pre")
    assert "sign of the exponent" in html_bad


def test_html_is_escaped():
    result = check.sigmoid(lambda z: "<b>")
    assert "<b>" not in result._repr_html_()


def test_failure_message_first_line_names_the_mistake():
    message = check.linear_backward(linear_backward_no_m).message
    first, *rest = message.splitlines()
    assert first == "linear_backward failed: dW is off by a factor of m = 7: it is m times too large"
    assert any(line.startswith("  Test case: dZ (4, 7)") for line in rest)
    assert re.search(r"cache \(\(3, 7\), \(4, 3\), \(4, 1\)\)", message)
