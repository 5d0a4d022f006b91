"""Create the local admin account once and print how to sign in (for `make run`)."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from identities.changes import create_default_identity

CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".admin-credentials"


class Command(BaseCommand):
    help = "Create a superuser named 'admin' with a random password if none exists; print it."

    def handle(self, *args, **options):
        User = get_user_model()
        user = User.objects.filter(username="admin").first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_superuser("admin", "admin@localhost", password)
            create_default_identity(user)
            CREDENTIALS_FILE.write_text(f"admin {password}\n")
            CREDENTIALS_FILE.chmod(0o600)
        if CREDENTIALS_FILE.exists():
            username, password = CREDENTIALS_FILE.read_text().split()
            self.stdout.write(
                f"Admin: http://127.0.0.1:8000/admin/  username {username}  password {password}"
            )
        else:
            self.stdout.write(
                "Admin account 'admin' exists; set its password with "
                "`.venv/bin/python manage.py changepassword admin`."
            )
