"""Linear-algebra solvers on assembled generators (stationary states, ...)."""

from fpsphere.solvers.stationary import STATIONARY_METHODS, stationary_g

__all__ = ["STATIONARY_METHODS", "stationary_g"]
