"""Jobs of a run configuration: ``run`` a whole study, ``evaluate`` one scalar quantity.

>>> from fpsphere import config, jobs
>>> cfg = config.parse({"mesh": {"level": 3}, "energy": {"zeeman": {"xi": 2.0}},
...                     "dynamics": {"alpha": 1.0}})
>>> summary = jobs.run(cfg, None, progress=False)
>>> round(summary["results"]["stationary"]["equilibrium"]["mean_z"], 3)  # L(2) = 0.5373
0.536
>>> sorted(jobs.evaluate(cfg, "relaxation_time"))
['relaxation_time']

:data:`JOBS` (:mod:`fpsphere.jobs.registry`) holds the jobs, one module each,
registered in run order by the imports below: ``stationary``, ``spectrum``,
``evolve``, ``quantities``, ``stack``, ``study``.  A new job is its module and one
import line here.  :func:`run` executes the jobs a configuration asks for and, given
an output folder, writes ``summary.json`` (parameters, versions, timings, results),
VTU/PVD fields for ParaView and PNG figures, all or nothing.
:data:`QUANTITIES` is the registry of scalar per-point quantities of parameter
sweeps (see :mod:`fpsphere.jobs.quantities`): a plain dict, extended by assignment.
"""

# the job modules register in run order:
# isort: off
from fpsphere.jobs import stationary as _stationary  # noqa: F401
from fpsphere.jobs import spectrum as _spectrum  # noqa: F401
from fpsphere.jobs import evolve as _evolve  # noqa: F401
from fpsphere.jobs.quantities import QUANTITIES, Quantity
from fpsphere.jobs import stack as _stack  # noqa: F401
from fpsphere.jobs import study as _study  # noqa: F401
# isort: on
from fpsphere.jobs.registry import JOBS, Command, Job, JobContext, OutputKey
from fpsphere.jobs.runner import SUMMARY_FORMAT, check, evaluate, run

__all__ = ["JOBS", "QUANTITIES", "SUMMARY_FORMAT", "Command", "Job", "JobContext",
           "OutputKey", "Quantity", "check", "evaluate", "run"]
