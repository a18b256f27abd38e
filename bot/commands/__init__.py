"""The command layer: declarations (spec), shared checks, and the ordered list of every feature's commands."""
