"""The layout's contract, read from the source (every import, also those inside functions):
imports run one way, domain <- ingest <- vectorstore <- assistant <- ui <- app.py <- cli,
there are no import cycles, and only the `tca bench` command imports bench/ (benchmarks
may import anything). A failure names the importing file and what it imported."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Lower layers first; a module may import its own layer and the layers before it.
LAYERS = ("prompts", "domain", "ingest", "vectorstore", "assistant", "ui", "app", "cli")
BENCH_IMPORTERS = {"cli.bench"}
LARGEST_MODULE = 400  # lines
# The catalog's code: its class, its schema, the SQL of the maintenance tools, and its
# in-memory FTS5 keyword index. Nothing else writes SQL.
SQL_MODULES = {"vectorstore.catalog", "vectorstore.catalog_schema", "vectorstore.catalog_queries", "vectorstore.keyword_index"}
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|PRAGMA|BEGIN|COMMIT|WITH)\b")


def _module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _project_files() -> dict[str, Path]:
    files = {"app": REPO / "app.py"}
    for top in ("prompts", "domain", "ingest", "vectorstore", "assistant", "ui", "cli", "bench"):
        for path in sorted((REPO / top).rglob("*.py")):
            files[_module_name(path)] = path
    return files


MODULES = _project_files()


def _imports(name: str, path: Path) -> set[str]:
    """Project modules ``name`` imports: the submodule when ``from package import sub``
    names one, else the package or module itself."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        found.update(t for t in targets if t.split(".")[0] in LAYERS + ("bench",) and t in MODULES)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(module: str) -> int | None:
    top = module.split(".")[0]
    return LAYERS.index(top) if top in LAYERS else None


def test_imports_run_one_way_down_the_layers():
    upward = [
        f"{MODULES[name].relative_to(REPO)} imports {target}"
        for name, targets in GRAPH.items()
        if _layer(name) is not None
        for target in sorted(targets)
        if _layer(target) is not None and _layer(target) > _layer(name)
    ]
    assert upward == []


def test_only_the_bench_command_imports_bench():
    importers = [
        f"{MODULES[name].relative_to(REPO)} imports {target}"
        for name, targets in GRAPH.items()
        if not name.startswith("bench") and name not in BENCH_IMPORTERS
        for target in sorted(targets)
        if target.split(".")[0] == "bench"
    ]
    assert importers == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), or a module that
    imports itself."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles():
    assert _cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _sql_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.value.strip()[:60]
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.match(node.value)
    ]


def test_only_the_catalog_writes_sql():
    found = {
        str(path.relative_to(REPO)): strings
        for name, path in MODULES.items()
        if name not in SQL_MODULES and not name.startswith("bench") and (strings := _sql_strings(path))
    }
    assert found == {}


def test_the_sql_finder_finds_sql_in_plain_and_f_strings(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('db.execute("SELECT 1")\ndb.execute(f"DELETE FROM {table}")\nprint("Selected")\n')
    assert _sql_strings(sample) == ["SELECT 1", "DELETE FROM"]


@pytest.mark.parametrize("top", ["domain", "ingest", "vectorstore", "assistant", "ui", "cli", "bench", "app"])
def test_no_module_is_longer_than_the_limit(top):
    long = {
        str(path.relative_to(REPO)): lines
        for name, path in MODULES.items()
        if name.split(".")[0] == top and (lines := len(path.read_text(encoding="utf-8").splitlines())) > LARGEST_MODULE
    }
    assert long == {}
