"""Running a sweep: skip what is checkpointed, run the rest, write the tables.

``run_sweep(sweep, outdir)`` writes into ``outdir``:

* ``sweep.json``: the description (axes, mode, context, compute, versions);
* ``results.jsonl``: the checkpoint, one line per point as it finishes
  (:mod:`fpsphere.sweep.checkpoint`); a rerun skips the points found there;
* ``results.csv`` and ``results.npz``: the tidy table of every point computed so
  far (:mod:`fpsphere.sweep.table`), rewritten at the end of each run.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from fpsphere.errors import ConfigError, ParameterError
from fpsphere.sweep.backends import BACKENDS, Execution, Group
from fpsphere.sweep.checkpoint import Checkpoint
from fpsphere.sweep.spec import Point, Sweep
from fpsphere.sweep.table import SweepTable, grid_arrays, read_npz, write_csv, write_npz

__all__ = ["MANIFEST", "SweepOutcome", "load_table", "run_sweep"]

#: file names inside the output directory
MANIFEST, CHECKPOINT, CSV_TABLE, NPZ_TABLE = ("sweep.json", "results.jsonl", "results.csv",
                                              "results.npz")


@dataclass(frozen=True)
class SweepOutcome:
    """What a call of :func:`run_sweep` did.

    Attributes
    ----------
    table : the tidy table of every point computed so far (this run and earlier).
    outdir : the output directory.
    computed : points computed by this call (failed ones included).
    skipped : points found in the checkpoint and not recomputed.
    remaining : points still to compute (``max_points`` stopped the run early).
    """

    table: SweepTable
    outdir: Path
    computed: int
    skipped: int
    remaining: int

    @property
    def complete(self) -> bool:
        """True when every point of the sweep has a result (possibly an error)."""
        return self.remaining == 0

    @property
    def failed(self) -> int:
        """Points of the table whose compute raised."""
        return self.table.n_failed


def _groups(sweep: Sweep, points: Sequence[Point]) -> list[Group]:
    by_group: dict[str, tuple[dict, list[Point]]] = {}
    for point in points:
        params = sweep.group_of(point.params)
        label = json.dumps(params, sort_keys=True)
        by_group.setdefault(label, (params, []))[1].append(point)
    return [Group(params, tuple(members)) for params, members in by_group.values()]


def _manifest(sweep: Sweep, description: Mapping | None) -> dict:
    from fpsphere import __version__

    return {"fpsphere": __version__,
            "written": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "mode": sweep.mode, "context": sweep.context, "group_by": list(sweep.group_by),
            "axes": {axis.key: list(axis.values) for axis in sweep.axes},
            "n_points": len(sweep), **dict(description or {})}


def _check_count(name: str, value: object, minimum: int) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                              or value < minimum):
        raise ParameterError(f"{name}={value!r} is not allowed: expected an integer >= "
                             f"{minimum} or None")


def run_sweep(sweep: Sweep, outdir: str | Path, *, scheduler: object = None,
              workers: int | None = None, progress: bool = True, max_points: int | None = None,
              retry_errors: bool = False, mp_context: str | None = None,
              description: Mapping | None = None) -> SweepOutcome:
    """Run (or resume) ``sweep``, checkpointing into ``outdir``.

    Parameters
    ----------
    sweep : Sweep
    outdir : output directory (created); reuse it to resume.
    scheduler : None (in-process or a process pool), ``"local"`` (a Dask
        ``LocalCluster``), a Dask scheduler address, a ``distributed.Client`` or a
        cluster object.
    workers : worker processes: without ``scheduler``, ``None`` or 1 runs in this
        process and N > 1 on a process pool of N; with ``"local"`` the cluster size;
        with an address, the workers to wait for.
    progress : show a progress bar over points (tqdm).
    max_points : compute at most this many new points, then stop (resumable).
    retry_errors : recompute points whose checkpointed status is ``"error"``.
    mp_context : process-pool start method (see :class:`~fpsphere.sweep.backends.Execution`).
    description : extra JSON-serializable entries for ``sweep.json`` (the base config).

    Returns
    -------
    SweepOutcome
    """
    from tqdm.auto import tqdm

    if not isinstance(sweep, Sweep):
        raise ConfigError(f"sweep={sweep!r} is not a fpsphere.sweep.Sweep")
    _check_count("workers", workers, 1)
    _check_count("max_points", max_points, 0)
    execution = Execution(workers=workers, scheduler=scheduler,
                          chunk_size=sweep.chunk_size, mp_context=mp_context)
    points = sweep.points()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    checkpoint = Checkpoint(outdir / CHECKPOINT)
    recorded = checkpoint.load()
    done = {p.key: recorded[p.key] for p in points if p.key in recorded}
    finished = {key for key, r in done.items() if r.ok or not retry_errors}
    pending = [p for p in points if p.key not in finished]
    todo = pending if max_points is None else pending[:max_points]
    (outdir / MANIFEST).write_text(json.dumps(_manifest(sweep, description), indent=2) + "\n",
                                   encoding="utf-8")
    computed = 0
    backend = BACKENDS[execution.backend]
    with checkpoint as writer, tqdm(
            total=len(points), initial=len(finished), disable=not progress, unit="point",
            desc="sweep") as bar:
        if todo:
            for batch in backend(_groups(sweep, todo), sweep.compute, sweep.setup, execution):
                for result in batch:
                    writer.append(result)
                    done[result.key] = result
                computed += len(batch)
                bar.update(len(batch))
    table = SweepTable.from_results(list(done.values()), sweep.keys)
    write_csv(table, outdir / CSV_TABLE)
    grid = grid_arrays(table, sweep.axes) if sweep.mode == "product" else None
    write_npz(table, outdir / NPZ_TABLE, grid=grid)
    return SweepOutcome(table, outdir, computed, len(finished),
                        len(pending) - computed)


def load_table(outdir: str | Path) -> SweepTable:
    """The table written by the last completed :func:`run_sweep` into ``outdir``."""
    path = Path(outdir) / NPZ_TABLE
    if not path.exists():
        raise ParameterError(f"outdir={str(outdir)!r} holds no {NPZ_TABLE}: run the sweep "
                             "(run_sweep or 'fpsphere sweep') first")
    return read_npz(path)
