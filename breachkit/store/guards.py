"""Triggers that refuse edits of recorded rows (defence in depth; the chain is the proof).

They stop a slip with an SQL console, not an attacker: anyone holding the file can drop
them. What catches the attacker is ``verify``, which compares every table with the
chain. ``rebuild`` lifts them while it puts the tables back as the chain says.
"""

from __future__ import annotations

from breachkit.store.connection import Database

APPEND_ONLY_TABLES = (
    "fact_changes",
    "evidence",
    "filings",
    "drafts",
    "playbook_progress",
    "decisions",
    "milestones",
    "public_notices",
    "controller_lists",
    "controller_events",
    "letter_sends",
)
# Columns a later entry never changes, in the tables a later entry completes.
FIXED_COLUMNS = {
    "review_items": ("kind", "text", "owner", "due_date", "created_at", "actor", "entry_seq"),
    "letter_batches": (
        "started_at",
        "subjects_file",
        "subjects_sha256",
        "out_dir",
        "format",
        "actor",
        "start_seq",
    ),
    "incidents": ("uid", "created_at", "created_by"),
    "send_ledger": (
        "incident_id",
        "batch_seq",
        "line",
        "state",
        "at",
        "message_id",
        "person",
        "recipient",
        "code",
        "reply",
    ),
}
STAMPED_ONCE = {"send_ledger": "run_seq"}
"""A column set once, from empty, by the entry that records the row (a send run's record
stamps its events), and kept as stamped after that."""
_ABORT = "SELECT RAISE(ABORT, '{table} rows are kept as recorded: record a new entry instead');"


def guard_statements() -> list[tuple[str, str]]:
    """(trigger name, CREATE TRIGGER statement) of every guard."""
    out = []
    for table in APPEND_ONLY_TABLES:
        for verb in ("UPDATE", "DELETE"):
            name = f"{table}_kept_{verb.lower()}"
            out.append(
                (
                    name,
                    f"CREATE TRIGGER {name} BEFORE {verb} ON {table} BEGIN "
                    f"{_ABORT.format(table=table)} END",
                )
            )
    for table, columns in FIXED_COLUMNS.items():
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
        watched = list(columns)
        stamp = STAMPED_ONCE.get(table)
        if stamp:
            changed += f" OR (OLD.{stamp} IS NOT NULL AND NEW.{stamp} IS NOT OLD.{stamp})"
            watched.append(stamp)
        name = f"{table}_kept_update"
        out.append(
            (
                name,
                f"CREATE TRIGGER {name} BEFORE UPDATE OF {', '.join(watched)} ON {table} "
                f"WHEN {changed} BEGIN {_ABORT.format(table=table)} END",
            )
        )
        name = f"{table}_kept_delete"
        out.append(
            (
                name,
                f"CREATE TRIGGER {name} BEFORE DELETE ON {table} BEGIN "
                f"{_ABORT.format(table=table)} END",
            )
        )
    return out


def create_guards(db: Database) -> None:
    """Every guard of a table the database has that it does not have yet (a migration
    adds the tables after it)."""
    present = set(db.table_names())
    for _name, statement in guard_statements():
        if _table_of(statement) in present:
            db.execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))


def drop_guards(db: Database, table: str = "") -> None:
    """Inside a write transaction only: the guards (of ``table``, or all) come back with
    :func:`create_guards`."""
    for name, statement in guard_statements():
        if not table or _table_of(statement) == table:
            db.execute(f"DROP TRIGGER IF EXISTS {name}")


def _table_of(statement: str) -> str:
    return statement.split(" ON ", 1)[1].split(" ", 1)[0]
