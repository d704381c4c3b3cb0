"""Every parameter in one flat buffer (private module, plain names).

:func:`dlguide.train.fit` keeps all parameters back to back in one 1-D array,
and all gradients in another, so that an optimizer updates them in one pass
(:meth:`dlguide.optimizers.Optimizer.update_flat`). The rest of dlguide sees
them as the usual dicts ``{"W1": ..., "b1": ...}``, whose arrays are views into
the buffers.
"""

from __future__ import annotations

import numpy as np

__all__ = ["FlatLayout"]


class FlatLayout:
    """Where each parameter lives in one 1-D buffer.

    Attributes
    ----------
    slots : dict
        ``{name: (start, stop, shape)}``, in the order of the parameter dict.
    size : int
        The length of the buffer.
    """

    __slots__ = ("_hash", "size", "slots")

    def __init__(self, params):
        self._place({name: np.shape(p) for name, p in params.items()})

    @classmethod
    def for_dims(cls, dims, batch_norm=False):
        """The layout of the parameters ``W1, b1, ..., WL, bL`` of a network ``dims``
        (with batch norm, ``gamma{l}, beta{l}`` in place of the hidden layers' ``b{l}``)."""
        L = len(dims) - 1
        shapes = {}
        for l in range(1, L + 1):
            shapes[f"W{l}"] = (dims[l], dims[l - 1])
            for p in (("gamma", "beta") if batch_norm and l < L else ("b",)):
                shapes[f"{p}{l}"] = (dims[l], 1)
        layout = cls.__new__(cls)
        layout._place(shapes)
        return layout

    def _place(self, shapes):
        slots, start = {}, 0
        for name, shape in shapes.items():
            shape = tuple(int(n) for n in shape)
            stop = start + int(np.prod(shape, dtype=np.int64))
            slots[name] = (start, stop, shape)
            start = stop
        self.slots, self.size = slots, start
        self._hash = hash(tuple(slots.items()))  # looked up on every optimizer step

    def __eq__(self, other):
        return isinstance(other, FlatLayout) and self.slots == other.slots

    def __hash__(self):
        return self._hash

    def __repr__(self):
        shapes = ", ".join(f"{k} {s[2]}" for k, s in self.slots.items())
        return f"FlatLayout({shapes})"

    def views(self, flat, prefix=""):
        """``{prefix + name: view}``: each parameter as a view into ``flat``."""
        return {prefix + name: flat[a:b].reshape(shape)
                for name, (a, b, shape) in self.slots.items()}

    def pack(self, params, dtype):
        """A new buffer holding ``params`` (any dict with this layout's names)."""
        flat = np.empty(self.size, dtype=dtype)
        for name, view in self.views(flat).items():
            view[...] = params[name]
        return flat
