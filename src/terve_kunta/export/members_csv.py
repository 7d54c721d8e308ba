r"""The members as CSV: one row a member, a header row, UTF-8 with a byte-order mark (spreadsheets then keep ä and ö).

Dates are at the precision the sources give (``2005``, ``2024-06``), empty where
no source gives one; ``member_attested`` lists the periods in which a source shows
the membership (the start of most memberships is not known).

>>> import terve_kunta as tk
>>> text = members_csv(tk.load(), as_of="2024-06-30")
>>> text.startswith("\ufeffcode,kind,name_fi"), len(text.splitlines())
(True, 53)
>>> [line for line in text.splitlines() if line.startswith("297,")][0][:60]
'297,municipality,Kuopio,Kuopio,,11,Pohjois-Savo,13,Pohjois-S'
"""

from __future__ import annotations

import csv
import io
from datetime import date

from terve_kunta.data.view import WHO_NETWORK, GraphView
from terve_kunta.models import Membership
from terve_kunta.options import as_of_date

__all__ = ["COLUMNS", "members_csv"]

COLUMNS = (
    "code",
    "kind",
    "name_fi",
    "name_sv",
    "name_en",
    "region_code",
    "region_fi",
    "wellbeing_services_county_code",
    "wellbeing_services_county_fi",
    "who_designated",
    "who_designated_since",
    "member_since",
    "member_until",
    "member_attested",
    "wikidata",
    "iri",
)


def _first(memberships: list[Membership], attribute: str) -> str:
    values = sorted(v for m in memberships if (v := getattr(m, attribute)))
    return values[0] if values else ""


def members_csv(view: GraphView, as_of: date | str | None = None) -> str:
    """The members of ``view``'s network on ``as_of`` (default today) as CSV text, starting with a byte-order mark."""
    day = as_of_date(as_of)
    who = view.memberships(WHO_NETWORK) if view.network_iri != WHO_NETWORK else {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for member in view.members(as_of=day):
        own = [m for m in member.memberships if m.network == str(view.network_iri)] or list(member.memberships)
        designations = who.get(member.iri, [])
        ends = [m.end for m in own]
        writer.writerow(
            [
                member.code,
                member.kind.value,
                member.name_fi,
                member.names.get("sv", ""),
                member.names.get("en", ""),
                member.region.code if member.region else "",
                member.region.name_fi if member.region else "",
                member.wellbeing_services_county.code if member.wellbeing_services_county else "",
                member.wellbeing_services_county.name_fi if member.wellbeing_services_county else "",
                "true" if member.who_designated else "false",
                _first(designations, "begin"),
                _first(own, "begin"),
                "" if None in ends else max(e for e in ends if e),
                " ".join(sorted({a for m in own for a in m.attested})),
                member.wikidata or "",
                member.iri,
            ]
        )
    return "\ufeff" + out.getvalue()
