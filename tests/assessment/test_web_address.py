"""assessment/web_address.py: which texts are a valid web address (RFC 3986 http(s) URI with a host), part by part.

The SHACL engines are checked against :func:`is_http_url` in ``tests/validation/test_conformance.py``;
here the verdicts themselves are pinned, cheaply, one rule of the grammar at a time.
"""

from __future__ import annotations

import pytest

from terve_kunta.assessment.web_address import SPACE, is_http_url, strip_space

VALID = [
    "https://www.kuopio.fi",
    "http://kuopio.fi/",
    "HTTPS://kuopio.fi",  # the scheme in any case (RFC 3986, 3.1)
    "hTTp://kuopio.fi",
    "https://kuopio.fi:8080/a",
    "https://kuopio.fi:/a",  # an empty port is allowed by the grammar (port = *DIGIT)
    "https://192.168.0.1/",
    "https://a-b.c_d~e.fi/",  # unreserved characters in a host
    "https://a!$&'()*+,;=b.fi/",  # sub-delims in a host (reg-name)
    "https://kuopio.fi/a/b:c@d/",  # ":" and "@" in a path segment
    "https://kuopio.fi/a//b/",
    "https://kuopio.fi/hyvinvointi?kieli=fi&x=/a?b:c@d",  # "/" and "?" in a query
    "https://kuopio.fi/#/alku?x",  # and in a fragment
    "https://kuopio.fi?q",  # a query right after the host
    "https://kuopio.fi#f",
    "https://kuopio.fi/edist%C3%A4minen",  # percent-encoded, either case of hex digit
    "https://kuopio.fi/%c3%a4",
    "https://kuopio%2Efi/",  # pct-encoded in a host
    "https://kuopio.fi/%41b",  # a percent-encoding followed by more text
    "https://kuopio.fi?%41",
    "https://kuopio.fi#%41",
    "https://kuopio.fi/%20%20",  # two in a row
    "https://kuopio.fi/" + "a" * 300,
]

INVALID = [
    "",
    "www.kuopio.fi",  # no scheme
    "https:kuopio.fi",  # no "//"
    "https:/kuopio.fi",
    "ftp://kuopio.fi",
    "httpx://kuopio.fi",
    "ttps://kuopio.fi",
    "https://",  # no host (RFC 9110, 4.2.1)
    "https:///path",
    "https://:8080/",
    "https://?q",
    "https://#f",
    "http\u017f://kuopio.fi",  # a long s lower-cases to an s, but the scheme is ASCII
    "https://user@kuopio.fi/",  # user information (RFC 9110, 4.2.4)
    "https://[::1]/",  # an IP literal
    "https://kuopio.fi:80a/",  # a port is digits
    "https://kuopio.fi:-1/",
    "https://kuopio.fi:８０/",  # fullwidth digits are no ASCII digits
    "https://kuo pio.fi/",
    "https://kuopio.fi/a b",
    "https://kuopio.fi/ä",  # a URI is ASCII: percent-encode it
    "https://kuopio.fi/a?b c",
    "https://kuopio.fi/a#b c",
    "https://kuopio.fi/a#b#c",  # "#" is no fragment character
    "https://kuopio.fi/a[b]",  # gen-delims that are not pchar
    "https://kuopio.fi?a[b]",
    "https://kuopio.fi/%",  # a "%" needs two hex digits after it
    "https://kuopio.fi/%4",
    "https://kuopio.fi/%E",
    "https://kuopio.fi/%G1",
    "https://kuopio.fi/%4G",
    "https://kuopio.fi/%%41",
    "https://kuopio.fi/%C3%A",
    "https://kuopio%.fi/",
    "https://kuopio.fi?%4",
    "https://kuopio.fi#%4",
    "https://kuo\\pio.fi/",
    "https://kuopio.fi/a\\b",
    "https://kuopio.fi/\x00",
]


@pytest.mark.parametrize("text", VALID)
def test_an_http_uri_with_a_host_is_valid(text: str) -> None:
    assert is_http_url(text) is True


@pytest.mark.parametrize("text", INVALID)
def test_anything_else_is_not(text: str) -> None:
    assert is_http_url(text) is False


@pytest.mark.parametrize("space", list(SPACE))
def test_space_and_line_breaks_around_an_address_are_no_part_of_it(space: str) -> None:
    assert is_http_url(f"{space}https://kuopio.fi/a{space}{space}") is True
    assert strip_space(f"{space}https://kuopio.fi/a{space}") == "https://kuopio.fi/a"
    assert is_http_url(f"https://kuopio.fi/a{space}b") is False  # inside, it is
    assert is_http_url(f"https://kuopio{space}.fi/") is False


def test_only_those_characters_are_space() -> None:
    assert strip_space("\x0bhttps://kuopio.fi/\xa0") == "\x0bhttps://kuopio.fi/\xa0"
    assert is_http_url("\xa0https://kuopio.fi/") is False
    assert is_http_url("https://kuopio.fi/\u3000") is False
