"""Benchmark: operator assembly and stationary state.

Non-axial potential (sigma = 20 easy axis z, xi = 4 along (1, 0, 1)) at alpha = 0.01,
equilibrium and with a transverse damping-like torque (chi = -6 u_x, non-equilibrium,
scheme "auto" = split + stabilization, whose assembly includes one stationary solve).
Prints assembly and stationary-solve times per mesh level; the solve column is a
fresh ``method="direct"`` solve of the assembled operator in both cases (the
"auto" path would return the density cached by the assembly, or the exact
Boltzmann density at equilibrium).  Each level runs once (after a warm-up at
level 4) in this process.

    python benchmarks/bench_operator.py [levels ...]     (default: 6 7 8)
"""

from __future__ import annotations

import platform
import sys
import time
import warnings

import fpsphere as fp


def run(level: int, chi) -> tuple[float, float, str]:
    mesh = fp.icosphere(level)
    for name in ("edges", "edge_triangles", "circumcenters", "areas", "dual_lengths", "csr_slots"):
        getattr(mesh, name)  # geometry is the mesh benchmark's business
    energy = fp.Uniaxial(sigma=20) + fp.Zeeman(xi=4.0, direction=(1, 0, 1))
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = fp.FokkerPlanck(mesh, energy, 0.01, chi=chi)
        _ = model.matrix
    t1 = time.perf_counter()
    rho = model.stationary(method="direct")
    t2 = time.perf_counter()
    assert abs((rho * mesh.areas).sum() - 1) < 1e-10
    return t1 - t0, t2 - t1, model.scheme_used


def main(levels: list[int]) -> None:
    print(f"machine: {platform.machine()}, python {platform.python_version()}")
    run(4, None)
    print(f"{'level':>5} {'cells':>9} {'case':>14} {'scheme':>18} {'assemble s':>10} "
          f"{'solve s':>8}")
    for level in levels:
        for case, chi in (("equilibrium", None), ("transverse chi", fp.Polarizer(-6.0, (1, 0, 0)))):
            t_asm, t_solve, scheme = run(level, chi)
            print(f"{level:>5} {10 * 4**level + 2:>9} {case:>14} {scheme:>18} {t_asm:>10.2f} "
                  f"{t_solve:>8.2f}", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [6, 7, 8])
