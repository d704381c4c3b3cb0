"""What the property tests (test_properties.py, test_part3.py) draw and check,
written once: broad strategies for arguments, and :func:`outcome`, the check that
a call gives its result or a refusal, never another exception, a warning or a
changed argument."""

from __future__ import annotations

import warnings

import numpy as np
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from misuse_helpers import snapshot

from dlguide import DivergenceError

__all__ = ["DTYPES", "JUNK", "arg", "finite", "outcome", "values"]

DTYPES = st.sampled_from([np.float64, np.float64, np.float64, np.float32, np.float16, np.int64,
                          np.uint8, np.bool_, np.complex128])
JUNK = st.one_of(
    st.none(), st.text(max_size=3), st.integers(), st.floats(), st.booleans(),
    st.complex_numbers(), st.lists(st.floats(), max_size=3),
    st.lists(st.lists(st.integers(0, 3), max_size=3), max_size=3),  # ragged or not
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
    st.sets(st.integers(), max_size=3), st.just(object()),
    st.just(np.array(["a", "b"])), st.just(np.array([None, 1.0], dtype=object)),
)


def values(dtype, shape, *, tame=False):
    """An array of ``dtype`` and ``shape``: any values, or (``tame``) moderate finite
    floats, so that a deeper check or the computation itself is reached."""
    if tame and np.issubdtype(dtype, np.floating):
        elements = st.floats(-10, 10, width=np.finfo(dtype).bits)
        return hnp.arrays(dtype, shape, elements=elements)
    return hnp.arrays(dtype, shape)


@st.composite
def arg(draw, shape, *, dtype=None, clean=False):
    """Usually the right shape with moderate values (float32/64, ints or bools);
    sometimes any dtype and any values (NaN, inf, 1e308, float16, complex),
    a random shape, or not an array at all. ``clean``: always the first kind."""
    # (Hypothesis starts from the simplest choices, 0 and False: they are the sound ones.)
    kind = 0 if clean else draw(st.integers(0, 19))
    if kind == 19:
        return draw(JUNK)
    if kind == 18:
        shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3))
    if kind >= 14:
        return draw(values(dtype or draw(DTYPES), shape))
    tame = st.sampled_from([np.float64, np.float64, np.float32, np.int64, np.bool_])
    return draw(values(dtype or draw(tame), shape, tame=True))


def outcome(fn, *args, allowed=(ValueError, TypeError), changes=(), **kwargs):
    """Call ``fn``; return ``(True, result)`` or ``(False, exception)`` for an allowed
    refusal. Fails on any other exception, any warning, and any changed argument
    (but the keywords in ``changes``, such as an ``rng`` drawn from, and the
    object of a method, may change when the call works)."""

    def state(ok):
        kept = {k: v for k, v in kwargs.items() if not (ok and k in changes)}
        owner = None if ok and "self" in changes else getattr(fn, "__self__", None)
        return snapshot([owner, list(args), kept])

    before = (state(True), state(False))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = (True, fn(*args, **kwargs))
        except allowed as exc:
            result = (False, exc)
    if not result[0]:
        assert str(result[1]), "an error without a message"
    assert not caught, f"warned: {[str(w.message) for w in caught]}"
    event(f"{getattr(fn, '__name__', fn)}: {'works' if result[0] else 'refused'}")
    if result[0] or isinstance(result[1], DivergenceError):  # it ran; only changes allowed
        assert state(True) == before[0], "an argument changed"
    else:
        assert state(False) == before[1], "an argument changed before the refusal"
    return result


def finite(*arrays):
    return all(np.isfinite(np.asarray(a)).all() for a in arrays)
