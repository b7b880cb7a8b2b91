"""The ``[cell]`` table: an MRAM cell in SI units for the ``mram`` study.

Keys (SI units; see :class:`fpsphere.mram.Cell`)
-----------------------------------------------
``Ms``           saturation magnetization, A/m.
``Ku``           effective perpendicular anisotropy, J/m^3 (easy axis z).
``alpha``        Gilbert damping (also the run's ``dynamics.alpha`` when that is absent).
``temperature``  K.
``volume`` | ``diameter`` and ``thickness``   m^3 | m (a disc).
``bias_field``   A/m: a number (along z) or 3 numbers (optional).
``gamma``        rad s^-1 T^-1 (default the electron's).

``[cell.torque]`` (optional): ``kind`` is a key of
:data:`fpsphere.mram.TORQUE_SOURCES` (``"stt"``, ``"sot"``), the other keys are
those the source declares (``STT.keys``, ``SOT.keys``), passed to its constructor:
``stt``: ``polarizer``, ``efficiency`` | ``polarization``, ``field_like_ratio``;
``sot``: ``spin_hall_angle``, ``heavy_metal_thickness`` (m), ``width`` (m),
``current_direction``, ``field_like_ratio``, ``spin_diffusion_length`` (m).

Every value is checked by :class:`~fpsphere.mram.Cell` itself; its
:class:`~fpsphere.errors.ParameterError` comes back as a
:class:`~fpsphere.errors.ConfigError` naming the dotted key.
"""

from __future__ import annotations

import math

from fpsphere.config.reader import Table
from fpsphere.errors import ConfigError, ParameterError

__all__ = ["CELL_KEYS", "read_cell", "torque_keys"]

CELL_KEYS = ("Ms", "Ku", "alpha", "temperature", "volume", "diameter", "thickness",
             "bias_field", "gamma", "torque")
_NUMBERS = ("Ms", "Ku", "alpha", "temperature", "volume", "diameter", "thickness", "gamma")


def torque_keys() -> tuple[str, ...]:
    """``kind`` and every key a registered torque source declares."""
    from fpsphere.mram import TORQUE_SOURCES

    keys = {k for source in TORQUE_SOURCES.values() for k in source.keys}
    return ("kind", *sorted(keys))


def _finite(x: object) -> bool:
    """A real number (not a bool) finite as a float (an int beyond the float range is not)."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        return False
    try:
        return math.isfinite(float(x))
    except OverflowError:
        return False


def _value(table: Table, key: str):
    value = table.data[key]
    if isinstance(value, list):
        if len(value) != 3 or not all(_finite(x) for x in value):
            raise table.error(key, value, "3 finite numbers")
        table.out[key] = [float(x) for x in value]
        return tuple(float(x) for x in value)
    if not _finite(value):
        raise table.error(key, value, "a finite number or 3 finite numbers")
    table.out[key] = float(value)
    return float(value)


def _torque(table: Table):
    from fpsphere.mram import TORQUE_SOURCES

    kind = table.choice("kind", list(TORQUE_SOURCES))
    source = TORQUE_SOURCES[kind]
    table.unused([k for k in torque_keys()[1:] if k not in source.keys],
                 f"with cell.torque.kind = {kind!r}")
    args = {key: _value(table, key) for key in source.keys if key in table}
    try:
        return source(**args)
    except TypeError as err:
        raise ConfigError(f"{table.source}: cell.torque: {err} (kind = {kind!r} takes "
                          f"{list(source.keys)})") from err
    except ParameterError as err:
        raise ConfigError(f"{table.source}: cell.torque.{err}") from err


def read_cell(table: Table):
    """``[cell]``: a validated :class:`fpsphere.mram.Cell` (module docstring)."""
    from fpsphere.mram import Cell

    for key in ("Ms", "Ku", "alpha", "temperature"):
        if key not in table:
            raise table.missing(key, "a finite number > 0 (SI units, see docs/how-to/mram.md)")
    args = {key: table.number(key, low=0.0) for key in _NUMBERS if key in table}
    if "bias_field" in table:
        args["bias_field"] = _value(table, "bias_field")
    torque_table = table.sub("torque", torque_keys())
    if torque_table is not None:
        args["torque"] = _torque(torque_table)
    try:
        return Cell(**args)
    except ParameterError as err:
        raise ConfigError(f"{table.source}: cell.{err}") from err
