import os
import sys


def _one_blas_share_per_worker():
    """Under pytest-xdist, let each worker's OpenBLAS use its share of the cores.

    ``python -m pytest -n 2`` on 2 cores with OpenBLAS's default (one thread per core)
    runs 4 BLAS threads on 2 cores, and OpenBLAS threads spin while they wait: the
    stochastic sampler's (3, 20000) products ran 2.7x slower so.  OpenBLAS reads
    ``OPENBLAS_NUM_THREADS`` once, when the library loads, so it is set here, numpy's
    and scipy's copies are loaded, and the environment is put back as it was: the
    processes that tests start (sweep pools, Dask workers, the CLI) see the environment
    they would without this.  A value the user set is kept.  Nothing happens outside
    xdist workers or when numpy is already loaded.
    """
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "0") or 0)
    if not workers or "numpy" in sys.modules or "OPENBLAS_NUM_THREADS" in os.environ:
        return
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    os.environ["OPENBLAS_NUM_THREADS"] = str(max(1, (cores or 1) // workers))
    try:
        import numpy  # noqa: F401
        import scipy.linalg  # noqa: F401  (scipy ships its own OpenBLAS)
    finally:
        del os.environ["OPENBLAS_NUM_THREADS"]


_one_blas_share_per_worker()

import numpy as np  # noqa: E402
import pytest  # noqa: E402


def observed_order(h, err):
    """Least-squares slope of log(err) against log(h): the observed convergence order."""
    return float(np.polyfit(np.log(h), np.log(err), 1)[0])


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FPSPHERE_CACHE_DIR", str(tmp_path / "cache"))


def pytest_collection_modifyitems(config, items):
    """Under xdist, start the ``slow`` tests first (the order is otherwise kept).

    The workers take tests in collection order (groups of several tests first, see
    ``--dist loadgroup``); a 25 s test taken last leaves the other worker idle, one
    taken first overlaps with the many short ones."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def _hypothesis_profiles():
    """Property-based tests draw the same examples on every run (``derandomize``), so
    that CI is reproducible; ``HYPOTHESIS_PROFILE=explore`` draws fresh ones (run it
    locally to look for new failures)."""
    try:
        from hypothesis import settings
    except ImportError:  # the test extra is not installed: those tests fail on import
        return
    settings.register_profile("ci", derandomize=True, database=None)
    settings.register_profile("explore", derandomize=False, database=None)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


_hypothesis_profiles()
