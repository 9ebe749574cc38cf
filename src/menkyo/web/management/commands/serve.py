"""``menkyo serve``: the production server — gunicorn with menkyo's WSGI application.

``make run`` uses it, the browser tests drive it, and docs/operations.md
tells production to run it behind a TLS proxy. Static files are served by
WhiteNoise from inside the application. Like ``menkyo.wsgi`` it refuses to
start with insecure defaults (:mod:`menkyo.web.startup`). gunicorn writes no access log: a
request line carries licence numbers and person ids in its path, and the
application log never holds personal data (menkyo's own log lines carry
request ids only).

Unless ``--no-task-worker`` is given it also starts one ``menkyo worker`` beside gunicorn (and stops
it when gunicorn stops), so that what a page queues — a month's 更新連絡書 — runs on a machine
started with ``make run``. A production site that runs its workers under systemd turns it off.
"""

import subprocess
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.core.wsgi import get_wsgi_application
from gunicorn.app.base import BaseApplication

from menkyo.web.startup import refuse_insecure_defaults


class MenkyoServer(BaseApplication):
    """gunicorn configured in code, so that every caller starts the same server."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return get_wsgi_application()


def start_task_worker(server) -> None:
    """gunicorn's ``on_starting`` hook: one task worker process beside the web workers."""
    server.task_worker = subprocess.Popen([sys.executable, "-m", "menkyo.cli", "worker", "--interval", "1",
                                           "--no-startup-delay"])


def stop_task_worker(server) -> None:
    """gunicorn's ``on_exit`` hook: stop the task worker (it finishes the task in hand on SIGTERM)."""
    worker = getattr(server, "task_worker", None)
    if worker is not None and worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


class Command(BaseCommand):
    help = "Serve the staff UI and the API with gunicorn (the production server)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="HOST:PORT (default 127.0.0.1:8000)")
        parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
        parser.add_argument("--threads", type=int, default=4, help="threads per worker (default 4)")
        parser.add_argument("--timeout", type=int, default=60, help="seconds before a stuck worker restarts")
        parser.add_argument("--no-task-worker", action="store_true",
                            help="do not start a `menkyo worker` beside the server (run it separately)")

    def handle(self, *args, bind, workers, threads, timeout, no_task_worker=False, **options):
        try:  # before gunicorn starts, so the reason is printed once and plainly
            refuse_insecure_defaults()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        MenkyoServer({
            "bind": bind,
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "timeout": timeout,
            "accesslog": None,
            "errorlog": "-",
            "loglevel": "warning",
            "proc_name": "menkyo",
            **({} if no_task_worker else {"on_starting": start_task_worker, "on_exit": stop_task_worker}),
        }).run()
