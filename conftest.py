"""Settings every test runs under: uploads in a temporary folder, static files without a manifest,
tasks run immediately."""

import pytest
from django.core.cache import cache

# The real documents' paths, the ``real_pdf`` marker and the count of its skips.
pytest_plugins = ["tests.real"]


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    # The manifest storage needs collectstatic first; the tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # Public pages are cached under a key versioned by the data; two tests with no stored
    # disclosure would otherwise share a page.
    cache.clear()


def pytest_terminal_summary(terminalreporter):
    """Print what tests recorded with ``record_property("summary", …)``: the checks on each
    document, so a CI log says how many pass without opening the tests (works under xdist)."""
    lines = {
        value
        for reports in terminalreporter.stats.values()
        for report in reports
        for name, value in getattr(report, "user_properties", ())
        if name == "summary"
    }
    if lines:
        terminalreporter.section("consistency checks on the documents")
        for line in sorted(lines):
            terminalreporter.write_line(line)
