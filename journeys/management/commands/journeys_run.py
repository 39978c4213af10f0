"""Serve HTTP and websockets (ASGI, daphne). `manage.py journeys_run [ADDR:PORT]`.

In embedded mode this one process is the whole system; in production mode it
only serves, and `rundramatiq` workers plus the scheduler run beside it.
"""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def parse_address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not port.isdigit():
        raise CommandError(f"{value!r} is not ADDR:PORT (for example 127.0.0.1:8000)")
    return (host or "127.0.0.1").strip("[]"), int(port)


class Command(BaseCommand):
    help = "Serve the app over ASGI (HTTP + websockets); in embedded mode also run the background runtime."

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000", help="ADDR:PORT (default 127.0.0.1:8000)")

    def handle(self, *args, address, **options):
        from daphne.endpoints import build_endpoint_description_strings
        from daphne.server import Server
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

        from journeys.asgi import application

        host, port = parse_address(address)
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
