"""The one error the pure core raises for input it cannot turn into an issue."""


class ParseError(ValueError):
    """The input is not a newsletter issue; the message says why, in one line."""
