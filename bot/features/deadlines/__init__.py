"""/deadlines: the dated statements of the sources, with a timeline picture."""
