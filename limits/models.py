from django.db import models


class Window(models.Model):
    """The times of the recent hits on one key (an account, an address, an account and address
    pair), for `limits.store` when the shared store is the database. One row per key, locked
    while a hit is checked and recorded."""

    key = models.CharField(max_length=200, primary_key=True)
    times = models.JSONField(default=list)
    # After this the row holds nothing that counts; `limits.store.purge()` deletes such rows.
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.key
