"""Text: one normalised form for pages and questions, and its segmentation into terms."""
