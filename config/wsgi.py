import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Only a server loads this module (gunicorn, `manage.py runserver`), so only servers sweep:
# without Celery beat, expired holds and jobs whose runner died are cleaned up here.
from modelbank.ai.sweeper import sweepers_start_in_server  # noqa: E402  (needs the apps loaded)

sweepers_start_in_server()
