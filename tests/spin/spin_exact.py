"""Exact two-channel solutions (sums of exponentials), derived independently.

In a layer with ``ρ*``, ``β``, ``l_sf`` the spin accumulation ``Δ = Δμ/e`` obeys
``Δ'' = Δ/l_sf²`` and the spin current is ``δJ = β J₀ - Δ'/(2ρ*)`` (from
``J↑,↓ = -σ↑,↓ μ↑,↓'/e`` with ``σ↑,↓ = (1 ± β)/(2ρ*(1 - β²))``). Across an
interface ``δJ`` is continuous and ``Δ_left - Δ_right = 2 AR* (δJ - γ J₀)``
(0 when transparent). The outer ends are reservoirs, ``Δ = 0``.

The voltage follows from ``-ū' = ρ*(1 - β²) J₀ + (β/2) Δ'`` in the bulk and the
jump ``ū_left - ū_right = AR* (J₀ - γ δJ)`` at an interface, so

    R_ne = Σ_i (β_i / 2J₀) [Δ]_i + Σ_j γ_j AR*_j (γ_j - δJ_j/J₀).

These formulas are written here from the model, not taken from the package.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass
class Slab:
    rho: float  # ρ* (Ω·m)
    beta: float  # signed
    lsf: float  # m (may be inf)
    t: float  # m


@dataclass
class Exact:
    slabs: list
    resist: list  # AR* per interface
    gamma: list  # signed γ per interface
    j0: float
    coef: np.ndarray  # (n, 2): Δ = a e^{(x-xl)/l} + b e^{-(xr-x)/l}... see delta()
    edges: np.ndarray

    def _local(self, i, x):
        s = self.slabs[i]
        xl, xr = self.edges[i], self.edges[i + 1]
        a, b = self.coef[i]
        if math.isinf(s.lsf):  # linear: Δ = a + b (x - xl)/t
            return a + b * (x - xl) / s.t, np.full_like(x, b / s.t)
        ep, em = np.exp((x - xr) / s.lsf), np.exp(-(x - xl) / s.lsf)
        return a * ep + b * em, (a * ep - b * em) / s.lsf

    def delta(self, x, layer):
        """Δμ/e (V) at positions x in layer ``layer``."""
        return self._local(layer, np.asarray(x, float))[0]

    def spin_current(self, x, layer):
        s = self.slabs[layer]
        return s.beta * self.j0 - self._local(layer, np.asarray(x, float))[1] / (2 * s.rho)

    def r_ne(self):
        total = 0.0
        for i, s in enumerate(self.slabs):
            ends = self.delta(np.array([self.edges[i], self.edges[i + 1]]), i)
            total += s.beta * (ends[1] - ends[0]) / (2 * self.j0)
        for j, (r, g) in enumerate(zip(self.resist, self.gamma, strict=True)):
            djs = self.spin_current(np.array([self.edges[j + 1]]), j)[0]
            total += g * r * (g - djs / self.j0)
        return total


def solve_exact(slabs, resist=None, gamma=None, j0=1.0):
    """Exact collinear two-channel solution of a stack with reservoir ends."""
    n = len(slabs)
    resist = list(resist or [0.0] * (n - 1))
    gamma = list(gamma or [0.0] * (n - 1))
    edges = np.concatenate([[0.0], np.cumsum([s.t for s in slabs])])
    # Δ_i(x) = a_i f_i(x) + b_i g_i(x); value/derivative of f, g at both ends.
    def basis(i):
        s = slabs[i]
        if math.isinf(s.lsf):
            return (np.array([1.0, 1.0]), np.array([0.0, 0.0]),  # f=1
                    np.array([0.0, 1.0]), np.array([1 / s.t, 1 / s.t]))  # g=(x-xl)/t
        q = math.exp(-s.t / s.lsf)
        return (np.array([q, 1.0]), np.array([q, 1.0]) / s.lsf,
                np.array([1.0, q]), -np.array([1.0, q]) / s.lsf)
    A = np.zeros((2 * n, 2 * n))
    rhs = np.zeros(2 * n)
    fv, fd, gv, gd = zip(*(basis(i) for i in range(n)), strict=True)
    A[0, 0], A[0, 1] = fv[0][0], gv[0][0]
    A[1, 2 * n - 2], A[1, 2 * n - 1] = fv[-1][1], gv[-1][1]
    for j in range(n - 1):
        L, R = slabs[j], slabs[j + 1]
        row = 2 + 2 * j
        # δJ continuity: βL J0 - ΔL'/(2ρL) = βR J0 - ΔR'/(2ρR)
        A[row, 2 * j] = -fd[j][1] / (2 * L.rho)
        A[row, 2 * j + 1] = -gd[j][1] / (2 * L.rho)
        A[row, 2 * j + 2] = fd[j + 1][0] / (2 * R.rho)
        A[row, 2 * j + 3] = gd[j + 1][0] / (2 * R.rho)
        rhs[row] = (R.beta - L.beta) * j0
        # ΔL - ΔR = 2 AR* (δJ_L - γ J0), δJ_L = βL J0 - ΔL'/(2ρL)
        r = resist[j]
        A[row + 1, 2 * j] = fv[j][1] + 2 * r * fd[j][1] / (2 * L.rho)
        A[row + 1, 2 * j + 1] = gv[j][1] + 2 * r * gd[j][1] / (2 * L.rho)
        A[row + 1, 2 * j + 2] = -fv[j + 1][0]
        A[row + 1, 2 * j + 3] = -gv[j + 1][0]
        rhs[row + 1] = 2 * r * (L.beta - gamma[j]) * j0
    coef = np.linalg.solve(A, rhs).reshape(n, 2)
    return Exact(list(slabs), resist, gamma, j0, coef, edges)


def van_son_r_ne(rho_f, beta, lsf_f, rho_n, lsf_n):
    """Closed form R_ne = β² r_F r_N / (r_F + r_N), r = ρ* l_sf (van Son 1987, VF 1993)."""
    rf, rn = rho_f * lsf_f, rho_n * lsf_n
    return beta**2 * rf * rn / (rf + rn)


def two_current_spin_valve(rho_f, beta, t_f, rho_n, t_n, ar=0.0, gamma=0.0):
    """(R_P, R_AP) of F/N/F without spin flip (Valet–Fert long-l_sf limit)."""
    a = 2 * rho_f * t_f + rho_n * t_n + 2 * ar
    b = 2 * beta * rho_f * t_f + 2 * gamma * ar
    return (a * a - b * b) / a, a
