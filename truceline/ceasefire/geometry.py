"""Agreement areas as shapely geometry, in kilometres.

Every agreement is projected once around its own centre (equirectangular: x = (lon - lon0) *
111.32 * cos(lat0), y = (lat - lat0) * 110.574 km); over the ~150 km of north-west Syria the
east-west scale error of that projection stays below 1%.  Corridors and bands are buffered in km
in that plane, never in degrees.  A point is inside a part when its distance to the part is at most
:data:`EDGE_KM` (a point on the edge is inside).  Admin parts have no shape: a place is inside
when its admin1/admin2 is listed.

Corridors are tested analytically (distance to the line <= half width), so a point exactly 6 km
from the M4 is on the edge whatever the buffer's arc resolution.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from shapely import prepared
from shapely.geometry import LineString, Point, Polygon
from shapely.ops import unary_union

from .agreements import Agreement, Agreements, AreaPart

EDGE_KM = 1e-6
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQ = 111.32

__all__ = ["Projection", "PartShape", "AreaShape", "area_of", "EDGE_KM"]


@dataclass(frozen=True, slots=True)
class Projection:
    lon0: float
    lat0: float

    @property
    def kx(self) -> float:
        return KM_PER_DEG_LON_EQ * math.cos(math.radians(self.lat0))

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return ((lon - self.lon0) * self.kx, (lat - self.lat0) * KM_PER_DEG_LAT)

    def lonlat(self, x: float, y: float) -> tuple[float, float]:
        return (self.lon0 + x / self.kx, self.lat0 + y / KM_PER_DEG_LAT)


@dataclass(frozen=True, slots=True)
class PartShape:
    """One part of an area: its shape in the agreement's plane (None for admin parts)."""

    part: AreaPart
    shape: object | None            # shapely geometry (km plane)
    line: LineString | None = None  # corridor: the centre line
    prep: object | None = None

    def distance_km(self, x: float, y: float) -> float:
        if self.part.kind == "corridor" and self.line is not None:
            return max(0.0, self.line.distance(Point(x, y)) - self.part.half_width_km)
        if self.shape is None:
            return math.inf
        pt = Point(x, y)
        if self.prep is not None and self.prep.covers(pt):
            return 0.0
        return self.shape.distance(pt)


@dataclass(frozen=True, slots=True)
class AreaShape:
    agreement: str
    proj: Projection
    parts: tuple[PartShape, ...]
    bbox: tuple[float, float, float, float]   # lon/lat: west, south, east, north (with margin); inf if admin only

    def locate(self, lon: float | None, lat: float | None, admin1: str = "", admin2: str = "",
               ) -> list[tuple[PartShape, float | None]]:
        """Each part with the place's distance to it in km (0 = inside; None = no coordinates,
        admin parts: 0 when listed, None otherwise)."""
        out: list[tuple[PartShape, float | None]] = []
        xy = self.proj.xy(lon, lat) if lon is not None and lat is not None else None
        for ps in self.parts:
            if ps.part.kind == "admin":
                hit = (admin1 and admin1 in ps.part.admin1) or (admin2 and admin2 in ps.part.admin2)
                out.append((ps, 0.0 if hit else None))
            elif xy is None:
                out.append((ps, None))
            else:
                out.append((ps, ps.distance_km(*xy)))
        return out

    def in_bbox(self, lon: float, lat: float) -> bool:
        w, s, e, n = self.bbox
        return w <= lon <= e and s <= lat <= n


def _part_points(part: AreaPart, proj: Projection) -> list[tuple[float, float]]:
    return [proj.xy(p.lon, p.lat) for p in part.points]


def _build_part(part: AreaPart, proj: Projection) -> list[PartShape]:
    if part.kind == "polygon":
        poly = Polygon(_part_points(part, proj))
        if not poly.is_valid:
            poly = poly.buffer(0)
        if part.buffer_km:
            poly = poly.buffer(part.buffer_km, quad_segs=16)
        return [PartShape(part, poly, None, prepared.prep(poly))]
    if part.kind == "corridor":
        line = LineString(_part_points(part, proj))
        shape = line.buffer(part.half_width_km, quad_segs=16)
        return [PartShape(part, shape, line, prepared.prep(shape))]
    if part.kind == "band":
        line = LineString(_part_points(part, proj))
        if part.side == "both":
            shape = line.buffer(part.width_km, quad_segs=16)
        else:
            d = part.width_km if part.side == "left" else -part.width_km
            shape = line.buffer(d, single_sided=True, quad_segs=16)
            if not shape.is_valid:
                shape = shape.buffer(0)
        return [PartShape(part, shape, None, prepared.prep(shape))]
    return [PartShape(part, None)]


def _centre(ag: Agreement, ags: Agreements, seen: tuple[str, ...] = ()) -> list[tuple[float, float]]:
    pts = []
    for p in ag.area:
        if p.kind == "ref" and p.agreement not in seen and ags.get(p.agreement):
            pts += _centre(ags.get(p.agreement), ags, seen + (ag.id,))  # type: ignore[arg-type]
        pts += [(w.lon, w.lat) for w in p.points]
    return pts


def _expand(ag: Agreement, ags: Agreements, seen: tuple[str, ...] = ()) -> list[AreaPart]:
    """The parts of ``ag`` with ``ref`` parts replaced by the referenced agreement's parts (renamed
    ``<ref name>`` when the referenced area has one part, else ``<ref name>.<part>``)."""
    import dataclasses

    out = []
    for p in ag.area:
        if p.kind != "ref":
            out.append(p)
            continue
        other = ags.get(p.agreement)
        if other is None or other.id in seen:
            continue
        sub = _expand(other, ags, seen + (ag.id,))
        for q in sub:
            name = p.name if len(sub) == 1 else f"{p.name}.{q.name}"
            out.append(dataclasses.replace(q, name=name, effective=p.effective or q.effective,
                                           note=(q.note + (f" (area of {other.id})" if q.note else f"area of {other.id}"))))
    return out


@lru_cache(maxsize=64)
def _area_cached(ags: Agreements, aid: str) -> AreaShape:
    ag = ags.get(aid)
    assert ag is not None
    pts = _centre(ag, ags)
    if pts:
        lon0 = (min(p[0] for p in pts) + max(p[0] for p in pts)) / 2
        lat0 = (min(p[1] for p in pts) + max(p[1] for p in pts)) / 2
    else:
        lon0 = lat0 = 0.0
    proj = Projection(lon0, lat0)
    parts: list[PartShape] = []
    for p in _expand(ag, ags):
        parts.extend(_build_part(p, proj))
    shapes = [ps.shape for ps in parts if ps.shape is not None]
    if shapes and all(ps.shape is not None for ps in parts):
        minx, miny, maxx, maxy = unary_union(shapes).bounds
        (w, s), (e, n) = proj.lonlat(minx, miny), proj.lonlat(maxx, maxy)
        bbox = (w - 0.01, s - 0.01, e + 0.01, n + 0.01)
    else:
        bbox = (-math.inf, -math.inf, math.inf, math.inf)
    return AreaShape(ag.id, proj, tuple(parts), bbox)


def area_of(ags: Agreements, aid: str) -> AreaShape:
    """The area of agreement ``aid`` of this load (built once per load)."""
    return _area_cached(ags, aid)


def outline_lonlat(shape: AreaShape) -> list[tuple[str, list[list[tuple[float, float]]]]]:
    """Each shaped part's exterior rings in lon/lat (for charts and GeoJSON)."""
    out = []
    for ps in shape.parts:
        g = ps.shape
        if g is None:
            continue
        geoms = getattr(g, "geoms", [g])
        rings = [[shape.proj.lonlat(x, y) for x, y in gg.exterior.coords] for gg in geoms if hasattr(gg, "exterior")]
        out.append((ps.part.name, rings))
    return out
