# Search indexes for the public site (pg_trgm on PostgreSQL).
#
# The site's search is a substring match (``name__contains``: SQL LIKE '%…%'), because Chinese has
# no spaces between words. On PostgreSQL a pg_trgm GIN index serves such LIKE queries; SQLite has
# no such index and runs the same query without one. The indexes are therefore created here on
# PostgreSQL only and are not part of the models' state (a GinIndex in Meta.indexes would be
# created on SQLite too, where it cannot exist), so this migration changes no model state and
# `makemigrations --check` stays clean on both databases.
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# (model, field, index name)
TRIGRAM_INDEXES = [
    ("department", "name", "department_name_trgm"),
    ("departmentalias", "name", "department_alias_name_trgm"),
    ("project", "name", "project_name_trgm"),
    ("project", "code", "project_code_trgm"),
    ("classificationcode", "name", "classification_name_trgm"),
]


def _indexes(apps):
    for model_name, field, name in TRIGRAM_INDEXES:
        yield (
            apps.get_model("disclosures", model_name),
            GinIndex(fields=[field], name=name, opclasses=["gin_trgm_ops"]),
        )


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.add_index(model, index)


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0003_ingest_safety")]

    operations = [
        # CreateExtension does nothing on other databases.
        TrigramExtension(),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
