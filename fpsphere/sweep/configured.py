"""Sweeps of run configurations: an ordinary TOML run config plus a ``[sweep]`` table.

::

    [mesh]
    level = 4
    [energy.uniaxial]
    sigma = 10.0
    [dynamics]
    alpha = 0.1

    [sweep]
    quantity = "lambda1"          # a name of fpsphere.jobs.QUANTITIES, or a list of names
    mode = "product"              # or "zip"
    chunk_size = 8                # optional: points per task on a pool
    [sweep.axes]                  # dotted keys of the run config (quote them)
    "energy.uniaxial.sigma" = [0, 5, 10, 20]
    "dynamics.alpha" = { start = 0.01, stop = 1.0, num = 5, scale = "log" }

Each point is the base configuration with the axis values set
(:func:`fpsphere.config.set_key`, which also drops the alternatives of a key:
sweeping ``energy.zeeman.h`` removes a base ``xi``), parsed again and evaluated
with :func:`fpsphere.jobs.evaluate`.  Every point is parsed before any work, so a
bad key or value fails at once with its dotted name.  Points are grouped by their
``mesh.*`` values: each group's mesh is built once and sent once per worker.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fpsphere.errors import ConfigError
from fpsphere.sweep.axes import Axis
from fpsphere.sweep.runner import SweepOutcome, run_sweep
from fpsphere.sweep.spec import MODES, Sweep, axes_from_mapping, canonical

if TYPE_CHECKING:
    from fpsphere.config import RunConfig

__all__ = ["SWEEP_KEYS", "ConfigMesh", "ConfigPoint", "ConfigSweep", "load_sweep", "parse_sweep",
           "point_config", "run_config_sweep"]

#: the keys of a ``[sweep]`` table
SWEEP_KEYS = ("axes", "quantity", "mode", "chunk_size")


def point_config(base: Mapping, params: Mapping[str, object], source: str) -> RunConfig:
    """The :class:`~fpsphere.config.RunConfig` of ``base`` with ``params`` (dotted) set."""
    from fpsphere.config import parse, set_key

    data = copy.deepcopy(dict(base))
    for key, value in params.items():
        set_key(data, key, value)
    return parse(data, source)


@dataclass(frozen=True)
class ConfigMesh:
    """The ``setup`` of a config sweep: the mesh of the base config with the group's
    ``mesh.*`` values."""

    base: dict
    source: str

    def __call__(self, group_params: dict):
        return point_config(self.base, group_params, self.source).build_mesh()


@dataclass(frozen=True)
class ConfigPoint:
    """The ``compute`` of a config sweep: ``fpsphere.jobs.evaluate`` of each quantity.

    With several quantities each result is named ``"<quantity>.<name>"``.
    """

    base: dict
    quantities: tuple[str, ...]
    source: str

    def __call__(self, params: dict, mesh) -> dict[str, float]:
        from fpsphere.jobs import evaluate

        config = point_config(self.base, params, self.source)
        if len(self.quantities) == 1:
            return evaluate(config, self.quantities[0], mesh=mesh)
        out = {}
        for quantity in self.quantities:
            out.update({f"{quantity}.{k}": v
                        for k, v in evaluate(config, quantity, mesh=mesh).items()})
        return out


@dataclass(frozen=True, eq=False)
class ConfigSweep:
    """A validated config sweep: base configuration, axes, mode, quantities.

    Build it with :func:`parse_sweep` or :func:`load_sweep`; :meth:`sweep` gives the
    generic :class:`~fpsphere.sweep.Sweep` that :func:`~fpsphere.sweep.run_sweep` runs.
    """

    base: RunConfig
    axes: tuple[Axis, ...]
    quantities: tuple[str, ...]
    mode: str = "product"
    chunk_size: int | None = None

    def sweep(self) -> Sweep:
        """The generic sweep: compute :class:`ConfigPoint`, setup :class:`ConfigMesh`."""
        data, source = self.base.data, self.base.source
        identity = {k: v for k, v in data.items() if k != "title"}
        digest = hashlib.sha256(json.dumps(
            {"base": canonical(identity), "quantities": list(self.quantities)},
            sort_keys=True).encode()).hexdigest()[:16]
        mesh_keys = tuple(a.key for a in self.axes if a.key.startswith("mesh."))
        return Sweep(self.axes, ConfigPoint(data, self.quantities, source), mode=self.mode,
                     setup=ConfigMesh(data, source), group_by=mesh_keys,
                     chunk_size=self.chunk_size, context=f"config:{digest}")

    def description(self) -> dict:
        """JSON-able entries for ``sweep.json``: source, quantities, the base config."""
        return {"source": self.base.source, "quantities": list(self.quantities),
                "base": self.base.data}


def _quantities(value: object, source: str) -> tuple[str, ...]:
    from fpsphere.config.reader import suggestion
    from fpsphere.jobs import QUANTITIES

    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list | tuple) or not names:
        raise ConfigError(f"{source}: sweep.quantity = {value!r} is not allowed: expected a name "
                          f"or a non-empty list of names among {sorted(QUANTITIES)}")
    for name in names:
        if name not in QUANTITIES:
            raise ConfigError(f"{source}: sweep.quantity = {name!r} is not allowed"
                              f"{suggestion(str(name), QUANTITIES)}: expected one of "
                              f"{sorted(QUANTITIES)}")
    if len(set(names)) != len(names):
        raise ConfigError(f"{source}: sweep.quantity = {names!r} repeats a name")
    return tuple(names)


def _sweep_table(table: object, source: str) -> dict:
    from fpsphere.config.reader import suggestion

    if table is None:
        raise ConfigError(f"{source}: there is no [sweep] table: expected one with keys "
                          f"{list(SWEEP_KEYS)} (see docs/how-to/sweeps.md)")
    if not isinstance(table, Mapping):
        raise ConfigError(f"{source}: sweep = {table!r} is not allowed: expected a table with "
                          f"keys {list(SWEEP_KEYS)}")
    for key in table:
        if key not in SWEEP_KEYS:
            raise ConfigError(f"{source}: sweep.{key} is not a valid key"
                              f"{suggestion(str(key), SWEEP_KEYS)}: expected one of "
                              f"{list(SWEEP_KEYS)}")
    for key in ("axes", "quantity"):
        if key not in table:
            raise ConfigError(f"{source}: sweep.{key} is missing: expected "
                              + ("a table of dotted keys and their values"
                                 if key == "axes" else "a name of fpsphere.jobs.QUANTITIES"))
    if not isinstance(table["axes"], Mapping) or not table["axes"]:
        raise ConfigError(f"{source}: sweep.axes = {table['axes']!r} is not allowed: expected a "
                          "non-empty table such as {\"dynamics.alpha\" = [0.1, 1.0]}")
    mode = table.get("mode", "product")
    if mode not in MODES:
        raise ConfigError(f"{source}: sweep.mode = {mode!r} is not allowed: expected one of "
                          f"{list(MODES)}")
    return dict(table)


def parse_sweep(data: Mapping, source: str = "<dict>", *,
                base_dir: str | Path | None = None) -> ConfigSweep:
    """Validate a run configuration with a ``[sweep]`` table, every point included.

    Parameters
    ----------
    data : the TOML content (nested mappings).
    source : where it comes from, for messages.
    base_dir : folder of relative paths (``mesh.path``), default the current one.

    Raises
    ------
    ConfigError
        Naming the dotted key, the value and what is allowed, before any work.
    """
    from fpsphere.config import parse

    if not isinstance(data, Mapping):
        raise ConfigError(f"{source}: expected a table (the TOML content), got "
                          f"{type(data).__name__}")
    table = _sweep_table(data.get("sweep"), source)
    base = parse({k: v for k, v in data.items() if k != "sweep"}, source, base_dir=base_dir)
    quantities = _quantities(table["quantity"], source)
    try:
        axes = tuple(axes_from_mapping(table["axes"]))
        spec = ConfigSweep(base, axes, quantities, table.get("mode", "product"),
                           table.get("chunk_size"))
        sweep = spec.sweep()
    except ConfigError as err:
        raise ConfigError(f"{source}: {err}") from err
    for point in sweep.points():
        try:
            point_config(base.data, point.params, source)
        except ConfigError as err:
            detail = str(err).removeprefix(f"{source}: ")
            raise ConfigError(f"{source}: sweep point {point.params}: {detail}") from err
    return spec


def load_sweep(path: str | Path) -> ConfigSweep:
    """Read and validate a sweep configuration file (TOML with a ``[sweep]`` table)."""
    from fpsphere.config import read_toml

    data, _ = read_toml(path)
    return parse_sweep(data, str(path), base_dir=Path(path).resolve().parent)


def run_config_sweep(path_or_config: str | Path | Mapping | ConfigSweep, outdir: str | Path, *,
                     scheduler: object = None, workers: int | None = None,
                     progress: bool = True, max_points: int | None = None,
                     retry_errors: bool = False) -> SweepOutcome:
    """Run (or resume) the sweep of a configuration file, dict or :class:`ConfigSweep`.

    Parameters
    ----------
    path_or_config : a TOML file, its content as a mapping, or a parsed ConfigSweep.
    outdir : output directory (``sweep.json``, ``results.jsonl``, ``results.csv``,
        ``results.npz``); rerun with the same one to resume.
    scheduler, workers, progress, max_points, retry_errors : as for
        :func:`~fpsphere.sweep.run_sweep`.
    """
    if isinstance(path_or_config, ConfigSweep):
        spec = path_or_config
    elif isinstance(path_or_config, Mapping):
        spec = parse_sweep(path_or_config)
    else:
        spec = load_sweep(path_or_config)
    return run_sweep(spec.sweep(), outdir, scheduler=scheduler, workers=workers,
                     progress=progress, max_points=max_points, retry_errors=retry_errors,
                     description=spec.description())
