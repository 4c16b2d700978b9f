"""The bundled library is found however dlkg is installed: editable or from a wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile

import pytest

from tests.conftest import BUNDLED_CONTENT, REPO


def run_dlkg(executable, *args, cwd):
    env = {k: v for k, v in os.environ.items() if k != "DLKG_CONTENT"}
    return subprocess.run(
        [executable, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_installed_console_script_finds_the_bundled_library(tmp_path):
    script = shutil.which("dlkg")
    if script is None:
        pytest.skip("dlkg is not installed in this environment (pip install -e .)")
    done = run_dlkg(script, "path", "gradient", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Derivative · 导数" in done.stdout


@pytest.mark.slow
def test_wheel_contains_and_finds_the_bundled_library(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(REPO),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("dlkg-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    bundled = {
        "dlkg/content/" + path.relative_to(BUNDLED_CONTENT).as_posix()
        for path in BUNDLED_CONTENT.rglob("*.yaml")
    }
    assert bundled and bundled <= names
    sources = {
        path.relative_to(REPO).as_posix()
        for package in ("dlkg", "kg", "quiz", "engine")
        for path in (REPO / package).rglob("*.py")
    }
    assert sources <= names, f"missing from the wheel: {sorted(sources - names)}"

    environment = tmp_path / "venv"
    venv.create(environment, system_site_packages=True, with_pip=False)
    python = environment / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "-q",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    where = subprocess.run(
        [str(python), "-c", "import dlkg; print(dlkg.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(environment) in where, "the wheel's dlkg must be the one imported"
    done = run_dlkg(str(environment / "bin" / "dlkg"), "check", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    concepts = len(bundled) - 1  # every file but content/course.yaml is a concept
    assert done.stdout.startswith(f"OK: {concepts} concepts")
    done = run_dlkg(
        str(environment / "bin" / "dlkg"),
        "quiz",
        "--kind",
        "numeric",
        "--n",
        "2",
        "--json",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
