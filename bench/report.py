"""Figures for the load benchmark: percentiles, ratios and markdown tables."""

import math


def percentile(values, p):
    """Nearest-rank percentile: the smallest value with at least p% of values at or below it."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def ratio(value, ceiling):
    """value / ceiling, or None when there is no ceiling to compare with."""
    if not ceiling:
        return None
    return value / ceiling


def errors_of(run):
    """Every request that did not get a 2xx answer: bad statuses and socket errors."""
    return (
        run["non_2xx"]
        + run["connect_errors"]
        + run["read_errors"]
        + run["write_errors"]
        + run["timeouts"]
    )


def table(headers, rows, align=None):
    """A markdown table; numbers are right-aligned unless `align` says otherwise."""
    cells = [[_cell(value) for value in row] for row in rows]
    align = align or ["r" if rows and _is_number(rows[0][i]) else "l" for i in range(len(headers))]
    widths = [
        max(len(str(header)), *(len(row[i]) for row in cells)) if cells else len(str(header))
        for i, header in enumerate(headers)
    ]

    def line(values):
        padded = [
            value.rjust(width) if side == "r" else value.ljust(width)
            for value, width, side in zip(values, widths, align, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            "-" * (width + 1) + ":" if side == "r" else "-" * (width + 2)
            for width, side in zip(widths, align, strict=True)
        )
        + "|"
    )
    return "\n".join([line([str(h) for h in headers]), rule, *map(line, cells)])


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def _cell(value):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"
    return str(value)
