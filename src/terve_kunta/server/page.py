"""The query page: Oxigraph's YASGUI, its files taken from the ``oxigraph`` program when the server starts.

The ``oxigraph`` program (the ``server`` extra) carries YASGUI; a short run of it on a
loopback port gives its files, so the page is the one Oxigraph serves, pointed at this
endpoint. Without the program the page is a plain form.
"""

from __future__ import annotations

import html
import json
import socket
import subprocess
import time
import urllib.request

from terve_kunta.namespaces import PREFIXES

__all__ = ["assets"]

#: the query the page opens with: as the docs write queries, the package's prefixes undeclared
SAMPLE = """SELECT DISTINCT ?member ?name WHERE {
  ?membership org:organization tkid:network ; org:member ?member .
  ?member skos:prefLabel ?name .
  FILTER (LANG(?name) = "fi")
} ORDER BY ?name"""
_FILES = {"/yasgui.min.js": "text/javascript", "/yasgui.min.css": "text/css", "/logo.svg": "image/svg+xml"}
_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Terve Kunta: SPARQL</title>
<link href="./yasgui.min.css" rel="stylesheet" type="text/css">
<script src="./yasgui.min.js"></script>
<link rel="icon" type="image/svg+xml" href="/logo.svg">
</head>
<body>
<p style="font-family: sans-serif">{mode} Queries may use the package's prefixes without declaring them:
{prefixes}.</p>
<div id="yasgui"></div>
<script>
  const base = window.location.href.replace(/\\/[^\\/]*$/, "");
  new Yasgui(document.getElementById("yasgui"), {{
    requestConfig: {{ endpoint: base + "/sparql" }},
    copyEndpointOnNewTab: false,
    yasqe: {{ value: {sample} }},
  }});
</script>
</body>
</html>
"""
_FORM = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Terve Kunta: SPARQL</title></head>
<body style="font-family: sans-serif"><h1>Terve Kunta: SPARQL</h1><p>{mode} Prefixes {prefixes} need no declaration.</p>
<form action="query" method="get"><textarea name="query" rows="12" cols="100">{text}</textarea>
<br><button>Run</button></form></body></html>
"""


def _fetch(binary: str) -> dict[str, tuple[str, bytes]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [binary, "serve", "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        found: dict[str, tuple[str, bytes]] = {}
        deadline = time.monotonic() + 20
        for path, kind in _FILES.items():
            while path not in found:
                try:
                    with opener.open(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
                        found[path] = (kind, response.read())
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        return {}
                    time.sleep(0.05)
        return found
    finally:
        process.terminate()
        process.wait(timeout=10)


def assets(binary: str | None, writable: bool) -> dict[str, tuple[str, bytes]]:
    """The page and its files, by path (``/`` the page)."""
    mode = "Updates are allowed (from this page's origin only)." if writable else "This endpoint is read-only."
    prefixes = ", ".join(f"{p}:" for p in PREFIXES)
    files = _fetch(binary) if binary else {}
    page = (_PAGE if files else _FORM).format(
        mode=html.escape(mode), prefixes=html.escape(prefixes), sample=json.dumps(SAMPLE), text=html.escape(SAMPLE)
    )
    return {**files, "/": ("text/html; charset=utf-8", page.encode("utf-8"))}
