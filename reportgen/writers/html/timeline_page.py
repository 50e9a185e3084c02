"""The interactive timeline (`timeline.html`) as a page fit to publish, or a fragment to embed.

plotly's own page has no `lang`, no `<title>` and nothing for a reader who cannot see
the drawing. This page has all three: the language and title, the marking top and
bottom, a text alternative written from the data (`timeline_summary`) and every event
in a table, in date order, under the chart. The embeddable variant is the same
`<figure>` without the page around it, loading plotly.js from a file written beside it
(`PLOTLY_JS`) rather than inlining 4.6 MB into every page that embeds it.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from reportgen import __version__
from reportgen.document.figures import timeline_summary
from reportgen.document.text import clean, event_date_text
from reportgen.model import Dataset, Status

PLOTLY_JS = "plotly.min.js"
_STYLE = (
    "body{font-family:'DejaVu Sans',Verdana,sans-serif;color:#1b1f24;margin:0;line-height:1.5}"
    ".wrap{max-width:110rem;margin:0 auto;padding:0 1rem}"
    ".marking{background:#1b1f24;color:#fff;text-align:center;font-weight:bold;margin:0;padding:.25rem}"
    "h1{color:#1f3b73;font-size:1.6rem}"
    ".reportgen-timeline table{border-collapse:collapse;width:100%}"
    ".reportgen-timeline th,.reportgen-timeline td{text-align:left;vertical-align:top;padding:.3rem .5rem;"
    "border-bottom:1px solid #d9dee5}"
    ".reportgen-timeline thead th{background:#1f3b73;color:#fff}"
    ".reportgen-timeline summary{color:#1f3b73;cursor:pointer}"
)


def _t(value: object) -> str:
    return escape(clean(value), quote=True)


def timeline_fragment(plot: str, dataset: Dataset, *, as_of: dt.date, title: str, marking: str) -> str:
    """The timeline's `<figure>`: the plot (plotly's div and script), its alternative, its events."""
    alt_id = "reportgen-timeline-summary"
    rows = "\n".join(
        f"<tr><td>{_t(event_date_text(e))}{' (planned)' if e.status is Status.PLANNED else ''}</td>"
        f"<td>{_t(e.title)}</td><td>{_t(e.lane)}</td></tr>"
        for e in sorted(dataset.events, key=lambda e: e.sort_key)
    )
    marked = f" ({_t(marking)})" if marking != "NONE" else ""
    return (
        f'<figure class="reportgen-timeline" aria-describedby="{alt_id}">\n'
        f"<figcaption><strong>{_t(title or 'Timeline')}</strong>{marked}. "
        f'<span id="{alt_id}">{_t(timeline_summary(dataset, as_of))}</span></figcaption>\n'
        # laid out for its full width: a narrower page scrolls the chart, never the text around it
        '<div class="reportgen-plot" style="overflow-x:auto" role="region" tabindex="0" '
        'aria-label="The timeline chart (scrolls sideways on a narrow screen)">\n'
        f"{plot}\n</div>\n"
        "<details><summary>Every event on this timeline, as a table</summary>\n"
        f'<table><caption>Events on the timeline, in date order</caption><thead><tr><th scope="col">Date</th>'
        f'<th scope="col">Event</th><th scope="col">Lane</th></tr></thead>\n<tbody>\n{rows}\n</tbody></table>'
        "</details>\n</figure>\n"
    )


def timeline_page(
    plot: str, dataset: Dataset, *, as_of: dt.date, title: str, marking: str, lang: str = "en-GB"
) -> str:
    """A whole page around `timeline_fragment`: language, title, landmarks and marking."""
    shown = title or "Timeline"
    bar = f'<p class="marking">{_t(marking)}</p>' if marking != "NONE" else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{_t(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_t(shown)}</title>\n"
        f'<meta name="generator" content="reportgen {__version__}">\n'
        f"<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<header>{bar}</header>\n"
        f'<main class="wrap">\n<h1>{_t(shown)}</h1>\n'
        f"{timeline_fragment(plot, dataset, as_of=as_of, title=shown, marking=marking)}</main>\n"
        f"<footer>{bar}</footer>\n</body>\n</html>\n"
    )
