"""IRIs of the Terve Kunta ontology, its individuals and the vocabularies it reuses.

`TK` is a closed namespace: a typo in a term raises at once instead of minting a
new IRI. A test checks that its terms are exactly those declared in
``ontology/terve-kunta.ttl``.

>>> TK.Municipality
rdflib.term.URIRef('https://w3id.org/terve-kunta/ontology#Municipality')
>>> municipality_iri("91")
rdflib.term.URIRef('https://w3id.org/terve-kunta/id/municipality/091')
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    TIME,
    XSD,
    DefinedNamespace,
)

__all__ = [
    "BASE",
    "DCAT",
    "DCTERMS",
    "GRAPH",
    "ID",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SDG",
    "SDGO",
    "SH",
    "SKOS",
    "TIME",
    "TK",
    "TK_NETWORK",
    "VANN",
    "WD",
    "XSD",
    "municipality_iri",
    "region_iri",
    "wellbeing_services_county_iri",
]

BASE = "https://w3id.org/terve-kunta/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
TK_NETWORK = ID["network"]

SCHEMA = SDO  # https://schema.org/ (one form of the namespace, kept throughout)
SDG = Namespace("http://metadata.un.org/sdg/")
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")
VANN = Namespace("http://purl.org/vocab/vann/")
WD = Namespace("http://www.wikidata.org/entity/")


class TK(DefinedNamespace):
    """Terms of the Terve Kunta ontology (``https://w3id.org/terve-kunta/ontology#``)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Network: URIRef
    Municipality: URIRef
    RegionalAuthority: URIRef
    WellbeingServicesCounty: URIRef
    Region: URIRef
    Classification: URIRef
    Theme: URIRef
    NetworkGoal: URIRef
    CriterionGroup: URIRef  # deprecated in 0.2.0: CriterionHeading
    CriterionHeading: URIRef
    Criterion: URIRef
    Activity: URIRef
    MeetingSeries: URIRef
    Pilot: URIRef
    HostedEvent: URIRef
    ProgrammePhase: URIRef
    SelfAssessment: URIRef
    MunicipalitySelfAssessment: URIRef
    WellbeingServicesCountySelfAssessment: URIRef
    JoiningDecision: URIRef
    SteeringGroup: URIRef
    EvidenceShape: URIRef
    ProjectText: URIRef
    Translation: URIRef
    MemberCount: URIRef
    # object properties
    coordinatedBy: URIRef
    hasGoal: URIRef
    themeScheme: URIRef
    criteriaScheme: URIRef
    region: URIRef
    wellbeingServicesCounty: URIRef
    inClassification: URIRef
    audience: URIRef
    host: URIRef
    phaseOf: URIRef
    criterion: URIRef
    assessedOrganization: URIRef
    joiningDecision: URIRef
    decisionBody: URIRef
    steeringGroup: URIRef
    sector: URIRef
    partnerType: URIRef
    wellbeingCoordinator: URIRef
    electedOfficial: URIRef
    contactPerson: URIRef
    countOf: URIRef
    memberKind: URIRef
    eligibleKind: URIRef
    # datatype properties
    order: URIRef
    joiningFree: URIRef
    participationAtOwnCost: URIRef
    membersHostInTurn: URIRef
    hostSharesCosts: URIRef
    remoteParticipationPossible: URIRef
    meetingFrequency: URIRef
    meetingDuration: URIRef
    topManagementResponsible: URIRef
    committedToNetworkTasks: URIRef
    committedToHosting: URIRef
    wellbeingCoordinatorNamed: URIRef
    electedOfficialNamed: URIRef
    contactPersonNamed: URIRef
    resourcesAllocated: URIRef
    annualWellbeingReportYear: URIRef
    councilTermWellbeingReport: URIRef
    inequalityReductionAllSectors: URIRef
    residentParticipation: URIRef
    communicationUrl: URIRef
    sharesGoodPractices: URIRef
    attendsNetworkMeetings: URIRef
    memberCount: URIRef
    termDuration: URIRef
    # annotation properties
    personalData: URIRef


#: Prefixes bound in every graph the package builds and in canonical Turtle.
#: Only the prefixes a file uses are written to it.
PREFIXES: dict[str, str] = {
    "tk": str(TK._NS),
    "tkid": str(ID),
    "municipality": BASE + "id/municipality/",
    "county": BASE + "id/wellbeing-services-county/",
    "region": BASE + "id/region/",
    "criterion": BASE + "id/criterion/",
    "theme": BASE + "id/theme/",
    "whotheme": BASE + "id/who-theme/",
    "scheme": BASE + "id/scheme/",
    "graph": str(GRAPH),
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "org": str(ORG),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SCHEMA),
    "sdg": str(SDG),
    "sdgo": str(SDGO),
    "sh": str(SH),
    "skos": str(SKOS),
    "time": str(TIME),
    "vann": str(VANN),
    "wd": str(WD),
    "xsd": str(XSD),
}


def municipality_iri(code: str | int) -> URIRef:
    """IRI of a Finnish municipality from its Statistics Finland code (zero-padded to 3 digits)."""
    return ID[f"municipality/{int(code):03d}"]


def wellbeing_services_county_iri(code: str | int) -> URIRef:
    """IRI of a Finnish wellbeing services county from its 2-digit classification code."""
    return ID[f"wellbeing-services-county/{int(code):02d}"]


def region_iri(code: str | int) -> URIRef:
    """IRI of a Finnish region (maakunta) from its 2-digit classification code."""
    return ID[f"region/{int(code):02d}"]
