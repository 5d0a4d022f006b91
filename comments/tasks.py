"""Background tasks (Django's tasks framework, the django-tasks backport).

Development and tests run them at once (ImmediateBackend); production stores them in the
database (django-tasks-db) for `manage.py db_worker` to run: see docs/deploy.md.
"""

from django_tasks import task

from . import replies


@task()
def send_due_replies() -> int:
    """E-mail every reply notice that is due; return how many e-mails went out."""
    return replies.send_due()
