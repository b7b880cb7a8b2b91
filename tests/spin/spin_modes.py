"""Exact solutions of n-channel stacks by eigenmodes (sums of exponentials).

In a layer ``u'' = C⁻¹K u``: each non-zero eigenvalue ν gives the modes
``exp(∓√ν x) v`` and the null vector (charge) a linear mode. Interface and
reservoir conditions give one dense complex linear system. Independent of the
package's finite differences; the matrices ``C``, ``K`` are built by the tests.
"""

from __future__ import annotations

import numpy as np


class ModeSolution:
    def __init__(self, layers, interfaces, equilibrium, charge, j0):
        self.layers = layers  # list of (C, K, thickness)
        n = layers[0][0].shape[0]
        self.n = n
        self.edges = np.concatenate([[0.0], np.cumsum([t for _, _, t in layers])])
        self.modes = [self._modes(C, K, t) for C, K, t in layers]
        cols = [len(m) for m in self.modes]
        self.start = np.concatenate([[0], np.cumsum(cols)])
        size = self.start[-1]
        rows, rhs = [], []

        def row_of(i, side, what):  # what: "u" or "J"; returns (n, size) matrix
            out = np.zeros((n, size), complex)
            C = self.layers[i][0]
            for k, (value, deriv) in enumerate(self.modes[i]):
                vec = value[side] if what == "u" else -C @ deriv[side]
                out[:, self.start[i] + k] = vec
            return out

        e, w = equilibrium, charge
        u0, j_left = row_of(0, 0, "u"), row_of(0, 0, "J")
        for c in range(1, n):
            rows.append(u0[c] - e[c] / e[0] * u0[0])
            rhs.append(0.0)
        rows.append(w @ j_left)
        rhs.append(j0)
        u_end = row_of(len(layers) - 1, 1, "u")
        rows += list(u_end)
        rhs += [0.0] * n
        for j, (mask, G) in enumerate(interfaces):
            uL, uR = row_of(j, 1, "u"), row_of(j + 1, 0, "u")
            JL, JR = row_of(j, 1, "J"), row_of(j + 1, 0, "J")
            for c in range(n):
                if mask[c]:
                    rows += [uL[c] - uR[c], JL[c] - JR[c]]
                else:
                    rows += [JL[c] - G[c] @ (uL - uR), JR[c] - G[c] @ (uL - uR)]
                rhs += [0.0, 0.0]
        A = np.array(rows)
        assert A.shape == (size, size)
        b = np.array(rhs, complex)
        # equilibrate: potential rows (~1) and current rows (~σq) differ by 1e15
        row_scale = np.abs(A).max(axis=1)
        col_scale = np.abs(A / row_scale[:, None]).max(axis=0)
        scaled = A / row_scale[:, None] / col_scale[None, :]
        self.coef = np.linalg.solve(scaled, b / row_scale) / col_scale

    def _modes(self, C, K, t):
        nu, vec = np.linalg.eig(np.linalg.solve(C, K))
        scale = np.abs(nu).max()
        modes = []
        for k in range(nu.size):
            v = vec[:, k]
            if abs(nu[k]) < 1e-9 * scale:  # charge: linear modes
                modes.append((np.array([v, v]), np.array([0 * v, 0 * v])))
                modes.append((np.array([0 * v, t * v]), np.array([v, v])))
            else:
                q = np.sqrt(nu[k] + 0j)
                if q.real < 0:
                    q = -q
                d = np.exp(-q * t)
                modes.append((np.array([v, d * v]), np.array([-q * v, -q * d * v])))
                modes.append((np.array([d * v, v]), np.array([q * d * v, q * v])))
        return modes

    def potentials(self, x, i):
        """u at positions x (m) of layer i, shape (len(x), n), real."""
        C, K, t = self.layers[i]
        nu, vec = np.linalg.eig(np.linalg.solve(C, K))
        s = np.asarray(x, float) - self.edges[i]
        out = np.zeros((s.size, self.n), complex)
        c = self.coef[self.start[i]:self.start[i + 1]]
        scale = np.abs(nu).max()
        k_col = 0
        for k in range(nu.size):
            v = vec[:, k]
            if abs(nu[k]) < 1e-9 * scale:
                out += np.outer(c[k_col] + c[k_col + 1] * s, v)
            else:
                q = np.sqrt(nu[k] + 0j)
                if q.real < 0:
                    q = -q
                out += np.outer(c[k_col] * np.exp(-q * s) + c[k_col + 1] * np.exp(q * (s - t)), v)
            k_col += 2
        return out.real

    @property
    def left_potential(self):
        return self.potentials(np.array([0.0]), 0)[0]


def round_off_bound(sol):
    """Round-off level of a current recomputed from potential differences.

    Each face current is ``σ Δu / h`` with ``|u| ~ R J₀``: relative error about
    ``ε L / h_min``; allow a generous factor for accumulation over faces.
    """
    h = np.diff(sol.x)
    h_min = h[h > 0].min()
    return 1000 * np.finfo(float).eps * (sol.x[-1] - sol.x[0]) / h_min
