"""The same sweep in-process, on a process pool and on Dask gives the same table."""

import os

import numpy as np
import pytest

from fpsphere.errors import ConfigError
from fpsphere.sweep import Axis, Execution, Sweep, linear, run_sweep
from fpsphere.sweep.backends import (
    WORKER_ENVIRONMENT,
    chunk_size_for,
    chunked,
    leaked_by_dask,
)
from tests.sweep.helpers import (
    CountingCompute,
    blas_threads,
    fails_at_negative,
    malloc_trim,
    offset_setup,
    polynomial,
)


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as local:
        yield local


def mixed_sweep(**kwargs):
    """Two groups, chunks of 2 (groups never share a chunk), one failing point per group."""
    return Sweep([linear("x", -0.5, 1, 4), Axis("n", (1, 2))], polynomial_or_fail,
                 setup=offset_setup, group_by=("n",), chunk_size=2, **kwargs)


def polynomial_or_fail(params, shared):
    fails_at_negative(params, shared)
    return polynomial(params, shared)


def canonical(table):
    """The rows without timings, NaN spelt out (NaN != NaN), in a fixed order."""
    rows = [tuple("nan" if v != v else v for v in row) for row in table.rows(exclude=("elapsed",))]
    return sorted(rows, key=repr)


def same_rows(a, b):
    return canonical(a) == canonical(b)


def test_in_process_pool_and_dask_give_identical_tables(tmp_path, cluster):
    sweep = mixed_sweep()
    serial = run_sweep(sweep, tmp_path / "serial", progress=False).table
    pool = run_sweep(sweep, tmp_path / "pool", workers=2, progress=False).table
    dask = run_sweep(sweep, tmp_path / "dask", scheduler=cluster, progress=False).table
    assert len(serial) == 8 and serial.n_failed == 2
    assert serial.names == pool.names == dask.names
    assert same_rows(serial, pool) and same_rows(serial, dask)
    np.testing.assert_array_equal(serial["y"], dask["y"])  # both sorted by index
    for name in ("results.csv", "results.jsonl"):
        assert (tmp_path / "pool" / name).exists() and (tmp_path / "dask" / name).exists()


@pytest.mark.parametrize("backend", ["pool", "dask"])
def test_resume_on_workers_skips_finished_points(tmp_path, cluster, backend):
    calls = tmp_path / "calls"
    calls.mkdir()
    sweep = Sweep([linear("x", 0, 1, 6)], CountingCompute(str(calls)), chunk_size=1)
    where = {"workers": 2} if backend == "pool" else {"scheduler": cluster}
    first = run_sweep(sweep, tmp_path / "out", progress=False, max_points=4, **where)
    second = run_sweep(sweep, tmp_path / "out", progress=False, **where)
    assert (first.computed, second.computed, second.skipped) == (4, 2, 4)
    assert len(list(calls.iterdir())) == 6
    assert second.complete and list(second.table["y"]) == list(2 * second.table["x"])


def test_setup_runs_once_per_group_on_dask(tmp_path, cluster):
    table = run_sweep(mixed_sweep(), tmp_path, scheduler=cluster, progress=False).table
    ok = table["status"] == "ok"
    np.testing.assert_array_equal(table["y"][ok], table["x"][ok] ** 2 + 11 * table["n"][ok])


def test_unpicklable_compute_is_refused_before_the_pool_starts(tmp_path):
    sweep = Sweep([Axis("x", (1.0, 2.0))], lambda p, s: {"y": 1.0})
    with pytest.raises(ConfigError, match="cannot be sent to worker processes"):
        run_sweep(sweep, tmp_path, workers=2, progress=False)


def test_bad_scheduler_and_start_method(tmp_path):
    sweep = Sweep([Axis("x", (1.0,))], polynomial_of_x)
    with pytest.raises(ConfigError, match="scheduler=42 is not allowed"):
        run_sweep(sweep, tmp_path, scheduler=42, progress=False)
    with pytest.raises(ConfigError, match="mp_context='thread' is not allowed"):
        run_sweep(sweep, tmp_path, workers=2, mp_context="thread", progress=False)


def polynomial_of_x(params, shared):
    return {"y": params["x"]}


def test_execution_selects_the_backend_and_chunks():
    assert Execution().backend == "serial"
    assert Execution(workers=2).backend == "processes"
    assert Execution(scheduler="tcp://h:1").backend == "dask"
    assert chunk_size_for(10_000, 2) == 64 and chunk_size_for(200, 2) == 7
    assert chunk_size_for(10, 2) == 1
    assert chunk_size_for(10, 2, requested=7) == 7
    assert [len(c) for c in chunked(list(range(5)), 2)] == [2, 2, 1]


def test_pool_workers_do_not_inherit_dasks_malloc_trim(tmp_path, monkeypatch):
    """A Dask nanny leaves MALLOC_TRIM_THRESHOLD_=65536 in the driver's environment; the
    pool's workers start without it (a value the user chose is kept)."""
    pytest.importorskip("distributed")
    sweep = Sweep([Axis("x", (1.0, 2.0))], malloc_trim)
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    assert leaked_by_dask() == ["MALLOC_TRIM_THRESHOLD_"]
    table = run_sweep(sweep, tmp_path / "dask-value", workers=2, progress=False).table
    assert list(table["trim"]) == [-1.0, -1.0]
    assert os.environ["MALLOC_TRIM_THRESHOLD_"] == "65536"  # the driver's is restored
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "131072")
    assert leaked_by_dask() == []
    table = run_sweep(sweep, tmp_path / "user-value", workers=2, progress=False).table
    assert list(table["trim"]) == [131072.0, 131072.0]


def test_local_cluster_workers_run_default_malloc(tmp_path, monkeypatch):
    """scheduler="local": workers without Dask's MALLOC_TRIM_THRESHOLD_, even when an
    earlier cluster leaked it here, and the driver's environment is left as it was."""
    pytest.importorskip("distributed")
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "65536")
    before = dict(os.environ)
    table = run_sweep(Sweep([Axis("x", (1.0, 2.0))], malloc_trim), tmp_path, workers=1,
                      scheduler="local", progress=False).table
    assert list(table["trim"]) == [-1.0, -1.0]
    assert dict(os.environ) == before


@pytest.mark.parametrize("backend", ["pool", "dask"])
def test_workers_run_single_threaded_blas(tmp_path, cluster, monkeypatch, backend):
    for name in WORKER_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    where = {"workers": 2} if backend == "pool" else {"scheduler": cluster}
    table = run_sweep(Sweep([Axis("x", (1.0, 2.0))], blas_threads), tmp_path, progress=False,
                      **where).table
    for name in WORKER_ENVIRONMENT:
        assert list(table[name]) == [1.0, 1.0]
        assert name not in os.environ  # the driver's environment is restored


def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    dask = pytest.importorskip("dask")
    sweep = Sweep([Axis("x", (1.0,))], polynomial_of_x)
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), pytest.raises(
            ConfigError, match=r"scheduler='tcp://127.0.0.1:9'.*cannot connect"):
        run_sweep(sweep, tmp_path, scheduler="tcp://127.0.0.1:9", progress=False)
