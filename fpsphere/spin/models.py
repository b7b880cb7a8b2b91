"""The three transport models as channel problems (docs/conventions.md §2).

Each builder turns a :class:`~fpsphere.spin.stack.Stack` into a
:class:`~fpsphere.spin.assembly.ChannelProblem`:

* two-channel (S-7 … S-12), basis ``(ū, Δu)`` with ``ū = (μ↑ + μ↓)/2e`` and
  ``Δu = (μ↑ - μ↓)/e`` (V), currents ``(J₀, δJ)`` with ``δJ = J↑ - J↓``;
* vector / transverse (S-13 … S-15 and Zhang–Levy–Fert 2002), basis
  ``(ū, Δu_x, Δu_y, Δu_z)``: the spin accumulation is a vector in spin space, its
  component along the local magnetization ``m`` obeys the two-channel model,
  the transverse part diffuses with ``σ₀``, relaxes with ``1/l_sf² + 1/l_⊥²`` and
  precesses about ``m`` with ``1/l_J²``;
* s–d (S-16 … S-18), basis ``(μ_s↑, μ_s↓, μ_d↓)/e``.

In the ``(ū, spin)`` bases the conductivity of a layer with channel
conductivities ``σ↑,↓`` along the unit axis ``m`` is::

    C = [[σ↑ + σ↓,        (σ↑ - σ↓)/2 mᵀ],
         [(σ↑ - σ↓) m,    (σ↑ + σ↓)/2 I ]]

(S-10 with ``σ↑,↓ = σ₀(1 ± β)``), and an interface with ``g↑,↓ = 1/r↑,↓`` has the
same form. The transverse interface conductance is thus the spin-averaged
``(g↑ + g↓)/2`` (a real mixing conductance; no imaginary part).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from fpsphere.spin.assembly import ChannelProblem
from fpsphere.spin.grid import layer_node_counts, layer_nodes
from fpsphere.spin.sd import SdMaterial

if TYPE_CHECKING:
    from fpsphere.spin.stack import Stack

__all__ = ["sd_problem", "spin_block", "two_channel_problem", "vector_problem"]


def spin_block(up: float, down: float, axis: np.ndarray) -> np.ndarray:
    """Conductivity (or conductance) block in the ``(ū, spin)`` basis.

    Parameters
    ----------
    up, down : float
        Channel conductivities ``σ↑, σ↓`` (S/m) or conductances (S/m²).
    axis : ndarray, shape (k,)
        Spin axis ``m`` (k = 1: ``[±1]`` for collinear stacks; k = 3: unit vector).

    Returns
    -------
    ndarray, shape (k + 1, k + 1)
    """
    k = axis.size
    block = np.zeros((k + 1, k + 1))
    block[0, 0] = up + down
    block[0, 1:] = 0.5 * (up - down) * axis
    block[1:, 0] = (up - down) * axis
    block[1:, 1:] = 0.5 * (up + down) * np.eye(k)
    return block


def _inv_sq(length: float | None) -> float:
    return 0.0 if length is None or math.isinf(length) else 1.0 / length**2


def _grid(stack: Stack, lengths: np.ndarray, points: int) -> tuple[np.ndarray, ...]:
    thick = np.array([layer.thickness for layer in stack.layers])
    lengths = np.where(np.isfinite(lengths), lengths, thick)
    counts = layer_node_counts(thick, lengths, points)
    starts = np.concatenate([[0.0], np.cumsum(thick)[:-1]])
    return tuple(start + layer_nodes(t, length, int(c))
                 for start, t, length, c in zip(starts, thick, lengths, counts, strict=True))


def _interface_axis(stack: Stack, j: int, vector: bool) -> np.ndarray:
    """Spin axis of the ferromagnetic neighbour of interface ``j`` (left first)."""
    for layer in (stack.layers[j], stack.layers[j + 1]):
        if layer.material.ferromagnetic:
            return layer.magnetization if vector else np.array([layer.polarity])
    return np.array([0.0, 0.0, 1.0]) if vector else np.array([1.0])


def _interfaces(stack: Stack, k: int, vector: bool) -> tuple[np.ndarray, np.ndarray]:
    n = k + 1
    transparent = np.ones((stack.n_layers - 1, n), dtype=bool)
    conductance = np.zeros((stack.n_layers - 1, n, n))
    for j, itf in enumerate(stack.interfaces):
        if itf.transparent:
            continue
        g_up = 1.0 / (2.0 * itf.resistance * (1.0 - itf.gamma))
        g_down = 1.0 / (2.0 * itf.resistance * (1.0 + itf.gamma))
        transparent[j] = False
        conductance[j] = spin_block(g_up, g_down, _interface_axis(stack, j, vector))
    return transparent, conductance


def two_channel_problem(stack: Stack, points: int) -> ChannelProblem:
    """Two-channel model (S-7 … S-12); magnetizations must be collinear."""
    conductivity, relaxation, lengths = [], [], []
    for layer in stack.layers:
        mat = layer.material
        s0 = mat.sigma0
        conductivity.append(spin_block(s0 * (1 + mat.beta), s0 * (1 - mat.beta),
                                       np.array([layer.polarity])))
        # δJ' = -σ₀(1 - β²) Δu / l_sf²: the S-11 rate with l_diff = l_sf.
        relaxation.append(np.diag([0.0, s0 * (1 - mat.beta**2) * _inv_sq(mat.lsf)]))
        lengths.append(mat.lsf)
    transparent, conductance = _interfaces(stack, 1, vector=False)
    unit = np.array([1.0, 0.0])
    return ChannelProblem(_grid(stack, np.array(lengths), points), np.array(conductivity),
                          np.array(relaxation), transparent, conductance, unit, unit)


def _cross_matrix(m: np.ndarray) -> np.ndarray:
    """``[m]×`` with ``[m]× v = m × v``."""
    return np.array([[0.0, -m[2], m[1]], [m[2], 0.0, -m[0]], [-m[1], m[0], 0.0]])


def vector_problem(stack: Stack, points: int) -> ChannelProblem:
    """Vector (Zhang–Levy–Fert) model for any magnetization directions.

    Spin relaxation per layer (``J_s' = -K_ss Δu``)::

        K_ss = σ₀ [(1 - β²)/l_sf² m mᵀ + (1/l_sf² + 1/l_⊥²)(I - m mᵀ)] - σ₀/l_J² [m]×

    i.e. ``∂J_s/∂x = -... - σ₀ (Δu × m)/l_J²``: the transverse accumulation
    precesses about ``m`` (ZLF: ``∂j_m/∂x + J m × M/ħ + δm/τ_sf = 0``). In a
    normal metal ``K_ss = σ₀/l_sf² I``.
    """
    conductivity, relaxation, lengths = [], [], []
    for layer in stack.layers:
        mat = layer.material
        s0 = mat.sigma0
        m = layer.magnetization
        conductivity.append(spin_block(s0 * (1 + mat.beta), s0 * (1 - mat.beta), m))
        K = np.zeros((4, 4))
        inv_sf = _inv_sq(mat.lsf)
        if mat.ferromagnetic:
            along = np.outer(m, m)
            K[1:, 1:] = s0 * ((1 - mat.beta**2) * inv_sf * along
                              + (inv_sf + _inv_sq(mat.l_perp)) * (np.eye(3) - along)
                              - _inv_sq(mat.l_j) * _cross_matrix(m))
            candidates = [mat.lsf, mat.l_perp or math.inf, mat.l_j or math.inf]
        else:
            K[1:, 1:] = s0 * inv_sf * np.eye(3)
            candidates = [mat.lsf]
        relaxation.append(K)
        lengths.append(min(candidates))
    transparent, conductance = _interfaces(stack, 3, vector=True)
    unit = np.array([1.0, 0.0, 0.0, 0.0])
    return ChannelProblem(_grid(stack, np.array(lengths), points), np.array(conductivity),
                          np.array(relaxation), transparent, conductance, unit, unit)


def sd_problem(stack: Stack, points: int) -> ChannelProblem:
    """Four-channel s–d model (S-16 … S-18), basis ``(μ_s↑, μ_s↓, μ_d↓)/e``.

    The d↓ channel never crosses an interface (no d↓ current into the
    neighbour); the s channels follow the interface's transparency/resistances.
    A layer with polarity -1 swaps the roles of s↑ and s↓ (its d band is then
    the lab-frame ↑ minority band).
    """
    conductivity, relaxation, lengths = [], [], []
    swap = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1]], dtype=float)
    for layer in stack.layers:
        mat = layer.material
        sd = mat if isinstance(mat, SdMaterial) else SdMaterial.from_material(mat)
        C, K = np.diag(sd.conductivities), sd.relaxation_matrix()
        if layer.polarity < 0:
            C, K = swap @ C @ swap, swap @ K @ swap
        conductivity.append(C)
        relaxation.append(K)
        decay = sd.lengths().decay if sd.sigma_d_down > 0 else (sd.l_s,)
        lengths.append(min(decay))
    transparent = np.ones((stack.n_layers - 1, 3), dtype=bool)
    transparent[:, 2] = False
    conductance = np.zeros((stack.n_layers - 1, 3, 3))
    for j, itf in enumerate(stack.interfaces):
        if itf.transparent:
            continue
        sign = _interface_axis(stack, j, vector=False)[0]
        gamma = sign * itf.gamma
        transparent[j, :2] = False
        conductance[j, 0, 0] = 1.0 / (2.0 * itf.resistance * (1.0 - gamma))
        conductance[j, 1, 1] = 1.0 / (2.0 * itf.resistance * (1.0 + gamma))
    ones = np.ones(3)
    return ChannelProblem(_grid(stack, np.array(lengths), points), np.array(conductivity),
                          np.array(relaxation), transparent, conductance, ones, ones)
