# Identity read from the document, 待确认 disclosures and staff-given identity.
# Written by hand with the model change; `makemigrations --check` proves it matches the models.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="disclosure",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "等待解析"),
                    ("parsing", "解析中"),
                    ("stored", "已入库"),
                    ("review", "待确认"),
                    ("refused", "已拒收"),
                    ("failed", "解析出错"),
                ],
                default="pending",
                max_length=10,
                verbose_name="状态",
            ),
        ),
        migrations.AddField(
            model_name="disclosure",
            name="given_identity",
            field=models.JSONField(blank=True, default=dict, verbose_name="上传时填写的身份"),
        ),
    ]
