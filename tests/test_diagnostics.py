"""Tests of dlguide.diagnostics.diagnose on the course's cases, its advice and bad input."""

from __future__ import annotations

import pytest

from dlguide.diagnostics import Diagnosis, diagnose

BOTH = "high bias and high variance"
NEITHER = "neither: low bias and low variance"


@pytest.mark.parametrize(("train", "dev", "base", "bias", "variance", "verdict"), [
    (0.01, 0.11, 0.0, False, True, "high variance"),
    (0.15, 0.16, 0.0, True, False, "high bias"),
    (0.15, 0.30, 0.0, True, True, BOTH),
    (0.005, 0.01, 0.0, False, False, NEITHER),
    (0.15, 0.16, 0.15, False, False, NEITHER),  # blurry images: 15% is the best possible
])
def test_course_cases(train, dev, base, bias, variance, verdict):
    d = diagnose(train, dev, base)
    assert isinstance(d, Diagnosis)
    assert d.high_bias is bias
    assert d.high_variance is variance
    assert d.verdict == verdict
    assert d.avoidable_bias == pytest.approx(train - base, abs=1e-15)
    assert d.variance == pytest.approx(dev - train, abs=1e-15)


def test_high_bias_advice():
    advice = diagnose(0.15, 0.16).advice
    assert any("bigger network" in a for a in advice)
    assert any("train longer" in a for a in advice)
    assert not any("more training data" in a for a in advice)
    assert not any("regularization" in a for a in advice)


def test_high_variance_advice():
    advice = diagnose(0.01, 0.11).advice
    assert any("more training data" in a for a in advice)
    assert any("regularization" in a for a in advice)
    assert not any("bigger network" in a for a in advice)


def test_both_advice_fixes_bias_first_without_repeats():
    advice = diagnose(0.15, 0.30).advice
    first_bias = min(i for i, a in enumerate(advice) if "bigger network" in a)
    first_variance = min(i for i, a in enumerate(advice) if "more training data" in a)
    assert first_bias < first_variance
    assert len(advice) == len(set(advice))
    assert sum("architecture" in a for a in advice) == 1


def test_neither_advice_says_done():
    assert diagnose(0.005, 0.01).advice == (
        "done: the model fits the training set and generalizes",)


def test_tolerance_sets_what_counts_as_high():
    assert diagnose(0.01, 0.11, tolerance=0.2).verdict == NEITHER
    assert diagnose(0.005, 0.01, tolerance=0.001).verdict == BOTH
    assert diagnose(0.04, 0.07, tolerance=0.0).verdict == BOTH


def test_str_is_a_short_report():
    text = str(diagnose(0.15, 0.30))
    lines = text.splitlines()
    assert lines[0] == f"{BOTH} (avoidable bias 15.0%, variance 15.0%)"
    assert len(lines) == 1 + len(diagnose(0.15, 0.30).advice)
    assert all(line.startswith("  - ") for line in lines[1:])


def test_base_error_above_train_error_is_no_bias():
    d = diagnose(0.05, 0.06, base_error=0.08)
    assert d.avoidable_bias == pytest.approx(-0.03)
    assert not d.high_bias


@pytest.mark.parametrize(("kwargs", "exc", "match"), [
    ({"train_error": -0.01}, ValueError, "train_error must be finite and >= 0"),
    ({"train_error": 1.5}, ValueError, r"train_error must be an error rate in \[0, 1\]"),
    ({"dev_error": 2.0}, ValueError, "dev_error must be an error rate"),
    ({"dev_error": float("nan")}, ValueError, "dev_error"),
    ({"base_error": 1.01}, ValueError, "base_error must be an error rate"),
    ({"base_error": -0.1}, ValueError, "base_error"),
    ({"train_error": "1%"}, TypeError, "train_error must be a real number"),
    ({"dev_error": None}, TypeError, "dev_error must be a real number"),
    ({"tolerance": -0.01}, ValueError, "tolerance must be finite and >= 0"),
])
def test_bad_rates_are_refused(kwargs, exc, match):
    args = {"train_error": 0.1, "dev_error": 0.2, **kwargs}
    with pytest.raises(exc, match=match):
        diagnose(**args)


def test_percentages_are_not_rates():
    with pytest.raises(ValueError, match="error rate"):
        diagnose(15, 16)


@pytest.mark.parametrize(("train", "dev"), [(0.01, 0.03), (0.03, 0.05), (0.07, 0.09),
                                            (0.1, 0.12), (0.47, 0.49)])
def test_a_gap_of_exactly_the_tolerance_is_not_high(train, dev):
    """Only a gap larger than the tolerance counts, whatever the rounding of dev - train."""
    d = diagnose(train, dev, base_error=train)
    assert not d.high_variance
    assert not d.high_bias
    assert diagnose(train, dev + 1e-6, base_error=train).high_variance
    if train >= 0.021:  # the same for the avoidable bias
        assert diagnose(train, dev, base_error=train - 0.02).verdict == NEITHER
        assert diagnose(train, dev, base_error=train - 0.021).verdict == "high bias"
