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
