"""The mail stage: subscribers, topic alerts, the newsletter, transports, delivery ledger."""
