r"""What a valid web address (``communication_url``) is: an http(s) URI by RFC 3986, with a host.

The criterion *health-promotion-communication* asks for a web page; its shape
(``CommunicationUrl`` in ``ontology/shapes/criteria.ttl``) and this module say the
same thing, and a test checks that they agree on any text in every SHACL engine.
A valid address is an RFC 3986 ``URI``:

- the scheme ``http`` or ``https``, in any case (RFC 3986, 3.1), then ``://``;
- a host that is not empty (RFC 9110, 4.2.1 forbids an empty one): a registered
  name or IPv4 address (``reg-name``: letters, digits, ``-._~!$&'()*+,;=``
  and ``%`` with two hex digits); no user information (RFC 9110, 4.2.4 deprecates
  it) and no IP literal in brackets;
- an optional port (``:`` and digits), then a path (``/`` segments), a query
  (``?``) and a fragment (``#``), each with the characters RFC 3986 allows there.

A URI is ASCII: a letter such as ``ä`` is written percent-encoded (``%C3%A4``), as
browsers copy an address. Spaces, tabs and line breaks around the address are not
part of it and are ignored (RFC 3986, appendix C): :func:`strip_space` removes
them, and the model stores the address without them.

>>> is_http_url("https://www.kuopio.fi/hyvinvointi?kieli=fi#alku")
True
>>> is_http_url("HTTP://kuopio.fi:8080"), is_http_url("https://www.kuopio.fi/hyvinvointi\n")
(True, True)
>>> [is_http_url(a) for a in ("www.kuopio.fi", "https://", "ftp://kuopio.fi", "https://kuopio.fi/ä b")]
[False, False, False, False]
"""

from __future__ import annotations

from string import ascii_letters, digits

__all__ = ["SPACE", "is_http_url", "strip_space"]

#: What surrounds an address without being part of it: space, tab and every line break that a
#: regex dialect may treat as the end of a line (LF, CR, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR).
SPACE = " \t\n\r\u0085\u2028\u2029"

_HEX = frozenset("0123456789ABCDEFabcdef")
_HOST = frozenset(ascii_letters + digits + "-._~" + "!$&'()*+,;=")  # unreserved / sub-delims
_SEGMENT = _HOST | {":", "@"}  # pchar, without pct-encoded
_QUERY = _SEGMENT | {"/", "?"}  # query and fragment
_SCHEMES = ("http", "https")


def strip_space(text: str) -> str:
    """``text`` without the spaces, tabs and line breaks around it (:data:`SPACE`)."""
    return text.strip(SPACE)


def _made_of(text: str, allowed: frozenset[str]) -> bool:
    """Whether ``text`` is only characters of ``allowed`` and ``%`` followed by two hex digits."""
    index = 0
    while index < len(text):
        if text[index] == "%":
            if not (len(text[index + 1 : index + 3]) == 2 and set(text[index + 1 : index + 3]) <= _HEX):
                return False
            index += 3
        elif text[index] in allowed:
            index += 1
        else:
            return False
    return True


def is_http_url(text: str) -> bool:
    """Whether ``text`` (spaces and line breaks around it ignored) is an http(s) URL with a host."""
    scheme, separator, rest = strip_space(text).partition("://")
    if not separator or not scheme.isascii() or scheme.lower() not in _SCHEMES:
        return False
    rest, _, fragment = rest.partition("#")
    rest, _, query = rest.partition("?")
    authority, _, path = rest.partition("/")
    host, _, port = authority.partition(":")
    return (
        bool(host)
        and _made_of(host, _HOST)
        and all(c in digits for c in port)
        and _made_of(path, _SEGMENT | {"/"})
        and _made_of(query, _QUERY)
        and _made_of(fragment, _QUERY)
    )
