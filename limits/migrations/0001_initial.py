from django.core.management import call_command
from django.db import migrations, models


def create_cache_tables(apps, schema_editor):
    """The table of the "shared" cache (DatabaseCache) when that is the database."""
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Window",
            fields=[
                ("key", models.CharField(max_length=200, primary_key=True, serialize=False)),
                ("times", models.JSONField(default=list)),
                ("expires_at", models.DateTimeField(db_index=True)),
            ],
        ),
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=True),
    ]
