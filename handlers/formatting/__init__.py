"""Reader replies with values in them (dates, lists, results), formatted as German plain text."""
