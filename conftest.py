"""Settings every test runs under: uploads in a temporary folder, static files without a manifest,
tasks run immediately."""

import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    # The manifest storage needs collectstatic first; the tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
