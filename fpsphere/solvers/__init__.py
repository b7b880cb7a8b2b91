"""Linear-algebra solvers on assembled generators (stationary states, ...)."""

from fpsphere.solvers.spectrum import slowest_rates
from fpsphere.solvers.stationary import STATIONARY_METHODS, stationary_g
from fpsphere.solvers.timestepping import TIME_SCHEMES, TimeScheme, integrate

__all__ = ["STATIONARY_METHODS", "TIME_SCHEMES", "TimeScheme", "integrate", "slowest_rates",
           "stationary_g"]
