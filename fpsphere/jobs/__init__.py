"""Jobs of a run configuration: ``run`` a whole study, ``evaluate`` one scalar quantity.

>>> from fpsphere import config, jobs
>>> cfg = config.parse({"mesh": {"level": 3}, "energy": {"zeeman": {"xi": 2.0}},
...                     "dynamics": {"alpha": 1.0}})
>>> summary = jobs.run(cfg, None, progress=False)
>>> round(summary["results"]["stationary"]["equilibrium"]["mean_z"], 3)  # L(2) = 0.5373
0.536
>>> sorted(jobs.evaluate(cfg, "relaxation_time"))
['relaxation_time']

:func:`run` executes the jobs that ``[outputs]`` asks for (stationary states,
spectrum, time evolution through a protocol, scalar quantities, the 1D stack)
and, given an output folder, writes ``summary.json`` (parameters, versions,
timings, results), VTU/PVD fields for ParaView and PNG figures, all or nothing.
:data:`QUANTITIES` is the registry of scalar per-point quantities of parameter
sweeps (see :mod:`fpsphere.jobs.quantities`): a plain dict, extended by assignment.
"""

from fpsphere.jobs.quantities import QUANTITIES, Quantity
from fpsphere.jobs.runner import SUMMARY_FORMAT, check, evaluate, run

__all__ = ["QUANTITIES", "SUMMARY_FORMAT", "Quantity", "check", "evaluate", "run"]
