"""Atomic saving of study figures (matplotlib imported lazily by the callers)."""

from __future__ import annotations

import os
from pathlib import Path

from fpsphere.mesh.io import atomic_path

__all__ = ["save"]


def save(figure, path: str | os.PathLike, dpi: int = 150) -> Path:
    """Write ``figure`` to ``path`` (format from the suffix) via a temporary file."""
    path = Path(path)
    with atomic_path(path) as tmp:
        figure.savefig(tmp, dpi=dpi, format=path.suffix.lstrip(".") or "png",
                       bbox_inches="tight")
    return path
