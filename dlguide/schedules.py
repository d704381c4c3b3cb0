"""Learning-rate schedules: alpha as a function of the epoch.

Derived in :doc:`/part2/learning-rate-decay`. Each takes the initial rate
``learning_rate0`` and the epoch number (counting from 0), so any of them, with
its other arguments bound by ``functools.partial``, can be passed to
:func:`dlguide.train.fit` as ``schedule``.
"""

from __future__ import annotations

import math

from ._validation import check_positive

__all__ = [
    "exponential_decay",
    "inverse_sqrt_decay",
    "inverse_time_decay",
    "schedule_lr_decay",
    "staircase_decay",
]


def _check(learning_rate0, epoch):
    return (check_positive("learning_rate0", learning_rate0),
            check_positive("epoch", epoch, integer=True, allow_zero=True))


def inverse_time_decay(learning_rate0, epoch, decay_rate):
    r"""Inverse-time decay, :math:`\alpha = \alpha_0 / (1 + \text{decay\_rate} \cdot \text{epoch})`.

    (The notes misprint this with :math:`\lambda`; it is the learning rate.)

    Examples
    --------
    >>> from dlguide.schedules import inverse_time_decay
    >>> inverse_time_decay(0.5, 2, 1)
    0.16666666666666666
    """
    learning_rate0, epoch = _check(learning_rate0, epoch)
    decay_rate = check_positive("decay_rate", decay_rate, allow_zero=True)
    return learning_rate0 / (1.0 + decay_rate * epoch)


def schedule_lr_decay(learning_rate0, epoch, decay_rate, time_interval=1000):
    r"""Inverse-time decay applied in steps, every ``time_interval`` epochs.

    .. math:: \alpha = \frac{\alpha_0}{1 + \text{decay\_rate} \cdot
              \lfloor \text{epoch} / \text{time\_interval} \rfloor}

    Examples
    --------
    >>> from dlguide.schedules import schedule_lr_decay
    >>> schedule_lr_decay(0.5, 100, 0.3, time_interval=100)
    0.3846153846153846
    >>> schedule_lr_decay(0.5, 99, 0.3, time_interval=100)
    0.5
    """
    learning_rate0, epoch = _check(learning_rate0, epoch)
    decay_rate = check_positive("decay_rate", decay_rate, allow_zero=True)
    time_interval = check_positive("time_interval", time_interval, integer=True)
    return learning_rate0 / (1.0 + decay_rate * (epoch // time_interval))


def exponential_decay(learning_rate0, epoch, decay_rate=0.95):
    r"""Exponential decay, :math:`\alpha = \alpha_0 \cdot \text{decay\_rate}^{\text{epoch}}`.

    Examples
    --------
    >>> from dlguide.schedules import exponential_decay
    >>> round(exponential_decay(0.2, 2, 0.5), 12)
    0.05
    """
    learning_rate0, epoch = _check(learning_rate0, epoch)
    decay_rate = check_positive("decay_rate", decay_rate)
    if decay_rate > 1:
        raise ValueError(f"decay_rate must be in (0, 1]; got {decay_rate}")
    return learning_rate0 * decay_rate**epoch


def inverse_sqrt_decay(learning_rate0, epoch, k=1.0):
    r"""Decay with the square root of the epoch, :math:`\alpha = k\,\alpha_0 / \sqrt{\text{epoch} + 1}`.

    The course writes :math:`k\alpha_0/\sqrt{t}` with epochs counted from 1;
    here epochs count from 0, hence the :math:`+1`.

    Examples
    --------
    >>> from dlguide.schedules import inverse_sqrt_decay
    >>> inverse_sqrt_decay(0.3, 3)
    0.15
    """
    learning_rate0, epoch = _check(learning_rate0, epoch)
    k = check_positive("k", k)
    if not math.isfinite(k * learning_rate0):
        raise ValueError(f"k * learning_rate0 must be finite; got k={k:g} and "
                         f"learning_rate0={learning_rate0:g}")
    return k * learning_rate0 / math.sqrt(epoch + 1)


def staircase_decay(learning_rate0, epoch, drop=0.5, epochs_per_drop=10):
    r"""Discrete staircase: multiply by ``drop`` every ``epochs_per_drop`` epochs.

    .. math:: \alpha = \alpha_0 \cdot \text{drop}^{\lfloor \text{epoch}/\text{epochs\_per\_drop} \rfloor}

    Examples
    --------
    >>> from dlguide.schedules import staircase_decay
    >>> [staircase_decay(1.0, e, 0.5, 10) for e in (0, 9, 10, 25)]
    [1.0, 1.0, 0.5, 0.25]
    """
    learning_rate0, epoch = _check(learning_rate0, epoch)
    drop = check_positive("drop", drop)
    if drop > 1:
        raise ValueError(f"drop must be in (0, 1]; got {drop}")
    epochs_per_drop = check_positive("epochs_per_drop", epochs_per_drop, integer=True)
    return learning_rate0 * drop ** (epoch // epochs_per_drop)
