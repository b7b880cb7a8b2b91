""":class:`RunConfig` and the entry points :func:`parse`, :func:`load`, :func:`default`.

``parse`` reads every table before anything is built or computed, so that a bad
configuration fails at once with the dotted key, its value and what is allowed.
The result keeps the normalized input (:attr:`RunConfig.data`: plain Python,
defaults filled, in a fixed table order) beside the validated specs, so that
``parse(config.data) == config`` and a sweep can change one dotted key and
parse again.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from fpsphere.config.cell import CELL_KEYS, read_cell
from fpsphere.config.physics import (
    DEVICE_KEYS,
    DYNAMICS_KEYS,
    ENERGY_KEYS,
    MESH_KEYS,
    Context,
    DeviceSpec,
    MeshSpec,
    SpinTransfer,
    check_span,
    read_device,
    read_dynamics,
    read_energy,
    read_mesh_table,
    read_spin_transfer,
    spin_transfer_keys,
)
from fpsphere.config.reader import Table, set_key
from fpsphere.config.runs import (
    ANALYSIS_KEYS,
    EVOLVE_KEYS,
    INITIAL_KEYS,
    PROTOCOL_KEYS,
    SEGMENT_KEYS,
    AnalysisSpec,
    EvolveSpec,
    InitialSpec,
    OutputsSpec,
    outputs_keys,
    read_analysis,
    read_evolve,
    read_initial,
    read_outputs,
    segment_overrides,
)
from fpsphere.config.stack import STACK_KEYS, StackSpec, read_stack
from fpsphere.config.study import read_study, study_keys
from fpsphere.energy import Constant, Potential, Sum
from fpsphere.errors import ConfigError
from fpsphere.mesh import SphereMesh

__all__ = ["RunConfig", "SegmentSpec", "default", "default_toml", "load", "parse", "parse_mesh",
           "read_toml"]

TOP_KEYS = ("title", "mesh", "device", "dynamics", "energy", "spin_transfer", "initial",
            "analysis", "evolve", "protocol", "outputs", "stack", "study", "cell")
#: Tables always present in the normalized data (defaults filled); others only if given.
FILLED = ("mesh", "device", "dynamics", "energy", "initial", "analysis", "outputs")
DEFAULT_RESOURCE = "default.toml"
DEFAULT_SOURCE = "<built-in default.toml>"


@dataclass(frozen=True)
class SegmentSpec:
    """One protocol segment: the potentials (kT) acting for ``duration`` tau_N."""

    duration: float
    energy: Potential
    spin_transfer: SpinTransfer


@dataclass(frozen=True)
class RunConfig:
    """A validated run configuration (see :mod:`fpsphere.config` for the keys).

    Build one with :func:`parse` (a dict), :func:`load` (a TOML file) or
    :func:`default` (the built-in example).  Equality compares the contents, not
    where they came from.
    """

    title: str
    mesh: MeshSpec
    device: DeviceSpec
    alpha: float | None
    scheme: str
    energy: Potential
    spin_transfer: SpinTransfer
    initial: InitialSpec
    analysis: AnalysisSpec
    evolve: EvolveSpec | None
    protocol: tuple[SegmentSpec, ...]
    outputs: OutputsSpec
    stack: StackSpec | None
    #: the ``[study]`` parameters (a :class:`fpsphere.studies.StudyParams`), if any
    study: Any = None
    source: str = field(default="<dict>", compare=False)
    #: the TOML text it was read from (provenance; ``summary.json`` holds what ran)
    text: str | None = field(default=None, compare=False, repr=False)
    normalized: dict = field(default_factory=dict, repr=False)
    #: ``dynamics.stationary``: the ``method`` of ``FokkerPlanck.stationary``
    stationary_method: str = "auto"
    #: ``dynamics.operator``: the ``operator`` of its spectrum and rates
    operator: str | None = None

    @property
    def data(self) -> dict:
        """The normalized configuration as nested plain-Python data (a fresh deep copy:
        change it with :func:`~fpsphere.config.set_key` and :func:`parse` it again)."""
        return copy.deepcopy(self.normalized)

    @property
    def has_spin_transfer(self) -> bool:
        """True when a damping-like or field-like potential is set."""
        return self.spin_transfer.chi is not None or self.spin_transfer.phi is not None

    @property
    def tau_N(self) -> float | None:
        """The Neel time in seconds, when ``[device]`` has ``Ms`` and ``volume``."""
        return self.device.tau_N(self.alpha)

    def updated(self, changes: dict[str, Any]) -> RunConfig:
        """A new configuration with dotted keys changed (``{"dynamics.alpha": 0.1}``).

        It keeps :attr:`source` and :attr:`text` (the input it derives from)."""
        data = self.data
        for key, value in changes.items():
            set_key(data, key, value)
        return parse(data, self.source, text=self.text)

    # -------------------------------------------------------------- building
    def build_mesh(self) -> SphereMesh:
        """The sphere mesh of ``[mesh]``."""
        return self.mesh.build()

    def _alpha(self) -> float:
        if self.alpha is None:
            raise ConfigError(f"{self.source}: dynamics.alpha is missing: expected the Gilbert "
                              "damping, a number > 0")
        return self.alpha

    def build_model(self, mesh: SphereMesh | None = None, *, spin_transfer: bool = True):
        """The :class:`~fpsphere.model.FokkerPlanck` model on ``mesh`` (built if None).

        ``spin_transfer=False`` drops ``chi`` and ``phi``: the equilibrium reference.
        """
        from fpsphere.model import FokkerPlanck

        mesh = self.build_mesh() if mesh is None else mesh
        st = self.spin_transfer if spin_transfer else SpinTransfer()
        return FokkerPlanck(mesh, self.energy, self._alpha(), st.chi, st.phi, self.scheme)

    def segment_models(self, mesh: SphereMesh) -> list:
        """The protocol as :class:`fpsphere.protocols.Segment` objects on ``mesh``."""
        from fpsphere.model import FokkerPlanck
        from fpsphere.protocols import Segment

        return [Segment(FokkerPlanck(mesh, seg.energy, self._alpha(), seg.spin_transfer.chi,
                                     seg.spin_transfer.phi, self.scheme), seg.duration)
                for seg in self.protocol]

    def initial_density(self, mesh: SphereMesh, model=None) -> np.ndarray:
        """(N,) the initial density of ``[initial]`` on ``mesh`` (``model`` for
        ``kind = "stationary"``; built if None)."""
        from fpsphere.config.runs import INITIAL_KINDS

        return INITIAL_KINDS[self.initial.kind].density(self, self.initial, mesh, model)

    def parameters(self) -> dict[str, Any]:
        """The reduced parameters actually used (JSON-able): energy terms, ``chi``,
        ``phi`` (kT), ``alpha``, the scheme and, with a device, ``tau_N`` (s)."""
        out = {"energy": [_term(t) for t in _terms(self.energy)],
               "chi": _term(self.spin_transfer.chi), "phi": _term(self.spin_transfer.phi),
               "alpha": self.alpha, "scheme": self.scheme,
               "stationary_method": self.stationary_method, "operator": self.operator,
               "temperature_K": self.device.temperature, "tau_N_s": self.tau_N}
        if self.protocol:
            out["protocol"] = [{"duration": s.duration,
                                "energy": [_term(t) for t in _terms(s.energy)],
                                "chi": _term(s.spin_transfer.chi),
                                "phi": _term(s.spin_transfer.phi)} for s in self.protocol]
        return out


def _terms(energy: Potential) -> tuple[Potential, ...]:
    if isinstance(energy, Sum):
        return energy.terms
    return () if energy == Constant(0.0) else (energy,)


def _term(term: Potential | None) -> dict[str, Any] | None:
    if term is None:
        return None
    values = {k: (list(map(list, v)) if k == "axes" else list(v) if isinstance(v, tuple) else v)
              for k, v in asdict(term).items()}
    return {"term": type(term).__name__, **values}


def _table(top: Table, key: str, keys, filled: bool) -> Table | None:
    table = top.sub(key, keys)
    if table is None and filled:
        table = Table(None, key, keys, top.source)
        top.out[key] = table.out
    return table


def _segments(top: Table, ctx: Context) -> tuple[SegmentSpec, ...]:
    proto = top.sub("protocol", PROTOCOL_KEYS)
    if proto is None:
        return ()
    raw = proto.data.get("segments")
    if not isinstance(raw, list) or not raw:
        raise (proto.missing("segments", "[[protocol.segments]] tables, each with a duration")
               if raw is None else proto.error("segments", raw, "a non-empty list of tables "
                                                "([[protocol.segments]])"))
    base = {"energy": top.out["energy"]}
    if "spin_transfer" in top.out:
        base["spin_transfer"] = top.out["spin_transfer"]
    segments, normalized = [], []
    for k, entry in enumerate(raw):
        st = Table(entry, f"protocol.segments[{k}]", SEGMENT_KEYS, top.source)
        form = st.exclusive("duration", "duration_s")
        if form is None:
            raise st.missing("duration", "the segment duration (tau_N), a number > 0 "
                             "(or duration_s in seconds)")
        duration = st.number(form, low=0.0)
        if form == "duration_s":
            duration /= ctx.tau_N(st.dotted(form))
        data = copy.deepcopy(base)
        for key, value in segment_overrides(st).items():
            set_key(data, key, value)
        try:
            energy = read_energy(Table(data["energy"], "energy", ENERGY_KEYS, top.source), ctx)
            spin = read_spin_transfer(_spin_table(data, top.source), ctx)
        except ConfigError as err:
            detail = str(err).removeprefix(f"{top.source}: ")
            raise ConfigError(f"{top.source}: in {st.path} (overrides): {detail}") from err
        segments.append(SegmentSpec(duration, energy, spin))
        normalized.append(st.out)
    proto.out["segments"] = normalized
    return tuple(segments)


def _spin_table(data: dict, source: str) -> Table | None:
    if "spin_transfer" not in data:
        return None
    return Table(data["spin_transfer"], "spin_transfer", spin_transfer_keys(), source)


def parse(data: Any, source: str = "<dict>", *, base_dir: str | Path | None = None,
          text: str | None = None) -> RunConfig:
    """Validate a configuration (the content of a TOML file) and return a :class:`RunConfig`.

    Parameters
    ----------
    data : Mapping
        Nested tables (see :mod:`fpsphere.config` for every key).
    source : str
        Where it comes from, for messages (a file name).
    base_dir : path, optional
        Folder that relative paths (``mesh.path``) are relative to; default the
        current directory.  Paths are stored absolute in :attr:`RunConfig.data`.
    text : str, optional
        The original TOML text, kept for provenance (``config.toml`` of a run).

    Raises
    ------
    ConfigError
        Naming the dotted key, the value and what is allowed; nothing is computed.
    """
    if isinstance(data, dict) and "sweep" in data:
        raise ConfigError(f"{source}: the [sweep] table is not part of a single run: run the "
                          "sweep with `fpsphere sweep CONFIG -o OUTDIR` (fpsphere.sweep)")
    top = Table(data, "", TOP_KEYS, source)
    title = top.string("title", "fpsphere run")
    device = read_device(_table(top, "device", DEVICE_KEYS, True))
    alpha, scheme, stationary, operator = read_dynamics(
        _table(top, "dynamics", DYNAMICS_KEYS, True))
    cell_table = _table(top, "cell", CELL_KEYS, False)
    cell = read_cell(cell_table) if cell_table is not None else None
    if cell is not None and alpha is None:  # the mram study's model is the cell's
        alpha = cell.alpha
    elif cell is not None and alpha != cell.alpha:
        raise ConfigError(f"{source}: dynamics.alpha = {alpha!r} and cell.alpha = "
                          f"{cell.alpha!r} differ: give the damping once, in [cell]")
    stack_table = _table(top, "stack", STACK_KEYS, False)
    stack = read_stack(stack_table) if stack_table is not None else None
    ctx = Context(source, device, alpha, Path.cwd() if base_dir is None else Path(base_dir),
                  stack)
    mesh = read_mesh_table(_table(top, "mesh", MESH_KEYS, True), ctx)
    energy = read_energy(_table(top, "energy", tuple(ENERGY_KEYS), True), ctx)
    spin = read_spin_transfer(_table(top, "spin_transfer", spin_transfer_keys(), False), ctx)
    initial = read_initial(_table(top, "initial", INITIAL_KEYS, True))
    analysis = read_analysis(_table(top, "analysis", ANALYSIS_KEYS, True))
    evolve_table = _table(top, "evolve", EVOLVE_KEYS, False)
    evolve = read_evolve(evolve_table, ctx) if evolve_table is not None else None
    protocol = _segments(top, ctx)
    outputs_table = _table(top, "outputs", outputs_keys(), True)
    has_energy = "energy" in top.data or "spin_transfer" in top.data
    if cell is not None and not has_energy and "stationary" not in outputs_table.data:
        outputs_table.data = {**outputs_table.data, "stationary": False}  # a pure cell study
    given = {key for key in TOP_KEYS if key in top.data} | ({"energy"} if has_energy else set())
    outputs = read_outputs(outputs_table, frozenset(given))
    study_table = _table(top, "study", study_keys(), False) if "study" in top.data else None
    if cell is not None and study_table is None:
        raise ConfigError(f"{source}: [cell] is given without a [study] table: add [study] "
                          'with kind = "mram"')
    study = read_study(study_table, cell) if study_table is not None else None
    if study is not None and alpha is None:
        raise ConfigError(f"{source}: dynamics.alpha is missing: expected the Gilbert damping, "
                          "a number > 0 (the [study] needs the Fokker-Planck model)")
    _cross_checks(source, mesh, alpha, evolve, protocol, outputs)
    if outputs.stationary and outputs.equilibrium_reference and spin.chi is not None:
        # the equilibrium reference is the model of U alone: its span is checked too
        check_span(source, energy, SpinTransfer(), "for the equilibrium reference "
                   "(outputs.equilibrium_reference = true)", device=device)
    normalized = {key: top.out[key] for key in TOP_KEYS if key in top.out}
    return RunConfig(title=title, mesh=mesh, device=device, alpha=alpha, scheme=scheme,
                     energy=energy, spin_transfer=spin, initial=initial, analysis=analysis,
                     evolve=evolve, protocol=protocol, outputs=outputs, stack=stack,
                     study=study, source=source, text=text, normalized=normalized,
                     stationary_method=stationary, operator=operator)


def _cross_checks(source: str, mesh: MeshSpec, alpha: float | None, evolve: EvolveSpec | None,
                  protocol: tuple[SegmentSpec, ...], outputs: OutputsSpec) -> None:
    if outputs.sphere_jobs and alpha is None:
        raise ConfigError(f"{source}: dynamics.alpha is missing: expected the Gilbert damping, "
                          "a number > 0 (the jobs in [outputs] need the Fokker-Planck model)")
    n = mesh.n_cells
    if outputs.spectrum and n is not None and outputs.spectrum > n - 3:
        raise ConfigError(f"{source}: outputs.spectrum = {outputs.spectrum} is not allowed: "
                          f"expected at most {n - 3} rates on a mesh of {n} cells")
    if mesh.estimate_levels:
        coarsest = mesh.estimate_levels[0]
        n = 10 * 4**coarsest + 2
        if outputs.spectrum > n - 3:
            raise ConfigError(f"{source}: outputs.spectrum = {outputs.spectrum} is not allowed "
                              f"with mesh.error_estimate = true: expected at most {n - 3} "
                              f"rates (the coarsest level {coarsest} has {n} cells)")
    if protocol:
        if evolve is None or not outputs.evolve:
            raise ConfigError(f"{source}: protocol is given but no time evolution runs: add an "
                              "[evolve] table with the output times (and outputs.evolve = true)")
        total = sum(s.duration for s in protocol)
        if evolve.times[-1] > total * (1 + 1e-12):
            raise ConfigError(f"{source}: evolve.times reach {evolve.times[-1]:g} tau_N, not "
                              f"allowed: expected times within the protocol's {total:g} tau_N")
        if evolve.rtol is not None:
            raise ConfigError(f"{source}: evolve.rtol is not used with a [protocol] (fixed "
                              "steps of at most evolve.dt): remove it")


def read_toml(path: str | Path) -> tuple[dict, str]:
    """The raw tables and text of a TOML file, not yet validated (:func:`load` does both)."""
    path = Path(path)
    what = ("is a folder" if path.is_dir() else "is not a regular file (a device, a pipe...)"
            if path.exists() and not path.is_file() else "does not exist")
    if not path.is_file():
        raise ConfigError(f"config file {str(path)!r} {what}: expected a TOML file")
    try:
        text = path.read_text(encoding="utf-8")
        if not text.strip():
            raise ConfigError(f"config file {str(path)!r} is empty: expected a TOML "
                              "configuration (e.g. a copy of the built-in example, "
                              "fpsphere/data/default.toml)")
        return tomllib.loads(text), text
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"config file {str(path)!r} cannot be read: {err}") from err
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: not valid TOML: {err}") from err


def load(path: str | Path) -> RunConfig:
    """Read and validate a TOML configuration file (relative paths are relative to it)."""
    data, text = read_toml(path)
    return parse(data, str(path), base_dir=Path(path).resolve().parent, text=text)


def default_toml() -> tuple[dict, str]:
    """The raw tables and text of the built-in example (``fpsphere/data/default.toml``)."""
    text = resources.files("fpsphere").joinpath("data", DEFAULT_RESOURCE).read_text(
        encoding="utf-8")
    return tomllib.loads(text), text


def default() -> RunConfig:
    """The built-in example run by ``fpsphere run`` (``fpsphere/data/default.toml``)."""
    data, text = default_toml()
    return parse(data, DEFAULT_SOURCE, text=text)


def parse_mesh(table: Any, source: str = "<dict>") -> MeshSpec:
    """Only a ``[mesh]`` table (a mapping of its keys), e.g. for a mesh-only command."""
    ctx = Context(source, DeviceSpec(), None, Path.cwd())
    return read_mesh_table(Table(table, "mesh", MESH_KEYS, source), ctx)
