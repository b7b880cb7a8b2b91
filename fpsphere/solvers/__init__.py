"""Linear-algebra solvers on assembled generators: stationary states, time stepping,
spectra and high-barrier (committor) rates."""

from fpsphere.solvers.metastable import (
    MetastableRates,
    committor_rates,
    mean_first_passage_times,
    precession_may_couple,
    quasi_stationary_rate,
)
from fpsphere.solvers.response import solve_mean_zero
from fpsphere.solvers.spectrum import slowest_rates
from fpsphere.solvers.stationary import STATIONARY_METHODS, stationary_g
from fpsphere.solvers.timestepping import TIME_SCHEMES, TimeScheme, integrate, integrate_adaptive

__all__ = [
    "STATIONARY_METHODS",
    "TIME_SCHEMES",
    "MetastableRates",
    "TimeScheme",
    "committor_rates",
    "integrate",
    "integrate_adaptive",
    "mean_first_passage_times",
    "precession_may_couple",
    "quasi_stationary_rate",
    "slowest_rates",
    "solve_mean_zero",
    "stationary_g",
]
