"""terve_kunta: THL's Terve Kunta (Healthy Municipality) network as a knowledge graph.

>>> import terve_kunta as tk
>>> kg = tk.load()
>>> kg.member("Turku").names["sv"]
'Åbo'
>>> tk.ontology_version() == kg.rdf.value(tk.ONTOLOGY_IRI, tk.OWL.versionInfo).toPython()
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from terve_kunta.data.files import ontology_version
from terve_kunta.data.view import GraphView
from terve_kunta.errors import (
    AmbiguousNameError,
    AssessmentError,
    DataFileError,
    ModelError,
    OptionError,
    QueryError,
    QuerySyntaxError,
    QueryTimeout,
    RegistryError,
    StoreError,
    TerveKuntaError,
    UnknownNameError,
    UnsafeQueryError,
)
from terve_kunta.graph import KnowledgeGraph, load
from terve_kunta.models import (
    SDG,
    Activity,
    Criterion,
    CriterionHeading,
    HostedEvent,
    Member,
    MemberKind,
    Membership,
    MembershipCounts,
    Municipality,
    Network,
    Region,
    StatedMemberCount,
    Theme,
    WellbeingServicesCounty,
)
from terve_kunta.namespaces import ID, ONTOLOGY_IRI, OWL, TK, TK_NETWORK

if TYPE_CHECKING:
    from terve_kunta.assessment.model import SelfAssessment
    from terve_kunta.data.integrity import IntegrityReport, check_integrity
    from terve_kunta.registry import Decision
    from terve_kunta.sparql.named import named_queries
    from terve_kunta.sparql.rows import Row, Rows
    from terve_kunta.validation.report import ComplianceReport, CriterionResult, Status

# Imported when first used, so that `import terve_kunta` stays light.
_LAZY = {
    "SelfAssessment": "assessment.model",
    "ComplianceReport": "validation.report",
    "CriterionResult": "validation.report",
    "Status": "validation.report",
    "check_integrity": "data.integrity",
    "IntegrityReport": "data.integrity",
    "named_queries": "sparql.named",
    "Decision": "registry",
    "Row": "sparql.rows",
    "Rows": "sparql.rows",
}

if TYPE_CHECKING:
    __version__: str

__all__ = [
    "ID",
    "ONTOLOGY_IRI",
    "OWL",
    "SDG",
    "TK",
    "TK_NETWORK",
    "Activity",
    "AmbiguousNameError",
    "AssessmentError",
    "ComplianceReport",
    "Criterion",
    "CriterionHeading",
    "CriterionResult",
    "DataFileError",
    "Decision",
    "GraphView",
    "HostedEvent",
    "IntegrityReport",
    "KnowledgeGraph",
    "Member",
    "MemberKind",
    "Membership",
    "MembershipCounts",
    "ModelError",
    "Municipality",
    "Network",
    "OptionError",
    "QueryError",
    "QuerySyntaxError",
    "QueryTimeout",
    "Region",
    "RegistryError",
    "Row",
    "Rows",
    "SelfAssessment",
    "StatedMemberCount",
    "Status",
    "StoreError",
    "TerveKuntaError",
    "Theme",
    "UnknownNameError",
    "UnsafeQueryError",
    "WellbeingServicesCounty",
    "__version__",
    "check_integrity",
    "load",
    "named_queries",
    "ontology_version",
]


def __getattr__(name: str) -> Any:
    # The package version lives once, in pyproject.toml; reading it costs a few
    # milliseconds, so it is read only when asked for.
    if name == "__version__":
        from importlib.metadata import version

        return version("terve_kunta")
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f"terve_kunta.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'terve_kunta' has no attribute {name!r}")
