"""Follow-up questions: reading a question in the light of the conversation so far, and remembering conversations."""

from index.followups.memory import ConversationMemory, Turn
from index.followups.resolution import Reading, resolve

__all__ = ["ConversationMemory", "Reading", "Turn", "resolve"]
