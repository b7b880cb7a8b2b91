"""Prototype: Strang splitting of the precession (semi-Lagrangian, exact flow map)
from the Scharfetter-Gummel dissipation, for low damping far from equilibrium.

python docs/research/splitting.py LEVEL DT [linear|log]
"""
import sys
import time

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spl

import fpsphere as fp
from fpsphere.llg import tangent_gradient
from fpsphere.observables import hemisphere_fractions

REF = np.array([0.67115751, 4.1857508e-2, 1.8456728e-3, 8.0532070e-5, 3.5127535e-6,
                1.5322245e-7, 6.6833759e-9])
TIMES = np.arange(1, 8) * 0.05


def interpolation_matrix(mesh, x):
    from fpsphere.coupling.interpolate import CellField
    field = CellField(mesh, np.zeros(mesh.n_cells))
    _, nearest = field._tree.query(x)
    cand = field._around[nearest]
    corners = mesh.points[mesh.triangles[cand]]
    w = np.linalg.solve(np.swapaxes(corners, -1, -2),
                        np.broadcast_to(x[:, None, :, None], corners.shape[:2] + (3, 1)))[..., 0]
    w /= w.sum(-1, keepdims=True)
    best = np.argmax(w.min(-1), axis=1)
    rows = np.arange(x.shape[0])
    tri = mesh.triangles[cand[rows, best]]
    ww = w[rows, best]
    return sp.csr_matrix((ww.ravel(), (np.repeat(rows, 3), tri.ravel())),
                         shape=(x.shape[0], mesh.n_cells))


def backtrace(Up, alpha, x, dt, sub=8):
    def v(u):
        return np.cross(u, tangent_gradient(Up, u)) / (2 * alpha)
    h = -dt / sub
    u = x.copy()
    for _ in range(sub):
        k1 = v(u)
        k2 = v(fp.llg.unit(u + 0.5 * h * k1))
        k3 = v(fp.llg.unit(u + 0.5 * h * k2))
        k4 = v(fp.llg.unit(u + h * k3))
        u = fp.llg.unit(u + h * (k1 + 2 * k2 + 2 * k3 + k4) / 6)
    return u


def main(level, dt, mode, alpha=0.01, latlon=False):
    mesh = fp.latlon(level) if latlon else fp.icosphere(level)
    U = fp.Uniaxial(sigma=60)
    chi = fp.Polarizer(-180.0)
    t0 = time.time()
    D = fp.FokkerPlanck(mesh, U, 1e30, chi=chi).matrix.tocsc()
    eye = sp.identity(mesh.n_cells, format="csc")
    half = spl.splu((eye - 0.5 * dt * D).tocsc())
    P = interpolation_matrix(mesh, backtrace(U, alpha, mesh.points, dt))
    setup = time.time() - t0
    rho = fp.initial.von_mises_fisher(mesh, (0, 0, 1), 120.0)
    w = hemisphere_fractions(mesh, (0, 0, 1))
    areas = mesh.areas
    steps = {int(round(t / dt)): k for k, t in enumerate(TIMES)}
    out = np.empty(len(TIMES))
    t0 = time.time()
    for n in range(1, max(steps) + 1):
        rho = half.solve(rho)
        if mode == "log":
            mass = areas @ rho
            rho = np.exp(P @ np.log(np.maximum(rho, 1e-300)))
            rho *= mass / (areas @ rho)
        else:
            mass = areas @ rho
            rho = P @ rho
            rho *= mass / (areas @ rho)
        rho = half.solve(rho)
        if n in steps:
            out[steps[n]] = w @ rho
    print(f"L{level} dt={dt} {mode}: setup {setup:.1f}s run {time.time() - t0:.1f}s")
    print("  P/Pref-1:", " ".join(f"{e:+.3f}" for e in out / REF - 1))


if __name__ == "__main__":
    main(int(sys.argv[1]), float(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "log",
         latlon=len(sys.argv) > 4)


def quadratic_matrix(mesh, x, k=12):
    """Least-squares quadratic interpolation from the k nearest cells (tangent plane)."""
    from scipy.spatial import cKDTree
    _, idx = cKDTree(mesh.points).query(x, k=k)
    helper = np.where(np.abs(x[:, [2]]) < 0.9, [[0, 0, 1.0]], [[1.0, 0, 0]])
    e1 = np.cross(x, helper)
    e1 /= np.linalg.norm(e1, axis=1, keepdims=True)
    e2 = np.cross(x, e1)
    p = mesh.points[idx]                                   # (n, k, 3)
    # gnomonic coordinates of the stencil about x
    dot = np.einsum("nkj,nj->nk", p, x)
    a = np.einsum("nkj,nj->nk", p, e1) / dot
    b = np.einsum("nkj,nj->nk", p, e2) / dot
    V = np.stack([np.ones_like(a), a, b, a * a, a * b, b * b], axis=-1)   # (n, k, 6)
    w = np.linalg.pinv(V)[:, 0, :]                          # (n, k): value at the origin
    rows = np.repeat(np.arange(x.shape[0]), k)
    return sp.csr_matrix((w.ravel(), (rows, idx.ravel())), shape=(x.shape[0], mesh.n_cells))


def run_split(level, dt, rot_every, interp="quadratic", alpha=0.01):
    mesh = fp.icosphere(level)
    U = fp.Uniaxial(sigma=60)
    chi = fp.Polarizer(-180.0)
    D = fp.FokkerPlanck(mesh, U, 1e30, chi=chi).matrix.tocsc()
    eye = sp.identity(mesh.n_cells, format="csc")
    lu = spl.splu((eye - 0.5 * dt * D).tocsc())   # CN half-step pieces
    expl = (eye + 0.5 * dt * D).tocsr()
    foot = backtrace(U, alpha, mesh.points, dt * rot_every)
    P = quadratic_matrix(mesh, foot) if interp == "quadratic" else interpolation_matrix(mesh, foot)
    rho = fp.initial.von_mises_fisher(mesh, (0, 0, 1), 120.0)
    w = hemisphere_fractions(mesh, (0, 0, 1))
    areas = mesh.areas
    steps = {int(round(t / dt)): k for k, t in enumerate(TIMES)}
    out = np.empty(len(TIMES))
    t0 = time.time()
    for n in range(1, max(steps) + 1):
        rho = lu.solve(expl @ rho)
        if n % rot_every == rot_every // 2:
            mass = areas @ rho
            rho = np.exp(P @ np.log(np.maximum(rho, 1e-300)))
            rho *= mass / (areas @ rho)
        if n in steps:
            out[steps[n]] = w @ rho
    print(f"L{level} dt={dt} rot every {rot_every} {interp}: run {time.time() - t0:.1f}s  "
          + " ".join(f"{e:+.3f}" for e in out / REF - 1))
