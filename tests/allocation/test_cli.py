"""The file-in/file-out command line and its Django management command."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samlas.allocation import allocate
from samlas.allocation.cli import main
from samlas.allocation.management.commands.allocate import Command

SRC = Path(__file__).resolve().parents[2] / "src"
INSTANCE = {
    "blocks": [
        {"id": "b1", "seminars": [{"id": "s1", "capacity": 1}, {"id": "s2", "capacity": 2}]}
    ],
    "registrants": [
        {"id": "r1", "preferences": {"b1": ["s1", "s2"]}},
        {"id": "r2", "preferences": {"b1": ["s1"]}},
        {"id": "r3", "preferences": {"b1": ["s2", "s1"]}},
    ],
    "seed": 7,
}
INVALID = {"blocks": [], "registrants": [{"id": "r1", "preferences": {"b9": ["s1"]}}]}


@pytest.fixture
def instance_file(tmp_path: Path) -> Path:
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(INSTANCE), encoding="utf-8")
    return path


def test_file_in_file_out_round_trip(instance_file: Path, tmp_path: Path):
    output = tmp_path / "result.json"
    assert main(["--input", str(instance_file), "--output", str(output)]) == 0
    assert json.loads(output.read_text(encoding="utf-8")) == allocate(INSTANCE)


def test_stdout_by_default_and_seed_override(instance_file: Path):
    out = io.StringIO()
    assert main(["--input", str(instance_file), "--seed", "99"], stdout=out) == 0
    result = json.loads(out.getvalue())
    assert result == allocate(INSTANCE, seed=99)
    assert result["seed"] == 99


def test_stdin_input():
    out = io.StringIO()
    code = main(
        ["--input", "-", "--output", "-"], stdin=io.StringIO(json.dumps(INSTANCE)), stdout=out
    )
    assert code == 0
    assert json.loads(out.getvalue())["assignments"] == allocate(INSTANCE)["assignments"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (json.dumps(INVALID), ["invalid instance", "registrant 'r1'", "unknown block", "b9"]),
        ("{not json", ["not valid JSON"]),
    ],
)
def test_bad_input_exits_2_with_the_reason_on_stderr(tmp_path: Path, content, words):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["--input", str(path)], stdout=out, stderr=err) == 2
    assert out.getvalue() == ""
    for word in words:
        assert word in err.getvalue()


def test_missing_input_file_exits_2(tmp_path: Path):
    err = io.StringIO()
    assert main(["--input", str(tmp_path / "nope.json")], stderr=err) == 2
    assert "cannot read" in err.getvalue()


def test_unwritable_output_exits_1(instance_file: Path, tmp_path: Path):
    err = io.StringIO()
    target = tmp_path / "missing-dir" / "result.json"
    assert main(["--input", str(instance_file), "--output", str(target)], stderr=err) == 1
    assert "cannot write" in err.getvalue()


def test_usage_error_exits_2(capsys):
    assert main([]) == 2
    assert "--input" in capsys.readouterr().err


def run_module(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
    )
    return subprocess.run(
        [sys.executable, *args], input=stdin, capture_output=True, text=True, env=env, timeout=60
    )


def test_standalone_module(instance_file: Path):
    done = run_module("-m", "samlas.allocation.cli", "--input", str(instance_file))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == allocate(INSTANCE)
    bad = run_module("-m", "samlas.allocation.cli", "--input", "-", stdin=json.dumps(INVALID))
    assert bad.returncode == 2
    assert "unknown block" in bad.stderr
    assert bad.stdout == ""


def test_management_command_from_the_command_line(tmp_path: Path, instance_file: Path):
    output = tmp_path / "result.json"
    Command().run_from_argv(
        ["samlas", "allocate", "--input", str(instance_file), "--output", str(output)]
    )
    assert json.loads(output.read_text(encoding="utf-8")) == allocate(INSTANCE)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(INVALID), encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["samlas", "allocate", "--input", str(bad)])
    assert exited.value.code == 2


def test_management_command_via_call_command(tmp_path: Path, instance_file: Path):
    out = io.StringIO()
    call_command("allocate", input=str(instance_file), seed=3, stdout=out)
    assert json.loads(out.getvalue()) == allocate(INSTANCE, seed=3)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(INVALID), encoding="utf-8")
    with pytest.raises(CommandError, match="unknown block") as failed:
        call_command("allocate", input=str(bad))
    assert failed.value.returncode == 2


def test_python_m_samlas_allocate(instance_file: Path):
    """The wiring the organisers' tools use: exit codes survive Django's command runner."""
    done = run_module("-m", "samlas", "allocate", "--input", str(instance_file), "--seed", "5")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == allocate(INSTANCE, seed=5)
    bad = run_module("-m", "samlas", "allocate", "--input", "-", stdin=json.dumps(INVALID))
    assert bad.returncode == 2
    assert "unknown block" in bad.stderr
