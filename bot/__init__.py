"""The Discord front end and the `python -m bot` command line."""
