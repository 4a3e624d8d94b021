# Safe concurrent ingest, unchanged re-ingests, and the 财务人员 group.
# Placeholder written before the work that fills it; its operations are written by hand to match
# the models, and `makemigrations --check` proves they do.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0002_identity_review")]

    operations = []
