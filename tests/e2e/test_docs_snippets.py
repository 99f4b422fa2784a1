"""The Python snippets of docs/streamlink.md run as written against the reference server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.refserver import ServerHandle

DOC = Path(__file__).resolve().parents[2] / "docs" / "streamlink.md"


def snippets() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), flags=re.S)


def test_streamlink_doc_snippets_run(
    refserver: ServerHandle, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("STREAMLINK_BASE_URL", refserver.streamlink_url)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    blocks = snippets()
    assert len(blocks) >= 6
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, str(DOC), "exec"), namespace)
    out = capsys.readouterr().out
    assert "signed in as Ada" in out
    assert "viewers open: " + refserver.url + "/live/" in out
    assert "409 EMAIL_TAKEN" in out
    assert "invalid input" in out and "NOT_FOUND" in out
    assert "ended" in out
    assert "20 pages fetched concurrently" in out
    assert "True" in out
