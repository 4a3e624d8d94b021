# Search indexes for the public site (pg_trgm on PostgreSQL).
# Placeholder written before the work that fills it; its operations are written by hand to match
# the models, and `makemigrations --check` proves they do.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0003_ingest_safety")]

    operations = []
