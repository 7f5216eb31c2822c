"""One loader for the tool's data files (``pipeline/config/*.yaml``, ``ocr_models/*.yaml``).

Tunables live in YAML, not in code; every module reads its file through here so the
files are parsed once per process and a broken file gets the same clear error.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

CONFIG_DIR = Path(__file__).resolve().parent / "config"
# libyaml's parser (PyYAML's wheels ship it): the same mappings as yaml.SafeLoader, ~7x faster,
# which a warm rerun (every reading cached) feels at start-up.
LOADER = yaml.CSafeLoader


@lru_cache(maxsize=32)
def load_yaml(path: Path | str) -> dict[str, Any]:
    """A YAML mapping from ``path`` (cached; treat as read-only)."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=LOADER)  # noqa: S506 (a safe loader)
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the configuration file ({exc}); reinstall the package") from exc
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of settings, got {type(data).__name__}")
    return data


def config(name: str) -> dict[str, Any]:
    """The settings file ``pipeline/config/<name>.yaml``."""
    return load_yaml(CONFIG_DIR / f"{name}.yaml")
