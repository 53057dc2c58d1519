"""The letters batch's rendering pipeline: rows sorted into work, chunks rendered in
worker processes (or in this one for a small file), and the finished chunks recorded in
file order, so that the manifest and the print file follow the people file."""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from breachkit.core.letters.people import BadRow, Person
from breachkit.services.letters_batch import (
    BatchJob,
    Task,
    Written,
    init_worker,
    no_output_reason,
    outputs_for,
    run_task,
    worker_pool,
)
from breachkit.services.letters_io import BadRowsFile
from breachkit.services.letters_outdir import ResumePoint
from breachkit.services.letters_print import PrintAssembler
from breachkit.services.letters_rows import (
    CHUNK,
    IN_PROCESS_BELOW,
    LetterProgress,
    _Counters,
    _Done,
    _order,
    _progress,
)

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool

    from breachkit.render.letters.compose import LetterSetup

Work = tuple[Person, tuple[str, ...]]
"""A person and the outputs still to write for them."""


def sort_row(
    row: Person | BadRow | None,
    formats: tuple[str, ...],
    point: ResumePoint,
    counters: _Counters,
    bad: BadRowsFile,
) -> Work | None:
    """The work a row of the people file asks for, or None (counted and, for a row that
    cannot be used, written to the bad rows) when there is none."""
    if row is None:  # reached by e-mail (--undelivered): no letter
        counters.already += 1
    elif isinstance(row, BadRow):
        bad.add(row)
        counters.bad += 1
    else:
        possible = outputs_for(row, formats)
        if not possible:
            bad.add(BadRow(row.line, no_output_reason(formats)))
            counters.bad += 1
        else:
            todo = tuple(f for f in possible if (row.line, _order(f)) > point.position)
            if todo:
                return row, todo
            counters.already += 1
    counters.rows += 1
    return None


class Chunks:
    """Renders chunks of work and hands each finished one, oldest first, to ``record``."""

    def __init__(
        self,
        setup: LetterSetup,
        job: BatchJob,
        *,
        total: int,
        workers: int | None,
        counters: _Counters,
        record: Callable[[tuple[Written, ...]], None],
        assembler: PrintAssembler | None,
        progress: Callable[[LetterProgress], None] | None,
    ) -> None:
        self.count = workers or os.cpu_count() or 1
        self.pool: Pool | None = (
            None
            if self.count <= 1 or total < IN_PROCESS_BELOW
            else worker_pool(self.count, setup, job)
        )
        if self.pool is None:
            init_worker(setup, job)
        self.size = max(16, min(CHUNK, total // (self.count * 4) or 16))
        self.out_dir = Path(job.out_dir)
        self.total = total
        self.counters = counters
        self.record = record
        self.assembler = assembler
        self.progress = progress
        self.pending: deque[tuple[AsyncResult[Any] | None, _Done]] = deque()

    def render(
        self,
        rows: Iterable[Person | BadRow | None],
        sort: Callable[[Person | BadRow | None], Work | None],
        cancel: threading.Event | None,
    ) -> bool:
        """Render the work ``sort`` finds in each row and record it, chunk by chunk;
        False when ``cancel`` stopped it (what was rendered by then is recorded)."""
        cancelled = False
        try:
            work: list[Work] = []
            for row in rows:
                if cancel is not None and cancel.is_set():
                    cancelled = True
                    break
                todo = sort(row)
                if todo is not None:
                    work.append(todo)
                if len(work) >= self.size:
                    self.submit(work)
                    work = []
            if work and not cancelled:
                self.submit(work)
            self.collect(wait=True)
            return not cancelled
        finally:
            self.close()

    def submit(self, work: list[Work]) -> None:
        task = Task(tuple(work))
        if self.pool is None:
            self.pending.append((None, run_task(task)))
        else:
            self.pending.append((self.pool.apply_async(run_task, (task,)), ((), None)))
        while len(self.pending) > 2 * self.count:
            handle = self.pending[0][0]
            if handle is not None:
                handle.wait()
            self.collect(wait=False)
        self.collect(wait=False)

    def collect(self, *, wait: bool) -> None:
        """Record finished chunks, oldest first (the manifest stays in file order)."""
        while self.pending:
            handle, local = self.pending[0]
            if handle is not None and not handle.ready():
                if not wait:
                    return
                handle.wait()
            self.pending.popleft()
            written, part = handle.get() if handle is not None else local
            self.record(written)
            if self.assembler is not None and part:
                self.assembler.add_part(self.out_dir / part)
            if self.progress is not None:
                self.progress(_progress(self.counters, self.total))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
