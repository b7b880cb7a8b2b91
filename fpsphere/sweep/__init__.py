"""Parameter sweeps: maps of independent solves, local by default, Dask when asked.

A :class:`Sweep` is axes over dotted parameter keys (explicit values, linear,
logarithmic or stepped ranges; combined as a Cartesian ``"product"`` or
``"zip"``-ped) and a ``compute(params, shared) -> {name: float}``.
:func:`run_sweep` runs it in this process, on a process pool (``workers=N``) or on
``dask.distributed`` (``scheduler=...``), checkpoints every finished point to an
append-only JSON-lines file, skips them when restarted, and writes the tidy table
(``results.csv``, ``results.npz``).  :func:`run_config_sweep` does the same for a
run configuration with a ``[sweep]`` table (``fpsphere sweep CONFIG.toml -o OUT``).
``docs/how-to/sweeps.md`` has the whole story.

>>> from fpsphere.sweep import Axis, Sweep, linear
>>> sweep = Sweep([linear("x", 0, 1, 3), Axis("n", (1, 2))], compute=lambda p, s: {})
>>> len(sweep), sweep.shape
(6, (3, 2))
"""

from fpsphere.sweep.axes import Axis, linear, logarithmic, parse_axis, stepped
from fpsphere.sweep.backends import BACKENDS, Execution
from fpsphere.sweep.cli import add_sweep_parser
from fpsphere.sweep.configured import ConfigSweep, load_sweep, parse_sweep, run_config_sweep
from fpsphere.sweep.plot import plot_lines, plot_map
from fpsphere.sweep.runner import SweepOutcome, load_table, run_sweep
from fpsphere.sweep.spec import MODES, Point, Sweep, axes_from_mapping, point_key
from fpsphere.sweep.table import SweepTable, read_csv, read_npz
from fpsphere.sweep.worker import PointResult

__all__ = [
    "BACKENDS",
    "MODES",
    "Axis",
    "ConfigSweep",
    "Execution",
    "Point",
    "PointResult",
    "Sweep",
    "SweepOutcome",
    "SweepTable",
    "add_sweep_parser",
    "axes_from_mapping",
    "linear",
    "load_sweep",
    "load_table",
    "logarithmic",
    "parse_axis",
    "parse_sweep",
    "plot_lines",
    "plot_map",
    "point_key",
    "read_csv",
    "read_npz",
    "run_config_sweep",
    "run_sweep",
    "stepped",
]
