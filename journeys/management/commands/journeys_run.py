"""Serve HTTP and websockets (ASGI, daphne). `manage.py journeys_run [ADDR:PORT]`.

In embedded mode this one process is the whole system; in production mode it
only serves, and `rundramatiq` workers plus the scheduler run beside it.

Bound beyond loopback (e.g. 0.0.0.0), it refuses to start while a demo user still
has the demo password everybody knows: `DEMO_PASSWORD=… make run` sets another.
"""
import ipaddress

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from journeys.selectors.demo import demo_users_with_default_password


def parse_address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not port.isdigit():
        raise CommandError(f"{value!r} is not ADDR:PORT (for example 127.0.0.1:8000)")
    return (host or "127.0.0.1").strip("[]"), int(port)


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name other than localhost: it resolves to who knows what


def refuse_exposed_demo_password(host: str) -> None:
    if is_loopback(host):
        return
    try:
        exposed = demo_users_with_default_password()
    except DatabaseError:  # not migrated yet: no users at all
        return
    if exposed:
        raise CommandError(
            f"Refusing to serve on {host}: the demo user(s) {', '.join(exposed)} still have the demo password "
            "printed in the README, so anyone who can reach this address could log in. Set another with "
            "`DEMO_PASSWORD=<password> make run` (or `manage.py journeys_demo --password <password>`), "
            "or serve on 127.0.0.1.")


class Command(BaseCommand):
    help = "Serve the app over ASGI (HTTP + websockets); in embedded mode also run the background runtime."

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000", help="ADDR:PORT (default 127.0.0.1:8000)")

    def handle(self, *args, address, **options):
        host, port = parse_address(address)
        refuse_exposed_demo_password(host)

        from daphne.endpoints import build_endpoint_description_strings
        from daphne.server import Server
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

        from journeys.asgi import application

        mode = "embedded (SQLite, in-process worker)" if settings.EMBEDDED else "production (serving only)"
        runtime = None
        if settings.EMBEDDED:
            from journeys.runtime.embedded import EmbeddedRuntime

            runtime = EmbeddedRuntime()
            runtime.start()
        self.stdout.write(f"Journey engine on http://{host}:{port}/ — {mode}. Ctrl+C stops it.")
        # Static files (API docs assets, editor bundle) served from this process; behind a
        # real proxy in production, `collectstatic` and the proxy do it instead.
        try:
            Server(
                application=ASGIStaticFilesHandler(application),
                endpoints=build_endpoint_description_strings(host=host, port=port),
                verbosity=options["verbosity"],
            ).run()
        finally:
            if runtime is not None:
                runtime.stop()
