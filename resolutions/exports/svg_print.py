"""Lighter map geometry for paper: WeasyPrint draws SVG paths in pure Python, and the
member-state map carries ~16,000 points, which alone cost over a second per PDF. At print
size one geometry unit is under a tenth of a millimetre, so dropping points that move the
outline by less than ``tolerance`` units changes nothing visible and cuts most of the work.

Only polygon paths written as the map writes them (``M``/``m`` moves, ``l`` runs, ``z``) are
touched; anything else (the charts' ``H``/``V`` steps) passes through unchanged.
"""

from __future__ import annotations

import re

_PATH_D = re.compile(r'(<path\b[^>]*?\sd=")([Mmlz0-9\s.\-]+)(")')
_TOKEN = re.compile(r"[Mmlz]|-?\d+(?:\.\d+)?")

Point = tuple[float, float]


def _rings(d: str) -> list[list[Point]]:
    """Absolute points of each closed ring of a path in the map's M/m/l/z dialect."""
    rings: list[list[Point]] = []
    ring: list[Point] = []
    x = y = 0.0
    start = (0.0, 0.0)
    command = ""
    numbers: list[float] = []

    def flush_numbers() -> None:
        nonlocal x, y, start, ring, command
        for i in range(0, len(numbers) - 1, 2):
            dx, dy = numbers[i], numbers[i + 1]
            if command in ("M", "m") and i == 0:
                if ring:
                    rings.append(ring)
                x, y = (dx, dy) if command == "M" else (start[0] + dx, start[1] + dy)
                start = (x, y)
                ring = [start]
            elif command == "M":
                x, y = dx, dy
                ring.append((x, y))
            else:  # "l", or the implicit lineto after "m"
                x, y = x + dx, y + dy
                ring.append((x, y))
        numbers.clear()

    for tok in _TOKEN.findall(d):
        if tok in ("M", "m", "l", "z"):
            flush_numbers()
            if tok == "z":
                if ring:
                    rings.append(ring)
                ring = []
                x, y = start
            command = tok
        else:
            numbers.append(float(tok))
    flush_numbers()
    if ring:
        rings.append(ring)
    return rings


def _douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    tol2 = tolerance * tolerance
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        worst, worst_at = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length2 == 0:
                dist2 = (px - ax) ** 2 + (py - ay) ** 2
            else:
                cross = dx * (py - ay) - dy * (px - ax)
                dist2 = cross * cross / length2
            if dist2 > worst:
                worst, worst_at = dist2, i
        if worst > tol2:
            keep[worst_at] = True
            stack.append((first, worst_at))
            stack.append((worst_at, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def simplify_path(d: str, tolerance: float) -> str:
    out = []
    for ring in _rings(d):
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        if max(xs) - min(xs) < tolerance and max(ys) - min(ys) < tolerance:
            continue  # a speck smaller than the tolerance: the map's markers show tiny states
        # Split the closed ring in two so both halves keep their far points.
        mid = len(ring) // 2
        points = _douglas_peucker(ring[: mid + 1], tolerance)[:-1]
        points += _douglas_peucker(ring[mid:], tolerance)
        if len(points) < 3:
            continue
        (x0, y0), rest = points[0], points[1:]
        parts = [f"M{_num(x0)} {_num(y0)}"]
        px, py = x0, y0
        steps = []
        for x, y in rest:
            steps.append(f"{_num(x - px)} {_num(y - py)}")
            px, py = x, y
        parts.append("l" + " ".join(steps) + "z")
        out.append("".join(parts))
    return "".join(out) or "M0 0z"


def simplify_map_paths(svg: str, *, tolerance: float = 2.5) -> str:
    """The SVG with every map polygon simplified to ``tolerance`` geometry units."""
    return _PATH_D.sub(
        lambda m: m.group(1) + simplify_path(m.group(2), tolerance) + m.group(3), svg
    )
