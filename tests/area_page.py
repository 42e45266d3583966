"""What an area page may cost, in one place for every app's tests: the page's
own 4 queries, 3 for the parents' voice (feedback), 3 for the actions and
indicators (plans) and 1 for the consultations; the same whatever the amount
of each."""

AREA_PAGE_QUERIES = 11
