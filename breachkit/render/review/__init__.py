"""After-action documents: the report PDF (``report``) with its timeline chart (``chart``),
and the Art. 33(5) register as CSV, JSON or PDF (``register``).
"""
