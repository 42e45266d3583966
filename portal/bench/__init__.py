"""`make bench`, the portal's own benchmark (docs/performance.md): a scratch
database, gunicorn as deployed, and a report in markdown."""
