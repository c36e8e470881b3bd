"""The dissemination log and what is read from it: the chain, offline acts, figures, reports, the annual appendix."""
