"""Build the one-folder bundle (frontdesk.spec) and check the built program as a user runs it.

    python scripts/build_bundle.py                  # build dist/frontdesk/, then check it
    python scripts/build_bundle.py --check DIR      # only check a bundle built before
    python scripts/build_bundle.py --dist D --work W  # build elsewhere (the slow test does)

Needs the ``bundle`` extra (PyInstaller) and, on Linux, binutils (PyInstaller reads the
libraries with objdump) and poppler's ``pdftotext`` for the PDF check. The checks:

- what is inside: no QtQml, QtQuick, virtual keyboard, QtWebEngine or QtPdf; no library the
  bundle needs left out by the spec (Linux); Qt Charts (the Reports window's); the size,
  at most ``LIMIT_MB``;
- the program, run with an empty environment (no Python on PATH, no PYTHONPATH, no HOME
  but a scratch one): ``--version`` says the package's version; ``init`` makes a new book
  (the migrations are inside); ``demo``; ``find``; ``book``; ``export --format pdf``, read
  back with pdftotext; ``report busiest-hours`` as a PDF, read back; and the window,
  offscreen, to its first painted day
  (``FRONTDESK_QUIT_AFTER_PAINT=1``: it prints the moment of that paint and quits).

Prints one line per step with its time, and exits 1 at the first failure, saying what.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "frontdesk.spec"
#: The bundle may take at most this much room (MiB, as ``du -sh`` counts).
LIMIT_MB = 150
#: Parts of Qt the program never uses; finding one means an exclusion stopped working.
UNWANTED = re.compile(r"Qt6?(Qml|Quick|VirtualKeyboard|WebEngine|Pdf|Network)|virtualkeyboard",
                      re.IGNORECASE)
#: The demo clinic's "now" in the checks, so the day, the free times and the PDF are fixed.
NOW = "2026-11-30T09:50:00-05:00"
DAY = NOW[:10]


class Failed(Exception):
    """A check the bundle did not pass, said in one line."""


def version() -> str:
    """The package's version, read as the spec reads it (without importing frontdesk)."""
    text = (ROOT / "frontdesk" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'__version__ = "([^"]+)"', text)
    if found is None:
        raise Failed("no __version__ in frontdesk/__init__.py")
    return found.group(1)


def have_pyinstaller() -> bool:
    import importlib.util

    return importlib.util.find_spec("PyInstaller") is not None


def build(dist: Path, work: Path) -> tuple[Path, float]:
    """Run PyInstaller on the spec; the bundle's folder and the seconds it took."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level",
                           "WARN", "--distpath", str(dist), "--workpath", str(work),
                           str(SPEC)], cwd=ROOT)
    if done.returncode:
        raise Failed(f"PyInstaller failed (exit {done.returncode})")
    return dist / "frontdesk", time.perf_counter() - started


def executable(bundle: Path) -> Path:
    """The command-line program inside a bundle folder (or a macOS .app beside it)."""
    for candidate in (bundle / "frontdesk.exe", bundle / "frontdesk",
                      bundle.parent / "frontdesk.app" / "Contents" / "MacOS" / "frontdesk"):
        if candidate.is_file():
            return candidate
    raise Failed(f"no frontdesk program in {bundle}")


def size_bytes(folder: Path) -> int:
    """The room the files take, symbolic links counted as links (as ``du`` does)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def unwanted_parts(folder: Path) -> list[str]:
    """Files of the parts of Qt the bundle must not carry, relative to ``folder``."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if UNWANTED.search(p.name))


#: Parts of Qt the program needs that PyInstaller finds only by following the imports: Qt
#: Charts (the Reports window) loads when that window opens, long after any start-up check.
NEEDED = {"QtCharts module": re.compile(r"^QtCharts\.(pyd|.*\.so)$"),
          "Qt Charts library": re.compile(r"Qt6?Charts")}


def missing_parts(folder: Path) -> list[str]:
    """The needed parts of Qt (:data:`NEEDED`) of which ``folder`` holds no file."""
    names = [p.name for p in folder.rglob("*")]
    return [what for what, pattern in NEEDED.items()
            if not any(pattern.search(name) for name in names)]


def needed_libraries(binary: Path) -> set[str]:
    """The libraries an ELF file links by name (its DT_NEEDED entries; objdump)."""
    dump = subprocess.run(["objdump", "-p", str(binary)], capture_output=True, text=True)
    return {line.split()[1] for line in dump.stdout.splitlines()
            if line.strip().startswith("NEEDED")}


def system_libraries() -> set[str]:
    """The library names this machine's loader knows (ldconfig's cache)."""
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    return {line.split()[0] for line in out.splitlines()[1:] if line.strip()}


def missing_libraries(folder: Path) -> list[str]:
    """Linux: each library a bundled binary links that is neither in the bundle nor on this
    machine (``"needer: name"``), and each Qt or ICU library linked but not in the bundle:
    those must come with it, or the program breaks on a computer without them."""
    if not sys.platform.startswith("linux"):
        return []
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()
             and (".so" in p.name or p.name == "frontdesk")]
    inside = {p.name for p in folder.rglob("*")}
    system = system_libraries()
    out = []
    for binary in files:
        if binary.read_bytes()[:4] != b"\x7fELF":
            continue
        for name in sorted(needed_libraries(binary) - inside):
            if name not in system or re.match(r"lib(Qt6|icu|pyside6|shiboken6)", name):
                out.append(f"{binary.relative_to(folder)}: {name}")
    return out


def clean_environment(home: Path, **extra: str) -> dict[str, str]:
    """What the checked program sees: no PATH with a Python on it (an empty folder), no
    PYTHONPATH or PYTHONHOME, a scratch home and data folder, the fixed clock, offscreen Qt."""
    empty = home / "empty-path"
    empty.mkdir(exist_ok=True)
    env = {"PATH": str(empty), "HOME": str(home), "FRONTDESK_HOME": str(home / "frontdesk"),
           "FRONTDESK_NOW": NOW, "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    if sys.platform == "win32":  # Windows cannot start a program without these
        env |= {k: os.environ[k] for k in ("SYSTEMROOT", "TEMP", "TMP") if k in os.environ}
    return env | extra


def run(program: Path, args: list[str], env: dict[str, str], *,
        timeout: float = 120) -> tuple[str, float]:
    """Run the bundle's program; its stdout and the seconds it took. A non-zero exit or a
    traceback on stderr fails the check with the command and the last line it said."""
    started = time.perf_counter()
    done = subprocess.run([str(program), *args], env=env, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout)
    took = time.perf_counter() - started
    said = (done.stderr.strip().splitlines() or [""])[-1]
    if done.returncode or "Traceback" in done.stderr:
        raise Failed(f"frontdesk {' '.join(args)}: exit {done.returncode}: {said}")
    return done.stdout, took


def first_paint(program: Path, env: dict[str, str], args: tuple[str, ...] = (),
                timeout: float = 60) -> float:
    """Seconds from starting the program to its window's first painted day: the window
    prints that moment (``FRONTDESK_QUIT_AFTER_PAINT=1``, see frontdesk.app) and quits.
    Also what benchmarks/run.py measures as ``bundle_first_paint``."""
    started = time.time()
    out, _ = run(program, list(args), env | {"FRONTDESK_QUIT_AFTER_PAINT": "1"},
                 timeout=timeout)
    lines = out.strip().splitlines()
    if not lines or not re.fullmatch(r"\d+\.\d+", lines[-1]):
        raise Failed("the window quit without painting its day")
    return float(lines[-1]) - started


def pdf_text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, encoding="utf-8")
    if done.returncode:
        raise Failed(f"pdftotext could not read the exported PDF: {done.stderr.strip()}")
    return done.stdout


def check(bundle: Path, log=print) -> dict[str, float]:
    """Every check above on a built bundle; the figures measured (seconds, MiB)."""
    figures: dict[str, float] = {}
    program = executable(bundle)
    mib = size_bytes(bundle) / 2**20
    figures["size_mib"] = round(mib, 1)
    log(f"size             {mib:7.1f} MiB (limit {LIMIT_MB})")
    if mib > LIMIT_MB:
        raise Failed(f"the bundle takes {mib:.1f} MiB, over {LIMIT_MB}")
    if found := unwanted_parts(bundle):
        raise Failed(f"the bundle carries parts of Qt it must not: {', '.join(found[:5])}")
    if found := missing_libraries(bundle):
        raise Failed(f"libraries the bundle needs but lacks: {'; '.join(found[:5])}")
    if found := missing_parts(bundle):
        raise Failed(f"the bundle lacks parts of Qt it needs: {', '.join(found)}")
    with tempfile.TemporaryDirectory(prefix="frontdesk-bundle-") as scratch:
        home = Path(scratch)
        env = clean_environment(home)

        def step(name: str, args: list[str], **extra: str) -> str:
            out, took = run(program, args, env | extra)
            figures[name] = round(took, 3)
            log(f"{name:<16} {took:7.2f} s")
            return out

        out = step("version", ["--version"])
        if out.strip() != f"frontdesk {version()}":
            raise Failed(f"--version said {out.strip()!r}, not frontdesk {version()}")
        fresh = f"sqlite:///{home / 'fresh.sqlite3'}"
        out = step("init", ["init", "--db", fresh, "--name", "Smoke Clinic", "--timezone",
                            "America/Toronto", "--json"])
        if json.loads(out)["name"] != "Smoke Clinic":
            raise Failed(f"init made another clinic: {out.strip()}")
        step("demo", ["demo"])
        out = step("find", ["find", "--service", "Swedish Massage 60", "--count", "1",
                            "--json"])
        slot = json.loads(out)[0]
        start = slot["start"][:16].replace("T", " ")
        out = step("book", ["book", "--new-client", "Smoke Tëst", "--phone", "+1 416 555 0199",
                            "--service", "Swedish Massage 60", "--start", start,
                            "--therapist", slot["therapist"], "--json"])
        if json.loads(out)["client"] != "Smoke Tëst":
            raise Failed(f"book booked something else: {out.strip()}")
        pdf = home / "day.pdf"
        step("export_pdf", ["export", "--format", "pdf", "--date", start[:10], "-o", str(pdf)])
        text = pdf_text(pdf)
        if "Smoke Tëst" not in text or slot["therapist"] not in text:
            raise Failed("the exported PDF does not show the booking just made")
        report = home / "hours.pdf"
        step("report_pdf", ["report", "busiest-hours", "--from", start[:8] + "01", "--to",
                            start[:10], "-o", str(report)])
        if "Busiest hours" not in pdf_text(report):
            raise Failed("the report's PDF does not show its title")
        painted = first_paint(program, env)
        figures["first_paint"] = round(painted, 3)
        log(f"{'first_paint':<16} {painted:7.2f} s (window offscreen, demo clinic)")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", metavar="DIR", type=Path,
                        help="only check this bundle folder, built before")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where the bundle goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build",
                        help="PyInstaller's work folder (default: build/)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    log = (lambda line: print(line, file=sys.stderr)) if args.json else print
    try:
        if args.check:
            bundle = args.check
            figures: dict[str, float] = {}
        else:
            if not have_pyinstaller():
                raise Failed('PyInstaller is not installed: pip install -e ".[bundle]"')
            if sys.platform.startswith("linux") and not shutil.which("objdump"):
                raise Failed("PyInstaller needs objdump on Linux: install binutils")
            bundle, took = build(args.dist, args.work)
            figures = {"build": round(took, 1)}
            log(f"{'build':<16} {took:7.1f} s -> {bundle}")
        if not shutil.which("pdftotext"):
            raise Failed("the PDF check needs pdftotext: install poppler-utils")
        figures |= check(bundle, log)
    except Failed as failed:
        print(f"build_bundle: {failed}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print("the bundle passed every check")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
