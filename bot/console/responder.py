"""Replies printed as plain text: the card's title, body, numbered citations and footer."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from bot.commands.spec import Reply
from bot.rendering.output import card_to_text
from bot.rendering.styles import PLAIN_STYLE


class ConsoleResponder:
    style = PLAIN_STYLE

    def __init__(self, out: TextIO, files_dir: Path | None = None) -> None:
        self.out = out
        self.files_dir = files_dir

    async def acknowledge(self, *, private: bool) -> None:
        return None

    async def send(self, reply: Reply) -> None:
        parts = [reply.text] if reply.text else []
        if reply.card is not None:
            parts.append(card_to_text(reply.card))
        if reply.file is not None and self.files_dir is not None:
            # A terminal shows no pictures or attachments: save them where the user can open them.
            self.files_dir.mkdir(parents=True, exist_ok=True)
            path = self.files_dir / reply.file.filename
            # Only the owner may read it: a file may be someone's data export (/privacy action:export).
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as saved:
                saved.write(reply.file.data)
            parts.append(f"(saved to {path})")
        self.out.write("\n\n".join(parts) + "\n\n")
        self.out.flush()
