"""Replies printed as plain text: the card's title, body, numbered citations and footer."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from bot.commands.spec import Reply
from bot.rendering import PLAIN_STYLE, card_to_text


class ConsoleResponder:
    style = PLAIN_STYLE

    def __init__(self, out: TextIO, picture_dir: Path | None = None) -> None:
        self.out = out
        self.picture_dir = picture_dir

    async def acknowledge(self, *, private: bool) -> None:
        return None

    async def send(self, reply: Reply) -> None:
        parts = [reply.text] if reply.text else []
        if reply.card is not None:
            parts.append(card_to_text(reply.card))
        if reply.image is not None and self.picture_dir is not None:
            # A terminal shows no pictures: save it where the user can open it.
            self.picture_dir.mkdir(parents=True, exist_ok=True)
            path = self.picture_dir / reply.image.filename
            path.write_bytes(reply.image.data)
            parts.append(f"(picture saved to {path})")
        self.out.write("\n\n".join(parts) + "\n\n")
        self.out.flush()
