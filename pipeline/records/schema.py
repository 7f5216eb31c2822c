"""The records store's tables (SQLAlchemy 2.x Core metadata, any backend)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Float, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

persons = Table(
    "persons", metadata,
    Column("id_number", String(18), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("unit", Text, nullable=False, default=""),
    Column("unit_level", String(16), nullable=False, default=""),
    Column("title_level", String(16), nullable=False, default=""),
    Column("specialty", Text, nullable=False, default=""),
    Column("discipline_code", String(16), nullable=False, default=""),
    Column("early_promotion", Boolean, nullable=False, default=False),
    Column("covid_frontline", Boolean, nullable=False, default=False),
    Column("mandatory_training_passed", Boolean, nullable=True),
    Column("removed", Boolean, nullable=False, default=False),
    Index("ix_persons_name", "name"),
)

credits = Table(
    "credits", metadata,
    Column("record_id", String(64), primary_key=True),
    Column("id_number", String(18), nullable=False),
    Column("name", String(64), nullable=False, default=""),
    Column("year", Integer, nullable=False),
    Column("project_code", String(64), nullable=False, default=""),
    Column("project_title", Text, nullable=False, default=""),
    Column("category", String(16), nullable=False),
    Column("credits", Float, nullable=False),
    Column("date", Date, nullable=False),
    Column("mode", String(8), nullable=False, default="面授"),
    Column("organizer", Text, nullable=False, default=""),
    Column("certificate_no", String(64), nullable=True),
    Column("entered_on", Date, nullable=True),
    Column("removed", Boolean, nullable=False, default=False),
    Index("ix_credits_id_number", "id_number"),
    Index("ix_credits_id_number_year", "id_number", "year"),
    Index("ix_credits_name", "name"),
)

history = Table(
    "history", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(8), nullable=False),  # person | credit
    Column("record_id", String(64), nullable=False),  # record_id, or id_number for persons
    Column("field", String(32), nullable=False),  # a column, or "removed" / "added"
    Column("old", Text, nullable=True),
    Column("new", Text, nullable=True),
    Column("changed_at", DateTime, nullable=False),
    Column("source", Text, nullable=False),
    Index("ix_history_record", "kind", "record_id"),
)

imports = Table(
    "imports", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("who", String(64), nullable=False),
    Column("imported_at", DateTime, nullable=False),
    Column("summary", Text, nullable=False),
)

PERSON_FIELDS = tuple(c.name for c in persons.columns if c.name != "removed")
CREDIT_FIELDS = tuple(c.name for c in credits.columns if c.name != "removed")
