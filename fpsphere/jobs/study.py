"""The ``study`` job: the ``[study]`` of a configuration, run by its registry entry.

``config.study`` holds the parameters read by the entry of
:data:`fpsphere.studies.STUDIES` named by ``study.kind``; the entry's runner computes
(and may write files through :class:`~fpsphere.studies.StudyOutput`), this job writes
the tidy rows to ``study.csv`` and the figure to ``study.png`` and returns the rows
plus the derived numbers for the summary.  No study is named here.

Depends on :mod:`fpsphere.studies` (lazily) and :mod:`fpsphere.jobs.registry`.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np

import fpsphere.mram.report  # noqa: F401  (registers the "mram" study)
from fpsphere.config import RunConfig
from fpsphere.jobs import report
from fpsphere.jobs.registry import JOBS, Job
from fpsphere.mesh import SphereMesh
from fpsphere.mesh.io import atomic_path

__all__ = ["device_of", "run_study"]


def device_of(config: RunConfig, mesh: SphereMesh):
    """The :class:`fpsphere.studies.Device` of a configuration (its study's
    ``field_direction``, else ``analysis.axis``)."""
    from fpsphere.studies import device_of as device

    return device(config, mesh, getattr(config.study, "field_direction", None))


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    with atomic_path(path) as tmp, open(tmp, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def run_study(config: RunConfig, mesh: SphereMesh, rec=None, progress: bool = False
              ) -> dict[str, Any]:
    """Run ``config.study``; ``rec`` (the run's recorder, None: no files) receives
    ``study.csv`` and ``study.png``."""
    from fpsphere.studies import STUDIES, StudyOutput

    params = config.study
    folder = rec is not None and rec.folder is not None
    out = StudyOutput(file=rec.file if folder else None, figures=folder and rec.figures,
                      export=config.outputs.export, progress=progress)
    result = STUDIES[params.kind].run(config, mesh, params, out)
    if folder and result.rows and not result.table_written:
        _write_csv(rec.file("study.csv"), result.rows)
    if out.figures and result.plot is not None:
        result.plot(rec.file("study.png"))
    clean = [{k: (None if isinstance(v, float) and not np.isfinite(v) else v)
              for k, v in row.items()} for row in result.rows]
    return {"kind": params.kind, **result.derived, "rows": clean}


def _run(ctx) -> dict[str, Any]:
    return run_study(ctx.config, ctx.mesh, ctx.rec, ctx.progress)


JOBS.add(Job("study", "the [study] table: one study of fpsphere.studies.STUDIES (study.kind)",
             run=_run, enabled=lambda config: config.study is not None, needs_mesh=True,
             off_tables=("study", "cell"), estimable=False, report=report.study_lines))
