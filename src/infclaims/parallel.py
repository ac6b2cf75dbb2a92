"""Engines that run the pipeline over chunks of articles: in this process, in local worker processes, or on a
Dask cluster. Every engine returns the chunks' outcomes in input order, whatever the number of workers, so a run's
output bytes do not depend on how it was spread.

A chunk is a short list of input items (articles and read errors). A worker turns it into a list of
:data:`Outcome` records, one per item: the typed :class:`ArticleResult` of an article or the
:class:`ErrorRecord` of an input that failed (a :class:`Fatal` alone when the worker itself could not work).
The same records travel whatever the engine; they become JSON only when the driver writes them. Each worker
process loads the spaCy pipeline once
(:func:`worker_context`) and keeps it for all its chunks. At most ``window`` chunks are in flight at a time,
so memory stays flat however many articles stream through.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, Protocol

from infclaims import errors
from infclaims.config import Config
from infclaims.errors import ConfigError, InfclaimsError
from infclaims.models import ArticleInput, ArticleResult, ErrorRecord
from infclaims.pipeline import Context, run

__all__ = [
    "EngineName",
    "EngineOptions",
    "Fatal",
    "Item",
    "ModelInfo",
    "Outcome",
    "chunked",
    "default_workers",
    "map_chunks",
    "model_info",
    "process_chunk",
    "worker_context",
]

EngineName = Literal["local", "dask"]
Item = ArticleInput | ErrorRecord


@dataclass(frozen=True)
class Fatal:
    """An error that stopped a worker (a pipeline that will not load): its parts, since InfclaimsError takes its
    code as a keyword, which pickling drops. :func:`raise_if_fatal` rebuilds it in the driver."""

    error_class: str
    code: str
    detail: str


@dataclass(frozen=True)
class ModelInfo:
    """Versions for the run manifest, read in a worker."""

    spacy: str
    model: str


Outcome = ArticleResult | ErrorRecord | Fatal

#: Name under which the model-loading plugin is registered on Dask workers (registering again replaces it).
PLUGIN_NAME = "infclaims-pipeline"
#: Housekeeping of the embedded Dask cluster (see _map_dask). Dask also starts its workers with glibc's
#: MALLOC_TRIM_THRESHOLD_ at 64 KiB, so that memory goes back to the system at once; the parser frees and
#: takes back large buffers every batch, and the trimming made the embedded workers spend far more system
#: time than the local pool's. The embedded workers keep glibc's default, as the local pool's do.
EMBEDDED_DASK_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}
#: Articles per task when several workers share the work (see EngineOptions.chunk_size).
PARALLEL_CHUNK = 4


def default_workers() -> int:
    """All cores."""
    return os.cpu_count() or 1


@dataclass(frozen=True)
class EngineOptions:
    """How a run is spread. ``workers=1`` with the local engine runs in this process, without a pool."""

    engine: EngineName = "local"
    workers: int = 1
    scheduler: str | None = None  # address of an existing Dask scheduler; None starts a local cluster
    window: int | None = None  # chunks in flight; default four per worker

    def __post_init__(self) -> None:
        if self.engine not in ("local", "dask"):
            raise ConfigError(
                f"engine {self.engine!r} is not known; use 'local' (processes on this machine) or 'dask'",
                code="E202",
            )
        if self.workers < 1:
            raise ConfigError(f"workers must be at least 1, got {self.workers}; use 1 to run in-process", code="E202")
        if self.scheduler is not None and self.engine != "dask":
            raise ConfigError(
                f"a scheduler address ({self.scheduler!r}) needs the dask engine; pass --engine dask or drop "
                "--scheduler",
                code="E202",
            )
        if self.window is not None and self.window < 1:
            raise ConfigError(f"window must be at least 1, got {self.window}", code="E202")

    @property
    def in_flight(self) -> int:
        return self.window or 4 * self.workers

    def chunk_size(self, batch_size: int) -> int:
        """Articles per task. One in-process worker takes whole parse batches; a pool takes smaller tasks, so
        that articles of very different lengths still spread evenly over the workers."""
        if self.engine == "local" and self.workers == 1:
            return batch_size
        return max(1, min(batch_size, PARALLEL_CHUNK))


# --------------------------------------------------------------------------- worker side


@lru_cache(maxsize=2)
def worker_context(config: Config) -> Context:
    """The pipeline context of this process: the spaCy pipeline is loaded on the first call only."""
    import gc

    from infclaims.nlp import load_nlp

    ctx = Context.build(load_nlp(config.model), config)
    # The model and lexicons live as long as the worker: move them out of the cyclic collector's sight, so the
    # full collections that per-article garbage triggers do not walk them (0.3 s of GC per 120 articles).
    gc.freeze()
    return ctx


def _fatal(exc: InfclaimsError) -> Fatal:
    return Fatal(error_class=type(exc).__name__, code=exc.code, detail=exc.detail)


def process_chunk(chunk: Sequence[Item], config: Config, batch_size: int) -> list[Outcome]:
    """Run the pipeline over one chunk in this process; one outcome per item, in order."""
    try:
        ctx = worker_context(config)
        return list(run(chunk, ctx, batch_size=batch_size))
    except InfclaimsError as exc:
        return [_fatal(exc)]


def model_info(config: Config) -> ModelInfo | Fatal:
    """Versions for the run manifest, read in a worker (which also warms it up)."""
    import spacy

    from infclaims.nlp import model_version

    try:
        ctx = worker_context(config)
    except InfclaimsError as exc:
        return _fatal(exc)
    return ModelInfo(spacy=spacy.__version__, model=model_version(ctx.nlp))


def started(info: ModelInfo | Fatal) -> ModelInfo:
    """The worker's versions, or the error that stopped it, raised here."""
    raise_if_fatal([info])
    assert isinstance(info, ModelInfo)
    return info


def raise_if_fatal(outcomes: Sequence[object]) -> None:
    """Re-raise, in the calling process, an error that stopped a worker."""
    fatal = next((o for o in outcomes if isinstance(o, Fatal)), None)
    if fatal is not None:
        cls = getattr(errors, fatal.error_class, InfclaimsError)
        if not (isinstance(cls, type) and issubclass(cls, InfclaimsError)):
            cls = InfclaimsError
        raise cls(fatal.detail, code=fatal.code)


#: One math-library thread per worker process: N workers on N cores must not each start N threads, which
#: oversubscribes the cores and makes two workers slower than one. Set before the model loads numpy.
SINGLE_THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _exit_with_parent(parent: int, interval: float = 1.0) -> None:
    """End this worker once the driver is gone: a killed driver cannot shut its pool down, and the workers
    would otherwise wait on the task queue for ever (each holds the queue's write end itself)."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="infclaims-parent-watch", daemon=True).start()


def _init_local_worker(config: Config, parent: int | None = None) -> None:
    """Set up a worker of the local pool. ``parent`` is the driver's pid, taken in the driver: a worker started
    just before the driver was killed may run this after it is gone, when its own parent is already init."""
    for key, value in SINGLE_THREAD_ENV.items():
        os.environ.setdefault(key, value)  # a value the user set wins
    if parent is not None:
        if os.getppid() != parent:
            os._exit(1)
        _exit_with_parent(parent)
    with contextlib.suppress(InfclaimsError):  # reported by the first chunk instead
        worker_context(config)


# --------------------------------------------------------------------------- driver side


def chunked(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """Consecutive chunks of ``size`` items (the last may be shorter)."""
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class Pending(Protocol):
    """What both a concurrent.futures and a Dask future offer."""

    def result(self, timeout: float | None = None) -> Any: ...

    def cancel(self) -> Any: ...


class _Nothing:
    """The outcome of an empty chunk, without a round trip to a worker."""

    def result(self, timeout: float | None = None) -> list[Outcome]:
        return []

    def cancel(self) -> bool:
        return True


def _ordered(
    chunks: Iterable[list[Item]], submit: Callable[[list[Item]], Pending], window: int
) -> Iterator[list[Outcome]]:
    """Submit chunks, keep at most ``window`` in flight, and yield their outcomes in submission order."""
    pending: deque[Pending] = deque()
    try:
        for chunk in chunks:
            pending.append(submit(chunk) if chunk else _Nothing())
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for fut in pending:
            fut.cancel()


def map_chunks(
    chunks: Iterable[list[Item]],
    *,
    config: Config,
    batch_size: int,
    options: EngineOptions,
    on_start: Callable[[ModelInfo], None] | None = None,
) -> Generator[list[Outcome], None, None]:
    """Outcomes of every chunk, in input order. ``on_start`` receives :func:`model_info` of a worker before the
    first chunk. Close the iterator (or exhaust it) to shut the workers down."""
    if options.engine == "dask":
        yield from _map_dask(chunks, config=config, batch_size=batch_size, options=options, on_start=on_start)
    elif options.workers == 1:
        info = started(model_info(config))
        if on_start is not None:
            on_start(info)
        for chunk in chunks:
            yield process_chunk(chunk, config, batch_size)
    else:
        yield from _map_local(chunks, config=config, batch_size=batch_size, options=options, on_start=on_start)


def _map_local(
    chunks: Iterable[list[Item]],
    *,
    config: Config,
    batch_size: int,
    options: EngineOptions,
    on_start: Callable[[ModelInfo], None] | None,
) -> Iterator[list[Outcome]]:
    # spawn: the parent may run threads (a progress bar), which fork does not copy safely.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=options.workers, mp_context=ctx, initializer=_init_local_worker, initargs=(config, os.getpid())
    ) as pool:
        try:
            # one start-up task per worker, submitted together, so that every worker is started and has loaded
            # the model before the work begins (the pool would otherwise start the others on demand, mid-run)
            infos = [f.result() for f in [pool.submit(model_info, config) for _ in range(options.workers)]]
            raise_if_fatal(infos)
            info = started(infos[0])
            if on_start is not None:
                on_start(info)

            def submit(chunk: list[Item]) -> Pending:
                return pool.submit(process_chunk, chunk, config, batch_size)

            yield from _ordered(chunks, submit, options.in_flight)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _dask_plugin(config: Config) -> Any:
    from distributed import WorkerPlugin

    class LoadPipeline(WorkerPlugin):
        """Loads the spaCy pipeline once when a worker joins, not inside the first task."""

        name = PLUGIN_NAME

        def __init__(self, config: Config) -> None:
            self.config = config

        def setup(self, worker: Any) -> None:
            _init_local_worker(self.config)  # no parent to watch: Dask's nanny looks after its worker

    return LoadPipeline(config)


def _map_dask(
    chunks: Iterable[list[Item]],
    *,
    config: Config,
    batch_size: int,
    options: EngineOptions,
    on_start: Callable[[ModelInfo], None] | None,
) -> Iterator[list[Outcome]]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ConfigError(
            "the dask engine needs dask.distributed, which is not installed; pip install 'infclaims[dask]' or use "
            "--engine local",
            code="E202",
        ) from exc
    with contextlib.ExitStack() as stack:
        if options.scheduler is None:
            import dask

            # The embedded cluster has no dashboard: its workers need not sample their stacks every 10 ms, nor
            # poll their event loop, system load and memory 50, 2 and 10 times a second, which on a small machine
            # takes CPU from the parsing. An existing cluster keeps its own settings.
            stack.enter_context(dask.config.set(EMBEDDED_DASK_CONFIG))
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=options.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            )
            address: Any = cluster
        else:
            address = options.scheduler
        try:
            client = stack.enter_context(Client(address, timeout="30s"))
        except (OSError, TimeoutError) as exc:
            raise ConfigError(
                f"cannot reach the Dask scheduler at {options.scheduler!r} ({exc}); check the address "
                "(tcp://HOST:PORT) and that the scheduler is running",
                code="E202",
            ) from exc
        client.register_plugin(_dask_plugin(config), name=PLUGIN_NAME)
        info = started(client.submit(model_info, config, pure=False).result())
        if on_start is not None:
            on_start(info)

        def submit(chunk: list[Item]) -> Pending:
            future: Pending = client.submit(process_chunk, chunk, config, batch_size, pure=False)
            return future

        window = options.window or 4 * max(options.workers, len(client.scheduler_info().get("workers", {})))
        yield from _ordered(chunks, submit, window)
