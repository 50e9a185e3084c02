"""reportgen: dated events and metrics in, a printable sourced briefing pack out.

The pipeline runs one way:

    load (files → raw records with path:line)
      → validate (records → frozen model + diagnostics)
      → render (model → plotly figures → SVG/PNG/PDF/HTML bytes, via one Chromium)
      → layout (model + figure bytes → PDF bytes, ReportLab)
      → write (atomic; unchanged bytes are not rewritten)

`build` runs those stages and skips artefacts whose fingerprint is unchanged;
`watch`, `schedule` and `add` drive `build`. Only `output.py` writes to disk.
"""

__version__ = "0.1.0"
