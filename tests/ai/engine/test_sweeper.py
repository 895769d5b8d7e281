"""The sweepers every server process runs without Celery beat: one process per interval does
the work, and the sweeps stay correct when several processes run them at once."""

import os
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from modelbank.ai.models import AIJob, SweepClaim
from modelbank.ai.stale import jobs_fail_stale
from modelbank.ai.sweeper import sweep_claim, sweepers_enabled, sweepers_start_in_server, sweeps_run_due
from modelbank.credits.models import CreditHold
from modelbank.credits.selectors import credit_balance
from modelbank.credits.selectors.integrity import ledger_violations
from modelbank.credits.services import credit_holds_expire, credit_reserve


def _dead_job(make_job, *, credits: int = 0) -> AIJob:
    """A running job whose process stopped beating five minutes ago, holding ``credits``."""
    job = make_job()
    long_ago = timezone.now() - timedelta(minutes=5)
    AIJob.objects.filter(pk=job.pk).update(status=AIJob.Status.RUNNING, updated_at=long_ago, heartbeat_at=long_ago)
    if credits:
        credit_reserve(account=job.account, credits=credits, operation_type="content_generation",
                       idempotency_key=f"aijob:{job.pk}:content_generation")
    return job


def _expired_hold(account, credits: int, key: str) -> CreditHold:
    return credit_reserve(account=account, credits=credits, operation_type="content_generation",
                          idempotency_key=key, expires_in=timedelta(seconds=-1))


@pytest.mark.django_db
def test_a_sweep_is_claimed_once_per_interval():
    start = timezone.now()
    assert sweep_claim(name="fail_stale_jobs", every=60, now=start)
    assert not sweep_claim(name="fail_stale_jobs", every=60, now=start + timedelta(seconds=30))
    assert sweep_claim(name="release_expired_holds", every=60, now=start + timedelta(seconds=30))  # its own turn
    assert sweep_claim(name="fail_stale_jobs", every=60, now=start + timedelta(seconds=60))
    claim = SweepClaim.objects.get(name="fail_stale_jobs")
    assert claim.claimed_at == start + timedelta(seconds=60) and claim.claimed_by.endswith(f":{os.getpid()}")


@pytest.mark.django_db
def test_due_sweeps_free_expired_holds_and_fail_dead_jobs(make_job, give_credits, account):
    # given: an expired hold, and a job whose server died holding 4 credits
    give_credits(50)
    expired = _expired_hold(account, 3, "call-1")
    dead = _dead_job(make_job, credits=4)
    assert credit_balance(account=account)["reserved"] == 7
    # when / then: the sweeps do both; run again at once, their claims are not due and nothing runs
    assert sweeps_run_due() == {"release_expired_holds": 1, "fail_stale_jobs": 1}
    assert sweeps_run_due() == {}
    expired.refresh_from_db()
    assert expired.status == "expired" and AIJob.objects.get(pk=dead.pk).status == "failed"
    assert credit_balance(account=account) == {"balance": 50, "reserved": 0, "available": 50}


@pytest.mark.django_db
def test_sweepers_run_in_the_server_only_with_the_thread_runner_unless_told():
    with override_settings(MODELBANK_SWEEPERS="auto", MODELBANK_JOB_RUNNER="thread"):
        assert sweepers_enabled()
    with override_settings(MODELBANK_SWEEPERS="auto", MODELBANK_JOB_RUNNER="celery"):
        assert not sweepers_enabled()  # Celery beat sweeps
    with override_settings(MODELBANK_SWEEPERS="on", MODELBANK_JOB_RUNNER="celery"):
        assert sweepers_enabled()
    with override_settings(MODELBANK_SWEEPERS="off", MODELBANK_JOB_RUNNER="thread"):
        assert not sweepers_enabled() and not sweepers_start_in_server()
    with override_settings(MODELBANK_SWEEPERS="sometimes"), pytest.raises(ValueError, match="auto, on or off"):
        sweepers_enabled()
    with override_settings(MODELBANK_SWEEPERS="on", MODELBANK_JOB_SWEEP_SECONDS=0), pytest.raises(ValueError):
        sweepers_start_in_server()


def _at_once(count: int, work) -> list:
    """Run ``work`` on ``count`` threads released together, as that many server processes would."""
    start, results, errors = threading.Barrier(count), [], []

    def run():
        try:
            start.wait()
            results.append(work())
        except Exception as exc:  # collected: the assertion below names it
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_processes_sweeping_at_once_fail_each_dead_job_and_free_each_hold_once(make_job, give_credits, account):
    give_credits(1000)
    dead = [_dead_job(make_job, credits=2) for _ in range(30)]
    for i in range(30):
        _expired_hold(account, 1, f"call-{i}")
    assert credit_balance(account=account)["reserved"] == 90
    # when: four "processes" run each sweep at the same moment
    assert sum(_at_once(4, jobs_fail_stale)) == 30
    assert sum(_at_once(4, credit_holds_expire)) == 30
    # then: each job failed once, each hold closed once, nothing reserved, the ledger consistent
    assert AIJob.objects.filter(pk__in=[job.pk for job in dead], status="failed").count() == 30
    assert CreditHold.objects.filter(account=account, status="open").count() == 0
    assert credit_balance(account=account) == {"balance": 1000, "reserved": 0, "available": 1000}
    assert ledger_violations() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_of_processes_claiming_at_once_exactly_one_sweeps():
    now = timezone.now()
    assert sorted(_at_once(8, lambda: sweep_claim(name="release_expired_holds", every=60, now=now))) == [False] * 7 + [True]
