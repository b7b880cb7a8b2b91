"""Linear-algebra solvers and analyses on discretizations: stationary states, time
stepping, spectra, metastable decompositions, relaxation times and responses."""

from fpsphere.solvers.discretizations import DISCRETIZATIONS, Choice, Criteria, choose
from fpsphere.solvers.evolution import (
    DEFAULT_RTOL,
    EvolutionReport,
    EvolutionWarning,
    propagate,
)
from fpsphere.solvers.metastable import (
    MetastableRates,
    committor_rates,
    mean_first_passage_times,
    precession_may_couple,
    quasi_stationary,
    quasi_stationary_rate,
)
from fpsphere.solvers.msm import MarkovStateModel, markov_state_model
from fpsphere.solvers.relaxation import (
    integral_relaxation_time,
    mean_first_passage_time,
    spectrum,
)
from fpsphere.solvers.response import solve_mean_zero, susceptibility
from fpsphere.solvers.results import Estimate, Rates
from fpsphere.solvers.spectrum import slowest_rates
from fpsphere.solvers.stationary import STATIONARY_METHODS, stationary_g, stationary_state
from fpsphere.solvers.timestepping import TIME_SCHEMES, TimeScheme, integrate, integrate_adaptive
from fpsphere.solvers.wells import Well, find_wells

__all__ = [
    "DEFAULT_RTOL",
    "DISCRETIZATIONS",
    "EvolutionReport",
    "EvolutionWarning",
    "STATIONARY_METHODS",
    "TIME_SCHEMES",
    "Choice",
    "Criteria",
    "Estimate",
    "MarkovStateModel",
    "MetastableRates",
    "Rates",
    "TimeScheme",
    "Well",
    "choose",
    "committor_rates",
    "find_wells",
    "integral_relaxation_time",
    "integrate",
    "integrate_adaptive",
    "markov_state_model",
    "mean_first_passage_time",
    "mean_first_passage_times",
    "precession_may_couple",
    "propagate",
    "quasi_stationary",
    "quasi_stationary_rate",
    "slowest_rates",
    "solve_mean_zero",
    "spectrum",
    "stationary_g",
    "stationary_state",
    "susceptibility",
]
