from django.core.management.base import BaseCommand, CommandError

from disclosures.ingest import ingest_pdf


class Command(BaseCommand):
    """``manage.py ingest FILE.pdf [FILE.pdf ...]``: the command-line twin of the admin upload."""

    help = (
        "Parse, check and store disclosure PDFs, the same way as an upload in the admin. Prints one line per "
        "file; exits 1 if any file was refused, with the reason on stderr."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE.pdf")

    def handle(self, *args, files, **options):
        """Ingest each file in turn; a refused file does not stop the others."""
        refused = 0
        for path in files:
            result = ingest_pdf(file=path)
            if result.stored:
                disclosure = result.disclosure
                department = " ".join(
                    part for part in (disclosure.department.code, disclosure.department_name) if part
                )
                self.stdout.write(
                    f"{result.filename}: {department} {disclosure.year} {disclosure.stage} {disclosure.level}"
                    f" — {result.tables} 张表，{result.checks_failed} 项核验未通过，{result.seconds:.1f} 秒"
                )
            else:
                refused += 1
                message = result.refusal
                if result.filename not in message:
                    message = f"{result.filename}：{message}"
                self.stderr.write(f"已拒收 {message}")
        if refused:
            raise CommandError(f"{refused} 个文件被拒收", returncode=1)
