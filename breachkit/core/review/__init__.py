"""After the incident: the response metrics, containment, review items and register rows
(``summary``), the report's values (``model``) and redaction (``redact``).
"""
