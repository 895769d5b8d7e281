"""How many SQL statements one text job makes on PostgreSQL, from the service that creates it to
its end: at most 8 and no explicit transaction, with warm caches, as in a running server. (SQLite, the embedded single-user
database, runs the ledger's writes statement by statement instead of as one CTE each.)"""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from modelbank.ai.services import job_create
from tests.ai.fakes.openai_fake import chat_body

# No test transaction around it: statements run in autocommit, as in a server. (serialized_rollback:
# the flush after a transactional test empties the seeded catalog; restore it.)
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
MAX_STATEMENTS = 8


@pytest.fixture
def openai_fake_aimed(point_provider, fake_openai):
    point_provider("openai", fake_openai)


@override_settings(MODELBANK_JOB_RUNNER="eager")
def test_a_text_job_end_to_end_makes_at_most_eight_statements(openai_fake_aimed, give_credits, account, owner,
                                                               fake_openai, django_capture_on_commit_callbacks):
    give_credits(1000)

    def run():
        fake_openai.queue(body=chat_body("# Title\n\nBody", prompt_tokens=300, completion_tokens=900))
        with django_capture_on_commit_callbacks(execute=True):
            return job_create(account=account, user=owner, function="generate_content", input={"brief": "Why tea"})

    run()  # warms the catalog, settings and price caches, as any earlier request would
    # A server checks each cache's version stamp at most once per CATALOG_CACHE_CHECK_SECONDS
    # (a handful of reads a second per process, whatever the load): within one interval, none.
    with override_settings(CATALOG_CACHE_CHECK_SECONDS=3600), CaptureQueriesContext(connection) as queries:
        job = run()
    job.refresh_from_db()
    assert job.status == "succeeded"
    logged = [q["sql"] for q in queries.captured_queries]
    # No explicit transaction: every write is one statement, the settle's lock and statement included
    # (one call of the settle function, settle_sql.py).
    assert len(logged) <= MAX_STATEMENTS, "\n".join(s[:160] for s in logged)
    assert not [sql for sql in logged if sql in ("BEGIN", "COMMIT")]
    assert sum("credits_settle_" in sql for sql in logged) == 1
