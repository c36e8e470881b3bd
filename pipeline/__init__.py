"""Cascade: the learning-dissemination pipeline of a Safeguarding Children Partnership."""

__version__ = "0.2.0.dev0"
