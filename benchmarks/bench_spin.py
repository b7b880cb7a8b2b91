"""Benchmark of the 1D spin solver.

* a five-layer Cu/Co/Cu/Co/Cu spin valve on 100,000 grid nodes: time per
  two-channel solve (target ≤ 0.2 s), and per vector-model solve;
* a sweep of 1,000 free-layer angles with the vector model (target ≤ 10 s).

Run ``python benchmarks/bench_spin.py``; it prints its figures and the machine.
"""

from __future__ import annotations

import math
import platform
import time

import numpy as np

from fpsphere import spin


def spin_valve() -> spin.Stack:
    cu = spin.material("Cu")
    co = spin.material("Co").replace(l_j=2e-9, l_perp=3e-9)
    itf = spin.interface("Co", "Cu")
    layers = [spin.Layer(cu, 1e-6), spin.Layer(co, 20e-9), spin.Layer(cu, 10e-9),
              spin.Layer(co, 5e-9, angle=math.pi), spin.Layer(cu, 1e-6)]
    return spin.Stack(layers, [itf] * 4)


def best_of(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> dict[str, float]:
    stack = spin_valve()
    sol = stack.solve(1e10, points=100_000)
    figures = {
        "nodes": float(sol.x.size),
        "two_channel_solve_s": best_of(lambda: stack.solve(1e10, points=100_000), 5),
        "vector_solve_s": best_of(lambda: stack.solve_vector(1e10, points=100_000), 3),
    }
    angles = np.linspace(0.0, 2 * math.pi, 1000)
    start = time.perf_counter()
    sweep = stack.sweep_angle(3, angles, 1e10, points=1000)
    figures["sweep_1000_angles_s"] = time.perf_counter() - start
    figures["max_in_plane_over_J0"] = float(np.abs(sweep.in_plane).max() / 1e10)
    print(f"machine: {cpu_model()}, {platform.python_version()}, numpy {np.__version__}")
    print(f"five-layer spin valve, {int(figures['nodes'])} nodes")
    print(f"  two-channel solve : {figures['two_channel_solve_s'] * 1e3:8.1f} ms (target 200)")
    print(f"  vector solve      : {figures['vector_solve_s'] * 1e3:8.1f} ms")
    print(f"  1000-angle sweep  : {figures['sweep_1000_angles_s']:8.2f} s  (target 10, "
          "1000 nodes per solve)")
    return figures


if __name__ == "__main__":
    main()
