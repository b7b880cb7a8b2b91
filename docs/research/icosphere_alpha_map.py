"""Where the icosphere is usable for the low-damping switching pulse at each damping.

U = -60 z^2, chi = -180 z (so U_p = -60 z^2, U_d = -60 z^2 + 180 z), started in a
von Mises-Fisher cap (kappa = 120) about +z.  The exact answer does not depend on
alpha (the problem is axial, precession only turns the cap).  Prints
max |P(z > 0) / P_ref - 1| over tau = 0.05 ... 0.35 (P_ref 0.67 ... 6.7e-9) for each
level and alpha, stepping the generator (``model.matrix``, the operator time evolution used
before the transient operator of docs/explanation/operator.md), BDF2, dt = 5e-4.

python docs/research/icosphere_alpha_map.py [levels...]
"""
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spl

import fpsphere as fp
from fpsphere.observables import hemisphere_fractions

REF = np.array([0.67115751, 4.1857508e-2, 1.8456728e-3, 8.0532070e-5, 3.5127535e-6,
                1.5322245e-7, 6.6833759e-9])
TIMES = np.arange(1, 8) * 0.05
ALPHAS = (10.0, 1.0, 0.3, 0.1, 0.03, 0.01)


def switching(mesh, alpha, dt=5e-4):
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=60), alpha, chi=fp.Polarizer(-180.0))
    rho = np.exp(120 * (mesh.points[:, 2] - 1))
    rho /= (rho * mesh.areas).sum()
    weights = hemisphere_fractions(mesh, (0, 0, 1))
    eye = sp.identity(mesh.n_cells, format="csc")
    first = spl.splu((eye - dt * model.matrix).tocsc())
    bdf2 = spl.splu((eye - (2 / 3) * dt * model.matrix).tocsc())
    prev, cur = rho, first.solve(rho)
    marks = {int(round(t / dt)): k for k, t in enumerate(TIMES)}
    out = np.zeros(len(TIMES))
    for n in range(2, max(marks) + 1):
        prev, cur = cur, bdf2.solve((4 * cur - prev) / 3)
        if n in marks:
            out[marks[n]] = weights @ cur
    return out


def main(levels):
    print("level  h/rad   " + "  ".join(f"a={a:<6g}" for a in ALPHAS))
    for level in levels:
        mesh = fp.icosphere(level)
        h = np.sqrt(mesh.areas.mean())
        t0 = time.time()
        errs = []
        for alpha in ALPHAS:
            p = switching(mesh, alpha)
            errs.append(np.abs(np.log(np.maximum(p, 1e-300) / REF)).max())
        print(f"{level:5d}  {h:.4f}  " + "  ".join(f"{np.expm1(e):8.2g}" for e in errs)
              + f"   ({time.time() - t0:.0f} s)", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [4, 5, 6])
