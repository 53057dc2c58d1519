"""Letters out: composition of a letter from its setup (``compose``), page layout
(``layout``), the lean PDF writer (``pdfwriter``) with its TrueType subsetter
(``truetype``), and one RFC 5322 message per person (``eml``).
"""
