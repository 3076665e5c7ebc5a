"""The package's layering is checked, not hoped for.

Layers, lowest first: config/errors/ports, runtime, db, auth, api, the domains in the
order of domains.py, then the app and the CLI (.importlinter states the same). Each
layer imports only those below it; a domain's SDL declares exactly the fields its
resolvers serve.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from graphql import (
    InterfaceTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    parse,
)

from boxtribute_api.api.schema import _optional_module, _sdl_of
from boxtribute_api.domains import DOMAIN_PACKAGES, DOMAINS

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "back" / "boxtribute_api"
# Declarative tables may be longer (the demo world's vocabulary, role definitions).
LONGEST_MODULE = 500


def lint_imports(source_root: Path, config: Path) -> subprocess.CompletedProcess:
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), "--config", str(config), "--no-cache"],
        cwd=source_root,
        env={"PYTHONPATH": str(source_root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )


def test_every_import_respects_the_layers():
    result = lint_imports(REPO / "back", REPO / ".importlinter")
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_upward_import_breaks_the_contract(tmp_path):
    copy = tmp_path / "back"
    shutil.copytree(PACKAGE, copy / "boxtribute_api", ignore=shutil.ignore_patterns("__pycache__"))
    with (copy / "boxtribute_api" / "product" / "store.py").open("a") as store:
        store.write("\nfrom ..box import store as box_store  # upward: box is above product\n")

    result = lint_imports(copy, REPO / ".importlinter")

    assert result.returncode != 0
    assert "boxtribute_api.product is not allowed to import boxtribute_api.box" in result.stdout


def test_the_import_contract_lists_the_domains_in_the_order_of_domains_py():
    lines = [line.strip() for line in (REPO / ".importlinter").read_text().splitlines()]
    layered = [line for line in lines if line in DOMAINS]
    assert layered == list(reversed(DOMAINS))


def declared_fields(package: str, file_name: str = "schema.graphql") -> set[tuple[str, str]]:
    sdl = _sdl_of(package, file_name)
    if not sdl:
        return set()
    kinds = (ObjectTypeDefinitionNode, ObjectTypeExtensionNode, InterfaceTypeDefinitionNode)
    return {
        (definition.name.value, field.name.value)
        for definition in parse(sdl).definitions
        if isinstance(definition, kinds)
        for field in definition.fields or ()
    }


@pytest.mark.parametrize(
    "file_name, attribute",
    [("schema.graphql", "bindables"), ("public.graphql", "public_bindables")],
    ids=["app", "public"],
)
@pytest.mark.parametrize("package", DOMAIN_PACKAGES, ids=DOMAINS)
def test_a_domain_declares_in_its_sdl_every_field_it_resolves(package, file_name, attribute):
    declared = declared_fields(package, file_name)
    bound = set()
    for module_name in ("resolvers", "mutations"):
        module = _optional_module(package, module_name)
        for bindable in getattr(module, attribute, []):
            # ariadne's ObjectType keeps its field resolvers in `_resolvers`.
            bound |= {(bindable.name, field) for field in getattr(bindable, "_resolvers", {})}
    assert bound - declared == set(), f"declare these fields in this domain's {file_name}"


def test_no_module_is_longer_than_a_screenful_of_screens():
    long_modules = {
        str(path.relative_to(REPO)): length
        for folder in ("back", "profiling")
        for path in (REPO / folder).rglob("*.py")
        if (length := len(path.read_text().splitlines())) > LONGEST_MODULE
    }
    assert long_modules == {}
