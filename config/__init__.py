"""The Celery app (config.celery) is not imported here, as Django projects usually do: a web worker
that runs jobs in threads never loads Celery (about 12 MiB), and the processes that do use it import
it first: `celery -A config` finds config.celery, the job runner and /readyz import it when a broker
is configured."""
