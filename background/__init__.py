"""Background work: django-tasks on a real queue, and trying again later what failed.

Production queues tasks in the database (django-tasks-db, `DatabaseBackend`) and runs them in
its worker (`bin/worker`, docs/deploy.md): a task survives a restart of the site or of the
worker, because it is a row until it has run. Development and the tests run each task at
once, in the process that asked (`ImmediateBackend`).

A task that fails for a reason that may pass (the mail server is down, Elasticsearch does
not answer) is queued again with `retry_later`: after `TASK_RETRY_FIRST_SECONDS`, then
twice as long each time, up to `TASK_RETRY_LONGEST_SECONDS`, `TASK_RETRY_ATTEMPTS` times in
all. The failed attempt stays in the queue's table, with its traceback.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger("cms.tasks")


def retry_delay(attempt):
    """How long to wait after failed attempt number `attempt` (1, 2, ...)."""
    first = getattr(settings, "TASK_RETRY_FIRST_SECONDS", 60)
    longest = getattr(settings, "TASK_RETRY_LONGEST_SECONDS", 6 * 60 * 60)
    return datetime.timedelta(seconds=min(first * 2 ** (attempt - 1), longest))


def retry_later(task, error, attempt, *args, **kwargs):
    """Queue `task` again for another attempt after a delay; say whether it was.

    Not when it has had its attempts, nor when its backend cannot wait (tasks that run at
    once, in development): the failure is logged either way."""
    attempts = getattr(settings, "TASK_RETRY_ATTEMPTS", 12)
    backend = task.get_backend()
    if attempt >= attempts or not backend.supports_defer:
        logger.error(
            "%s failed (attempt %s of %s), not tried again: %s: %s",
            task.module_path,
            attempt,
            attempts,
            type(error).__name__,
            error,
        )
        return False
    when = timezone.now() + retry_delay(attempt)
    task.using(run_after=when).enqueue(*args, attempt=attempt + 1, **kwargs)
    logger.warning(
        "%s failed (attempt %s of %s): %s: %s; trying again after %s",
        task.module_path,
        attempt,
        attempts,
        type(error).__name__,
        error,
        when.isoformat(timespec="seconds"),
    )
    return True


def enqueue_on_commit(task, *args, **kwargs):
    """Queue `task` once the current transaction commits (at once outside one).

    What it works on is then in the database for every process to read, and nothing is
    queued for a change that was rolled back."""
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs), robust=True)


class _Batch:
    """The ids one transaction asked a task for, queued in chunks when it commits."""

    def __init__(self, task, chunk):
        self.task, self.chunk = task, chunk
        self.ids = set()
        self.done = False

    def __call__(self):
        self.done = True
        if not self.ids:
            return
        ids = sorted(self.ids)
        for start in range(0, len(ids), self.chunk):
            self.task.enqueue(ids[start : start + self.chunk])


def close_batches():
    """The batches queued so far take no more ids: what is asked from now on goes in new
    ones (the tests' `committed()` runs only the callbacks a block registers)."""
    connection = transaction.get_connection()
    for batch in connection.__dict__.get("_background_batches", {}).values():
        batch.done = True


def enqueue_batched_on_commit(task, ids, chunk=100):
    """Queue `task(ids)` once the current transaction commits, with every id the
    transaction asked it for: a bulk change (an import, the demo) queues a few tasks, not
    one per page. At once outside a transaction."""
    connection = transaction.get_connection()
    batches = connection.__dict__.setdefault("_background_batches", {})
    batch = batches.get(task.module_path)
    registered = batch is not None and any(entry[1] is batch for entry in connection.run_on_commit)
    if connection.in_atomic_block and registered and not batch.done:
        batch.ids.update(ids)
        return
    batch = batches[task.module_path] = _Batch(task, chunk)
    batch.ids.update(ids)
    transaction.on_commit(batch, robust=True)
