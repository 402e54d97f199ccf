"""Where the per-document work runs: in the build process, in N worker processes, or on a Dask cluster.

All three take the same batches of :class:`~iraqtext.stages.DocumentTask` and run the same pure
function, :func:`iraqtext.stages.run_tasks`, so they give the same outputs; the build puts them
back in ``doc_id`` order, so the tables are byte-identical whichever runs them. Each worker loads
the spaCy pipeline once (it is cached per process by :func:`iraqtext.load_nlp`). At most a few
batches per worker are in flight, so memory stays bounded however large the corpus.

Dask (``pip install 'iraqtext[dask]'``): ``dask="tcp://host:8786"`` sends the batches to a running
``dask.distributed`` scheduler; ``dask="local:4"`` starts a ``LocalCluster`` of four single-threaded
worker processes for the duration of the build. Workers need iraqtext and the same spaCy model
installed, and the user's actor and codebook files at the same paths.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Iterable, Iterator

from .stages import DocumentOutput, DocumentTask, StageSettings, run_tasks

IN_FLIGHT_PER_WORKER = 2


class ExecutorError(ValueError):
    """A ``jobs`` or ``dask`` setting that cannot be used; the message says why and what to do."""


def run_batches(batches: Iterable[list[DocumentTask]], settings: StageSettings, jobs: int = 1,
                dask: str | None = None) -> Iterator[list[DocumentOutput]]:
    """Run :func:`~iraqtext.stages.run_tasks` on every batch; yields each batch's outputs as it
    finishes (not necessarily in order)."""
    if dask:
        yield from _run_dask(batches, settings, dask)
    elif jobs > 1:
        yield from _run_processes(batches, settings, jobs)
    elif jobs == 1:
        for batch in batches:
            yield run_tasks(batch, settings)
    else:
        raise ExecutorError(f"jobs must be 1 or more, got {jobs}")


def _bounded(submit, wait_one, batches: Iterable[list[DocumentTask]], limit: int) -> Iterator[list[DocumentOutput]]:
    """Keep at most ``limit`` batches submitted; yield results as they complete."""
    pending: deque = deque()
    for batch in batches:
        pending.append(submit(batch))
        while len(pending) >= limit:
            yield from wait_one(pending)
    while pending:
        yield from wait_one(pending)


def _run_processes(batches, settings: StageSettings, jobs: int) -> Iterator[list[DocumentOutput]]:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # "spawn": a fresh interpreter per worker, safe whatever threads the parent (Jupyter, pyarrow) runs.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        def wait_one(pending: deque) -> Iterator[list[DocumentOutput]]:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in list(done):
                pending.remove(future)
                yield future.result()

        yield from _bounded(lambda batch: pool.submit(run_tasks, batch, settings), wait_one, batches,
                            IN_FLIGHT_PER_WORKER * jobs)


def parse_dask_address(dask: str) -> tuple[str, int | str]:
    """``("local", n_workers)`` for ``local:N``, ``("address", address)`` for a scheduler address.

    >>> parse_dask_address("local:2"), parse_dask_address("tcp://10.0.0.5:8786")
    (('local', 2), ('address', 'tcp://10.0.0.5:8786'))
    """
    match = re.fullmatch(r"local:(\d+)", dask.strip())
    if match:
        workers = int(match.group(1))
        if workers < 1:
            raise ExecutorError("--dask local:N needs N of 1 or more")
        return "local", workers
    if re.fullmatch(r"(tcp|tls|inproc|ws|wss|ucx)://\S+", dask.strip()):
        return "address", dask.strip()
    raise ExecutorError(f"--dask {dask!r}: expected local:N or a scheduler address such as tcp://host:8786")


def _run_dask(batches, settings: StageSettings, dask: str) -> Iterator[list[DocumentOutput]]:
    kind, value = parse_dask_address(dask)
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ExecutorError("--dask needs dask.distributed: pip install 'iraqtext[dask]'") from None

    # ":0": a free port for the dashboard, so two local builds (or a user's own cluster) do not collide.
    cluster = LocalCluster(n_workers=value, threads_per_worker=1, processes=True, dashboard_address=":0") \
        if kind == "local" else None
    try:
        client = Client(cluster if cluster is not None else value, set_as_default=False)
    except OSError as err:
        if cluster is not None:
            cluster.close()
        raise ExecutorError(f"--dask {dask}: cannot reach the scheduler ({err})") from None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        completed = as_completed(loop=client.loop)

        def submit(batch: list[DocumentTask]):
            future = client.submit(run_tasks, batch, settings, pure=False)
            completed.add(future)
            return future

        def wait_one(pending: deque) -> Iterator[list[DocumentOutput]]:
            future = next(completed)
            pending.remove(future)
            yield future.result()

        yield from _bounded(submit, wait_one, batches, IN_FLIGHT_PER_WORKER * workers)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
