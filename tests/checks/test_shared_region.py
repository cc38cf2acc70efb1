"""A region is read and checked once for all the editions that name it, while its file is unchanged."""
from __future__ import annotations

import os
import shutil

import pytest

from briefing.checks import run
from briefing.checks.run import inspect
from conftest import ROOT


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "_REGIONS", {})
    monkeypatch.setattr(run, "_REGION_PROBLEMS", {})
    (tmp_path / "editions").mkdir()
    shutil.copy(ROOT / "data" / "qiantang.yaml", tmp_path / "qiantang.yaml")
    sample = (ROOT / "data" / "editions" / "japan-2023-06.yaml").read_text(encoding="utf-8")
    for n in (1, 2):
        (tmp_path / "editions" / f"e{n}.yaml").write_text(sample.replace("id: japan-2023-06", f"id: e{n}"),
                                                          encoding="utf-8")
    return tmp_path


def fresh(path):
    """Return inspect's answer with nothing remembered."""
    run._REGIONS.clear()
    run._REGION_PROBLEMS.clear()
    return inspect(path)


def test_editions_share_their_region_and_get_the_same_problems(project):
    region1, _, problems1 = inspect(project / "editions" / "e1.yaml")
    region2, edition2, problems2 = inspect(project / "editions" / "e2.yaml")
    assert region2 is region1 and edition2.id == "e2"
    alone = fresh(project / "editions" / "e2.yaml")
    assert problems2 == alone[2] and problems1 == problems2
    assert any("as_of" in p.path for p in problems2)  # the region's own (old content) warnings are kept


def test_a_changed_region_file_is_read_again(project):
    region1 = inspect(project / "editions" / "e1.yaml")[0]
    path = project / "qiantang.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("as_of: 2023\n", "as_of: 2023-06\n"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    region2, _, problems = inspect(project / "editions" / "e2.yaml")
    assert region2 is not region1 and region2.as_of != region1.as_of
    assert problems == fresh(project / "editions" / "e2.yaml")[2]


def test_a_region_inspected_itself_is_checked_in_full_each_time(project):
    first = inspect(project / "qiantang.yaml")
    second = inspect(project / "qiantang.yaml")
    assert first[0] is not second[0] and first[2] == second[2]
    assert run._REGION_PROBLEMS == {}


def test_a_missing_region_is_still_reported_where_the_edition_names_it(project):
    (project / "qiantang.yaml").unlink()
    from briefing.errors import ContentError

    with pytest.raises(ContentError) as info:
        inspect(project / "editions" / "e1.yaml")
    assert "qiantang.yaml" in str(info.value.problems[0])
