import numpy as np
import pytest


def observed_order(h, err):
    """Least-squares slope of log(err) against log(h): the observed convergence order."""
    return float(np.polyfit(np.log(h), np.log(err), 1)[0])


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FPSPHERE_CACHE_DIR", str(tmp_path / "cache"))
