"""Stream papers out of JSON Lines collections: our own JSONL and the arXiv metadata snapshot.

One JSON object a line. Our format: `title`, `abstract`, optional `id`, `authors`, `date`,
`categories`. The arXiv snapshot (`arxiv-metadata-oai-snapshot.json`): `id`, `title`,
`abstract`, `authors`, `categories` ("cs.CL cs.LG"), `update_date`. Gzipped files work too.
Nothing is read ahead: memory stays that of one line, whatever the file's size.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from index.errors import UnreadableFile
from index.papers import Paper, new_paper

SUFFIXES = (".jsonl", ".json", ".jsonl.gz", ".json.gz", ".ndjson")
_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")


@dataclass(frozen=True)
class Row:
    """A paper read from one line, or the reason the line was skipped; `offset` is bytes read."""

    line: int
    offset: int
    paper: Paper | None
    error: str = ""


def is_bulk(path: Path) -> bool:
    """A JSON Lines collection: named so, and starting with a JSON object."""
    if not path.is_file() or not path.name.lower().endswith(SUFFIXES):
        return False
    try:
        with _open(path) as fh:
            head = fh.read(64).lstrip()
    except (OSError, EOFError):
        return False
    return head.startswith(b"{")  # a JSON array is CSL-JSON (a reference library), read by bibtex.py


def digest(path: Path) -> str:
    """sha256 of the file's bytes, read in 1 MB blocks (a snapshot is gigabytes)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(1 << 20):
            h.update(block)
    return h.hexdigest()


def read_rows(path: Path, source: str) -> Iterator[Row]:
    """Every line as a Row, lazily; a line that is not a paper is a Row with an error."""
    with _open(path) as fh:
        for n, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            offset = fh.tell() if not isinstance(fh, gzip.GzipFile) else fh.fileobj.tell()  # type: ignore[union-attr]
            try:
                obj = json.loads(raw)
            except ValueError:
                yield Row(n, offset, None, f"line {n}: not JSON")
                continue
            except RecursionError:
                yield Row(n, offset, None, f"line {n}: nested too deeply to be a paper")
                continue
            try:
                yield Row(n, offset, paper_from_record(obj, source))
            except ValueError as exc:
                yield Row(n, offset, None, f"line {n}: {exc}")


def paper_from_record(obj: Any, source: str) -> Paper:
    """One JSON object (ours or arXiv's) as a Paper; ValueError says what is missing."""
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    title = _text(obj.get("title"))
    abstract = _text(obj.get("abstract") or obj.get("text") or obj.get("summary"))
    if not abstract:
        raise ValueError("no abstract")
    meta: dict[str, str | int] = {}
    ident = _text(obj.get("id") or obj.get("arxiv_id"))
    if ident:
        meta["arxiv_id" if _ARXIV_ID.match(ident) else "id"] = ident
    authors = obj.get("authors")
    if isinstance(authors, list):
        meta["authors"] = len(authors)
    elif isinstance(authors, str) and authors.strip():
        meta["authors"] = len([a for a in re.split(r",\s*|\s+and\s+", authors) if a.strip()])
    date = _text(obj.get("date") or obj.get("update_date") or obj.get("published"))
    if date:
        meta["date"] = date
    cats = obj.get("categories")
    if isinstance(cats, str):
        cats = cats.split()
    if isinstance(cats, list) and cats:
        meta["categories"] = " ".join(str(c) for c in cats)
    return new_paper(title or None, abstract, source, "jsonl", meta=meta)


def _text(value: Any) -> str:
    """A field as one line of text (arXiv wraps titles and abstracts over lines)."""
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _open(path: Path) -> IO[bytes]:
    with path.open("rb") as fh:
        magic = fh.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def check_readable(path: Path) -> list[Paper]:
    """Refuse a file that is named JSONL but whose first lines are not papers."""
    rows = []
    for row in read_rows(path, str(path)):
        rows.append(row)
        if len(rows) == 20:
            break
    if not rows:
        raise UnreadableFile(str(path), "the file has no JSON lines")
    if not any(r.paper for r in rows):
        raise UnreadableFile(
            str(path),
            f"no paper in the first {len(rows)} lines ({rows[0].error}); each line needs a JSON "
            'object with "title" and "abstract"',
        )
    return []  # papers come through read_rows, a batch at a time
