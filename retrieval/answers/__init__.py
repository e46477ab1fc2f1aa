"""Answers: a Query + hits → an Answer, one template per intent, every sentence quoted."""
