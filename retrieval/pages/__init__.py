"""Pages: page files → articles (datelines, headlines, dates, bylines), the manifest, ingest."""
