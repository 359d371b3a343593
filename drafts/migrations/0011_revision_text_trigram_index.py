"""A trigram index on revision texts, so that a substring search stays fast
on PostgreSQL. It indexes UPPER(text), which is what Django's icontains
compares; SQLite scans, which it does quickly at an office's scale."""

from django.db import migrations

INDEX = "drafts_revision_text_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON drafts_revision "
        "USING gin (UPPER(text) gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("drafts", "0010_digest_provenance")]

    operations = [migrations.RunPython(create_index, drop_index)]
