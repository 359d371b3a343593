"""The compare and proofread commands: files decoded as uploads are."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from drafts.demo.chain import organization_chain
from tests import builders


def run(name, *args) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def chain_files(tmp_path):
    chain = organization_chain()
    paths = []
    for number, revision in enumerate(chain, start=1):
        path = tmp_path / f"r{number}.txt"
        path.write_text(revision.text, encoding="utf-8")
        paths.append(str(path))
    return paths


def test_compare_json_is_the_engine_contract(chain_files):
    body = json.loads(run("compare", chain_files[3 - 1], chain_files[4 - 1], "--json"))
    assert set(body) == {"changes", "stats"}
    kinds = {change["kind"] for change in body["changes"]}
    assert {"split", "merged", "modified", "equal"} <= kinds
    for change in body["changes"]:
        assert set(change) == {"kind", "old", "new", "segments", "tags"}


def test_compare_reads_gb18030_and_utf16_like_uploads(tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_bytes("同志们：\n今年任务很重。".encode("gb18030"))
    new.write_bytes("同志们：\r\n今年任务十分繁重。".encode("utf-16"))
    body = json.loads(run("compare", str(old), str(new), "--json"))
    assert [c["kind"] for c in body["changes"]] == ["equal", "modified"]


def test_compare_terminal_view_labels_and_folds(chain_files):
    out = run("compare", chain_files[2], chain_files[3], "--no-color")
    assert "[拆分]" in out
    assert "[合并]" in out
    assert "段未改动" in out
    assert "（仅序号变化）" in out
    assert "[-2-]{+1+}、要进一步加大创新力度" in out


def test_compare_script_option_and_summary_of_cosmetic_changes(tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text("这次会议很重要。\n全年投资1200亿元。", encoding="utf-8")
    new.write_text("這次會議很重要。\n全年投资１２００亿元。", encoding="utf-8")
    out = run("compare", str(old), str(new), "--no-color")
    assert "（仅繁简）" in out and "（仅全角半角）" in out
    assert "修改 2（其中仅全角半角 1 处、仅繁简 1 处）" in out
    ignoring = run("compare", str(old), str(new), "--no-color", "--ignore-script")
    assert "仅繁简" not in ignoring and "修改 1（其中仅全角半角 1 处）" in ignoring


def test_compare_word_granularity_and_punctuation_option(chain_files):
    plain = json.loads(run("compare", chain_files[0], chain_files[1], "--json"))
    folded = json.loads(
        run("compare", chain_files[0], chain_files[1], "--json", "--ignore-punct-width")
    )
    assert any("width" in c["tags"] for c in plain["changes"])
    assert not any("width" in c["tags"] for c in folded["changes"])
    words = json.loads(
        run(
            "compare", chain_files[4], chain_files[5], "--granularity", "word", "--json"
        )
    )
    assert words["stats"]["kinds"]["modified"] >= 1


@pytest.mark.parametrize("content", [None, bytes(range(128, 256)) * 8])
def test_compare_bad_file_is_a_message(tmp_path, chain_files, content):
    path = tmp_path / "bad.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(CommandError):
        run("compare", str(path), chain_files[0])


def test_proofread_json_finds_demo_mistakes():
    body = json.loads(run("proofread", str(builders.DEMO_SPEECH), "--json"))
    codes = [issue["code"] for issue in body["issues"]]
    semicolons = [
        i
        for i in body["issues"]
        if i["code"] == "half_width_punct" and i["suggestion"] == "；"
    ]
    assert len(semicolons) == 30
    assert codes.count("heading_missing_number") == 1
    assert "nested_title" in codes
    assert body["metrics"]["paragraphs"] == 21
    for issue in body["issues"]:
        assert set(issue) >= {
            "code",
            "paragraph",
            "start",
            "end",
            "message",
            "suggestion",
        }


def test_proofread_terminal_summary():
    out = run("proofread", str(builders.DEMO_SPEECH), "--no-color")
    assert "共 34 处问题" in out
    assert "分钟" in out


def test_proofread_missing_file_is_a_message():
    with pytest.raises(CommandError, match="无法读取"):
        run("proofread", "/no/such/file.txt")


def test_commands_exit_non_zero_without_traceback(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    manage = Path(__file__).resolve().parent.parent / "manage.py"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01" * 40)
    for args in (["compare", str(bad), str(bad)], ["proofread", "/no/such.txt"]):
        done = subprocess.run(
            [sys.executable, str(manage), *args], capture_output=True, text=True
        )
        assert done.returncode != 0
        assert "Traceback" not in done.stderr
        assert "CommandError" in done.stderr
