"""The ``[study]`` table: one entry of :data:`fpsphere.studies.STUDIES`.

``kind`` picks the study; its keys, reader and parameters are declared next to the
study itself (``fpsphere.studies.*``, ``fpsphere.mram.report``); this module only
checks what is common (``kind``, ``field_direction``, the keys other studies use,
``[cell]`` only where a study reads it) and calls the entry's reader.
``fpsphere keys`` lists the studies; ``docs/reference/config.md`` describes their keys.

"current" is a multiplier of the configured ``[spin_transfer]`` potentials (the
torque at current 1; the response is linear), "field" a reduced field ``xi`` (kT)
along ``field_direction`` (default ``analysis.axis``) added to ``[energy]``; the
``mram`` study reads ``[cell]`` in SI units (currents in amperes).

:mod:`fpsphere.studies` is imported lazily (on the first ``[study]`` read): the
configuration package stays importable without the model.  So is
:mod:`fpsphere.mram.report`, which declares the ``mram`` study (a study of a package
above :mod:`fpsphere.studies` registers on import; :func:`registry` imports them).
"""

from __future__ import annotations

from fpsphere.config.reader import Table
from fpsphere.errors import ConfigError

__all__ = ["read_study", "registry", "study_keys"]


def registry():
    """:data:`fpsphere.studies.STUDIES`, with the studies declared outside
    :mod:`fpsphere.studies` registered."""
    import fpsphere.mram.report  # noqa: F401  (registers "mram")
    from fpsphere.studies.registry import STUDIES

    return STUDIES


def study_keys() -> tuple[str, ...]:
    """Every ``[study]`` key of every registered study."""
    registry()
    from fpsphere.studies.registry import all_keys

    return all_keys()


def read_study(table: Table, cell=None):
    """``[study]``: ``kind`` and its parameters, a :class:`fpsphere.studies.StudyParams`;
    ``cell`` is the :class:`fpsphere.mram.Cell` of a ``[cell]`` table (for a study
    that reads one)."""
    from fpsphere.studies.registry import COMMON_KEYS

    STUDIES = registry()  # noqa: N806
    kind = table.choice("kind", list(STUDIES))
    study = STUDIES[kind]
    if not study.uses_cell and cell is not None:
        users = " or ".join(repr(n) for n in STUDIES if STUDIES[n].uses_cell)
        raise ConfigError(f"{table.source}: [cell] is not used with study.kind = {kind!r}: "
                          f"remove it, or use kind = {users}")
    others = [k for k in study_keys() if k not in COMMON_KEYS and k not in study.keys]
    table.unused(others, f"with study.kind = {kind!r}")
    direction = table.vector("field_direction") if "field_direction" in table else None
    params = study.read(table, cell)
    if direction is not None:
        import dataclasses

        params = dataclasses.replace(params, field_direction=direction)
    return params
