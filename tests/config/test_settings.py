"""Safe by default: with nothing in the environment, DEBUG is off and there is no usable secret
key, so the site refuses to serve. Each check runs in a fresh process with a clean environment."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_python(code, **environment):
    """Runs code in a fresh interpreter with only PATH and the given variables in its environment
    (no DJANGO_DEBUG, DJANGO_SECRET_KEY or DATABASE_URL from the developer's shell)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": "config.settings", **environment}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def run_manage(*args, **environment):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **environment}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


SETUP = "import django; django.setup(); from django.conf import settings; "


def test_an_empty_environment_has_debug_off_and_no_secret_key():
    result = run_python(
        SETUP
        + "from django.core.exceptions import ImproperlyConfigured\n"
        "print('DEBUG', settings.DEBUG)\n"
        "try:\n    settings.SECRET_KEY\nexcept ImproperlyConfigured:\n    print('NO KEY')\n"
        "else:\n    print('KEY', repr(settings.SECRET_KEY))\n"
        "print('SECURE', settings.SESSION_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == ["DEBUG False", "NO KEY", "SECURE False False"]


def test_the_site_refuses_to_serve_without_a_secret_key():
    result = run_python("import config.wsgi")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY is not set, so the site will not serve" in result.stderr


def test_it_serves_with_the_secret_key_it_is_given():
    result = run_python(
        "import config.wsgi; from django.conf import settings; print(settings.SECRET_KEY)",
        DJANGO_SECRET_KEY="a-key-from-the-environment",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "a-key-from-the-environment"


@pytest.mark.parametrize("value", ["", "false", "0", "no", "off", "anything-else"])
def test_debug_is_on_only_when_asked_for(value):
    result = run_python(SETUP + "print(settings.DEBUG)", DJANGO_DEBUG=value, DJANGO_SECRET_KEY="k")
    assert result.stdout.strip() == "False", result.stderr


def test_a_developer_who_turns_debug_on_without_a_key_gets_a_random_one_and_a_warning():
    code = SETUP + "print(settings.DEBUG, len(settings.SECRET_KEY), settings.SECRET_KEY)"
    first, second = (run_python(code, DJANGO_DEBUG="true") for _ in range(2))

    assert first.returncode == 0, first.stderr
    debug, length, key = first.stdout.split()
    assert debug == "True" and int(length) >= 50
    assert key != second.stdout.split()[2]  # not predictable: each process makes its own
    assert "DJANGO_SECRET_KEY is not set" in first.stderr


def test_management_commands_that_sign_nothing_run_without_a_key(tmp_path):
    result = run_manage("migrate", "--check", "--plan", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert result.returncode in (0, 1), result.stderr  # 1: unapplied migrations, as expected for a new file
    assert "ImproperlyConfigured" not in result.stderr


def test_the_deployment_check_names_the_missing_key():
    result = run_manage("check", "--deploy")

    assert "security.W009" in result.stderr  # SECRET_KEY missing or weak
    assert "security.W018" not in result.stderr  # DEBUG is not on


def test_https_settings_follow_django_secure():
    result = run_python(
        SETUP + "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT,"
        " settings.SECURE_HSTS_SECONDS, settings.SECURE_PROXY_SSL_HEADER)",
        DJANGO_SECURE="true",
        DJANGO_SECURE_PROXY_SSL_HEADER="true",
        DJANGO_SECRET_KEY="k",
    )
    assert result.stdout.split() == ["True", "True", "True", "31536000", "('HTTP_X_FORWARDED_PROTO',", "'https')"], result.stderr


def test_allowed_hosts_come_from_the_environment():
    result = run_python(
        SETUP + "print(settings.ALLOWED_HOSTS)", DJANGO_ALLOWED_HOSTS="alliances.example, www.alliances.example"
    )
    assert result.stdout.strip() == "['alliances.example', 'www.alliances.example']", result.stderr
