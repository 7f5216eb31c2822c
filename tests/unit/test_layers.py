"""The house's layers, checked on the source: the library is pure and has no import circles.

``pipeline/`` is the library: it imports neither the Prefect flows, nor Prefect or Dask, nor the
generator or the benchmarks; ``flows/`` and ``samples/`` never import the benchmarks. Within a
package no two modules import each other, directly or round a longer circle, at module level or
inside a function (a lazy import that dodges a circle is still one). ``from pkg import sub`` counts
as an import of ``pkg.sub``.
"""

from __future__ import annotations

import ast
from importlib.metadata import entry_points
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("pipeline", "flows", "samples", "benchmarks")
FORBIDDEN = {
    "pipeline": ("flows", "samples", "benchmarks", "tests", "prefect", "dask", "distributed"),
    "flows": ("benchmarks", "tests", "samples"),
    "samples": ("benchmarks", "tests", "flows"),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def _imports(path: Path) -> set[str]:
    """Every module name an ``import`` anywhere in the file names (submodules resolved)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            subs = {f"{node.module}.{alias.name}" for alias in node.names}
            known = subs & MODULES.keys()
            names.update(known or {node.module})
    return names


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            part = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                part.append(top)
                if top == node:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(package: str) -> None:
    bad = sorted(f"{mod} imports {name}" for mod, names in GRAPH.items()
                 if mod.split(".")[0] == package
                 for name in names if name.split(".")[0] in FORBIDDEN[package])
    assert bad == []


def test_no_import_circles() -> None:
    assert _circles(GRAPH) == []


def test_the_circle_finder_finds_circles() -> None:
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_the_dask_runner_is_the_prefect_flow_by_entry_point() -> None:
    """``cme-audit run --dask`` reaches ``flows.audit.audit_flow`` without the library importing it."""
    from pipeline.cli import _flow_runner

    (point,) = entry_points(group="cme_audit.runners", name="prefect")
    assert point.value == "flows.audit:audit_flow"
    runner = _flow_runner()
    assert runner.fn.__module__ == "flows.audit"
