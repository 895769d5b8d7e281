"""AIEngine: runs one AIJob through its function, saving progress, charges and the outcome.

Every write here is a short single-row UPDATE outside any charging transaction, so a client
polling the job sees progress while the provider is still working.
"""

import logging

from django.db.models import Case, Value, When
from django.utils import timezone

from modelbank.ai.availability import CONFIGURATION_ERRORS, as_unavailable
from modelbank.ai.context import JobContext
from modelbank.ai.functions import FUNCTIONS, get_function
from modelbank.ai.models import AIJob
from modelbank.common import request_id
from modelbank.common.errors import ApplicationError

logger = logging.getLogger(__name__)


def _first_steps() -> dict:
    """The claim's progress and step, each function's own first step (one UPDATE, no read)."""
    steps = {name: fn.first_step for name, fn in FUNCTIONS.items()}
    return {
        "progress": Case(*[When(function=name, then=Value(p)) for name, (p, _) in steps.items()], default=Value(0)),
        "step": Case(*[When(function=name, then=Value(s)) for name, (_, s) in steps.items()],
                     default=Value("Starting")),
    }


def _model_of(ctx: JobContext) -> tuple:
    """(model type, the model the job's settings resolve to now or None), to name what is unavailable."""
    function = FUNCTIONS.get(ctx.job.function)
    model_type = getattr(function, "model_type", None)
    try:
        return model_type, function.model_config(ctx.account, ctx.user).model if function else None
    except ApplicationError:
        return model_type, None


class AIEngine:
    @classmethod
    def execute(cls, job_id) -> AIJob | None:
        """Run a queued job once. A job another worker already took (a redelivered task) is left alone."""
        now = timezone.now()
        claimed = AIJob.objects.filter(pk=job_id, status=AIJob.Status.QUEUED).update(
            status=AIJob.Status.RUNNING, started_at=now, updated_at=now, **_first_steps()
        )
        if not claimed:
            logger.info("AI job %s is not queued any more; skipping", job_id)
            return None
        ctx = JobContext(AIJob.objects.select_related("account", "user").get(pk=job_id))
        # The job's log lines (and its provider calls') carry the id of the request that made it.
        token = request_id.current.set(ctx.job.request_id or request_id.current.get())
        try:
            return cls._run(ctx)
        finally:
            request_id.current.reset(token)

    @classmethod
    def _run(cls, ctx: JobContext) -> AIJob:
        try:
            result = get_function(ctx.job.function).run(ctx)
        except CONFIGURATION_ERRORS as exc:
            # The platform's configuration changed under the job: logged with its cause, told in
            # the customer's words ("Premium images are unavailable right now").
            told = as_unavailable(exc, *_model_of(ctx))
            return cls._finish(ctx, AIJob.Status.FAILED, error=(told.code, told.message))
        except ApplicationError as exc:
            return cls._finish(ctx, AIJob.Status.FAILED, error=(exc.code, exc.message))
        except Exception:
            logger.exception("AI job %s crashed", ctx.job.pk)
            return cls._finish(ctx, AIJob.Status.FAILED, error=("internal_error", "The job failed unexpectedly."))
        return cls._finish(ctx, AIJob.Status.SUCCEEDED, result=result)

    @staticmethod
    def _finish(ctx: JobContext, status: str, *, result=None, error: tuple[str, str] = ("", "")) -> AIJob:
        now = timezone.now()
        fields = {"status": status, "error_code": error[0], "error_message": error[1],
                  "finished_at": now, "updated_at": now}
        if status == AIJob.Status.SUCCEEDED:
            fields.update(result=result, progress=100, step="Done")
        else:
            fields.update(step="Failed")  # a partial result saved on the way is kept
        # Only a job still running is finished here: one the stale-job sweep already failed
        # (and whose holds it freed) keeps that outcome.
        if not ctx.write(only_running=True, **fields):
            logger.warning("AI job %s was no longer running when it ended as %s; kept as it was", ctx.job.pk, status)
            ctx.job.refresh_from_db()
        return ctx.job

    @staticmethod
    def fail(job_id, *, code: str, message: str) -> None:
        """Mark a job that could not even start (e.g. its runner refused it) as failed."""
        now = timezone.now()
        AIJob.objects.filter(pk=job_id, status__in=[AIJob.Status.QUEUED, AIJob.Status.RUNNING]).update(
            status=AIJob.Status.FAILED, error_code=code, error_message=message, finished_at=now, updated_at=now,
            step="Failed",
        )
