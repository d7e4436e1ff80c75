"""Forget a session's server-side state once its browser tab or API client has gone.

Gradio keeps one SessionState per session (a copy of every component's config: ~150 KB in this app)
and frees none until 10,000 sessions exist. Every page load is a session, and so is every
gradio_client Client: a server that answers clients grew by one SessionState per client (the soak
check: ~200 sessions, ~30 MB, in 10 minutes). With an unload handler registered, Gradio keeps a
heartbeat connection per session and calls the handler when it drops; the state is dropped
GRACE_S later unless the session was used again meanwhile. A session that comes back after that
starts from the app's defaults, as after a restart: the conversation itself lives in the browser.
"""

from __future__ import annotations

import asyncio
import datetime

import gradio as gr

from ui import conversation

GRACE_S = 60.0  # a tab whose connection blinks (a laptop lid, the network) keeps its state this long


class Sessions:
    """The unload handler of one Blocks: `demo.unload(Sessions(demo).closed)`."""

    def __init__(self, blocks: gr.Blocks) -> None:
        self.blocks = blocks

    async def closed(self, request: gr.Request) -> None:
        """A session's heartbeat dropped: forget its state after the grace period."""
        session = request.session_hash
        if session:
            seen = self.blocks.state_holder.time_last_used.get(session)
            asyncio.get_running_loop().call_later(GRACE_S, self.forget, session, seen)

    def forget(self, session: str, seen: datetime.datetime | None) -> bool:
        """Drop the session's state unless it was used after `seen`; whether it was dropped."""
        holder = self.blocks.state_holder
        with holder.lock:
            if holder.time_last_used.get(session) != seen:
                return False
            holder.time_last_used.pop(session, None)
            conversation.forget_exports(session)
            return holder.session_data.pop(session, None) is not None
