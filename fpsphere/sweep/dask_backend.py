"""The ``dask.distributed`` back end (``distributed`` is imported only here).

Each group's shared object (the mesh) is built once in the driver and
``client.scatter``-ed to every worker with ``broadcast=True``; the chunk tasks
receive it as a future, which Dask resolves from the worker's own memory, so the
mesh crosses the network once per worker and not once per task.

``execution.scheduler`` may be ``"local"`` (a ``LocalCluster`` of
``execution.workers`` single-threaded processes, dashboard on a free port, closed at
the end), a scheduler
address, a ``distributed.Client`` or a cluster object; clients and clusters
created here are closed here, those passed in are left open.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack

from fpsphere.errors import ConfigError
from fpsphere.sweep.backends import Execution, Group, chunk_size_for, chunked
from fpsphere.sweep.worker import PointResult, build_shared, evaluate_chunk, failed_points

__all__ = ["connect", "run_on_dask"]

#: seconds to wait for the requested number of workers of a remote scheduler
WORKER_TIMEOUT_S = 120.0


def connect(execution: Execution, stack: ExitStack):
    """A ``distributed.Client`` for ``execution.scheduler``; ``stack`` closes what it opens."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError("a Dask scheduler was requested but 'distributed' is not installed: "
                          "pip install 'fpsphere[sweep]'") from exc
    scheduler = execution.scheduler
    if isinstance(scheduler, Client):
        return scheduler
    if scheduler == "local":
        workers = execution.workers or os.cpu_count() or 1
        cluster = stack.enter_context(LocalCluster(n_workers=workers, threads_per_worker=1,
                                                   processes=True, dashboard_address=":0"))
        return stack.enter_context(Client(cluster))
    if isinstance(scheduler, str) or hasattr(scheduler, "scheduler_address"):
        try:
            client = stack.enter_context(Client(scheduler))
        except OSError as exc:  # includes the connection timeout
            raise ConfigError(f"scheduler={scheduler!r}: cannot connect to the Dask "
                              f"scheduler ({exc})") from exc
        if isinstance(scheduler, str) and execution.workers:
            client.wait_for_workers(execution.workers, timeout=WORKER_TIMEOUT_S)
        return client
    raise ConfigError(f"scheduler={scheduler!r} is not allowed: expected 'local', an address "
                      "such as 'tcp://host:8786', a distributed.Client or a cluster")


def _scatter(client, shared: object):
    if shared is None:
        return None
    client.wait_for_workers(1, timeout=WORKER_TIMEOUT_S)
    # a list so that Dask scatters the object itself, not the items of a list/dict
    return client.scatter([shared], broadcast=True, hash=False)[0]


def run_on_dask(groups: Sequence[Group], compute: Callable, setup: Callable | None,
                execution: Execution) -> Iterator[list[PointResult]]:
    """Run the chunks of every group on Dask; yield result lists as they complete."""
    from distributed import as_completed

    with ExitStack() as stack:
        client = connect(execution, stack)
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        n_points = sum(len(g.points) for g in groups)
        size = chunk_size_for(n_points, n_workers, execution.chunk_size)
        futures = []
        try:
            for group in groups:
                shared, error = build_shared(setup, group.params)
                if error is not None:
                    yield failed_points(group.points, error)
                    continue
                ref = _scatter(client, shared)
                futures.extend(client.submit(evaluate_chunk, compute, ref, chunk, pure=False)
                               for chunk in chunked(group.points, size))
            for future in as_completed(futures):
                yield future.result()
                future.release()
        finally:
            client.cancel([f for f in futures if not f.done()])
