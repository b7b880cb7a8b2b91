"""fpsphere: finite-volume Fokker-Planck dynamics of nanomagnets on the sphere.

The package is a pipeline, one subpackage per stage, imports flowing one way::

    mesh -> energy -> operators -> solvers -> model/observables -> io/plot -> cli

with :mod:`fpsphere.spin` (the 1D spin-accumulation solver) standing on its own.
Conventions, units and signs are those of ``docs/conventions.md`` (energies in kT, time in
the Neel free-diffusion time tau_N).

>>> import fpsphere as fp
>>> model = fp.FokkerPlanck(fp.icosphere(4), fp.Uniaxial(sigma=10), alpha=0.1)
>>> rho = model.stationary()
>>> round(float((rho * model.mesh.areas).sum()), 12)
1.0
"""

from fpsphere import (
    config,
    coupling,
    export,
    hodge,
    initial,
    jobs,
    llg,
    mram,
    observables,
    plot,
    protocols,
    sampler,
    studies,
    units,
)
from fpsphere.convergence import ConvergenceWarning, ErrorEstimate, estimate_error
from fpsphere.energy import terms as _terms
from fpsphere.energy.terms import *  # noqa: F403  (the energy terms: terms.__all__)
from fpsphere.errors import (
    ConfigError,
    FpsphereError,
    MeshError,
    ParameterError,
    ParameterTypeError,
)
from fpsphere.mesh import SphereMesh, icosphere, latlon, quality_report, read_mesh, write_mesh
from fpsphere.model import SCHEMES, Evolution, FokkerPlanck
from fpsphere.solvers import DISCRETIZATIONS, Estimate, Rates

__version__ = "0.1.0"

__all__ = [
    "DISCRETIZATIONS",
    "SCHEMES",
    "ConfigError",
    "ConvergenceWarning",
    "ErrorEstimate",
    "Estimate",
    "Evolution",
    "FokkerPlanck",
    "FpsphereError",
    "MeshError",
    "ParameterError",
    "ParameterTypeError",
    "Rates",
    "SphereMesh",
    "__version__",
    "config",
    "coupling",
    "estimate_error",
    "export",
    "hodge",
    "icosphere",
    "initial",
    "jobs",
    "llg",
    "mram",
    "latlon",
    "observables",
    "plot",
    "protocols",
    "quality_report",
    "read_mesh",
    "sampler",
    "studies",
    "units",
    "write_mesh",
    *_terms.__all__,  # Potential, Uniaxial, Zeeman, ..., ENERGY_TERMS: one list, in terms.py
]
