"""Tests of dlguide.schedules against their formulas, with the course's example."""

from __future__ import annotations

import functools
import itertools
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlguide.schedules import (
    exponential_decay,
    inverse_sqrt_decay,
    inverse_time_decay,
    schedule_lr_decay,
    staircase_decay,
)

rates = st.floats(1e-6, 10.0)
epochs = st.integers(0, 10_000)


def test_course_inverse_time_decay_value():
    assert inverse_time_decay(0.5, 2, 1) == 0.16666666666666666
    assert inverse_time_decay(0.5, 0, 1) == 0.5


@given(lr0=rates, epoch=epochs, decay=st.floats(0.0, 10.0))
def test_inverse_time_decay_formula(lr0, epoch, decay):
    assert inverse_time_decay(lr0, epoch, decay) == pytest.approx(lr0 / (1 + decay * epoch),
                                                                  rel=1e-14)


@given(lr0=rates, epoch=epochs, decay=st.floats(0.0, 10.0), interval=st.integers(1, 2000))
def test_schedule_lr_decay_formula(lr0, epoch, decay, interval):
    expected = lr0 / (1 + decay * math.floor(epoch / interval))
    assert schedule_lr_decay(lr0, epoch, decay, interval) == pytest.approx(expected, rel=1e-14)


def test_schedule_lr_decay_steps_every_time_interval_epochs():
    values = [schedule_lr_decay(0.1, e, 1.0, time_interval=1000) for e in range(3500)]
    # constant inside each interval, one step down at each multiple of 1000
    changes = [e for e in range(1, 3500) if values[e] != values[e - 1]]
    assert changes == [1000, 2000, 3000]
    assert values[999] == 0.1
    assert values[1000] == pytest.approx(0.05)
    assert values[2000] == pytest.approx(0.1 / 3)
    assert values[3499] == pytest.approx(0.025)
    assert schedule_lr_decay(0.5, 100, 0.3, time_interval=100) == pytest.approx(0.5 / 1.3)


def test_schedule_lr_decay_default_interval_is_1000():
    assert schedule_lr_decay(1.0, 999, 1.0) == 1.0
    assert schedule_lr_decay(1.0, 1000, 1.0) == 0.5


@given(lr0=rates, epoch=st.integers(0, 500), decay=st.floats(0.01, 1.0))
def test_exponential_decay_formula(lr0, epoch, decay):
    assert exponential_decay(lr0, epoch, decay) == pytest.approx(lr0 * decay**epoch, rel=1e-12)


def test_exponential_decay_values():
    assert exponential_decay(0.2, 2, 0.5) == pytest.approx(0.05, rel=1e-15)
    assert exponential_decay(0.2, 0) == 0.2
    assert exponential_decay(1.0, 3) == pytest.approx(0.95**3)  # default decay_rate 0.95
    assert exponential_decay(0.3, 40, 1.0) == 0.3  # decay_rate 1: constant


@given(lr0=rates, epoch=epochs, k=st.floats(0.01, 10.0))
def test_inverse_sqrt_decay_formula(lr0, epoch, k):
    assert inverse_sqrt_decay(lr0, epoch, k) == pytest.approx(k * lr0 / math.sqrt(epoch + 1),
                                                              rel=1e-14)


def test_inverse_sqrt_decay_values():
    assert inverse_sqrt_decay(0.3, 3) == pytest.approx(0.15, rel=1e-15)
    assert inverse_sqrt_decay(0.3, 0) == 0.3  # epoch 0 is the course's t = 1
    assert inverse_sqrt_decay(0.3, 8, k=2.0) == pytest.approx(0.2, rel=1e-15)


@given(lr0=rates, epoch=epochs, drop=st.floats(0.01, 1.0), every=st.integers(1, 100))
def test_staircase_decay_formula(lr0, epoch, drop, every):
    assert staircase_decay(lr0, epoch, drop, every) == pytest.approx(
        lr0 * drop ** (epoch // every), rel=1e-12)


def test_staircase_decay_values():
    assert [staircase_decay(1.0, e, 0.5, 10) for e in (0, 9, 10, 19, 20, 25)] == \
        [1.0, 1.0, 0.5, 0.5, 0.25, 0.25]


ALL = {
    "inverse_time": functools.partial(inverse_time_decay, decay_rate=0.5),
    "schedule_lr": functools.partial(schedule_lr_decay, decay_rate=0.5, time_interval=3),
    "exponential": functools.partial(exponential_decay, decay_rate=0.9),
    "inverse_sqrt": inverse_sqrt_decay,
    "staircase": functools.partial(staircase_decay, drop=0.5, epochs_per_drop=4),
}


@pytest.mark.parametrize("name", sorted(ALL))
def test_schedules_start_at_lr0_and_never_increase(name):
    values = [ALL[name](0.2, e) for e in range(60)]
    assert values[0] == pytest.approx(0.2, rel=1e-15)
    assert all(b <= a for a, b in itertools.pairwise(values))
    assert values[-1] < values[0]
    assert all(isinstance(v, float) for v in values)


@pytest.mark.parametrize("name", sorted(ALL))
def test_numpy_integer_epochs_are_accepted(name):
    assert ALL[name](0.2, np.int64(7)) == ALL[name](0.2, 7)


@pytest.mark.parametrize("name", sorted(ALL))
@pytest.mark.parametrize(("lr0", "epoch", "exc", "match"), [
    (0.0, 1, ValueError, "learning_rate0 must be finite and > 0"),
    (-0.1, 1, ValueError, "learning_rate0"),
    (float("inf"), 1, ValueError, "learning_rate0"),
    ("0.1", 1, TypeError, "learning_rate0 must be a real number"),
    (0.1, -1, ValueError, "epoch must be finite and >= 0"),
    (0.1, 1.5, TypeError, "epoch must be an int"),
    (0.1, True, TypeError, "epoch must be an int"),
])
def test_bad_learning_rate0_or_epoch(name, lr0, epoch, exc, match):
    with pytest.raises(exc, match=match):
        ALL[name](lr0, epoch)


@pytest.mark.parametrize(("call", "exc", "match"), [
    (lambda: inverse_time_decay(0.1, 1, -1.0), ValueError, "decay_rate must be finite and >= 0"),
    (lambda: schedule_lr_decay(0.1, 1, -0.5), ValueError, "decay_rate"),
    (lambda: schedule_lr_decay(0.1, 1, 0.5, time_interval=0), ValueError,
     "time_interval must be finite and > 0"),
    (lambda: schedule_lr_decay(0.1, 1, 0.5, time_interval=2.0), TypeError,
     "time_interval must be an int"),
    (lambda: exponential_decay(0.1, 1, 1.5), ValueError, r"decay_rate must be in \(0, 1\]"),
    (lambda: exponential_decay(0.1, 1, 0.0), ValueError, "decay_rate must be finite and > 0"),
    (lambda: inverse_sqrt_decay(0.1, 1, k=0.0), ValueError, "k must be finite and > 0"),
    (lambda: staircase_decay(0.1, 1, drop=2.0), ValueError, r"drop must be in \(0, 1\]"),
    (lambda: staircase_decay(0.1, 1, drop=0.0), ValueError, "drop must be finite and > 0"),
    (lambda: staircase_decay(0.1, 1, epochs_per_drop=0), ValueError, "epochs_per_drop"),
])
def test_bad_schedule_arguments(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
