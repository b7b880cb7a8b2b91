"""Exceptions raised by fpsphere.

Every error names the offending parameter, the value received and what is
allowed.  They subclass the built-in ``ValueError``/``TypeError`` so that
generic handlers keep working.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "FpsphereError",
    "MeshError",
    "ParameterError",
    "ParameterTypeError",
]


class FpsphereError(Exception):
    """Base class of every exception raised on purpose by fpsphere."""


class ParameterError(FpsphereError, ValueError):
    """A parameter has a value outside its allowed range."""


class ParameterTypeError(FpsphereError, TypeError):
    """A parameter has the wrong type or shape."""


class MeshError(ParameterError):
    """A sphere mesh is not usable for the finite-volume scheme."""


class ConfigError(ParameterError):
    """A run or sweep configuration (TOML) has an unknown key or a bad value.

    The message names the dotted key (``energy.uniaxial.sigma``), the value and
    what is allowed, and suggests the nearest valid key for a misspelt one.
    """


def require(condition: bool, name: str, value: object, allowed: str) -> None:
    """Raise :class:`ParameterError` naming ``name``, ``value`` and ``allowed``."""
    if not condition:
        raise ParameterError(f"{name}={value!r} is not allowed: expected {allowed}")
