"""The privacy notice for people who get the partnership's emails: what is kept, why, for
how long, how to have it deleted, and the one cookie. Always part of the site (the
officer can add subscribers even when the site offers no sign-up); the lawful basis is
worded generically, for the partnership's data protection officer to confirm.
"""

from __future__ import annotations

from pipeline.settings.config import Config
from pipeline.text import md_inline, md_url

UNCONFIRMED_DAYS = 7      # as pipeline.mail.signup.DAYS (the site is a lower layer than mail)


def notice(config: Config) -> str:
    """The notice's Markdown page."""
    partnership = md_inline(config["partnership"])
    email = config["contact_email"]
    contact = f"[{md_inline(email)}](mailto:{md_url(email)})"
    sign_up = ""
    if config["subscribe_url"]:
        sign_up = (f"You can [sign up for email updates]({md_url(config['subscribe_url'])}"
                   "subscribe) on our subscription pages.\n\n")
    manage = ""
    if config["subscribe_url"]:
        manage = f" on [our subscription pages]({md_url(config['subscribe_url'])}manage-request)"
    return f"""---
title: "Privacy notice for email updates"
---

# Privacy notice for email updates

This notice says what {partnership} keeps about you when you get email updates from us \
(topic alerts, weekly digests and the newsletter), why, for how long, and how to have it \
deleted. {sign_up.strip()}

## What we keep

- your email address;
- your name, if you give it;
- your choices: the groups you work with, the topics and how often you want email;
- whether your subscription is waiting for confirmation, active, unsubscribed, or stopped \
because emails to you could not be delivered;
- the dates you signed up and last changed your choices, and which of our emails were sent \
to you and whether they were delivered;
- your answers to our follow-up questions ("Has this briefing changed your practice?"), if \
you answer them, and whether you want them.

Our reports count subscribers and answers, for example how many signed up each month: they \
never name anyone or show an address. Our record of what we published holds no personal \
data. The feedback forms at the foot of our pages ask for no name or address: what you \
send there is not linked to you.

We do not track you. Our emails have no tracking images and no tracked links, so we do not \
know whether you open them or what you click.

## Why we keep it

Only to send you the email updates you asked for, as part of our work to share \
safeguarding learning with the people who work with children and families. We do this on \
the basis that you asked us to, and you can stop it at any time by unsubscribing. We never \
share your details with anyone else or use them for anything else.

## How long we keep it

- A sign-up that is not confirmed within {UNCONFIRMED_DAYS} days is deleted.
- Once you have confirmed, we keep your details until you ask us to delete them.
- If you unsubscribe, we keep your address marked as unsubscribed, so that we never email \
it again by mistake, until you ask us to delete it.

## How to see or delete what we keep

- Ask for a link to manage your subscription{manage}. There you can change your choices \
or your address, unsubscribe, download what we keep about you, or delete it. Every email \
from us also has links to change what you get and to unsubscribe.
- Or email {contact} and we will do it for you.

## Cookies

This website sets no cookies. Our subscription pages set one cookie, `cascade_form`, which \
is strictly necessary: it stops other websites sending our forms in your name. It holds a \
random value, nothing about you, and is deleted when you close your browser.

## Questions and complaints

Email {contact} with any question about your data. If you are unhappy with how we have \
handled it, you can complain to the \
[Information Commissioner's Office](https://ico.org.uk/make-a-complaint/).
"""
