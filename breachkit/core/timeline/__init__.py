"""The tamper-evident timeline: entries, their canonical form and the hash chain (``chain``)."""
