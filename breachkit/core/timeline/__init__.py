"""The tamper-evident timeline: entries, their canonical form and the hash chain (``chain``);
the typed change record every entry that changes state carries (``changes``); what each
change does to the tables (``effects``), the rows those tables hold (``projection``), the
replay of a chain into them (``fold``) and the comparison with what is stored
(``compare``); the one rule for reading and setting a fact (``facts``). See docs/timeline.md.
"""
