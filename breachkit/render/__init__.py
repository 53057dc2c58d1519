"""Output adapters: Jinja templates and reportlab PDFs, returning text or bytes.

Renderers take immutable inputs assembled by the services; they never query the
database, read the clock or write files.
"""
