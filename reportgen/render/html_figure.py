"""A plotly figure as interactive HTML: plotly's own page or a `<div>` for a page of ours.

No Chromium here; the bytes depend on the figure alone, so a rebuild gives the same page.
"""

from __future__ import annotations

from typing import Any

HTML_DIV_ID = "reportgen-figure"


def figure_div(
    fig: Any, *, plotlyjs: str | bool = True, div_id: str = HTML_DIV_ID, full_html: bool = False
) -> str:
    """The figure's `<div>` and script for a page of our own (or, `full_html`, plotly's own page):
    plotly.js inline (True) or loaded from the file named by `plotlyjs`; fixed div id, no MathJax,
    no CDN, so the same figure gives the same text."""
    import plotly.io as pio

    text: str = pio.to_html(
        fig,
        include_plotlyjs=plotlyjs,
        include_mathjax=False,
        full_html=full_html,
        div_id=div_id,
        config={"displaylogo": False, "responsive": True},
        validate=False,
    )
    return text


def figure_html(fig: Any, div_id: str = HTML_DIV_ID) -> bytes:
    """Deterministic standalone HTML: plotly's own page, plotly.js inline."""
    return figure_div(fig, div_id=div_id, full_html=True).encode("utf-8")
