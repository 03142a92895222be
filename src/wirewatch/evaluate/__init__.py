"""Evaluation of wirewatch components against gold-standard data."""
