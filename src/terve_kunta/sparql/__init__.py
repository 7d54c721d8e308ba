"""SPARQL: named queries, the safety check, bound values and result rows.

The named queries (:mod:`.named`), the safety check every query passes
(:mod:`.safety`), bound values for endpoints (:mod:`._values`) and result rows
(:mod:`.rows`).
"""
