"""Deadline and milestone records: every dated statement of the indexed documents, with what it dates and why.

Built at index time from the chunks (`extraction`) and saved as JSON next to the index (`records`); `/deadlines`
and date questions ("what's the next deadline?") read the same records (`queries`). What a date is the date of
(`description`) and whether it is a deadline (`classification`) are read from its clause (`clauses`, `words`).
Pure: no model.
"""
