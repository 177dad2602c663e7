"""mailbot: a self-hosted email follow-up daemon for cross-border B2B sales teams."""

__version__ = "0.1.0"
