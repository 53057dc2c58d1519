"""Adapters that read what breachkit ships or keeps on disk: where things live (``paths``),
the playbook folders (``playbooks``) and the deadline rules (``rules``). They read files,
then call the core to validate what they read.
"""
