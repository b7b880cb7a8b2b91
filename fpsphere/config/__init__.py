"""Run configurations: a whole study in one TOML file, validated before any computation.

>>> from fpsphere import config
>>> cfg = config.parse({"mesh": {"level": 3}, "energy": {"uniaxial": {"sigma": 10}},
...                     "dynamics": {"alpha": 0.1}})
>>> cfg.mesh.n_cells, cfg.outputs.stationary
(642, True)
>>> data = config.set_key(cfg.data, "dynamics.alpha", 0.5)
>>> config.parse(data).alpha
0.5

:func:`load` reads a file, :func:`parse` a dict (the TOML content), :func:`default`
the built-in example (``fpsphere/data/default.toml``, what ``fpsphere run`` runs).
Errors are :class:`~fpsphere.errors.ConfigError` naming the dotted key, the value and
what is allowed; a misspelt key gets the nearest valid one suggested.
:attr:`RunConfig.data` is the normalized input (defaults filled) that
:func:`get_key`/:func:`set_key` address by dotted key; ``parse(cfg.data) == cfg``.
Units and signs are those of docs/conventions.md: energies in kT, times in ``tau_N``.

The keys, their defaults, units and allowed ranges are listed in
``docs/reference/config.md`` (with worked examples); ``fpsphere keys`` prints the
names a file may use.  Those names are the entries of registries: the mesh kinds
(:data:`fpsphere.config.physics.MESH_KINDS`), energy terms
(:data:`fpsphere.energy.ENERGY_TERMS`), spin-transfer sources
(:data:`fpsphere.coupling.SPIN_TRANSFER_SOURCES`), study kinds
(:data:`fpsphere.studies.STUDIES`), jobs (:data:`fpsphere.jobs.JOBS`), time schemes
(:data:`fpsphere.solvers.TIME_SCHEMES`) and scalar quantities
(:data:`fpsphere.jobs.QUANTITIES`).  The SI ranges of ``[device]`` are
:data:`fpsphere.config.physics.DEVICE_RANGES`.
"""

from fpsphere.config.core import (
    RunConfig,
    SegmentSpec,
    default,
    default_toml,
    load,
    parse,
    parse_mesh,
    read_toml,
)
from fpsphere.config.physics import (
    SPIN_TRANSFER_SOURCES,
    DeviceSpec,
    MeshSpec,
    SpinTransfer,
    SpinTransferSource,
)
from fpsphere.config.reader import ALTERNATIVES, alternatives, get_key, set_key
from fpsphere.config.runs import AnalysisSpec, EvolveSpec, InitialSpec, OutputsSpec
from fpsphere.config.stack import StackSpec

__all__ = [
    "ALTERNATIVES",
    "SPIN_TRANSFER_SOURCES",
    "AnalysisSpec",
    "DeviceSpec",
    "EvolveSpec",
    "InitialSpec",
    "MeshSpec",
    "OutputsSpec",
    "RunConfig",
    "SegmentSpec",
    "SpinTransfer",
    "SpinTransferSource",
    "StackSpec",
    "alternatives",
    "default",
    "default_toml",
    "get_key",
    "load",
    "parse",
    "parse_mesh",
    "read_toml",
    "set_key",
]
