"""The accessibility statement, in the order and wording of the model statement for the
Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations
2018: compliance status, non-accessible content and why, how to ask for another format,
the enforcement procedure (EHRC, and ECNI in Northern Ireland), how the site is tested,
and when the statement was prepared and last reviewed (settings `accessibility.*`).
"""

from __future__ import annotations

from datetime import date

from pipeline.settings.config import Config
from pipeline.settings.kinds import parse_date
from pipeline.text import md_inline, md_url, plural

COMPLIANCE = {
    "fully": "This website is fully compliant with the [Web Content Accessibility Guidelines "
             "version 2.2](https://www.w3.org/TR/WCAG22/) AA standard.",
    "partially": "This website is partially compliant with the [Web Content Accessibility "
                 "Guidelines version 2.2](https://www.w3.org/TR/WCAG22/) AA standard, due to "
                 "the non-compliances listed below.",
    "not": "This website is not compliant with the [Web Content Accessibility Guidelines "
           "version 2.2](https://www.w3.org/TR/WCAG22/) AA standard. The non-accessible "
           "sections are listed below.",
}
THIRD_PARTY = ("Documents and pages on other websites that we link to, such as national "
               "reviews and guidance, and the titles and summaries of national updates taken "
               "from other organisations' feeds. They are third-party content: we do not fund "
               "or develop them and they are not under our control.")
REGULATIONS = ("Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
               "Regulations 2018")


def _compliance(settings: dict) -> str:
    if settings["compliance"] == "partially" and not settings["non_compliance"]:
        return COMPLIANCE["partially"].replace(
            ", due to the non-compliances listed below.",
            ". No content is known to fail it, but the checks described below cannot find "
            "every problem.")
    return COMPLIANCE[settings["compliance"]]


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def statement(config: Config, first_built: date | None) -> str:
    """The statement's Markdown page."""
    settings = config["accessibility"]
    partnership, email = md_inline(config["partnership"]), config["contact_email"]
    contact = f"[{md_inline(email)}](mailto:{md_url(email)})"
    days = settings["reply_working_days"]
    reply = plural(days, 'working day')
    prepared = parse_date(settings["prepared"]) or first_built
    reviewed = parse_date(settings["reviewed"]) or prepared

    def bullets(entries):
        return "".join(f"- {md_inline(entry)}\n" for entry in entries) + "\n"

    out = ['---\ntitle: "Accessibility statement"\n---\n\n', "# Accessibility statement\n\n",
           f"This accessibility statement applies to {md_inline(config['site_url'])}, "
           f"which is run by {partnership}.\n\n", f"""{partnership} wants as many people as \
possible to be able to use this website. You should be able to:

- change colours, contrast levels and fonts using your browser or device settings;
- zoom in up to 400% without the text spilling off the screen;
- navigate the whole website using just a keyboard or speech recognition software;
- listen to the website using a screen reader;
- print any briefing on A4 paper for a team meeting.

[AbilityNet](https://mcmw.abilitynet.org.uk/) has advice on making your device easier to use \
if you have a disability.

## Feedback and contact information

If you need information on this website in a different format, such as accessible PDF, \
large print, easy read, audio recording or braille, email {contact}. We will consider \
your request and get back to you within {reply}.

## Reporting accessibility problems with this website

We are always looking to improve the accessibility of this website. If you find any \
problems not listed on this page, or think we are not meeting accessibility requirements, \
email {contact}. We will reply within {reply}.

## Enforcement procedure

The Equality and Human Rights Commission (EHRC) is responsible for enforcing the \
{REGULATIONS} (the "accessibility regulations"). If you are not happy with how we respond \
to your complaint, contact the \
[Equality Advisory and Support Service (EASS)](https://www.equalityadvisoryservice.com/).

If you are in Northern Ireland and are not happy with how we respond to your complaint, \
contact the [Equality Commission for Northern Ireland (ECNI)](https://www.equalityni.org/), \
which is responsible for enforcing the accessibility regulations in Northern Ireland.

## Technical information about this website's accessibility

{partnership} is committed to making its website accessible, in accordance with the \
{REGULATIONS}.

### Compliance status

{_compliance(settings)}

## Non-accessible content

""", "The content listed below is non-accessible for the following reasons.\n\n",
           "### Non-compliance with the accessibility regulations\n\n"]
    if settings["non_compliance"]:
        out.append(bullets(settings["non_compliance"]))
    elif settings["compliance"] == "fully":
        out.append("We know of no content that fails the standard.\n\n")
    else:
        out.append("We know of no content that fails the standard at the moment. Automated "
                   "checks cannot find every problem (see how we tested this website, below), "
                   "so we do not claim full compliance.\n\n")
    out.append("### Disproportionate burden\n\n")
    out.append(bullets(settings["disproportionate_burden"])
               if settings["disproportionate_burden"]
               else "We are not claiming that fixing any content would be a disproportionate "
                    "burden.\n\n")
    out.append("### Content that is not within the scope of the accessibility regulations\n\n")
    out.append(bullets([THIRD_PARTY] + settings["out_of_scope"]))
    out.append("""## How we tested this website

**Checked automatically, before anything is published.** Every briefing and procedure \
change is checked before it can go on the website or into an email. An item that fails a \
check is held back until it is fixed. The checks cover images without alternative text, \
headings that skip a level, link text that does not make sense on its own, tables without \
header rows, raw HTML and scripts, reading time, long sentences, unexplained \
abbreviations, and links to documents that do not say their format and size.

**Checked automatically, in a real browser.** Every type of page (the home page, the \
briefing lists, theme pages, briefings, procedure changes, the page left at a withdrawn \
item's address, the page-not-found page, this statement, the privacy notice and search) \
is tested with the axe-core accessibility engine in a web browser, at desktop and phone \
sizes, before each release of the publishing tool. So is every page of signing up for \
email updates, confirming, and changing or stopping them, walked through as a reader does.

**Not checked automatically.** Automated tools find only some problems. They cannot tell \
whether alternative text describes an image well, whether writing is clear for its \
readers, or whether documents we link to on other websites are accessible. Our editors \
check these by hand, and we welcome reports of anything we have missed.

## Preparation of this accessibility statement

""")
    if prepared is not None:
        out.append(f"This statement was prepared on {_day(prepared)}. It was last reviewed on "
                   f"{_day(reviewed)}.\n")
    return "".join(out)
