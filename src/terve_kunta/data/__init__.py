"""The packaged data and how it is read.

:mod:`.files` finds and parses the Turtle files, :mod:`.readers` (places, members,
networks) and :mod:`._concepts` (themes, criteria and their headings, SDGs, activities)
build models from a graph, :mod:`.lookup` and :mod:`._places` resolve codes and names,
:mod:`.view` is the read-only :class:`~terve_kunta.data.view.GraphView` that every
service takes, and :mod:`.integrity` checks the data against its integrity shapes.
"""
