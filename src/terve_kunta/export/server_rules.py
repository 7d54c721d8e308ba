"""The web-server rules of the linked-data site: content negotiation, and the redirects of w3id.org.

``.htaccess`` (Apache httpd, mod_rewrite) serves ``X.ttl`` to ``Accept: text/turtle``,
``X.jsonld`` to ``Accept: application/ld+json`` and ``X.html`` otherwise, for a request
for ``X``; ``w3id.htaccess`` is the file to put at ``terve-kunta/.htaccess`` in the
w3id.org repository, redirecting each IRI to the same negotiation on the site.

>>> rules = server_rules("https://example.org/tk/")
>>> sorted(rules)
['.htaccess', 'w3id.htaccess']
>>> "https://example.org/tk/$1.ttl" in rules["w3id.htaccess"]
True
"""

from __future__ import annotations

__all__ = ["server_rules"]

_HTACCESS = """\
# Content negotiation for the Terve Kunta linked-data site (Apache httpd, mod_rewrite).
# Accept: text/turtle -> X.ttl, application/ld+json -> X.jsonld, otherwise X.html.
Options -MultiViews
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/n-triples .nt
AddType application/n-quads .nq
AddType application/trig .trig
AddType application/rdf+xml .rdf
AddType text/csv .csv
AddCharset utf-8 .ttl .jsonld .nt .nq .trig .rdf .csv .html
RewriteEngine on
RewriteCond %{HTTP_ACCEPT} text/turtle
RewriteCond %{REQUEST_FILENAME}.ttl -f
RewriteRule ^(.+)$ $1.ttl [L]
RewriteCond %{HTTP_ACCEPT} application/ld\\+json
RewriteCond %{REQUEST_FILENAME}.jsonld -f
RewriteRule ^(.+)$ $1.jsonld [L]
RewriteCond %{REQUEST_FILENAME}.html -f
RewriteRule ^(.+)$ $1.html [L]
"""

_W3ID = """\
# Redirect rules for https://w3id.org/terve-kunta/ (the file terve-kunta/.htaccess of w3id.org).
Options +FollowSymLinks
RewriteEngine on
RewriteRule ^$ {target}/index.html [R=302,L]
RewriteCond %{HTTP_ACCEPT} text/turtle
RewriteRule ^(.+)$ {target}/$1.ttl [R=303,L]
RewriteCond %{HTTP_ACCEPT} application/ld\\+json
RewriteRule ^(.+)$ {target}/$1.jsonld [R=303,L]
RewriteRule ^(.+)$ {target}/$1.html [R=303,L]
"""


def server_rules(site_url: str | None) -> dict[str, str]:
    """The rule files of the site by path; without ``site_url`` the w3id rules say ``SITE_URL`` (to replace)."""
    target = (site_url or "SITE_URL").rstrip("/")
    note = "" if site_url else "# Replace SITE_URL with the address of this site (publish --site-url URL).\n"
    return {".htaccess": _HTACCESS, "w3id.htaccess": note + _W3ID.replace("{target}", target)}
