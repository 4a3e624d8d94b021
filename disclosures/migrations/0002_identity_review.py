# Identity read from the document, 待确认 disclosures and staff-given identity.
# Placeholder written before the work that fills it; its operations are written by hand to match
# the models, and `makemigrations --check` proves they do.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0001_initial")]

    operations = []
