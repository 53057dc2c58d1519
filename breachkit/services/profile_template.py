"""The commented organisation profile that `breachkit org init` writes."""

PROFILE_TEMPLATE = """\
# breachkit organisation profile
#
# Fill this in once, before any breach. Every notification draft and every letter
# to affected people takes the organisation's identity from here.
# `breachkit org check` tells you what each supervisory authority will still need.

[organisation]
name = ""                 # legal name, e.g. "Example Managed Services S.A."
registration = ""         # the number the authority asks for: RCS (LU), SIREN (FR),
                          # CVR (DK), KBO/BCE (BE), CRO (IE), ...
address = []              # postal address lines, e.g. ["12, rue de l'Exemple", "L-1234 Luxembourg"]
country = ""              # ISO 3166-1 alpha-2 of the main establishment (GDPR Art. 56), e.g. "LU"
timezone = ""             # IANA time zone used when a time is given without offset,
                          # e.g. "Europe/Luxembourg"
languages = []            # languages the organisation writes in, e.g. ["fr", "en"]
sector = ""               # e.g. "managed ICT services"
website = ""
text_language = "en"      # the language sector (and [dpo] title) are written in

[dpo]                     # the data protection officer or other contact point (Art. 33(3)(b))
name = ""                 # the letters to affected people are signed with this name
email = ""
phone = ""
address = []
role = "dpo"              # dpo | contact_point (another contact point, not a designated DPO)
title_form = "neutral"    # neutral | feminine | masculine: "Déléguée" / "Délégué" /
                          # "Délégué(e) à la protection des données" in French letters

[representative]          # the legal representative (the CNIL asks for both sections)
name = ""
title = ""                # e.g. "Managing Director"

[authority]
lead = ""                 # the lead supervisory authority:
                          # cnpd | cnil | datatilsynet | apd | ico | dpc | generic

[regimes]
nis2 = "none"             # none | important | essential (NIS2 entity: adds the CSIRT clocks)
eprivacy = false          # true for public electronic communications providers (Reg. 611/2013)
dora = false              # true for financial entities under DORA

# [text.fr]               # the sector (and, if you wish, the contact point's own title)
# sector = "services informatiques infogérés"     # in each language your drafts use
# dpo_title = "Déléguée à la protection des données"

# [processor]             # when you act as a processor for your customers:
# notify_controller_within_hours = 24   # the window agreed in your data processing agreements

# [smtp]                  # the mail server `breachkit send` sends the letters through
# host = "smtp.example.lu"
# port = 587              # default: 587 (starttls), 465 (tls), 25 (none)
# security = "starttls"   # starttls | tls | none (none: only for localhost)
# username = "dpo@example.lu"
# password_env = "BREACHKIT_SMTP_PASSWORD"  # the NAME of the variable holding the password
# password_prompt = false # or true: ask for the password when sending
# rate_per_minute = 60    # at most this many messages a minute (0: no limit)
# from = ""               # envelope sender; default: each letter's From
"""
