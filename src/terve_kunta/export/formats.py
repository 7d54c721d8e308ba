"""The formats and profiles of an export, each listed once, with what a description says about them.

>>> FORMATS["turtle"].media_type, FORMATS["nq"].quads, FORMATS["csv"].rdf
('text/turtle', True, False)
>>> PROFILES
('public', 'who', 'full')
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["FORMATS", "PROFILES", "RDF_FORMATS", "Format"]

#: ``public`` (default): everything but personal data; ``who``: what the WHO European Healthy
#: Cities Network office needs; ``full``: everything, personal data included (only when asked by name).
PROFILES: tuple[str, ...] = ("public", "who", "full")

_IANA = "http://www.iana.org/assignments/media-types/"
_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"


@dataclass(frozen=True)
class Format:
    """One export format: its name on the command line, file extension, media type, and how it is written."""

    name: str
    extension: str
    media_type: str
    file_type: str  # the EU Publications Office file-type authority code (for dct:format)
    title: str
    oxigraph: str | None = None  # the pyoxigraph RdfFormat, None for the formats written here
    quads: bool = False  # keeps the per-file named graphs
    rdf: bool = True

    @property
    def media_type_iri(self) -> str:
        """The IANA IRI of the media type (for ``dcat:mediaType``)."""
        return _IANA + self.media_type

    @property
    def file_type_iri(self) -> str:
        """The EU file-type IRI (for ``dct:format``)."""
        return _FILE_TYPE + self.file_type


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "ttl", "text/turtle", "RDF_TURTLE", "Turtle", "TURTLE"),
        Format("json-ld", "jsonld", "application/ld+json", "JSON_LD", "JSON-LD"),
        Format("nt", "nt", "application/n-triples", "RDF_N_TRIPLES", "N-Triples", "N_TRIPLES"),
        Format("nq", "nq", "application/n-quads", "RDF_N_QUADS", "N-Quads", "N_QUADS", quads=True),
        Format("trig", "trig", "application/trig", "RDF_TRIG", "TriG", "TRIG", quads=True),
        Format("xml", "rdf", "application/rdf+xml", "RDF_XML", "RDF/XML", "RDF_XML"),
        Format("csv", "csv", "text/csv", "CSV", "CSV (members)", rdf=False),
    )
}
#: The formats that hold RDF (all but ``csv``).
RDF_FORMATS: tuple[str, ...] = tuple(name for name, f in FORMATS.items() if f.rdf)
