"""The ``dask.distributed`` back end (``distributed`` is imported only here).

Each group's shared object (the mesh) is built once in the driver and
``client.scatter``-ed to every worker with ``broadcast=True``; the chunk tasks
receive it as a future, which Dask resolves from the worker's own memory, so the
mesh crosses the network once per worker and not once per task.

``execution.scheduler`` may be ``"local"`` (:func:`local_cluster`: a
``LocalCluster`` of ``execution.workers`` single-threaded processes, closed at the
end), a scheduler address, a ``distributed.Client`` or a cluster object; clients and
clusters created here are closed here, those passed in are left open.

:func:`local_cluster` differs from a bare ``LocalCluster`` in two ways: its workers
run with glibc's default ``malloc`` tuning instead of Dask's
``MALLOC_TRIM_THRESHOLD_=65536`` (which makes the solves of this package 17–40 %
slower, see :data:`fpsphere.sweep.backends.DASK_LEAKED_ENVIRONMENT`), and the
variables a nanny writes into the environment of this process are undone once the
workers have started.  Pass ``local_cluster(n)`` to several sweeps to reuse one
cluster; with a cluster of your own, set
``distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_`` to ``None`` in the
Dask configuration before starting it for the same effect.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager

from fpsphere.errors import ConfigError
from fpsphere.sweep.backends import (
    DASK_LEAKED_ENVIRONMENT,
    Execution,
    Group,
    chunk_size_for,
    chunked,
    worker_environment,
)
from fpsphere.sweep.worker import PointResult, build_shared, evaluate_chunk, failed_points

__all__ = ["connect", "local_cluster", "run_on_dask"]

#: seconds to wait for the requested number of workers of a remote scheduler
WORKER_TIMEOUT_S = 120.0


@contextmanager
def local_cluster(workers: int | None = None, **kwargs):
    """A ``distributed.LocalCluster`` of ``workers`` single-threaded processes (None: one
    per CPU), dashboard on a free port, closed on exit; ``kwargs`` go to ``LocalCluster``.

    Its workers start without Dask's ``MALLOC_TRIM_THRESHOLD_`` (see the module
    docstring) and this process's environment is restored after they have started.
    """
    import dask
    from distributed import LocalCluster

    options = {"n_workers": workers or os.cpu_count() or 1, "threads_per_worker": 1,
               "processes": True, "dashboard_address": ":0", **kwargs}
    unset = {f"distributed.nanny.pre-spawn-environ.{key}": None
             for key in DASK_LEAKED_ENVIRONMENT}
    saved = dict(os.environ)
    try:  # worker_environment first: it recognises Dask's value by the configuration
        with worker_environment(), dask.config.set(unset):
            cluster = LocalCluster(**options)
    finally:  # a nanny writes its pre-spawn variables into os.environ: take them back
        for key in set(os.environ) - set(saved):
            del os.environ[key]
        os.environ.update({k: v for k, v in saved.items() if os.environ.get(k) != v})
    with cluster:
        yield cluster


def connect(execution: Execution, stack: ExitStack):
    """A ``distributed.Client`` for ``execution.scheduler``; ``stack`` closes what it opens."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ConfigError("a Dask scheduler was requested but 'distributed' is not installed: "
                          "pip install 'fpsphere[sweep]'") from exc
    scheduler = execution.scheduler
    if isinstance(scheduler, Client):
        return scheduler
    if scheduler == "local":
        cluster = stack.enter_context(local_cluster(execution.workers))
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
