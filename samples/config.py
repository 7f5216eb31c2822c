"""Load the generator's data files (samples/config/*.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

CONFIG_DIR = Path(__file__).parent / "config"


@cache
def load(name: str) -> dict[str, Any]:
    """Return the parsed YAML file ``samples/config/<name>.yaml``."""
    path = CONFIG_DIR / f"{name}.yaml"
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def generator() -> dict[str, Any]:
    return load("generator")


def vocab() -> dict[str, Any]:
    return load("vocab")


@cache
def vocab_for(setting: str = "zhejiang") -> dict[str, Any]:
    """The vocabulary of a setting: vocab.yaml with the setting's section (``settings.<name>``)
    laid over it (Shanghai's units, ID regions, organizers); ``zhejiang`` is vocab.yaml as is."""
    base = load("vocab")
    over = (base.get("settings") or {}).get(setting)
    return base if not over else {**base, **over}
