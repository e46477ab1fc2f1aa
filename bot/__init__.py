"""Telegram front end and the ``newsbot`` command line: thin layers over ``retrieval``."""
