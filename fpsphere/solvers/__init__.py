"""Linear-algebra solvers on assembled generators (stationary states, ...)."""

from fpsphere.solvers.stationary import STATIONARY_METHODS, stationary_g
from fpsphere.solvers.timestepping import TIME_SCHEMES, TimeScheme, integrate

__all__ = ["STATIONARY_METHODS", "TIME_SCHEMES", "TimeScheme", "integrate", "stationary_g"]
