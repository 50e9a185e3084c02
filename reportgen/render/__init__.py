"""Render: the model drawn as figures (plotly) and exported to bytes (kaleido on Chromium).

Modules: `timeline` and `labels` (the timeline figure and its label layout), `charts`
(one figure per metric), `plotting` (the shared template), `export` (the only module
that talks to Chromium), `imagemeta` (PNG metadata). Pure: models in, figures or bytes out.
"""
