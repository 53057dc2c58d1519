"""The organisation profile form: offered at first start, checked as typed, saved as the
command line reads it."""

from __future__ import annotations

import stat
from collections.abc import Callable

from click.testing import CliRunner
from textual.widgets import Input, Select, Static

from breachkit.cli.main import cli
from breachkit.services import Services
from breachkit.tui.app import BreachkitApp
from breachkit.tui.modals.org_profile import OrgProfileModal, widget_id

SIZE = (120, 40)
AppFactory = Callable[..., BreachkitApp]


def findings(app: BreachkitApp) -> str:
    return str(app.screen.query_one("#org-findings", Static).content)


def field(app: BreachkitApp, key: str) -> Input:
    return app.screen.query_one(f"#{widget_id(key)}", Input)


async def test_first_start_offers_the_form_and_saves_a_profile_the_cli_reads(
    app_factory: AppFactory, services: Services
) -> None:
    app = app_factory(offer_profile=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OrgProfileModal)
        assert "No organisation profile yet" in str(
            app.screen.query_one("#org-intro", Static).content
        )
        assert "No lead authority yet" in findings(app)
        await pilot.press(*"Acme S.A.")  # the first field has focus: the legal name
        field(app, "organisation.country").value = "LU"
        field(app, "organisation.languages").value = "fr, en"
        field(app, "dpo.name").value = "Jeanne Exemple"
        field(app, "dpo.email").value = "dpo@acme.lu"
        field(app, "organisation.address").value = "12, rue de l'Exemple / L-1234 Luxembourg"
        app.screen.query_one(f"#{widget_id('authority.lead')}", Select).value = "cnpd"
        await pilot.pause()
        said = findings(app)
        assert "CNPD — lead still needs" in said and "Registration number" in said
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, OrgProfileModal)
    path = services.org_path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert "# breachkit organisation profile" in text  # the template's comments
    shown = CliRunner().invoke(cli, ["--org", str(path), "org", "show", "--json"])
    assert shown.exit_code == 0, shown.output
    assert '"Acme S.A."' in shown.output and "L-1234 Luxembourg" in shown.output
    org = services.organisation()
    assert org is not None and org.lead_authority == "cnpd" and org.languages == ("fr", "en")


async def test_a_bad_value_is_named_in_the_forms_words_and_nothing_is_saved(
    app_factory: AppFactory, services: Services
) -> None:
    app = app_factory(offer_profile=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field(app, "organisation.name").value = "Acme"
        field(app, "dpo.email").value = "not-an-address"
        field(app, "organisation.country").value = "UK"
        await pilot.pause()
        said = findings(app)
        assert "DPO: e-mail: 'not-an-address' is not an e-mail address" in said
        assert "Country of main establishment" in said and "dpo.email" not in said
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OrgProfileModal)
        assert app.screen.focused is field(app, "organisation.country")
    assert not services.org_path.exists()


async def test_f2_edits_the_profile_keeping_its_comments_and_other_keys(
    app_factory: AppFactory, services: Services
) -> None:
    services.org_path.write_text(
        '# our own note\n[organisation]\nname = "Old name"  # keep me\ncountry = "LU"\n'
        '[dpo]\nname = "J"\nemail = "dpo@acme.lu"\n[authority]\nlead = "cnpd"\n'
        '[text.fr]\nsector = "services informatiques"\n',
        encoding="utf-8",
    )
    app = app_factory(offer_profile=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, OrgProfileModal)  # there is one: not offered
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, OrgProfileModal)
        assert field(app, "organisation.name").value == "Old name"
        field(app, "organisation.name").value = "New name"
        field(app, "dpo.phone").value = "+352 20 00 00 00"
        await pilot.press("ctrl+s")
        await pilot.pause()
    text = services.org_path.read_text(encoding="utf-8")
    assert "# our own note" in text and 'name = "New name"  # keep me' in text
    assert '[text.fr]\nsector = "services informatiques"' in text
    assert 'phone = "+352 20 00 00 00"' in text


async def test_escape_leaves_without_saving(app_factory: AppFactory, services: Services) -> None:
    app = app_factory(offer_profile=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        field(app, "organisation.name").value = "Acme"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, OrgProfileModal)
    assert not services.org_path.exists()


async def test_the_board_shows_now_in_the_zone_of_a_profile_saved_at_first_start(
    app_factory: AppFactory, services: Services
) -> None:
    app = app_factory(offer_profile=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OrgProfileModal)
        await pilot.press(*"Nordlys Data ApS")
        field(app, "organisation.timezone").value = "Europe/Copenhagen"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, OrgProfileModal)
        summary = str(app.screen.query_one("#board-summary", Static).content)
        assert "CET (+01:00)" in summary, summary  # not "UTC" as read before the profile


# -- the sector and the DPO title in other languages ---------------------------------------

ALZETTE = """\
[organisation]
name = "Alzette Managed IT S.A."   # the demo incident's organisation
country = "LU"
languages = ["fr", "en"]
sector = "managed ICT services"
text_language = "en"
[dpo]
name = "Claire Weber"
email = "dpo@alzette-it.example"
[authority]
lead = "cnpd"
[text.de]   # ours
sector = "Managed-IT-Dienstleistungen"
dpo_title = "Datenschutzbeauftragte"
"""


def head(app: BreachkitApp, code: str) -> str:
    return str(app.screen.query_one(f"#org-texts-{code} .texts-head", Static).content)


async def test_a_french_sector_typed_in_the_form_reaches_the_cnil_draft(
    app_factory: AppFactory, services: Services
) -> None:
    incident = services.create_demo()
    assert services.prepare_draft(incident, authority="cnil").organisation_source == "incident"
    app = app_factory(offer_profile=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"Alzette Managed IT S.A.")
        field(app, "organisation.sector").value = "managed ICT services"
        assert not app.screen.query("#org-texts-fr")  # no lead, no language yet
        app.screen.query_one(f"#{widget_id('authority.lead')}", Select).value = "cnil"
        await pilot.pause()
        assert "drafts to CNIL (lead), " in head(app, "fr")
        assert "Sector in French: not stated" in findings(app)
        field(app, "text.fr.sector").focus()
        await pilot.press(*"infogérance et hébergement")
        await pilot.pause()
        assert "Sector in French: not stated" not in findings(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, OrgProfileModal)
    text = services.org_path.read_text(encoding="utf-8")
    assert '[text.fr]\nsector = "infogérance et hébergement"\n' in text
    draft = services.prepare_draft(incident, authority="cnil")
    assert draft.organisation_source == "profile" and draft.content.draft.language == "fr"
    assert draft.content.draft.values["org_sector"] == "infogérance et hébergement"
    assert "text.fr.sector" not in {m.key for m in draft.missing}


async def test_existing_language_values_are_shown_kept_and_a_language_can_be_added(
    app_factory: AppFactory, services: Services
) -> None:
    services.org_path.write_text(ALZETTE, encoding="utf-8")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        assert field(app, "text.de.dpo_title").value == "Datenschutzbeauftragte"
        assert "drafts to CNPD (lead), APD/GBA" in head(app, "de")
        assert field(app, "text.fr.sector").value == ""  # CNPD takes French: asked
        assert not app.screen.query("#org-texts-en")  # the sector is in English already
        add = app.screen.query_one("#org-add-language", Input)
        add.focus()
        await pilot.press(*"xx1", "enter")
        await pilot.pause()
        said = str(app.screen.query_one("#org-add-problem", Static).content)
        assert "Not added: 'xx1' is not an ISO 639-1 language code" in said
        add.value = ""
        await pilot.press(*"nl", "enter")
        await pilot.pause()
        assert app.focused is field(app, "text.nl.sector")
        assert "drafts to APD/GBA" in head(app, "nl")
        await pilot.press(*"beheerde ICT-diensten")
        field(app, "text.de.sector").value = "Managed-IT-Services"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, OrgProfileModal)
    text = services.org_path.read_text(encoding="utf-8")
    assert '[text.de]   # ours\nsector = "Managed-IT-Services"\n' in text
    assert 'dpo_title = "Datenschutzbeauftragte"' in text and "[text.fr]" not in text
    org = services.organisation()
    assert org is not None and org.sector_in("nl") == ("beheerde ICT-diensten", True)


async def test_a_control_character_in_a_language_field_is_named_and_nothing_is_saved(
    app_factory: AppFactory, services: Services
) -> None:
    services.org_path.write_text(ALZETTE, encoding="utf-8")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        field(app, "text.fr.sector").value = "services\x1b[2J"
        await pilot.pause()
        assert "Sector in French: contains a control character" in findings(app)
        field(app, "organisation.name").focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OrgProfileModal)
        assert app.focused is field(app, "text.fr.sector")
    assert services.org_path.read_text(encoding="utf-8") == ALZETTE


async def test_a_drafts_missing_sector_opens_the_form_on_its_field(
    app_factory: AppFactory, services: Services
) -> None:
    services.org_path.write_text(ALZETTE, encoding="utf-8")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.action_org_profile("text.da.sector")  # Enter on the Notify tab's missing item
        await pilot.pause()
        assert app.focused is field(app, "text.da.sector")
        assert "drafts to Datatilsynet" in head(app, "da")
