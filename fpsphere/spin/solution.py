"""Solutions of the 1D spin-transport models, with named fields and units.

All potentials are chemical potentials divided by the elementary charge, in
volts (``μ/e``), with Ohm's law ``J = -σ ∂(μ/e)/∂x`` per channel (S-9); currents
are densities in A/m² along +x. Arrays have shape ``(N,)`` (``(N, 3)`` for spin
vectors) over the nodes ``x``; interface positions appear twice, once per side.

The non-equilibrium resistance (S-12) is defined physically,
``R_ne = V/J₀ - Σ ρ_i t_i - Σ AR*_j (1 - γ_j²)``: total resistance–area product
minus the plain (spin-averaged) bulk and interface resistances.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["SdSolution", "TwoChannelSolution", "VectorSolution"]


@dataclass(frozen=True)
class _Common:
    x: np.ndarray
    layer: np.ndarray
    current_density: float
    resistance: float
    plain_resistance: float

    @property
    def r_ne(self) -> float:
        """Non-equilibrium resistance–area product (Ω·m²), S-12."""
        return self.resistance - self.plain_resistance


@dataclass(frozen=True)
class TwoChannelSolution(_Common):
    """Two-channel solution (S-7 … S-12).

    Attributes
    ----------
    x : ndarray, shape (N,)
        Node positions (m).
    layer : ndarray of int, shape (N,)
        Layer index of each node.
    current_density : float
        Imposed ``J₀`` (A/m²).
    resistance : float
        Total resistance–area product ``V/J₀`` between the reservoirs (Ω·m²).
    plain_resistance : float
        ``Σ ρ_i t_i + Σ AR*_j(1 - γ_j²)`` (Ω·m²).
    mu_mean : ndarray
        ``(μ↑ + μ↓)/2e`` (V).
    delta_mu : ndarray
        ``Δμ/e = (μ↑ - μ↓)/e`` (V).
    charge_current : ndarray
        ``J₀ = J↑ + J↓`` (A/m²), uniform.
    spin_current : ndarray
        ``δJ = J↑ - J↓`` (A/m²).
    spin_flux : ndarray
        ``e ψ̇`` (A/m³), the ↑ → ↓ relaxation rate (S-7, S-9): ``J↑' = -eψ̇``.
    beta : ndarray, shape (n_layers,)
        Signed bulk asymmetry of each layer (sign of its magnetization).
    interface_terms : ndarray, shape (n_interfaces, 2)
        Signed ``(γ, AR*)`` of each interface.
    """

    mu_mean: np.ndarray
    delta_mu: np.ndarray
    charge_current: np.ndarray
    spin_current: np.ndarray
    spin_flux: np.ndarray
    beta: np.ndarray
    interface_terms: np.ndarray

    @property
    def mu_up(self) -> np.ndarray:
        """``μ↑/e`` (V)."""
        return self.mu_mean + 0.5 * self.delta_mu

    @property
    def mu_down(self) -> np.ndarray:
        """``μ↓/e`` (V)."""
        return self.mu_mean - 0.5 * self.delta_mu

    @property
    def j_up(self) -> np.ndarray:
        """``J↑`` (A/m²)."""
        return 0.5 * (self.charge_current + self.spin_current)

    @property
    def j_down(self) -> np.ndarray:
        """``J↓`` (A/m²)."""
        return 0.5 * (self.charge_current - self.spin_current)

    @property
    def r_ne_s12(self) -> float:
        """``R_ne`` from the accumulation profile, our form of S-12 (Ω·m²).

        ``R_ne = (1/2J₀) ∫ β ∂(Δμ/e)/∂x dx + Σ_j γ_j AR*_j (γ_j - δJ_j/J₀)``,
        the integral taken layer by layer (β jumps at interfaces) and ``δJ_j``
        the spin current through interface ``j``. See ``docs/explanation/spin.md``.
        """
        first = np.flatnonzero(np.diff(self.layer, prepend=-1))
        last = np.flatnonzero(np.diff(self.layer, append=self.layer[-1] + 1))
        bulk = np.sum(self.beta * (self.delta_mu[last] - self.delta_mu[first]))
        j0 = self.current_density
        gamma, ar = self.interface_terms.T
        through = self.spin_current[last[:-1]]
        return float(bulk / (2.0 * j0) + np.sum(gamma * ar * (gamma - through / j0)))


@dataclass(frozen=True)
class VectorSolution(_Common):
    """Vector (Zhang–Levy–Fert) solution.

    Attributes
    ----------
    mu_mean : ndarray, shape (N,)
        ``(μ↑ + μ↓)/2e`` (V).
    spin_accumulation : ndarray, shape (N, 3)
        Vector ``Δμ/e`` (V) in spin space (components x, y, z; layer
        magnetizations lie in the x–z plane, angle 0 along +z).
    charge_current : ndarray, shape (N,)
        ``J₀`` (A/m²).
    spin_current : ndarray, shape (N, 3)
        Vector ``δJ`` (A/m², charge-current units).
    magnetization : ndarray, shape (n_layers, 3)
        Unit magnetization of each layer.
    """

    mu_mean: np.ndarray
    spin_accumulation: np.ndarray
    charge_current: np.ndarray
    spin_current: np.ndarray
    magnetization: np.ndarray

    @property
    def delta_mu(self) -> np.ndarray:
        """``Δμ/e`` (V) along +z (the angle-0 axis), as in the two-channel model."""
        return self.spin_accumulation[:, 2]

    @property
    def longitudinal_accumulation(self) -> np.ndarray:
        """Accumulation along each layer's own magnetization (V), shape (N,)."""
        return np.einsum("ij,ij->i", self.spin_accumulation, self.magnetization[self.layer])

    def absorbed_spin_current(self, layer: int) -> np.ndarray:
        """Spin current entering minus leaving ``layer`` (A/m²), shape (3,).

        Its part transverse to the layer's magnetization is the spin-transfer
        torque per area (in charge-current units; multiply by ``ħ/2e`` for N/m).
        """
        nodes = np.flatnonzero(self.layer == layer)
        return self.spin_current[nodes[0]] - self.spin_current[nodes[-1]]


@dataclass(frozen=True)
class SdSolution(_Common):
    """Four-channel s–d solution (S-16 … S-18).

    Attributes
    ----------
    potentials : ndarray, shape (N, 3)
        ``(μ_s↑, μ_s↓, μ_d↓)/e`` (V).
    currents : ndarray, shape (N, 3)
        ``(J_s↑, J_s↓, J_d↓)`` (A/m²).
    """

    potentials: np.ndarray
    currents: np.ndarray

    @property
    def total_current(self) -> np.ndarray:
        """``J_t = J_s↑ + J_s↓ + J_d↓`` (A/m²), uniform."""
        return self.currents.sum(axis=1)

    @property
    def spin_accumulation(self) -> np.ndarray:
        """``(μ_s↑ - μ_s↓)/e`` (V)."""
        return self.potentials[:, 0] - self.potentials[:, 1]

    @property
    def interband_accumulation(self) -> np.ndarray:
        """``(μ_s↓ - μ_d↓)/e`` (V)."""
        return self.potentials[:, 1] - self.potentials[:, 2]
