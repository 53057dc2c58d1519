"""Notification drafts as content: the words of each language (``vocab``), the sentences
written from the facts (``prose``), what the authority will still ask for (``needs``),
the values (``model``) and the assembly of one draft (``content``).
"""
