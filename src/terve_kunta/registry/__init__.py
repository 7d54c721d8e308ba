"""Keeping the member registry: joins and leaves with the decisions behind them, and saving it.

The functions here only read: each takes the :class:`~terve_kunta.data.view.GraphView`
and returns the change as a :class:`Change` (the triples to add), which
:class:`terve_kunta.KnowledgeGraph` applies. History is never overwritten. A join
adds a new ``org:Membership`` (``.../1``, ``.../2`` for a re-join) whose interval
begins on the start date; a leave adds an end to the open membership's interval.
Each start and end names the decision that supports it (``dct:source``, a
``prov:Entity``), so ``kg.members(as_of=...)`` and the ``membership-changes`` query
answer for any date.

The registry is saved as canonical Turtle to a file the user names (the packaged
``memberships.ttl`` sits inside the installed package and is never written), and
read back with ``tk.load(registry=PATH)``; or it is saved into a persistent store.
A save never loses another writer's change: a file is saved under its lock and
refused if it changed since it was read; a store's registry is compared with what
was read before it is replaced (:meth:`terve_kunta.KnowledgeGraph.save_registry`).
A file keeps its mode, owner and group (see :func:`atomic_write`).

>>> import terve_kunta as tk
>>> kg = tk.load()
>>> decision = Decision(body="Mäntyharjun kunnanvaltuusto", date="2024-08-26", reference="§ 41")
>>> kg.add_member("Mäntyharju", "2024-09-01", decision).iri
'https://w3id.org/terve-kunta/id/membership/terve-kunta/municipality/507/1'
>>> len(kg.members(as_of="2024-08-31")), len(kg.members(as_of="2024-09-01"))
(52, 53)
>>> kg.add_member("Kuopio", "2024-09-01", decision)
Traceback (most recent call last):
...
terve_kunta.errors.RegistryError: Kuopio (297) is already a member on 2024-09-01 (.../municipality/297/1, ...
"""

from terve_kunta.registry._file import atomic_write, file_digest, registry_lock, registry_path, save_registry_file
from terve_kunta.registry._plan import (
    DECISIONS,
    Change,
    Decision,
    plan_join,
    plan_leave,
    registry_digest,
    registry_graph,
    registry_turtle,
)

__all__ = [
    "DECISIONS",
    "Change",
    "Decision",
    "atomic_write",
    "file_digest",
    "plan_join",
    "plan_leave",
    "registry_digest",
    "registry_graph",
    "registry_lock",
    "registry_path",
    "registry_turtle",
    "save_registry_file",
]
