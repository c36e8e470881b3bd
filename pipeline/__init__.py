"""Cascade: the learning-dissemination pipeline of a Safeguarding Children Partnership."""

__version__ = "0.1.0"
