"""Accessibility and house-style checks: the rules by family, the shared body reader, the result cache."""
