"""gunicorn settings for `make serve`, from the environment like the rest."""

import os

wsgi_app = "speechsite.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# gunicorn's rule of thumb, two per core plus one: the requests mostly wait
# for the database, and a diff that runs long keeps only one worker busy.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * len(os.sched_getaffinity(0)) + 1))
# Sync workers answer in their main thread, which is where the application's
# own, shorter request timeout (DRAFTS_REQUEST_TIMEOUT) can interrupt a view.
worker_class = "sync"
# Seconds before the master kills a silent worker. settings.py reads the same
# variable to cut a request earlier, with a page that says so.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
# Workers are replaced now and then, so a slow leak never grows large.
max_requests = 1000
max_requests_jitter = 100
# No access log: the application writes one line per request on stdout
# (drafts.request_log). gunicorn's own messages (workers started, stopped,
# killed) stay on stderr in its own format.
accesslog = None
# No runtime control socket: it sits at one fixed path per user, which two
# servers on one machine would share.
control_socket_disable = True
