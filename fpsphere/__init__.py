"""fpsphere: finite-volume Fokker-Planck dynamics of nanomagnets on the sphere.

The package is a pipeline, one subpackage per stage, imports flowing one way::

    mesh -> energy -> operators -> solvers -> observables -> studies -> io/plot -> cli

with :mod:`fpsphere.spin` (the 1D spin-accumulation solver) standing on its own.
Conventions, units and signs are those of ``PHYSICS.md`` (energies in kT, time in
the Neel free-diffusion time tau_N).
"""

from fpsphere.errors import FpsphereError, MeshError, ParameterError, ParameterTypeError
from fpsphere.mesh import SphereMesh, icosphere, quality_report, read_mesh, write_mesh

__version__ = "0.1.0"

__all__ = [
    "FpsphereError",
    "MeshError",
    "ParameterError",
    "ParameterTypeError",
    "SphereMesh",
    "icosphere",
    "quality_report",
    "read_mesh",
    "write_mesh",
    "__version__",
]
