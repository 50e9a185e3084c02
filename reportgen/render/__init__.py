"""Render: the model drawn as figures (plotly) and exported to bytes (kaleido on Chromium).

Modules: `timeline` and `labels` (the timeline figure and its label layout), `charts`
(one figure per metric), `plotting` (the shared template), `export` (the only module
that talks to Chromium), `imagemeta` (PNG metadata). Pure: models in, figures or bytes out.
"""

import os


def enabled() -> bool:
    """Whether builds may use the render service ($REPORTGEN_RENDERER; off, 0, no or false: never).

    Here, not in `rendezvous`: every one-shot build asks first, and the answer needs none of
    the sockets and digests that module imports (~10 ms of a no-op build with the service off).
    """
    return os.environ.get("REPORTGEN_RENDERER", "auto").strip().lower() not in ("off", "0", "no", "false")
