"""Renders that cannot take the server down: the PDF is made in child processes, each with
an address-space limit (RLIMIT_AS), the whole under one deadline.

WeasyPrint keeps every box of a document in memory until it is written: the 193-state
annex as one document took 1.4 GiB and minutes. Here the parent (Django) renders the HTML
of each part, at most PDF_RENDER_PROCESSES children lay the parts out in parallel
(``pdf_child``), and a last child joins them with pypdf, stamping the running header and
page numbers of the whole. A child that passes its memory limit dies alone (MemoryError);
past the deadline every child is killed. Either way the caller gets RenderLimitExceeded,
with a message for a person, and the server keeps going.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import math
import os
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

#: Parts one child process lays out before it exits (its memory is then returned). A
#: child's peak grows little from part to part (87 MiB after one two-item part at 193
#: states, 90 MiB after ten), and each child costs a start (interpreter, WeasyPrint,
#: fonts): the 193 x 40 annex's forty parts take one child per process slot.
PARTS_PER_CHILD = 24


class RenderLimitExceeded(Exception):
    """The render passed its time or memory limit; the message is for a person."""

    def __init__(self, message: str) -> None:
        self.message = str(message)
        super().__init__(self.message)


@dataclass
class RenderReport:
    parts: int = 0
    pages: int = 0
    seconds: float = 0.0
    #: The most memory the children held at once (their peaks added up), in KiB.
    peak_children_kib: int = 0
    child_peaks_kib: list[int] = field(default_factory=list)


def _env(memory_bytes: int) -> dict[str, str]:
    env = dict(os.environ)
    env["PDF_CHILD_MEMORY_BYTES"] = str(memory_bytes)
    env["PDF_BASE_URL"] = str(settings.BASE_DIR)
    # The child imports resolutions.exports.pdf_child only: no Django settings needed.
    paths = [str(settings.BASE_DIR), env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    return env


def _spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - our own interpreter and module, fixed arguments
        [sys.executable, "-m", "resolutions.exports.pdf_child", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=settings.BASE_DIR,
        text=True,
    )


def _kill(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.kill()
    for child in children:
        child.wait()
        for stream in (child.stdout, child.stderr):
            if stream:
                stream.close()


def _wait(
    children: list[subprocess.Popen],
    *,
    deadline: float,
    on_line: Callable[[dict], None],
) -> None:
    """Read every child's JSON lines until all have exited; kill them all at the deadline."""
    selector = selectors.DefaultSelector()
    for child in children:
        assert child.stdout is not None  # spawned with stdout=PIPE
        selector.register(child.stdout, selectors.EVENT_READ, child)
    open_streams = len(children)
    try:
        while open_streams:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise RenderLimitExceeded(
                    _(
                        "The PDF took longer than %(seconds)s seconds to render and was "
                        "stopped. Try again later, or download the Word or Excel version."
                    )
                    % {"seconds": settings.EXPORT_TIME_LIMIT_SECONDS}
                )
            for key, _events in selector.select(timeout=min(remaining, 1.0)):
                line = key.data.stdout.readline()
                if not line:
                    selector.unregister(key.fileobj)
                    open_streams -= 1
                    continue
                on_line(json.loads(line))
        for child in children:
            child.wait(timeout=max(deadline - time.monotonic(), 0.1))
            if child.returncode != 0:
                error = child.stderr.read() if child.stderr else ""
                if "MemoryError" in error or child.returncode < 0:
                    raise RenderLimitExceeded(
                        _(
                            "The PDF needed more than %(mib)s MiB of memory and was stopped. "
                            "Download the Word or Excel version instead."
                        )
                        % {"mib": settings.EXPORT_MEMORY_LIMIT_MB}
                    )
                raise RuntimeError(f"PDF renderer failed ({child.returncode}): {error[-2000:]}")
    except BaseException:
        _kill(children)
        raise
    finally:
        selector.close()
    _kill(children)  # all exited: closes their pipes


def _release_memory() -> None:
    """Hand the memory freed after rendering the parts' HTML back to the system before the
    children start: the render's peak is this process and its children together."""
    gc.collect()
    # Not glibc: the memory stays reusable here.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _balanced(sizes: list[int], groups: int) -> list[list[int]]:
    """Part numbers split into `groups` lists of about the same total size, in order."""
    buckets: list[list[int]] = [[] for _ in range(groups)]
    totals = [0] * groups
    for n in sorted(range(len(sizes)), key=lambda n: -sizes[n]):
        k = totals.index(min(totals))
        buckets[k].append(n)
        totals[k] += sizes[n]
    return [sorted(b) for b in buckets if b]


def _child_groups(parts: list[str], width: int) -> list[list[str]]:
    """The file names each child renders, the running header with the last group.

    A child's memory creeps up with every part it lays out (WeasyPrint's caches,
    fragmentation), so each renders at most PARTS_PER_CHILD parts and exits; at most
    `width` (PDF_RENDER_PROCESSES) run at once, in waves of groups of about the same size.
    """
    waves = max(1, math.ceil(len(parts) / (PARTS_PER_CHILD * width)))
    groups = [[f"part-{n}" for n in g] for g in _balanced([len(p) for p in parts], waves * width)]
    groups[-1].append("header")  # one small page, with the last group
    return groups


def _join(
    directory: Path, count: int, *, env: dict[str, str], deadline: float, report: RenderReport
) -> None:
    """Join the rendered parts into out.pdf in a child of its own, its peak in `report`."""
    joiner = _spawn(["join", str(directory), str(count)], env)
    join_peak: list[int] = []
    _wait(
        [joiner],
        deadline=deadline,
        on_line=lambda d: join_peak.append(d["maxrss_kib"]) if "maxrss_kib" in d else None,
    )
    report.child_peaks_kib.extend(join_peak)
    report.peak_children_kib = max(report.peak_children_kib, *join_peak, 0)


def render_pdf(
    parts: list[str],
    *,
    header_html: str,
    on_progress: Callable[[int, int], None] | None = None,
) -> tuple[bytes, RenderReport]:
    """The PDF of `parts` (complete HTML documents, in order) joined into one; every page
    but the first gets the running header (`header_html`: one page carrying only it) and
    its number in the whole. Raises RenderLimitExceeded."""
    started = time.monotonic()
    deadline = started + settings.EXPORT_TIME_LIMIT_SECONDS
    memory = settings.EXPORT_MEMORY_LIMIT_MB * 1024 * 1024
    env = _env(memory)
    report = RenderReport(parts=len(parts))
    pages: dict[int, int] = {}
    steps = len(parts) + 1  # every part, then the join
    directory = Path(tempfile.mkdtemp(prefix="aalco-pdf-"))
    try:
        for n, html in enumerate(parts):
            (directory / f"part-{n}.html").write_text(html, encoding="utf-8")
        (directory / "header.html").write_text(header_html, encoding="utf-8")
        _release_memory()
        width = max(1, settings.PDF_RENDER_PROCESSES)
        groups = _child_groups(parts, width)

        def on_line(data: dict) -> None:
            if data.get("name", "").startswith("part-"):
                pages[data["name"]] = data["pages"]
                if on_progress:
                    on_progress(len(pages), steps)
            elif "maxrss_kib" in data:
                report.child_peaks_kib.append(data["maxrss_kib"])

        for start in range(0, len(groups), width):
            children = [
                _spawn(["render", str(directory), *group], env)
                for group in groups[start : start + width]
            ]
            _wait(children, deadline=deadline, on_line=on_line)
        # As if a wave's children all peaked at once: an upper bound.
        report.peak_children_kib = max(
            sum(report.child_peaks_kib[start : start + width])
            for start in range(0, len(report.child_peaks_kib), width)
        )
        report.pages = sum(pages.values())
        _join(directory, len(parts), env=env, deadline=deadline, report=report)
        if on_progress:
            on_progress(steps, steps)
        content = (directory / "out.pdf").read_bytes()
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    report.seconds = time.monotonic() - started
    return content, report
