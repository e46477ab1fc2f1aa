"""Everything about articles and answers: parsing, segmentation, search, composition.

This package never imports ``telegram`` nor the bot's settings; it takes plain arguments
and returns plain, frozen data (see ``retrieval.models``).
"""

__version__ = "0.1.0"  # the package version (pyproject.toml reads it from here)
