"""Field layout and ranking constants shared by every search backend.

Both backends index the same precomputed token fields (``infra.analysis``) with a plain
whitespace analyzer and weight them the same, so a query ranks the same way on each:
exact > base form > Swedish stem > compound part, and a queried diary number first.
"""

from __future__ import annotations

TOKEN_FIELDS = {"exact": 3.0, "fi_base": 2.0, "sv_stem": 1.5, "fi_parts": 1.0}  # field → boost
KEYWORD_FIELDS = (
    "doc_type",
    "agency",
    "language",
    "batch_id",
    "status",
    "records_class",
    "publicity",
    "personal_data",
)
PHRASE_FIELD = "exact"  # indexed with positions, for quoted phrases
SCHEMA_VERSION = 2  # both backends: bump when the indexed fields change (2: access control)
DIARY_SCORE = 1000.0  # constant score: records carrying a queried diary number rank first
FACET_SIZE = 10_000  # buckets per facet; more distinct values than this are dropped
