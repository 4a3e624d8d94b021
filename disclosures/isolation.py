"""Parse a PDF in a bounded child process: a wall-clock limit and an address-space limit.

Why a process: pdfminer can spend minutes and gigabytes on a hostile file (a decompression bomb,
a dense page, a page tree built to be walked forever), PDFium (the page layer, C++) ends the
process it runs in when an allocation fails under the memory limit, and Python can neither stop
a thread nor cap its memory. A child process can be given RLIMIT_AS and be killed. It runs
``python -m disclosures.isolation``: the parser has no Django in it, so the child imports only
the parser; it reads its request (pickled) on stdin and writes its result (pickled) to a file.
A fresh interpreter rather than a fork: it shares nothing with a threaded web or task process,
works from any parent (a daemonic worker may not fork children of its own through
multiprocessing), and ``os.wait4`` gives its peak memory even when it had to be killed.

What comes back is a ``Bounded``: the parsed document, or a refusal saying what was wrong
(the parser's own ``RefusedFile``; an exception raised inside pdfminer or pdfplumber, which
means a broken file; the time or memory limit), or a ``ParserBug`` with its traceback when our
own code failed. No Django here either: the ingest service reads the limits from the settings.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from disclosures import parsing
from disclosures.parsing.document import ParsedDisclosure
from disclosures.parsing.errors import ParserBug, RefusedFile, caused_by, refusal_for

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GIB = 1024**3


@dataclass(frozen=True)
class Limits:
    """How long and how much memory one parse may take."""

    seconds: float = 120.0
    memory: int = 3 * GIB // 2  # bytes of address space

    @property
    def memory_label(self) -> str:
        return f"{self.memory / GIB:.1f} GiB" if self.memory >= GIB else f"{self.memory // 1024**2} MiB"


@dataclass
class Bounded:
    """What one bounded parse gave: exactly one of ``parsed``, ``refusal`` and ``bug``."""

    filename: str
    outcome: str  # parsed / refused / timeout / memory / crashed / bug
    parsed: ParsedDisclosure | None = None
    refusal: RefusedFile | None = None
    bug: ParserBug | None = None
    seconds: float = 0.0
    peak_memory: int = 0  # bytes: the child's peak resident memory (0 when parsed in-process)
    details: str = ""  # what a child that died printed last, for the log


def parse_bounded(path: str | os.PathLike, *, filename: str, max_pages: int, limits: Limits) -> Bounded:
    """Parse ``path`` in a child process within ``limits``; never raises for what the file holds.

    When ``parsing.parse_pdf`` has been replaced (the tests' stand-in parser, which exists only
    in this process), it is called here, in-process, and its exceptions mapped the same way.
    """
    started = time.monotonic()
    if parsing.parse_pdf is not _PARSE_PDF:
        outcome = _parsed_or_why(parsing.parse_pdf, os.fspath(path), filename, max_pages)
        return _bounded(filename, outcome, seconds=time.monotonic() - started, peak=0, limits=limits)

    request = pickle.dumps((os.fspath(Path(path).resolve()), filename, max_pages, limits))
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), *_python_path()])}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(
            [sys.executable, "-m", "disclosures.isolation"],
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=err,
            env=environment,
            start_new_session=True,  # its own process group, killed as one
        )
        with contextlib.suppress(BrokenPipeError):
            child.stdin.write(request)
        child.stdin.close()
        status, peak, timed_out = _wait(child, deadline=started + limits.seconds)
        seconds = time.monotonic() - started
        out.seek(0)
        data = out.read()
        err.seek(0)
        errors = err.read().decode("utf-8", "replace")
    if timed_out or _signal(status) == signal.SIGXCPU:
        return _bounded(filename, ("timeout", None), seconds=seconds, peak=peak, limits=limits)
    try:
        kind, value, peak = pickle.loads(data)
    except Exception:  # nothing (or half) written: the child died before it could answer
        how = f"信号 {_signal(status)}" if _signal(status) else f"退出码 {os.waitstatus_to_exitcode(status)}"
        kind, value = "crashed", f"{how}\n{errors[-4000:]}"
        if _signal(status) == signal.SIGABRT and peak >= limits.memory // 2:
            # PDFium aborts the process when an allocation fails (it cannot raise MemoryError):
            # an abort with memory near the limit is the limit.
            kind, value = "memory", None
    return _bounded(filename, (kind, value), seconds=seconds, peak=peak, limits=limits)


def _python_path() -> list[str]:
    return [entry for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep) if entry]


def _wait(child: subprocess.Popen, *, deadline: float) -> tuple[int, int, bool]:
    """Wait for the child until the deadline, then kill it; returns its wait status, its peak
    resident memory in bytes as far as the parent can tell, and whether it timed out.

    The peak of a child that answers is the one it reports itself (``_peak_memory``): the
    kernel's ru_maxrss counts the parent's memory at the time of the fork too. A child killed
    at the deadline is measured just before."""
    timed_out, peak = False, 0
    try:
        pidfd = os.pidfd_open(child.pid)
    except (AttributeError, OSError):
        pidfd = None
    try:
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out, peak = True, _peak_memory(child.pid)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(child.pid, 0)
                break
            if pidfd is not None:
                select.select([pidfd], [], [], remaining)
            else:
                time.sleep(min(remaining, 0.05))
    except BaseException:  # interrupted (a signal, a shutdown): the child does not outlive the wait
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.wait4(child.pid, 0)
        raise
    finally:
        if pidfd is not None:
            os.close(pidfd)
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return status, peak or usage.ru_maxrss * 1024, timed_out


def _peak_memory(pid: int | str = "self") -> int:
    """A process's peak resident memory in bytes (VmHWM), 0 where /proc cannot tell."""
    with contextlib.suppress(OSError, ValueError), open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def _signal(status: int) -> int:
    return os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0


def _bounded(filename: str, outcome: tuple, *, seconds: float, peak: int, limits: Limits) -> Bounded:
    """The child's answer as a Bounded; the limits' refusals say which limit, and how much."""
    kind, value = outcome
    result = Bounded(filename=filename, outcome=kind, seconds=seconds, peak_memory=peak)
    if kind == "parsed":
        result.parsed = value
    elif kind == "refused":
        reason, page, table = value
        result.refusal = RefusedFile(reason, filename=filename, page=page, table=table)
    elif kind == "timeout":
        result.refusal = RefusedFile(f"文件过大或结构异常，解析超过 {limits.seconds:g} 秒", filename=filename)
    elif kind == "memory":
        result.refusal = RefusedFile(
            f"文件过大或结构异常，解析超过内存上限（{limits.memory_label}）", filename=filename
        )
    elif kind == "crashed":
        how, _, result.details = value.partition("\n")
        result.refusal = RefusedFile(f"文件过大或结构异常，解析进程意外终止（{how}）", filename=filename)
    else:
        summary, details = value
        result.bug = ParserBug(summary, filename=filename, details=details)
    return result


def _parsed_or_why(parse, path: str, filename: str, max_pages: int) -> tuple:
    """(outcome, value) for one parse: what ``_bounded`` turns into a Bounded."""
    try:
        return "parsed", parse(path, filename=filename, max_pages=max_pages)
    except MemoryError:
        return "memory", None
    except Exception as error:
        if caused_by(error, MemoryError):
            return "memory", None
        refusal = refusal_for(error, filename=filename)
        if refusal is not None:
            return "refused", (refusal.reason, refusal.page, refusal.table)
        summary = f"{type(error).__name__}: {error}"[:500]
        return "bug", (summary, traceback.format_exc())


_PARSE_PDF = parsing.parse_pdf


def _limit_this_process(limits: Limits) -> None:
    """Cap the address space, and CPU time as a backstop should the parent die without killing
    this process (the kernel then stops it); no core files."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
    cpu = int(limits.seconds) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _child_main() -> None:
    """The child: read the request on stdin, parse within the limits, write the answer on stdout."""
    path, filename, max_pages, limits = pickle.loads(sys.stdin.buffer.read())
    answer = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # what a library prints cannot spoil the answer
    _limit_this_process(limits)
    outcome = _parsed_or_why(_PARSE_PDF, path, filename, max_pages)
    try:
        data = pickle.dumps((*outcome, _peak_memory()), protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        data = pickle.dumps(("memory", None, _peak_memory()))
    del outcome
    answer.write(data)
    answer.close()


if __name__ == "__main__":
    _child_main()
