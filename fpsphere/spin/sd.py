"""Four-channel s–d material (article section 5, S-16 … S-18).

Populations s↑, s↓ and d↓ (d↑ full, no current) with channel conductivities
``σ_s↑, σ_s↓, σ_d↓``, spin flip ``ψ̇_s = L_s (μ_s↑ - μ_s↓)`` and interband
relaxation ``ψ̇_sd = L_sd (μ_s↓ - μ_d↓)`` (S-17). The relaxation coefficients are
given as lengths, each the diffusion length that mechanism would have alone:

    1/l_s²  = L_s  (1/σ_s↑ + 1/σ_s↓),      1/l_sd² = L_sd (1/σ_s↓ + 1/σ_d↓).

With ``a = μ_s↑ - μ_s↓`` (spin accumulation of the s band) and
``b = μ_s↓ - μ_d↓`` (interband imbalance) the steady state is S-18:

    a'' = a/l_s²  - b/λ_s²,     1/λ_s²  = L_sd / σ_s↓,
    b'' = b/l_sd² - a/λ_sd²,    1/λ_sd² = L_s  / σ_s↓,

whose two decay lengths are ``1/√ν`` for the eigenvalues ``ν`` of that 2×2
matrix. (The article prints the second equation with ``-a/l_sf²``; positivity of
the dissipation requires the ``+`` sign written here.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from fpsphere.errors import ParameterTypeError
from fpsphere.spin.materials import Material, check_real

__all__ = ["SdLengths", "SdMaterial"]


class SdLengths(NamedTuple):
    """The four lengths of S-18 and the two resulting decay lengths (m)."""

    l_s: float
    l_sd: float
    lambda_s: float
    lambda_sd: float
    decay: tuple[float, float]


@dataclass(frozen=True)
class SdMaterial:
    """A metal in the four-channel s–d model (SI units).

    Parameters
    ----------
    name : str
        Label.
    sigma_s_up, sigma_s_down : float
        Conductivities of the s↑, s↓ channels (S/m), > 0.
    sigma_d_down : float
        Conductivity of the d↓ channel (S/m), ≥ 0; 0 means the d↓ population
        carries no current and follows μ_s↓ (then the model is two-channel).
    l_s : float
        Spin-flip length of the s band alone (m), > 0 (``inf``: no spin flip).
    l_sd : float
        Interband (s↓–d↓) length alone (m), > 0; ignored when ``sigma_d_down = 0``.
    """

    name: str
    sigma_s_up: float
    sigma_s_down: float
    sigma_d_down: float = 0.0
    l_s: float = math.inf
    l_sd: float = math.inf

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ParameterTypeError(f"name={self.name!r} is not allowed: expected a non-empty str")
        set_ = object.__setattr__
        set_(self, "sigma_s_up", check_real("sigma_s_up", self.sigma_s_up, low=0.0))
        set_(self, "sigma_s_down", check_real("sigma_s_down", self.sigma_s_down, low=0.0))
        set_(self, "sigma_d_down", check_real("sigma_d_down", self.sigma_d_down, low=0.0,
                                              open_low=False))
        set_(self, "l_s", check_real("l_s", self.l_s, low=0.0, allow_inf=True))
        set_(self, "l_sd", check_real("l_sd", self.l_sd, low=0.0, allow_inf=True))

    @classmethod
    def from_material(cls, material: Material) -> SdMaterial:
        """The two-channel ``material`` as an s–d material without d↓ current."""
        s0 = material.sigma0
        return cls(material.name, s0 * (1 + material.beta), s0 * (1 - material.beta), 0.0,
                   material.lsf, math.inf)

    @property
    def ferromagnetic(self) -> bool:
        """True when the channels differ (spin asymmetry or a d↓ channel)."""
        return self.sigma_s_up != self.sigma_s_down or self.sigma_d_down > 0.0

    @property
    def conductivities(self) -> np.ndarray:
        """``(σ_s↑, σ_s↓, σ_d↓)`` (S/m)."""
        return np.array([self.sigma_s_up, self.sigma_s_down, self.sigma_d_down])

    @property
    def total_conductivity(self) -> float:
        """``σ_s↑ + σ_s↓ + σ_d↓`` (S/m)."""
        return float(self.conductivities.sum())

    @property
    def onsager(self) -> tuple[float, float]:
        """``(L_s, L_sd)`` in S/m³ (current density per volt per metre).

        When ``sigma_d_down = 0`` the returned ``L_sd`` only slaves μ_d↓ to μ_s↓.
        """
        l_s = 1.0 / (self.l_s**2 * (1.0 / self.sigma_s_up + 1.0 / self.sigma_s_down))
        if self.sigma_d_down == 0.0:
            return l_s, self.sigma_s_down / (self.l_s if math.isfinite(self.l_s) else 1.0) ** 2
        l_sd = 1.0 / (self.l_sd**2 * (1.0 / self.sigma_s_down + 1.0 / self.sigma_d_down))
        return l_s, l_sd

    def relaxation_matrix(self) -> np.ndarray:
        """``K`` (S/m³) with ``J' = -K μ/e`` in the basis (s↑, s↓, d↓) (S-16, S-17)."""
        L_s, L_sd = self.onsager
        spin = np.array([[1.0, -1.0, 0.0], [-1.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
        band = np.array([[0.0, 0.0, 0.0], [0.0, 1.0, -1.0], [0.0, -1.0, 1.0]])
        return L_s * spin + L_sd * band

    def lengths(self) -> SdLengths:
        """The lengths of S-18 (see the module docstring)."""
        L_s, L_sd = self.onsager
        inv = np.array([
            [L_s * (1 / self.sigma_s_up + 1 / self.sigma_s_down), -L_sd / self.sigma_s_down],
            [-L_s / self.sigma_s_down,
             L_sd * (1 / self.sigma_s_down + 1 / max(self.sigma_d_down, 1e-300))],
        ])
        nu = np.sort(np.linalg.eigvals(inv).real)[::-1]

        def length(v: float) -> float:
            return 1.0 / math.sqrt(v) if v > 0 else math.inf

        return SdLengths(length(inv[0, 0]), length(inv[1, 1]), length(-inv[0, 1]),
                         length(-inv[1, 0]), (length(nu[0]), length(nu[1])))
