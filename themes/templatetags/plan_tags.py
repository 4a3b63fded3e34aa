from django import template

register = template.Library()

# Each area takes two lines: its name, then its bar across the full width.
BAR_WIDTH = 900
ROW_HEIGHT = 44
LABEL_HEIGHT = 16
BAR_HEIGHT = 18


@register.simple_tag
def status_chart(matrix, statuses):
    """Geometry of the dashboard's stacked bars, in SVG units, one row per thematic area."""
    rows = []
    for index, row in enumerate(matrix):
        offset = 0.0
        segments = []
        for value, label in statuses:
            count = row.counts.get(value, 0)
            width = BAR_WIDTH * count / (row.total or 1)
            if count:
                segments.append(
                    {"status": value, "label": label, "count": count, "x": offset, "width": width}
                )
            offset += width
        rows.append({"row": row, "y": index * ROW_HEIGHT, "segments": segments})
    return {
        "rows": rows,
        "width": BAR_WIDTH,
        "height": max(len(rows), 1) * ROW_HEIGHT,
        "bar_y": LABEL_HEIGHT + 4,
        "bar_height": BAR_HEIGHT,
        "text_y": LABEL_HEIGHT - 3,
    }
