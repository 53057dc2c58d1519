"""After the incident: containment and the response metrics (``summary``), lessons and
action items (``items``), the breach register's rows (``register``), the report's values
(``model``) and redaction (``redact``, with who counts as a person in ``names``).
"""
