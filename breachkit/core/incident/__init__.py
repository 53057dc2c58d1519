"""The incident: its facts as frozen values (``model``) and the incident file that
produces them, validated with file, line and key (``parse``).
"""
