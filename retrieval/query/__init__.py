"""Query: a question → a Query (intent, people and aliases, time range, topic terms)."""
