"""`papers doctor`: what works and what to do about what does not."""

from __future__ import annotations

from index.errors import PapersError
from index.settings import Settings

Check = tuple[str, bool, str]  # (name, ok, detail)


def report(settings: Settings) -> list[Check]:
    from assistant import llm
    from index.library import Library

    checks: list[Check] = []
    try:
        stats = Library(settings).stats()
        checks.append(
            (
                "index",
                stats["papers"] > 0,
                f"{stats['papers']} papers, {stats['chunks']} chunks, "
                f"model {stats['model']}, store {stats['store']}",
            )
        )
    except PapersError as exc:
        checks.append(("index", False, str(exc)))
    reachable, models, message = llm.ollama_status(settings)
    checks.append(("ollama", reachable and settings.ollama_model in models, str(message)))
    ok, detail = llm.embedded_status(settings)
    checks.append(("embedded model", ok, str(detail)))
    return checks
