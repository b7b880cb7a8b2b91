"""Where points run: in-process, a local process pool, or Dask (registered data).

Every back end has the signature ``backend(groups, compute, setup, execution)``
and yields lists of :class:`~fpsphere.sweep.worker.PointResult` as they finish
(in any order).  The shared object of a group (``setup(group.params)``, e.g. the
mesh) is built once in the driver and reaches each worker once:

* ``"serial"``: passed directly; results are yielded point by point;
* ``"processes"``: :class:`concurrent.futures.ProcessPoolExecutor`, the shared
  objects of every group given to each worker process by the pool initializer;
  tasks are chunks of points of one group and carry only the group's index.
  Workers are started (``"spawn"``) with one BLAS/OpenMP thread each
  (:data:`WORKER_ENVIRONMENT`, unless the user set those variables), as Dask's
  nanny does: N workers with N threads each would oversubscribe the cores; and
  without the ``MALLOC_TRIM_THRESHOLD_`` that a Dask nanny leaves in the driver's
  environment (:data:`DASK_LEAKED_ENVIRONMENT`: 17–40 % slower points);
* ``"dask"``: ``dask.distributed``, each shared object ``client.scatter``-ed to
  every worker (broadcast) and passed to the chunk tasks as a future
  (:mod:`fpsphere.sweep.dask_backend`).

The one piece of module state, ``_WORKER_SHARED``, is filled by the pool
initializer inside worker processes only; the driver never touches it.  The
driver's environment gains :data:`WORKER_ENVIRONMENT` (and loses a leaked
``MALLOC_TRIM_THRESHOLD_``) only while the pool starts its processes (they
inherit it), and is restored at once (:func:`worker_environment`).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass

from fpsphere.errors import ConfigError
from fpsphere.sweep.spec import Point
from fpsphere.sweep.worker import (
    PointResult,
    build_shared,
    evaluate_chunk,
    evaluate_points,
    failed_points,
)

__all__ = ["BACKENDS", "DASK_LEAKED_ENVIRONMENT", "WORKER_ENVIRONMENT", "Execution", "Group",
           "chunk_size_for", "chunked", "leaked_by_dask", "worker_environment"]

#: largest automatic chunk (points per task)
MAX_AUTO_CHUNK = 64
#: automatic chunks aim at this many tasks per worker: enough for a balanced finish
TASKS_PER_WORKER = 16

#: environment given to process-pool workers (variables the user set are kept)
WORKER_ENVIRONMENT = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
                      "MKL_NUM_THREADS": "1"}

#: variables that a Dask nanny writes into the environment of the process it runs in
#: (``distributed.nanny.pre-spawn-environ``, "even if this means poisoning the process
#: running the Nanny") and leaves there, with Dask's default value.  A process spawned
#: later inherits them: with ``MALLOC_TRIM_THRESHOLD_=65536`` glibc returns freed
#: memory to the system at once and stops adapting its mmap threshold, so the large
#: temporaries of every solve are mapped and page-faulted afresh (3.5x the page faults,
#: 3x the system time; points 17 % slower alone, 28-40 % with two workers, in the
#: benchmark of ``docs/how-to/sweeps.md``).
#: Pool workers are spawned without such a variable when its value is Dask's.
DASK_LEAKED_ENVIRONMENT = {"MALLOC_TRIM_THRESHOLD_": "65536"}

#: a pool worker's copy of the shared objects, by group index (set in workers only)
_WORKER_SHARED: dict[int, object] = {}


@dataclass(frozen=True)
class Group:
    """Points that share one ``setup`` result.

    Attributes
    ----------
    params : the ``group_by`` values given to ``setup``.
    points : the points to compute, in sweep order.
    """

    params: dict
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Execution:
    """How to run: worker count, Dask scheduler, chunking, process start method.

    Attributes
    ----------
    workers : worker processes: the pool size (None or 1: in-process); with
        ``scheduler="local"`` the ``LocalCluster`` size (None: one per CPU); with an
        address, the workers to wait for.
    scheduler : None, ``"local"``, a scheduler address (``"tcp://host:8786"``), a
        ``distributed.Client`` or a cluster object (``LocalCluster``).
    chunk_size : points per task; None: :func:`chunk_size_for`.
    mp_context : start method of the process pool, ``"spawn"`` (None, the default:
        workers start clean, with :data:`WORKER_ENVIRONMENT`), ``"forkserver"`` or
        ``"fork"`` (faster starts; the environment is then that of the server or parent).
    """

    workers: int | None = None
    scheduler: object = None
    chunk_size: int | None = None
    mp_context: str | None = None

    @property
    def backend(self) -> str:
        """The key of :data:`BACKENDS` this execution selects."""
        if self.scheduler is not None:
            return "dask"
        return "processes" if (self.workers or 1) > 1 else "serial"


def chunk_size_for(n_points: int, workers: int, requested: int | None = None) -> int:
    """Points per task: ``requested``, else about 16 tasks per worker, at most 64 points.

    Small enough that the last tasks finish close together (the pool idles for
    about half a chunk at the end), large enough that the per-task cost (~2 ms,
    ``benchmarks/bench_sweep.py``) is spread over many points of a cheap compute.
    """
    if requested is not None:
        return requested
    tasks = TASKS_PER_WORKER * max(1, workers or 1)
    return max(1, min(MAX_AUTO_CHUNK, math.ceil(n_points / tasks)))


def chunked(points: Sequence[Point], size: int) -> list[tuple[Point, ...]]:
    """``points`` cut into consecutive tuples of at most ``size``."""
    return [tuple(points[k:k + size]) for k in range(0, len(points), size)]


def run_serial(groups: Sequence[Group], compute: Callable, setup: Callable | None,
               execution: Execution) -> Iterator[list[PointResult]]:
    """In this process, point by point; one shared object alive at a time."""
    for group in groups:
        shared, error = build_shared(setup, group.params)
        if error is not None:
            yield failed_points(group.points, error)
            continue
        for result in evaluate_points(compute, shared, group.points):
            yield [result]


def _install_shared(shared_by_group: dict[int, object]) -> None:
    _WORKER_SHARED.clear()
    _WORKER_SHARED.update(shared_by_group)


def _pool_chunk(compute: Callable, group_index: int, points: tuple[Point, ...]):
    return evaluate_chunk(compute, _WORKER_SHARED.get(group_index), points)


def _require_picklable(name: str, obj: object) -> None:
    try:
        pickle.dumps(obj)
    except Exception as exc:
        raise ConfigError(f"{name}={obj!r} cannot be sent to worker processes ({exc}): use a "
                          "module-level function or a picklable object") from exc


def _context(name: str | None):
    methods = multiprocessing.get_all_start_methods()
    name = "spawn" if name is None else name
    if name not in methods:
        raise ConfigError(f"mp_context={name!r} is not allowed: expected one of {methods}")
    return multiprocessing.get_context(name)


def leaked_by_dask() -> list[str]:
    """The :data:`DASK_LEAKED_ENVIRONMENT` variables in ``os.environ`` that hold the value
    Dask's nanny gives them (``distributed`` imported, value = Dask's configuration)."""
    if "distributed" not in sys.modules:
        return []
    import dask

    configured = dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {}
    leaked = []
    for key, default in DASK_LEAKED_ENVIRONMENT.items():
        value = configured.get(key, default)
        if value is not None and os.environ.get(key) == str(value):
            leaked.append(key)
    return leaked


@contextmanager
def worker_environment():
    """``os.environ`` for spawning workers, for the duration: :data:`WORKER_ENVIRONMENT`
    where unset, without the variables :func:`leaked_by_dask`; restored on exit."""
    added = {k: v for k, v in WORKER_ENVIRONMENT.items() if k not in os.environ}
    removed = {k: os.environ[k] for k in leaked_by_dask()}
    os.environ.update(added)
    for key in removed:
        del os.environ[key]
    try:
        yield
    finally:
        for key in added:
            os.environ.pop(key, None)
        os.environ.update(removed)


def run_processes(groups: Sequence[Group], compute: Callable, setup: Callable | None,
                  execution: Execution) -> Iterator[list[PointResult]]:
    """On a local ``ProcessPoolExecutor`` of ``execution.workers`` processes."""
    _require_picklable("compute", compute)
    context = _context(execution.mp_context)
    shared_by_group, tasks = {}, []
    n_points = sum(len(g.points) for g in groups)
    size = chunk_size_for(n_points, execution.workers, execution.chunk_size)
    for index, group in enumerate(groups):
        shared, error = build_shared(setup, group.params)
        if error is not None:
            yield failed_points(group.points, error)
            continue
        shared_by_group[index] = shared
        tasks.extend((index, chunk) for chunk in chunked(group.points, size))
    if not tasks:
        return
    pool = ProcessPoolExecutor(execution.workers, mp_context=context,
                               initializer=_install_shared, initargs=(shared_by_group,))
    try:
        with worker_environment():  # the pool spawns its processes on the first submits
            futures = [pool.submit(_pool_chunk, compute, index, chunk) for index, chunk in tasks]
        for future in as_completed(futures):
            yield future.result()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def run_dask(groups: Sequence[Group], compute: Callable, setup: Callable | None,
             execution: Execution) -> Iterator[list[PointResult]]:
    """On ``dask.distributed`` (see :mod:`fpsphere.sweep.dask_backend`)."""
    from fpsphere.sweep.dask_backend import run_on_dask

    yield from run_on_dask(groups, compute, setup, execution)


#: back ends by name, each ``(groups, compute, setup, execution) -> iterator of result lists``
BACKENDS = {"serial": run_serial, "processes": run_processes, "dask": run_dask}
