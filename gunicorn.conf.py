"""gunicorn's settings for the portal, read from this folder when gunicorn
starts here (docs/deploy.md); each can still be given on the command line."""

import os

import gunicorn.http.wsgi

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# A worker that takes longer than this is restarted (the CSV export, the
# longest job, is written by the task worker, never in a request).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# The access log says which page, not who: no query strings (they can hold
# what people searched for), no addresses beyond the proxy's.
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(L)ss'

# No product banner: the Server header names the service, not the software
# (and its version) an attacker would look up.
gunicorn.http.wsgi.SERVER = "portal"
