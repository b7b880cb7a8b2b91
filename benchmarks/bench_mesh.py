"""Benchmark: build an icosahedral mesh with all its geometry.

Prints wall time and peak resident memory of building ``icosphere(level)``
(no cache) and computing every derived array (edges, circumcentres, areas,
primal/dual lengths, centroids, incidence matrices).  Each level runs in a fresh
process so the peak memory is its own.

    python benchmarks/bench_mesh.py [levels ...]      (default: 6 7 8 9)
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys

CHILD = r"""
import json, resource, time
from fpsphere.mesh import icosphere
level = {level}
t0 = time.perf_counter()
mesh = icosphere(level, cache=False)
t1 = time.perf_counter()
for name in ("edges", "edge_triangles", "circumcenters", "areas", "primal_lengths",
             "dual_lengths", "edge_midpoints", "edge_tangents", "centroids",
             "edge_vertex_incidence", "triangle_edge_incidence"):
    getattr(mesh, name)
t2 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(dict(level=level, cells=mesh.n_cells, build_s=t1 - t0,
                      geometry_s=t2 - t1, total_s=t2 - t0, peak_mb=peak)))
"""


def main(levels: list[int]) -> None:
    cpu = platform.processor() or platform.machine()
    print(f"machine: {cpu}, python {platform.python_version()}")
    print(f"{'level':>5} {'cells':>10} {'build s':>8} {'geom s':>8} {'total s':>8} {'peak MB':>8}")
    for level in levels:
        out = subprocess.run([sys.executable, "-c", CHILD.format(level=level)],
                             capture_output=True, text=True, check=True).stdout
        r = json.loads(out)
        print(f"{r['level']:>5} {r['cells']:>10} {r['build_s']:>8.2f} {r['geometry_s']:>8.2f} "
              f"{r['total_s']:>8.2f} {r['peak_mb']:>8.0f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [6, 7, 8, 9])
