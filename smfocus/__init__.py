"""smfocus: a focus timer and time tracker for people who run social media accounts."""

__version__ = "0.1.0"
