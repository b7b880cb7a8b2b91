"""Study: does Lloyd (SCVT) smoothing improve finite-volume accuracy? (docs/explanation/mesh.md)

Prints, per level, the eigenvalue error (Rayleigh quotient) and the pointwise
truncation error of the Voronoi Laplacian on real spherical harmonics l = 1..6,
for 0, 5 and 20 Lloyd iterations, and the max-norm error of Poisson solutions.

    python benchmarks/study_mesh_lloyd.py
"""

import numpy as np
import scipy.sparse.linalg as spl
from scipy.special import sph_harm_y

from fpsphere.mesh import icosphere, laplacian


def harmonic(l, m, p):
    theta = np.arccos(np.clip(p[:, 2], -1, 1))
    phi = np.arctan2(p[:, 1], p[:, 0])
    return np.real(sph_harm_y(l, m, theta, phi))


def main() -> None:
    for lloyd in (0, 5, 20):
        print(f"lloyd={lloyd}")
        for level in range(2, 8):
            mesh = icosphere(level, lloyd=lloyd, cache=False)
            lap, areas = laplacian(mesh), mesh.areas
            rq, pointwise = [], []
            for l in range(1, 7):
                for m in sorted({0, min(l, 3)}):
                    f = harmonic(l, m, mesh.points)
                    g = lap @ f
                    lam = l * (l + 1)
                    rq.append(abs(-(f * areas * g).sum() / (f * areas * f).sum() / lam - 1))
                    pointwise.append(np.abs(g + lam * f).max() / lam / np.abs(f).max())
            f = harmonic(6, 5, mesh.points)
            mat = laplacian(mesh).tocsc()
            u = np.zeros_like(f)
            u[1:] = spl.spsolve(mat[1:, 1:], -42 * f[1:])
            u -= (areas * u).sum() / (4 * np.pi)
            poisson = np.abs(u - f).max() / np.abs(f).max()
            print(f"  level {level}: eigenvalue err {max(rq):.2e}  truncation err "
                  f"{max(pointwise):.2e}  Poisson l=6 max err {poisson:.2e}")


if __name__ == "__main__":
    main()
