"""Letters to the people affected: the people file (``people``), the content model of a
letter (``plan``), the words per language (``texts``), the small markup the templates
write (``markup``) and the manifest that proves a run (``manifest``).
"""
