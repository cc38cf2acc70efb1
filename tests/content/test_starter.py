"""Editor support: `briefing new`, the committed JSON Schemas and the files' schema lines."""
from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from briefing.content import format as fmt
from briefing.checks import inspect
from briefing.cli import main
from briefing.content.loader import load_region
from briefing.content.schema import ListOf, Obj, OneOf
from briefing.content.starter import starter_text, write_starter
from conftest import ROOT

SCHEMA_LINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


# -- briefing new ---------------------------------------------------------------------------


def test_new_writes_a_starter_that_checks_and_builds(in_tmp, capsys):
    assert main(["new", "ningbo-bay"]) == 0
    path = in_tmp / "data" / "ningbo-bay.yaml"
    assert f"wrote {Path('data/ningbo-bay.yaml')}" in capsys.readouterr().out
    region = load_region(path)
    assert region.id == "ningbo-bay" and region.languages == ["zh", "en"]
    assert region.as_of == date.today().strftime("%Y-%m")
    assert [s.id for s in region.chapters()] == ["industries", "transport", "open_economy", "business_environment",
                                                 "section-1"]
    assert len(region.key_figures) == 4 and region.contacts
    assert main(["check", str(path)]) == 0  # placeholders are warnings only
    err = capsys.readouterr().err
    assert re.search(r"ningbo-bay\.yaml:\d+:\d+: warning: region\.name: still the starter's placeholder", err)
    assert main(["check", "--strict", str(path)]) == 1
    capsys.readouterr()
    assert main(["build", str(path), "--format", "pdf", "--lang", "zh", "--out", "out"]) == 0
    assert (in_tmp / "out" / "ningbo-bay-zh.pdf").is_file()


def test_every_placeholder_is_reported_and_nothing_else(tmp_path):
    path = write_starter("x", tmp_path / "x.yaml", today=date(2024, 3, 1))
    problems = inspect(path, today=date(2024, 4, 1))[2]
    assert problems and all(p.severity == "warning" and "placeholder" in p.message for p in problems)
    texts = [t for t in load_region(path).texts() if t.values["en"] == "(to be written)"]
    assert len(problems) == len(texts)  # one per text, not per language
    assert all(p.line for p in problems)


def test_new_never_overwrites_and_refuses_bad_ids(in_tmp, capsys):
    assert main(["new", "ningbo"]) == 0
    path = in_tmp / "data" / "ningbo.yaml"
    path.write_text("my work", encoding="utf-8")
    assert main(["new", "ningbo"]) == 2
    err = capsys.readouterr().err
    assert "exists already; nothing was written" in err and "hint:" in err
    assert path.read_text(encoding="utf-8") == "my work"
    assert main(["new", "Ningbo Bay"]) == 2
    assert "hint: for example: briefing new ningbo-bay" in capsys.readouterr().err
    assert not (in_tmp / "data" / "Ningbo Bay.yaml").exists()


def test_new_with_out_points_the_schema_line_at_the_schema(in_tmp, capsys):
    (in_tmp / "schema").mkdir()
    target = in_tmp / "regions" / "east" / "zhoushan.yaml"
    assert main(["new", "zhoushan", "--out", str(target)]) == 0
    first = target.read_text(encoding="utf-8").split("\n", 1)[0] + "\n"
    reference = SCHEMA_LINE.fullmatch(first).group(1)
    assert reference == "../../schema/region.schema.json"
    assert (target.parent / reference).resolve() == (in_tmp / "schema" / "region.schema.json").resolve()
    assert main(["new", "zhoushan", "--out", str(in_tmp)]) == 2  # a folder


def test_the_starter_mentions_every_field_of_the_format():
    names: set[str] = set()

    def walk(t, seen=set()):
        if id(t) in seen:
            return
        seen.add(id(t))
        if isinstance(t, Obj):
            for key, spec in t.fields.items():
                names.add(key)
                walk(spec.type)
        elif isinstance(t, ListOf):
            walk(t.item)
        elif isinstance(t, OneOf):
            walk(t.scalar_type)
            walk(t.mapping_type)

    walk(fmt.REGION)
    text = starter_text("x")
    missing = sorted(n for n in names if not re.search(rf"(^|[\s{{,])(# )?{n}:", text, re.M))
    assert missing == [], "fields the starter does not show: " + ", ".join(missing)


def test_every_field_line_of_the_starter_has_a_note():
    """Each top-level and section field carries a comment, optional ones commented out with theirs."""
    lines = starter_text("x").splitlines()
    for key in ("format", "id", "languages", "as_of", "sources", "key_figures", "industries", "transport",
                "open_economy", "business_environment", "sections", "contacts"):
        line = next(line for line in lines if line.startswith(f"{key}:"))
        assert "  # " in line, line


# -- the JSON Schemas ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["region", "edition"])
def test_the_committed_schemas_are_current(kind, capsys):
    """schema/*.schema.json are what `briefing schema` prints: regenerate them after changing the format with
    `briefing schema region > schema/region.schema.json` and `briefing schema edition > schema/edition.schema.json`."""
    assert main(["schema", kind]) == 0
    printed = capsys.readouterr().out
    committed = (ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == printed, f"schema/{kind}.schema.json is out of date: run briefing schema {kind} > " \
                                 f"schema/{kind}.schema.json"
    json.loads(committed)


def content_files() -> list[Path]:
    return sorted((ROOT / "data").glob("*.yaml")) + sorted((ROOT / "data" / "editions").glob("*.yaml"))


@pytest.mark.parametrize("path", content_files(), ids=lambda p: p.name)
def test_content_files_name_their_schema_on_the_first_line(path):
    match = SCHEMA_LINE.match(path.read_text(encoding="utf-8"))
    assert match, f"{path.name} should start with '# yaml-language-server: $schema=...'"
    kind = "edition" if path.parent.name == "editions" else "region"
    assert (path.parent / match.group(1)).resolve() == (ROOT / "schema" / f"{kind}.schema.json").resolve()


class _Yaml12Loader(yaml.SafeLoader):
    """Reads YAML as the editors' language server does (YAML 1.2): dates stay text."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.mark.parametrize("path", content_files(), ids=lambda p: p.name)
def test_content_files_are_valid_for_the_editors_schema(path):
    jsonschema = pytest.importorskip("jsonschema")
    kind = "edition" if path.parent.name == "editions" else "region"
    schema = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12Loader)
    validator = jsonschema.Draft7Validator(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []


def test_the_starter_is_valid_for_the_editors_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "schema" / "region.schema.json").read_text(encoding="utf-8"))
    document = yaml.load(starter_text("x"), Loader=_Yaml12Loader)
    errors = [list(e.absolute_path) for e in jsonschema.Draft7Validator(schema).iter_errors(document)]
    assert errors == []
