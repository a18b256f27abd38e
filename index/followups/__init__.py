"""Follow-up questions: reading a question in the light of the conversation so far, and remembering conversations."""

from index.followups.answers import answer_reading
from index.followups.conversations import Conversations
from index.followups.memory import ConversationMemory, Turn
from index.followups.resolution import Reading, resolve

__all__ = ["ConversationMemory", "Conversations", "Reading", "Turn", "answer_reading", "resolve"]
