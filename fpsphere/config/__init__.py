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

Keys (every table is optional; ``a | b``: give one of them)
-----------------------------------------------------------
``title``            free text, default ``"fpsphere run"``.

``[mesh]``
    ``kind``         ``"icosphere"`` (default), ``"latlon"`` or ``"file"`` (the table
                     :data:`fpsphere.config.physics.MESH_KINDS`).
    ``level``        icosphere bisection level 0 ... 9 (default 5: 10,242 cells).
    ``lloyd``        icosphere Lloyd iterations (default 0).
                     A mesh beyond :data:`fpsphere.mesh.icosphere.MAX_CELLS` cells (or
                     too much Lloyd work) is refused here, with the estimate.
    ``n_rings``      latlon rings (default 40); ``n_per_ring`` (default ``n_rings``);
                     ``axis`` (default ``[0, 0, 1]``): for collinear problems.
    ``path``         file mesh (VTU or any meshio format), relative to the config file.

``[device]`` (SI; only needed by the SI keys below)
    ``Ms`` (A/m), ``volume`` (m^3), ``temperature`` (K, default 300), ``gamma``
    (rad s^-1 T^-1, default the electron's), within
    :data:`fpsphere.config.physics.DEVICE_RANGES`.  With ``Ms``, ``volume`` and
    ``dynamics.alpha`` the Neel time ``tau_N`` (s) is reported and times may be given
    in seconds (``times_s``, ``dt_s``, ``duration_s``).

``[dynamics]``
    ``alpha``        Gilbert damping, 1e-12 ... 1e6 (required by every sphere job).
    ``scheme``       precession scheme: ``"auto"`` (default) or a key of
                     :data:`fpsphere.operators.PRECESSION_SCHEMES`.

``[energy]`` sub-tables, summed (none: free diffusion ``U = 0``); the names, keys
and readers are :data:`fpsphere.energy.ENERGY_TERMS`
    ``uniaxial``     ``sigma`` (kT) | ``K`` (J/m^3); ``axis`` (default z):
                     ``U = -sigma (u.n)^2``.
    ``zeeman``       ``xi`` (kT) | ``h`` (``H/H_K``, needs ``uniaxial``) | ``H`` (A/m) |
                     ``mu0H`` (T); ``direction`` (default z): ``U = -xi (u.e_H)``.
    ``cubic``        ``sigma_c`` (kT) | ``K1`` (J/m^3); ``axes`` (3 orthonormal rows).
    ``easy_plane``   ``sigma_p`` (kT) | ``N_perp`` and ``N_par`` (demagnetizing
                     factors, needs ``device.Ms``); ``normal`` (default z).

``[spin_transfer]`` (absent: none)
    ``source``       ``"polarizer"`` (default), ``"stack"`` or ``"none"``: the names of
                     :data:`fpsphere.coupling.SPIN_TRANSFER_SOURCES` (more register
                     there).
    ``kappa``        damping-like amplitude (kT): ``chi = -kappa (u.p)`` (kappa > 0
                     drives the moment away from ``p``, docs/conventions.md section 3)
                     | ``current`` (A) with ``eta`` (efficiency; default 1 only with
                     ``slonczewski_polarization``): ``kappa = hbar eta I/(2 e alpha kT)``.
    ``polarizer``    ``p`` (default z).
    ``slonczewski_polarization``  ``P`` in (0, 1): Slonczewski's angular efficiency
                     (:class:`fpsphere.energy.Slonczewski`) instead of a constant one.
    ``field_like``   ``phi = field_like (u.p)`` (kT) | ``field_like_ratio`` ``b/a`` of the
                     field-like to damping-like torques: ``phi = ratio alpha kappa (u.p)``.

``[initial]`` (the start of ``evolve``)
    ``kind``         ``"boltzmann"`` (default; ``exp(-U)``, optionally restricted to the
                     ``hemisphere`` ``u.n > 0``), ``"von_mises_fisher"`` (``direction``,
                     ``kappa``: ``exp(kappa (u.d - 1))``), ``"uniform"`` or
                     ``"stationary"`` (of the full model).

``[analysis]``
    ``axis``         ``n`` of ``P(u.n > 0)``, ``<(u.n)^2>``, the relaxation observable
                     ``u.n`` and the escape basins (default z).
    ``basin_half_angle``  half angle (rad) of the basin cones about ``+-n`` (default 0.5).

``[evolve]`` (time evolution from ``[initial]``)
    ``times`` | ``times_s``  increasing output times (tau_N | s).
    ``scheme``       a key of :data:`fpsphere.solvers.TIME_SCHEMES` (default
                     ``"tr_bdf2"``); ``dt`` | ``dt_s`` largest step (default
                     ``times[-1]/200``); ``rtol`` adaptive steps (not with a protocol).

``[protocol]`` (piecewise-constant drive; needs ``[evolve]``)
    ``[[protocol.segments]]``  ``duration`` | ``duration_s`` and overrides of the base
                     model: short keys ``kappa``, ``current``, ``field_like``,
                     ``field_like_ratio``, ``xi``, ``h``, ``H``, ``mu0H``,
                     ``field_direction``, or ``set = {"energy.zeeman.xi" = 2.0}`` with
                     any ``energy.*`` / ``spin_transfer.*`` dotted key.

``[outputs]`` (which jobs run)
    ``stationary``   stationary state and observables (default true, except for a pure
                     ``[stack]`` study); ``equilibrium_reference`` (default true): also
                     the state without spin transfer.
    ``spectrum``     number ``k`` of slowest rates (default 0: none).
    ``evolve``       default true when ``[evolve]`` is given; ``stack`` likewise.
    ``quantities``   names in :data:`fpsphere.jobs.QUANTITIES` (``"escape_rate"``,
                     ``"relaxation_time"``, ...).
    ``export``       VTU/PVD fields for ParaView (default true).
    ``figures``      PNG figures: true, false or ``"auto"`` (default: if matplotlib is
                     installed).

``[stack]`` (1D spin accumulation, docs/conventions.md section 2)
    ``[[stack.layers]]``  ``material`` (a name of :func:`fpsphere.spin.material` or a
                     table ``{name, resistivity, beta, lsf, l_perp, l_j}``, SI),
                     ``thickness`` (m) | ``thickness_nm``, ``angle`` (rad) | ``angle_deg``.
    ``interfaces``   ``"tabulated"`` (default), ``"transparent"`` or a list, one per
                     pair: either word or ``{resistance (Ohm m^2), gamma}``.
    ``current_density`` (A/m^2, default 1e10), ``model`` (``"two_channel"`` or
    ``"vector"``), ``points`` (default 2000), ``temperature`` (``"low"``/``"room"``).

``docs/reference/config.md`` has the same reference with worked examples.
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
