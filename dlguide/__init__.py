"""dlguide: the NumPy code of an executable study guide to deep learning.

Each module implements one concept of the book, forward beside backward, with
examples as columns: ``X`` has shape (n_x, m) and ``Y`` has shape (1, m).
The public modules check their arguments and run the kernels of the private
modules ``_kernels`` and ``_model``; :mod:`dlguide.check` grades the
assignments.
"""

# isort: off
from . import (
    activations,
    averages,
    data,
    diagnostics,
    gradcheck,
    initializers,
    layers,
    logistic,
    losses,
    network,
    optimizers,
    regularization,
    schedules,
    step,
    train,
)
from ._resolve import DivergenceError
from . import check  # last: its graders snapshot every module above
# isort: on

__version__ = "0.1.0"

__all__ = [
    "DivergenceError",
    "__version__",
    "activations",
    "averages",
    "check",
    "data",
    "diagnostics",
    "gradcheck",
    "initializers",
    "layers",
    "logistic",
    "losses",
    "network",
    "optimizers",
    "regularization",
    "schedules",
    "step",
    "train",
]
