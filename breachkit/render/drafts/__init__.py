"""Notification drafts out: blocks, Markdown and JSON from the authority's template
(``blocks``) and the PDF from the same blocks (``pdf``).
"""
