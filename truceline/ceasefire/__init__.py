"""Ceasefire agreements as data, and the breach tally (docs/ceasefire.md).

- :mod:`.agreements`  load and validate ``resources/agreements/*.yaml`` (+ user files)
- :mod:`.geometry`    agreement areas in km (shapely; polygons, corridors, bands, admin areas)
- :mod:`.mentions`    agreements named in text, kept on events and statistics (called by the builder)
- :mod:`.breaches`    incidents checked against agreements: breaches, uncertain, and why not
- :mod:`.report`      breaches per period, per perpetrator as claimed, beside the reported counts
- :mod:`.chart`       the report as PNG/SVG (matplotlib, imported lazily)

Data flows one way: this package reads incidents, events and statistics from the store and writes
nothing to it.  This module imports nothing heavy (the extractor imports :mod:`.agreements`).
"""
