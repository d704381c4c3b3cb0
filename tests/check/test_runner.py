"""The runner: a grader never raises, reports the learner's errors with their line, and
keeps the learner's code from fooling it (patches, lookups, endless loops, floods)."""

from __future__ import annotations

import numpy as np
import pytest
from course_solutions import ok_adam, ok_sigmoid
from grading import grade

from dlguide import check

# =============================================================================
# A grader never raises; the learner's errors are reported with their line
# =============================================================================


def raises_on_line(*args, **kwargs):
    x = 1
    return x / 0  # the line the grader must quote


GARBAGE = [
    pytest.param(lambda *a, **k: None, ("none",), id="returns-None"),
    pytest.param(lambda *a, **k: "hello", ("wrong type",), id="returns-str"),
    pytest.param(lambda *a, **k: object(), ("object",), id="returns-object"),
    pytest.param(lambda *a, **k: (None, None, None), ("failed",), id="returns-Nones"),
    pytest.param(lambda *a, **k: np.full((3, 3), np.nan), ("failed",), id="returns-nan"),
    pytest.param(lambda *a, **k: np.log(-np.ones((3, 7))), ("warned",), id="warns"),
    pytest.param(lambda *a, **k: {"dW1": "x", "W1": "x", "dw": "x", "Z1": "x"}, ("failed",),
                 id="returns-dict-of-str"),
    pytest.param(lambda: 0, ("raised typeerror", "grader calls your function as"),
                 id="wrong-arity"),
    pytest.param(raises_on_line, ("raised zerodivisionerror", "return x / 0"),
                 id="raises"),
    pytest.param(lambda *a, **k: [[1, 2], [3]], ("failed",), id="returns-ragged-list"),
    pytest.param(lambda *a, **k: iter([]), ("failed",), id="returns-iterator"),
]


@pytest.mark.parametrize("name", check.GRADERS)
@pytest.mark.parametrize(("fn", "words"), GARBAGE)
def test_grader_never_raises(name, fn, words):
    result = grade(name, fn)
    assert isinstance(result, check.Result)
    assert result.passed is False
    text = result.message.lower()
    for word in words:
        assert word in text, f"{word!r} not in:\n{result.message}"


def test_exception_is_reported_with_file_line_and_source():
    result = check.sigmoid(raises_on_line)
    assert not result.passed
    line = raises_on_line.__code__.co_firstlineno + 2
    assert "your function raised ZeroDivisionError: division by zero" in result.message
    assert f'test_runner.py", line {line}, in raises_on_line' in result.message
    assert "return x / 0  # the line the grader must quote" in result.message


def test_exception_deep_in_numpy_points_at_the_learners_line():
    def my_linear_backward(dZ, cache):
        _, W, _ = cache
        dA_prev = np.matmul(W, dZ)  # wrong: W.T
        return dA_prev, None, None

    result = check.linear_backward(my_linear_backward)
    assert "in my_linear_backward" in result.message
    assert "dA_prev = np.matmul(W, dZ)" in result.message


@pytest.mark.parametrize("name", check.GRADERS)
def test_exit_in_the_learners_code_is_reported(name):
    def quits(*args, **kwargs):
        raise SystemExit(3)

    result = grade(name, quits)
    assert not result.passed
    assert "raised SystemExit" in result.message


@pytest.mark.parametrize("name", check.GRADERS)
def test_not_a_function(name):
    result = grade(name, 42)
    assert not result.passed
    assert "expected a function" in result.message
    assert f"check.{name}(my_function)" in result.message


def test_warnings_do_not_leak_and_are_noted_on_success():
    def noisy_sigmoid(z):
        np.exp(np.full(2, 1000.0))  # overflows, then does the right thing
        return 1 / (1 + np.exp(-z))

    result = check.sigmoid(noisy_sigmoid)  # filterwarnings=error: a leak would raise here
    assert result.passed
    assert "overflow encountered in exp" in result.message
    assert "Note:" in result.message


def test_overflow_is_part_of_the_diagnosis():
    def overflowing(z):
        return np.exp(z * 1000.0)

    result = check.sigmoid(overflowing)
    assert not result.passed
    assert "NaN or infinite" in result.message
    assert "overflow encountered" in result.message


def sigmoid_tanh(z):
    return np.tanh(z)


def adam_t_plus_one(parameters, grads, v, s, t, *args):
    return ok_adam(parameters, grads, v, s, t + 1, *args)


def test_grading_is_deterministic():
    assert check.sigmoid(sigmoid_tanh).message == check.sigmoid(sigmoid_tanh).message
    assert (check.update_parameters_with_adam(adam_t_plus_one).message
            == check.update_parameters_with_adam(adam_t_plus_one).message)




# =============================================================================
# A grader that cannot be fooled
# =============================================================================


def test_a_patched_dlguide_function_is_put_back_and_named():
    import dlguide.activations as act

    original = act.sigmoid
    act.sigmoid = np.tanh  # a learner "fixes" dlguide's sigmoid to match their own
    try:
        result = check.sigmoid(act.sigmoid, seed=0)
        assert act.sigmoid is original  # put back before grading
    finally:
        act.sigmoid = original
    assert not result.passed
    assert "tanh" in result.message
    assert "replaced dlguide.activations.sigmoid" in result.message


@pytest.mark.parametrize("target", ["numpy.allclose", "dlguide.check.compare.close",
                                    "dlguide.activations.sigmoid", "dlguide.optimizers.Adam._apply"])
def test_patches_made_by_the_learners_code_are_undone(target):
    import importlib

    module_name, _, attr = target.rpartition(".")
    owner = None
    try:
        owner = importlib.import_module(module_name)
    except ModuleNotFoundError:
        mod, _, cls = module_name.rpartition(".")
        owner = getattr(importlib.import_module(mod), cls)
    original = getattr(owner, attr)

    def cheat(z):
        setattr(owner, attr, lambda *a, **k: True)  # everything "matches" from now on
        return np.zeros_like(z)

    result = check.sigmoid(cheat, seed=0)
    assert getattr(owner, attr) is original
    assert not result.passed
    assert "the grader put the original(s) back" in result.message
    assert check.sigmoid(ok_sigmoid, seed=0).passed  # and later graders are unharmed


def test_a_lookup_table_of_the_last_run_fails():
    seen = {}

    def recorder(z):
        out = ok_sigmoid(z)
        seen[z.tobytes()] = out
        return out

    assert check.sigmoid(recorder).passed

    def lookup(z):
        return seen.get(z.tobytes(), np.zeros_like(z))

    result = check.sigmoid(lookup)
    assert not result.passed
    assert "drawn at random" in result.message
    seed = int(result.message.split("seed=")[1].split(")")[0])
    assert check.sigmoid(lookup, seed=seed).message == result.message  # the seed replays it


def test_a_clipped_sigmoid_fails_at_the_extremes():
    result = check.sigmoid(lambda z: ok_sigmoid(np.clip(z, -7, 7)), seed=0)
    assert not result.passed
    assert "a case at the extremes" in result.message


def test_the_course_cost_passes_at_the_extremes_and_a_floored_one_fails():
    from course_solutions import ok_compute_cost

    assert check.compute_cost(ok_compute_cost, seed=0).passed
    floored = check.compute_cost(lambda AL, Y: ok_compute_cost(np.clip(AL, 1e-4, 1 - 1e-4), Y),
                                 seed=0)
    assert not floored.passed
    assert "extremes" in floored.message


def test_an_endless_loop_is_stopped_and_reported():
    def spins(z):
        while True:
            pass

    result = check.sigmoid(spins, time_limit=0.3)
    assert not result.passed
    assert "did not return within 0.3 s" in result.message
    assert "while True" in result.message or "pass" in result.message
    assert "time_limit=60" in result.message


def test_an_endless_loop_that_swallows_exceptions_is_stopped():
    import time

    def stubborn(z):
        while True:
            try:  # noqa: SIM105 (the point: a learner's loop that swallows exceptions)
                time.sleep(10)
            except Exception:  # the time limit is not an Exception
                pass

    result = check.sigmoid(stubborn, time_limit=0.2)
    assert "did not return within 0.2 s" in result.message


def test_the_time_limit_works_outside_the_main_thread():
    import threading

    def spins(z):
        while True:
            pass

    out = []
    t = threading.Thread(target=lambda: out.append(check.sigmoid(spins, time_limit=0.3)))
    t.start()
    t.join(10)
    assert not t.is_alive()
    assert "did not return within 0.3 s" in out[0].message


def test_the_time_limit_and_seed_are_checked():
    with pytest.raises(ValueError, match=r"check.sigmoid: time_limit must be a number of "
                                         r"seconds > 0"):
        check.sigmoid(ok_sigmoid, time_limit=0)
    with pytest.raises(TypeError, match=r"check.sigmoid: seed must be None or a non-negative int"):
        check.sigmoid(ok_sigmoid, seed=-1)


class Custom(BaseException):
    pass


@pytest.mark.parametrize("exc", [Custom("boom"), GeneratorExit(), SystemExit(2)])
def test_every_exception_of_the_learner_is_contained(exc):
    def raises(*args, **kwargs):
        raise exc

    for name in ("sigmoid", "model_backward", "update_parameters_with_adam"):
        result = grade(name, raises)
        assert not result.passed
        assert f"raised {type(exc).__name__}" in result.message


def test_keyboard_interrupt_passes():
    def interrupted(z):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        check.sigmoid(interrupted)


def test_what_the_learner_prints_is_captured_and_cut(capsys):
    def chatty(z):
        print("x" * 15_000_000)
        print("debugging", z.shape)
        return ok_sigmoid(z)

    result = check.sigmoid(chatty, seed=0)
    assert result.passed
    assert len(result.message) < 3000
    assert "Your function printed" in result.message
    out, err = capsys.readouterr()
    assert out == err == ""


def test_an_object_that_misbehaves_when_compared_is_contained():
    class Nasty:
        def __array__(self, *args, **kwargs):
            raise SystemExit("no")

        def __len__(self):
            raise GeneratorExit

    result = check.sigmoid(lambda z: Nasty(), seed=0)
    assert not result.passed
