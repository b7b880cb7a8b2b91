"""Observables of a density on the sphere mesh (docs/conventions.md section 1, "Observables").

Functions of a mesh (or generator) and cell densities ``rho`` (N,) normalized as
``sum(rho * areas) = 1``; quadrature is cell-wise (second order).  Hemisphere
probabilities clip every Voronoi fan triangle exactly at the great circle, so
they carry no first-order error from cells straddling the boundary.
"""

from __future__ import annotations

import numpy as np

from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.mesh import SphereMesh
from fpsphere.mesh.geometry import arc_moment, normalized, signed_triangle_area

__all__ = [
    "resonance",
    "region_mask",
    "mean_moment",
    "mean_square_projection",
    "probability",
    "hemisphere_fractions",
    "current_vectors",
    "entropy_production",
]


def _rho(mesh: SphereMesh, rho) -> np.ndarray:
    rho = np.asarray(rho, dtype=float)
    if rho.shape[-1:] != (mesh.n_cells,):
        raise ParameterTypeError(f"rho has shape {rho.shape}; expected (..., {mesh.n_cells})")
    return rho


def _direction(name: str, v) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    if v.shape != (3,) or not np.all(np.isfinite(v)) or np.linalg.norm(v) == 0:
        raise ParameterError(f"{name}={v!r} is not allowed: expected a non-zero 3-vector")
    return v / np.linalg.norm(v)


def _cell_moments(mesh: SphereMesh) -> np.ndarray:
    c_right = mesh.circumcenters[mesh.edge_triangles[:, 1]]
    c_left = mesh.circumcenters[mesh.edge_triangles[:, 0]]
    m = arc_moment(c_right, c_left)
    i, j = mesh.edges.T
    n = mesh.n_cells
    return np.stack([np.bincount(i, m[:, k], n) - np.bincount(j, m[:, k], n) for k in range(3)], 1)


def mean_moment(mesh: SphereMesh, rho) -> np.ndarray:
    """``<u>`` (3,) or (..., 3): ``sum_i rho_i int_cell u dA`` (exact cell moments)."""
    return _rho(mesh, rho) @ _cell_moments(mesh)


def mean_square_projection(mesh: SphereMesh, rho, axis=(0.0, 0.0, 1.0)) -> np.ndarray:
    """``<(u.n)^2>``: the order parameter along ``axis``."""
    n = _direction("axis", axis)
    return _rho(mesh, rho) @ (mesh.areas * (mesh.points @ n) ** 2)


def hemisphere_fractions(mesh: SphereMesh, normal) -> np.ndarray:
    """(N,) area of each cell in ``u.normal > 0``, exact (great-circle clipping)."""
    n = _direction("normal", normal)
    c_right = mesh.circumcenters[mesh.edge_triangles[:, 1]]
    c_left = mesh.circumcenters[mesh.edge_triangles[:, 0]]
    i, j = mesh.edges.T
    parts = []
    for apex, a, b in ((mesh.points[i], c_right, c_left), (mesh.points[j], c_left, c_right)):
        parts.append(_clipped_area(apex, a, b, n))
    nc = mesh.n_cells
    return np.bincount(i, parts[0], nc) + np.bincount(j, parts[1], nc)


def _clipped_area(p0, p1, p2, n):
    """Signed area of the spherical triangles (p0, p1, p2) inside ``u.n >= 0``."""
    s = np.stack([p0 @ n, p1 @ n, p2 @ n], 1)
    pts = np.stack([p0, p1, p2], 1)
    inside = s >= 0
    count = inside.sum(1)
    area = np.where(count == 3, signed_triangle_area(p0, p1, p2), 0.0)
    for k in range(3):  # rotate so that the odd vertex is vertex 0
        a, b, c = k, (k + 1) % 3, (k + 2) % 3
        one_in = (count == 1) & inside[:, a]
        two_in = (count == 2) & ~inside[:, a]
        if not (one_in.any() or two_in.any()):
            continue
        pa, pb, pc = pts[:, a], pts[:, b], pts[:, c]
        sa, sb, sc = s[:, a:a + 1], s[:, b:b + 1], s[:, c:c + 1]
        with np.errstate(invalid="ignore", divide="ignore"):
            # great-circle crossings on the arcs a-b and a-c (on the arc, not antipodal)
            xab = normalized((sa * pb - sb * pa) * np.sign(sa - sb))
            xac = normalized((sa * pc - sc * pa) * np.sign(sa - sc))
        tri_in = signed_triangle_area(pa, xab, xac)
        full = signed_triangle_area(pa, pb, pc)
        area = np.where(one_in, tri_in, area)
        area = np.where(two_in, full - tri_in, area)
    return np.nan_to_num(area)


def probability(mesh: SphereMesh, rho, region) -> np.ndarray | float:
    """Probability of a region.

    ``region`` is one of: a 3-vector ``n`` (the hemisphere ``u.n > 0``, exact
    clipping); ``("cone", axis, half_angle_rad)`` (cells whose centre lies in
    the cone); a boolean mask (N,); a predicate ``f(u) -> bool array``.
    """
    rho = _rho(mesh, rho)
    if isinstance(region, tuple) and region and region[0] == "cone":
        _, axis, half_angle = region
        if not 0 < half_angle <= np.pi:
            raise ParameterError(f"half_angle={half_angle!r} is not allowed: expected (0, pi]")
        weights = mesh.areas * (mesh.points @ _direction("axis", axis) >= np.cos(half_angle))
    elif callable(region):
        mask = np.asarray(region(mesh.points), dtype=bool)
        if mask.shape != (mesh.n_cells,):
            raise ParameterTypeError(f"region predicate returned shape {mask.shape}; "
                                     f"expected ({mesh.n_cells},)")
        weights = mesh.areas * mask
    else:
        arr = np.asarray(region)
        if arr.dtype == bool:
            if arr.shape != (mesh.n_cells,):
                raise ParameterTypeError(f"region mask has shape {arr.shape}; "
                                         f"expected ({mesh.n_cells},)")
            weights = mesh.areas * arr
        else:
            weights = hemisphere_fractions(mesh, region)
    if not np.any(weights > 0):
        raise ParameterError("region contains no part of any cell (empty region)")
    return rho @ weights


def region_mask(mesh: SphereMesh, region) -> np.ndarray:
    """(N,) bool: cells whose centre lies in ``region``.

    ``region`` is a 3-vector ``n`` (``u.n > 0``), ``("cone", axis, half_angle_rad)``,
    a boolean mask (N,) or a predicate ``f(u) -> bool array``.
    """
    if isinstance(region, tuple) and region and region[0] == "cone":
        _, axis, half_angle = region
        if not 0 < half_angle <= np.pi:
            raise ParameterError(f"half_angle={half_angle!r} is not allowed: expected (0, pi]")
        mask = mesh.points @ _direction("axis", axis) >= np.cos(half_angle)
    elif callable(region):
        mask = np.asarray(region(mesh.points), dtype=bool)
    else:
        arr = np.asarray(region)
        mask = arr if arr.dtype == bool else mesh.points @ _direction("region", arr) > 0
    if mask.shape != (mesh.n_cells,):
        raise ParameterTypeError(f"region gives shape {mask.shape}; expected ({mesh.n_cells},)")
    if not mask.any():
        raise ParameterError("region contains no cell centre (empty region)")
    return mask


def current_vectors(generator, rho) -> np.ndarray:
    """(N, 3) probability current ``J`` per cell (tangent vectors, per tau_N).

    Reconstructed from the edge fluxes ``F_e`` by the discrete Gauss identity
    ``A_i J_i = sum_e F_e (x_e - p_i)`` (x_e the dual-edge midpoint), projected
    on the tangent plane.
    """
    mesh = generator.mesh
    flux = generator.edge_flux(_rho(mesh, rho))
    c = mesh.circumcenters[mesh.edge_triangles]
    x = normalized(c[:, 0] + c[:, 1])
    i, j = mesh.edges.T
    n = mesh.n_cells
    di = flux[:, None] * (x - mesh.points[i])
    dj = -flux[:, None] * (x - mesh.points[j])
    total = np.stack([np.bincount(i, di[:, k], n) + np.bincount(j, dj[:, k], n)
                      for k in range(3)], 1)
    j_vec = total / mesh.areas[:, None]
    return j_vec - np.einsum("ij,ij->i", j_vec, mesh.points)[:, None] * mesh.points


def entropy_production(generator, rho) -> float:
    """Entropy production rate (units k_B per tau_N) of the dissipative flux.

    ``sum_e F^d_e (mu_i - mu_j)`` with ``mu = ln rho + U_d`` and ``F^d`` the
    Scharfetter-Gummel flux; each term is >= 0 and all vanish at equilibrium
    (S-1, S-19: ``T dS/dt`` in units of kT per tau_N).  Edges touching a cell with
    ``rho <= 0`` (possible in states of the transient operator) are left out.
    """
    mesh = generator.mesh
    rho = _rho(mesh, rho)
    i, j = mesh.edges.T
    mid = 0.5 * (generator.ud[i] + generator.ud[j])
    with np.errstate(divide="ignore", invalid="ignore"):  # cells with rho <= 0 drop out
        gi = np.log(rho[i]) + generator.ud[i]
        gj = np.log(rho[j]) + generator.ud[j]
    # SG flux = sg (g_i - g_j) exp(-m), g = exp(mu); written with mu to avoid overflow
    flux = generator.sg * (np.exp(gi - mid) - np.exp(gj - mid))
    return float(np.nansum(flux * (gi - gj)))


def resonance(frequencies, chi) -> tuple[float, float]:
    """Resonance frequency and full width at half maximum of the absorption ``chi''``.

    ``chi`` from :meth:`FokkerPlanck.susceptibility` (``chi = chi' - i chi''``) on an
    increasing grid ``frequencies`` (rad/tau_N) that brackets the line.  The peak
    is refined by a parabola through the three highest samples; the half-maximum
    crossings by linear interpolation.  Returns ``(omega_r, fwhm)``.
    """
    w = np.asarray(frequencies, dtype=float)
    absorption = -np.imag(np.asarray(chi))
    if w.ndim != 1 or w.size < 5 or np.any(np.diff(w) <= 0) or absorption.shape != w.shape:
        raise ParameterError("frequencies must be >= 5 increasing values matching chi")
    k = int(np.argmax(absorption))
    if k in (0, w.size - 1):
        raise ParameterError("the absorption maximum is at the edge of the frequency grid: "
                             "widen the grid around the resonance")
    x, y = w[k - 1:k + 2], absorption[k - 1:k + 2]
    a, b, _ = np.polyfit(x, y, 2)
    peak_w = -b / (2 * a) if a < 0 else w[k]
    peak = np.polyval([a, b, _], peak_w) if a < 0 else absorption[k]
    half = 0.5 * peak
    left = np.flatnonzero(absorption[:k] < half)
    right = np.flatnonzero(absorption[k:] < half)
    if left.size == 0 or right.size == 0:
        raise ParameterError("the grid does not reach half maximum on both sides of the line")
    i0, i1 = left[-1], k + right[0]
    lo = np.interp(half, absorption[i0:i0 + 2], w[i0:i0 + 2])
    hi = np.interp(half, absorption[i1 - 1:i1 + 1][::-1], w[i1 - 1:i1 + 1][::-1])
    return float(peak_w), float(hi - lo)
