"""How messages leave: a Maildir folder, an SMTP server, or GOV.UK Notify."""
