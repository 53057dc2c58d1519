"""Where breachkit keeps things: database, profile, log, bundled data (playbooks, templates)."""

from __future__ import annotations

import os
from pathlib import Path

APP = "breachkit"
_PACKAGE = Path(__file__).resolve().parent.parent


# platformdirs is imported where a default folder is asked for: --db / BREACHKIT_DB need none


def default_db_path() -> Path:
    import platformdirs

    return platformdirs.user_data_path(APP) / "breachkit.db"


def default_org_path() -> Path:
    import platformdirs

    return platformdirs.user_config_path(APP) / "organisation.toml"


def practice_db_path() -> Path:
    """The demo's practice database, in its own folder of the user state directory.

    Never the register: ``breachkit demo`` writes its fictional incidents here, so the
    Art. 33(5) register and the board of the real database never list them.
    """
    import platformdirs

    return platformdirs.user_state_path(APP) / "practice" / "breachkit-practice.db"


def log_path() -> Path:
    import platformdirs

    return platformdirs.user_state_path(APP) / "breachkit.log"


def db_path(option: Path | None) -> Path:
    """``--db``, else ``BREACHKIT_DB``, else the user data directory."""
    if option is not None:
        return option
    env = os.environ.get("BREACHKIT_DB")
    return Path(env) if env else default_db_path()


def org_path(option: Path | None) -> Path:
    """``--org``, else ``BREACHKIT_ORG``, else the user config directory."""
    if option is not None:
        return option
    env = os.environ.get("BREACHKIT_ORG")
    return Path(env) if env else default_org_path()


def bundled(name: str) -> Path:
    """A shipped data folder (``playbooks``, ``notification_templates``).

    An installed wheel carries them in ``breachkit/_data``; a source checkout has them
    at the repository root.
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"breachkit's {name} folder is missing from this installation")
