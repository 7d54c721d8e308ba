"""The graph leaving the library: serialisations, profiles, the dataset description, the linked-data site.

- :mod:`~terve_kunta.export.serialize`: ``kg.export(format=..., profile=..., as_of=...)``;
- :mod:`~terve_kunta.export.formats`: the formats and profiles;
- :mod:`~terve_kunta.export.profiles` and :mod:`~terve_kunta.export.privacy`: what each profile lets leave
  (personal data as the ontology's ``tk:personalData`` marks it);
- :mod:`~terve_kunta.export.graphs`: the named graph (packaged file) of each triple;
- :mod:`~terve_kunta.export.description`: DCAT-AP 3.0.1, VoID and PROV;
- :mod:`~terve_kunta.export.jsonld`: JSON-LD with the shipped context; :mod:`~terve_kunta.export.members_csv`;
- :mod:`~terve_kunta.export.site` and :mod:`~terve_kunta.export.pages`: ``terve-kunta publish DIR``.
"""
