"""`manage.py serve`: the development server of `make run` (runserver, static files through
WhiteNoise), made to hold a burst of citizens (tests/faults/test_load.py):

- a listen queue of 128 (Django's keeps 10 waiting connections: the 11th of a burst is reset);
- at most SERVE_THREADS requests at work at once, the others waiting for a turn, so that the
  server never holds more database connections than that;
- each request's thread closes its database connection when done: the thread ends there, and
  a connection kept for reuse (CONN_MAX_AGE) would stay open until collected, one per request.
"""

import threading

from django.core.servers.basehttp import WSGIServer
from django.db import connections
from whitenoise.runserver_nostatic.management.commands.runserver import Command as Runserver

SERVE_THREADS = 16


class BurstWSGIServer(WSGIServer):
    request_queue_size = 128
    turns = threading.BoundedSemaphore(SERVE_THREADS)

    def finish_request(self, request, client_address):
        with self.turns:
            try:
                super().finish_request(request, client_address)
            finally:
                connections.close_all()


class Command(Runserver):
    help = "Runserver for make run: a deeper listen queue, bounded work and connections."
    server_cls = BurstWSGIServer
