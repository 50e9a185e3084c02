"""Writers: the document blocks rendered to bytes (pdf: ReportLab)."""
