"""Search: name mining, BM25 weight tables, the paragraph index and its on-disk cache."""
