"""The result a grader returns."""

from __future__ import annotations

import html

__all__ = ["Result"]


class Result:
    """What a grader found: whether the function passed, and why not.

    Printing a result (``print``, ``str``, ``repr`` or a notebook's display)
    shows its message; in a notebook it is drawn with a green (passed) or red
    (failed) bar. ``bool(result)`` is ``result.passed``.

    Attributes
    ----------
    name : str
        The graded function's name, e.g. ``"sigmoid"``.
    passed : bool
        True when every test case matched the reference.
    message : str
        On success, one line. On failure, the first mistake in plain words on
        the first line, then details: the test case, the line that raised, the
        warnings NumPy gave.

    Examples
    --------
    >>> from dlguide import check
    >>> result = check.sigmoid(lambda z: z)
    >>> result.passed
    False
    >>> result.message.splitlines()[0]
    'sigmoid failed: the result has the right shape but wrong values: at index (0, 3) expected 0.0196569, got -3.90947 (the largest difference)'
    """

    __slots__ = ("message", "name", "passed")

    def __init__(self, name, passed, message):
        self.name = name
        self.passed = bool(passed)
        self.message = message

    def __bool__(self):
        return self.passed

    def __str__(self):
        return self.message

    __repr__ = __str__

    def _repr_html_(self):
        color = "#2e7d32" if self.passed else "#c62828"
        return (
            f'<pre class="dlguide-check" style="border-left: 4px solid {color}; '
            'padding: 0.4em 0.8em; margin: 0; white-space: pre-wrap;">'
            f"{html.escape(self.message)}</pre>"
        )
