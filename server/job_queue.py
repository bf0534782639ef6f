"""The shared job queue for several instances: RQ on the Redis they already share.

With ``SCORECARD_JOBS=worker`` and ``REDIS_URL`` set, a web instance records the job in the
``job`` table (what every instance shows its reader) and puts its id on the RQ queue;
``scorecard worker`` processes, as many as needed, take the ids off the queue and run them.

A worker runs each job in its own process (no fork, so its database pool is its own) and
beats every :data:`BEAT_SECONDS` while the job runs. A worker that is killed stops beating:
:data:`ABANDONED_SECONDS` later its job counts as abandoned and the next worker's maintenance
(every :data:`MAINTENANCE_SECONDS`) hands it to RQ's retry, so another worker runs it again
(``rq.Retry``, a few runs at most, then the job fails saying why).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from redis import Redis
from rq import Callback, Queue, Retry, SimpleWorker
from rq.executions import Execution
from rq.job import Job as QueuedJob
from rq.worker import WorkerStatus

QUEUE_NAME = "scorecard-jobs"
#: A job running longer than this is stopped (a board pack takes seconds to minutes).
JOB_TIMEOUT = 30 * 60
#: How often a worker tells the queue that it is still running its job.
BEAT_SECONDS = 3
#: A job whose worker has been silent this long is abandoned and retried elsewhere.
ABANDONED_SECONDS = 20
#: How often a worker looks for abandoned jobs (one worker at a time does it).
MAINTENANCE_SECONDS = 10
#: A worker's own registration lapses this long after its last sign of life.
WORKER_TTL = 30


def connect(redis_url: str) -> Redis:
    """A connection to the queue's Redis."""
    return Redis.from_url(redis_url)


def put(connection: Redis, perform: str, job_id: int, runs: int, gave_up: str) -> str:
    """Queue ``perform(job_id)`` (a dotted function path) for ``runs`` runs at most;
    ``gave_up`` (a dotted path) is told when RQ stops retrying. The RQ job's id."""
    queued = Queue(QUEUE_NAME, connection=connection).enqueue(
        perform, job_id, retry=Retry(max=max(0, runs - 1)), job_timeout=JOB_TIMEOUT,
        on_failure=Callback(gave_up), result_ttl=24 * 3600, failure_ttl=7 * 24 * 3600,
        description=f"scorecard job {job_id}")
    return str(queued.id)


def retrying(queued: QueuedJob) -> bool:
    """Whether RQ will run ``queued`` again after this failure."""
    return bool(queued.retries_left)


class BeatingWorker(SimpleWorker):
    """An RQ worker running jobs in its own process that beats while a job runs, so a
    killed worker's job is found abandoned within :data:`ABANDONED_SECONDS`."""

    def get_heartbeat_ttl(self, job: QueuedJob, working_time: float = 0.0) -> int:
        """How long a job may go without a beat before it counts as abandoned."""
        return ABANDONED_SECONDS

    def execute_job(self, job: QueuedJob, queue: Queue) -> None:
        """Run ``job`` here, beating from a side thread until it ends."""
        execution = self.prepare_execution(job)
        stop = threading.Event()
        beating = threading.Thread(target=self._beat, args=(job, execution, stop),
                                   daemon=True, name=f"rq-beat-{job.id}")
        beating.start()
        try:
            self.perform_job(job, queue, execution)
        finally:
            stop.set()
            beating.join(BEAT_SECONDS * 2)
        self.set_state(WorkerStatus.IDLE)

    def subscribe(self) -> None:
        """Listen for RQ's commands to this worker (as RQ does), waking every second rather
        than every minute, so a stopping worker is gone within a second, not a minute."""
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(  # type: ignore[assignment]
            sleep_time=1, daemon=True, exception_handler=self._pubsub_exception_handler)

    def _beat(self, job: QueuedJob, execution: Execution, stop: threading.Event) -> None:
        while not stop.wait(BEAT_SECONDS):
            try:
                self.maintain_heartbeats(job, execution)
            except Exception:  # Redis away for a moment: the next beat tries again
                self.log.warning("Worker %s: heartbeat failed", self.name, exc_info=True)


def work(connection: Redis, on_start: Callable[[], Any] | None = None,
         burst: bool = False) -> bool:
    """Run an RQ worker on the job queue until it is stopped (``burst``: until it is
    empty); whether it ran at least one job."""
    worker = BeatingWorker([Queue(QUEUE_NAME, connection=connection)], connection=connection,
                           worker_ttl=WORKER_TTL,
                           maintenance_interval=MAINTENANCE_SECONDS,
                           job_monitoring_interval=BEAT_SECONDS)
    if on_start is not None:
        on_start()
    return bool(worker.work(burst=burst, logging_level="INFO"))
