"""Deployment settings from the environment (design §8): HTTPS=1, hosts, `check --deploy`, the embedded key.

Settings are read once per process, so each case starts `manage.py` or Python in a
subprocess with the environment under test (and its own var/ directory).
"""
import json
import os
import secrets
import stat
import subprocess
import sys

import pytest

from tests.conftest import REPO_ROOT

# What each case sets itself; CI's DATABASE_URL etc. stay, so the production checks see real services.
CONTROLLED = ("SECRET_KEY", "DEBUG", "HTTPS", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "JOURNEYS_VAR_DIR")
SERVICES = ("DATABASE_URL", "BROKER_URL", "CHANNEL_LAYER_URL")
STRONG_KEY = secrets.token_urlsafe(64)
SHOWN = ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
         "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "ALLOWED_HOSTS",
         "CSRF_TRUSTED_ORIGINS", "SECRET_KEY")
PRINT_SETTINGS = ("import json, django; django.setup(); from django.conf import settings as s;"
                  f" print(json.dumps({{n: getattr(s, n, None) for n in {SHOWN!r}}}))")


def environment(tmp_path, *, embedded: bool = False, **values) -> dict:
    drop = CONTROLLED + (SERVICES if embedded else ())
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(DJANGO_SETTINGS_MODULE="journeys.settings", JOURNEYS_VAR_DIR=str(tmp_path / "var"), **values)
    return env


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120)


def settings_under(env: dict) -> dict:
    result = run(["-c", PRINT_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_https_and_a_strong_key(tmp_path):
    # given a production environment behind TLS with a real key
    env = environment(tmp_path, HTTPS="1", DEBUG="0", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="journeys.example.com")
    # when Django's deployment checklist runs
    result = run(["manage.py", "check", "--deploy"], env)
    # then it has nothing to say
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_check_deploy_refuses_a_weak_secret_key(tmp_path):
    # given everything right but CI's published key
    env = environment(tmp_path, HTTPS="1", DEBUG="0", SECRET_KEY="ci-only-secret-key",
                      ALLOWED_HOSTS="journeys.example.com")
    # when the deployment checklist runs
    result = run(["manage.py", "check", "--deploy"], env)
    # then it fails, naming the key
    assert result.returncode != 0
    assert "journeys.E030" in result.stdout + result.stderr


def test_plain_check_accepts_the_ci_key_so_ci_servers_start(tmp_path):
    env = environment(tmp_path, DEBUG="0", SECRET_KEY="ci-only-secret-key", ALLOWED_HOSTS="127.0.0.1")
    result = run(["manage.py", "check"], env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_https_turns_on_secure_cookies_hsts_the_redirect_and_the_proxy_header(tmp_path):
    values = settings_under(environment(tmp_path, HTTPS="1", DEBUG="0", SECRET_KEY=STRONG_KEY))
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True and values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_without_https_nothing_assumes_tls(tmp_path):
    values = settings_under(environment(tmp_path, DEBUG="0", SECRET_KEY=STRONG_KEY))
    assert not values["SESSION_COOKIE_SECURE"] and not values["SECURE_SSL_REDIRECT"]
    assert not values["SECURE_HSTS_SECONDS"] and values["SECURE_PROXY_SSL_HEADER"] is None


def test_production_hosts_and_trusted_origins_come_only_from_the_environment(tmp_path):
    # given DEBUG off and no ALLOWED_HOSTS: no host at all, `testserver` included
    assert settings_under(environment(tmp_path, DEBUG="0", SECRET_KEY=STRONG_KEY))["ALLOWED_HOSTS"] == []
    # when the operator names them
    values = settings_under(environment(tmp_path, DEBUG="0", SECRET_KEY=STRONG_KEY,
                                        ALLOWED_HOSTS="journeys.example.com, .example.org",
                                        CSRF_TRUSTED_ORIGINS="https://journeys.example.com"))
    # then exactly those
    assert values["ALLOWED_HOSTS"] == ["journeys.example.com", ".example.org"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://journeys.example.com"]


def test_embedded_mode_generates_a_secret_key_once_and_reuses_it(tmp_path):
    # given embedded mode with no SECRET_KEY and an empty var/
    env = environment(tmp_path, embedded=True)
    key_file = tmp_path / "var" / "secret_key"
    assert not key_file.exists()
    # when two processes start one after the other
    first = settings_under(env)["SECRET_KEY"]
    second = settings_under(env)["SECRET_KEY"]
    # then the first wrote a long random key, readable by its owner only, and the second reused it
    assert first == second == key_file.read_text().strip()
    assert len(first) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert first not in (REPO_ROOT / "journeys" / "settings.py").read_text()


def test_another_var_directory_gets_another_key(tmp_path):
    one = settings_under(environment(tmp_path / "one", embedded=True))["SECRET_KEY"]
    other = settings_under(environment(tmp_path / "other", embedded=True))["SECRET_KEY"]
    assert one != other


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "journeys.example.com", "192.168.1.20"])
def test_non_loopback_addresses_are_recognised(address):
    from journeys.management.commands.journeys_run import is_loopback

    assert not is_loopback(address)


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_addresses_are_recognised(address):
    from journeys.management.commands.journeys_run import is_loopback

    assert is_loopback(address)
