"""Constants the interfaces share, apart from Settings so that reading them imports nothing heavy.

Example:
    >>> MODES
    ('hybrid', 'dense', 'bm25')
"""

from __future__ import annotations

from typing import Literal, get_args

Mode = Literal["hybrid", "dense", "bm25"]
Backend = Literal["auto", "ollama", "embedded"]
MODES: tuple[str, ...] = get_args(Mode)  # the one list of retrieval modes, the default first
SORTS = ("title", "date", "author", "listing", "chunks", "id")  # what a library listing sorts by
# limits of a question, the same in the chat, the API and `papers ask`
MAX_QUESTION = 2000  # characters
MAX_K = 10  # sources given to the model
# limits of `papers check`, the same in the Check tab, its API and the CLI
MAX_CHECK = 20_000  # characters of text checked at a time (a draft, a pasted paragraph)
MAX_CLAIM = 2000  # characters of one claim; a longer one is reported and skipped
