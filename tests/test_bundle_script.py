"""The bundle's build script, piece by piece, without building (tests/test_bundle_build.py
builds): what it finds inside a folder, the environment it runs the program in, and the
first-paint hook it measures the window with, run on this Python's own program."""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import sys
from pathlib import Path

import pytest

import frontdesk
from tests.bundle_script import ROOT, load

build_bundle = load("build_bundle")

needs_pyinstaller = pytest.mark.skipif(
    not build_bundle.have_pyinstaller(),
    reason='PyInstaller is not installed (the "bundle" extra; CI installs it)')
linux_binutils = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not shutil.which("objdump"),
    reason="the library check reads ELF files with objdump (binutils), on Linux")


def test_the_version_is_the_package_s():
    assert build_bundle.version() == frontdesk.__version__


@needs_pyinstaller
def test_pyinstaller_is_the_pinned_one():
    """The spec's exclusions follow PyInstaller's hooks: the version in use is the pin."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pins = dict(re.findall(r'"(pyinstaller(?:-hooks-contrib)?)==([^"]+)"', pyproject))
    assert set(pins) == {"pyinstaller", "pyinstaller-hooks-contrib"}
    for name, pinned in pins.items():
        assert importlib.metadata.version(name) == pinned


def test_unwanted_parts_of_qt_are_found_wherever_they_are(tmp_path):
    for name in ("PySide6/Qt/lib/libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Qml.so.6",
                 "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
                 "PySide6/Qt6WebEngineCore.dll", "PySide6/Qt/lib/libQt6Svg.so.6",
                 "PySide6/Qt/plugins/platforms/libqxcb.so"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x" * 10)
    assert build_bundle.unwanted_parts(tmp_path) == [
        str(Path("PySide6/Qt/lib/libQt6Qml.so.6")), str(Path("PySide6/Qt/lib/libQt6Quick.so.6")),
        str(Path("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so")),
        str(Path("PySide6/Qt6WebEngineCore.dll"))]
    assert build_bundle.size_bytes(tmp_path) == 60


@linux_binutils
def test_a_qt_library_the_bundle_lacks_is_found(tmp_path):
    """A Qt plugin copied alone: the Qt libraries it links are not beside it, and must be."""
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqoffscreen.so"
    shutil.copy(plugin, tmp_path / plugin.name)
    missing = build_bundle.missing_libraries(tmp_path)
    assert "libqoffscreen.so: libQt6Gui.so.6" in missing
    assert not any("libc.so" in line for line in missing)  # the system's own is fine


def test_the_program_runs_with_no_python_on_its_path(tmp_path):
    env = build_bundle.clean_environment(tmp_path)
    for python in ("python", "python3", Path(sys.executable).name):
        assert shutil.which(python, path=env["PATH"]) is None
    assert not {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"} & set(env)
    assert Path(env["FRONTDESK_HOME"]).is_relative_to(tmp_path)


@pytest.mark.sqlite_only("the window on the demo's SQLite file, as the bundle check opens it")
def test_first_paint_is_seen_from_outside_the_process(tmp_path):
    """FRONTDESK_QUIT_AFTER_PAINT=1: the window prints its first paint's moment and quits,
    which the build script and the benchmark time; here with this Python's program."""
    env = build_bundle.clean_environment(tmp_path)
    build_bundle.run(Path(sys.executable), ["-m", "frontdesk", "demo"], env)
    seconds = build_bundle.first_paint(Path(sys.executable), env, ("-m", "frontdesk"))
    assert 0 < seconds < 60


def test_a_window_that_never_paints_fails_the_check(tmp_path):
    env = build_bundle.clean_environment(tmp_path)
    with pytest.raises(build_bundle.Failed, match="without painting"):
        build_bundle.first_paint(Path(sys.executable), env, ("-c", "pass"))


def test_a_failing_command_fails_the_check_with_what_it_said(tmp_path):
    env = build_bundle.clean_environment(tmp_path)
    with pytest.raises(build_bundle.Failed, match=r"find --service Nope: exit 2: .*no database"):
        build_bundle.run(Path(sys.executable), ["-m", "frontdesk", "find", "--service", "Nope"],
                         env)
