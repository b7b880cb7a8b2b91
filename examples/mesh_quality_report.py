"""Mesh quality of the icosahedral meshes, levels 2-6, raw and Lloyd-smoothed.

Shows the numbers that govern finite-volume accuracy (cell-area ratio, smallest
angle, dual/primal orthogonality, centroid offset) and how Lloyd iterations
towards a centroidal Voronoi tessellation change them.  Runs in about a second.
"""

from __future__ import annotations

import fpsphere as fp


def main(levels=(2, 3, 4, 5, 6), lloyd=5, show=True):
    rows = []
    for level in levels:
        for k in (0, lloyd):
            q = fp.quality_report(fp.icosphere(level, lloyd=k, cache=False))
            rows.append((level, k, q))
            if show:
                print(f"level {level} lloyd {k:>2}: cells {q.n_cells:>6}  area ratio "
                      f"{q.area_ratio:.3f}  min angle {q.min_angle_deg:5.2f}  centroid offset "
                      f"{q.centroid_offset_max:.4f}")
    return rows


if __name__ == "__main__":
    main()
