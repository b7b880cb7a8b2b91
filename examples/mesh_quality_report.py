"""Mesh quality of the icosahedral meshes, levels 2-6, raw and Lloyd-smoothed.

Shows the numbers that govern finite-volume accuracy (cell-area ratio, smallest
angle, dual/primal orthogonality, centroid offset) and how Lloyd iterations
towards a centroidal Voronoi tessellation change them; writes them to
``mesh_quality.csv`` in the output folder.  Runs in about a second.

    python examples/mesh_quality_report.py [OUT] [--quick]
"""

from __future__ import annotations

import csv
from dataclasses import asdict
from pathlib import Path

import fpsphere as fp
from fpsphere.plot import run_example

QUICK = {"levels": (2, 3)}


def main(levels=(2, 3, 4, 5, 6), lloyd=5, show=True, outdir=None):
    """Rows ``(level, lloyd iterations, QualityReport)``; with ``outdir``, also
    ``mesh_quality.csv`` there."""
    rows = []
    for level in levels:
        for k in (0, lloyd):
            q = fp.quality_report(fp.icosphere(level, lloyd=k, cache=False))
            rows.append((level, k, q))
            if show:
                print(f"level {level} lloyd {k:>2}: cells {q.n_cells:>6}  area ratio "
                      f"{q.area_ratio:.3f}  min angle {q.min_angle_deg:5.2f}  centroid offset "
                      f"{q.centroid_offset_max:.4f}")
    if outdir is not None:
        with open(Path(outdir) / "mesh_quality.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=["level", "lloyd", *asdict(rows[0][2])])
            writer.writeheader()
            writer.writerows({"level": level, "lloyd": k, **asdict(q)} for level, k, q in rows)
    return rows


if __name__ == "__main__":
    run_example(main, __doc__, quick=QUICK)
