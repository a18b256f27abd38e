"""The English function words a follow-up is read with: question words, auxiliaries, pronouns, determiners,
prepositions and the adverbs that point back. General English only; nothing about any corpus."""

from __future__ import annotations

from index.text import AUXILIARIES as ENGLISH_AUXILIARIES
from index.text import WH_WORDS as WH

# Words that finish a wh-phrase: "how many", "how long", "what kind of".
WH_MODIFIERS = frozenset("many much long often far big large heavy old soon tall wide strong kind sort type".split())
AUXILIARIES = ENGLISH_AUXILIARIES | frozenset("'s 're 'll 'd".split())  # with their contracted forms
BE = frozenset("is are was were 's 're".split())
# Auxiliaries after which a question's verb is bare: "How does a country *join* the ILRS?".
BARE_VERB_AUXILIARIES = frozenset("do does did can could will would should may might must".split())
HAVE = frozenset("has have had".split())
# Pronouns and demonstratives that point back at something said before (not the asker or the bot: I, you, we).
ANAPHORS = frozenset("it its they them their theirs he him his she her hers this that these those".split())
PLURAL_ANAPHORS = frozenset("they them their theirs these those".split())
POSSESSIVE_ANAPHORS = frozenset({"its", "their", "his", "her"})
DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})
DISTAL_DEMONSTRATIVES = frozenset({"that", "those"})  # what was said before, not what is at hand
# Words that open a new clause, after which a pronoun may point back at a phrase of the same question.
CLAUSE_OPENERS = frozenset("and but or if when while before after because since so that which who whether".split())
# Who-pronouns: they usually point at the answer to a "who"/"which" question (a person or an organisation).
AGENT_ANAPHORS = frozenset("he him his she her hers they them their theirs".split())
# Pronouns of a person: a name used with "the" ("the Partner Institution") is none.
PERSON_ANAPHORS = frozenset("he him his she her hers".split())
DETERMINERS = frozenset("the a an any some each every all both no".split())
# Function words inside a name: "Lunar Payload Cooperation Office", "Research and Development Agency".
NAME_JOINERS = frozenset({"of", "and", "for"})
OBJECT_PRONOUNS = frozenset("me us you him her them one".split())
PREPOSITIONS = frozenset(
    "of to for in on at by with from about into onto over under after before during between through per "
    "than as via without within against until till since".split()
)
SPEAKERS = frozenset("i me my mine you your yours we us our ours".split())
CONJUNCTIONS = frozenset("and or but so then also too else".split())
PLACE_ADVERBS = frozenset({"there", "here"})
# Adverbs that, ending a question after a word of its own, stand for a time or place said before: "what was the date
# *before*?", "how many people per team *there*?" (not "is there?").
BACK_ADVERBS = frozenset({"before", "there", "then"})
# Adverbs that close a clause ("Which organisation joined the ILRS *first*?"): they modify the verb, so a noun phrase
# that runs into one ends before it ("the ILRS"), while "the first mission" keeps its adjective.
CLAUSE_ADVERBS = frozenset("first last yet already again now today recently lately before since earlier later".split())
# Prepositions of place: "they" with a place of its own ("What language do they speak *in* Russia?") is its people.
PLACE_PREPOSITIONS = frozenset({"in", "at"})
STOP = WH | WH_MODIFIERS | AUXILIARIES | ANAPHORS | DETERMINERS | PREPOSITIONS | SPEAKERS | CONJUNCTIONS
STOP |= PLACE_ADVERBS | frozenset("not n't no yes still just only ever even please".split())
TITLES = frozenset("mr mrs ms dr prof".split())
# Nouns of a stretch of the calendar, which a month named instead replaces: "the third quarter (of 2026)".
PERIODS = frozenset("quarter half month week season semester".split())
