"""The organisation profile (``profile``) and the directory of supervisory authorities
(``authorities``) it names.
"""
