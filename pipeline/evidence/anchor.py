"""The log's anchors outside the CSV: a keyed MAC for every row, and the published head.

The SHA-256 chain in the CSV shows that rows were not changed one at a time, but
anyone who knows the scheme can recompute it, and the copy of the newest entry kept
in the state database is as easy to edit or delete. Two anchors are out of their reach:

- **A MAC per row.** Each row's MAC is HMAC-SHA256, keyed by `CASCADE_LOG_KEY` from
  the environment, over its entry id and `row_hash`. Since `row_hash` covers every
  row before it, the MAC of entry N vouches for entries 1 to N. Without the key no
  one can add, rewrite or re-chain a row and give it a MAC that `verify` accepts.
- **The published head.** Every build and every run write `log-head.json` into the
  site: the entry count and the newest `row_hash`. A copy kept by anyone who read
  the site is out of reach of whoever controls the server;
  `cascade log verify --against URL-or-FILE` checks the log still holds that entry.

The MACs live in a sidecar file next to the log, `dissemination_log.csv.mac` (a
header naming the key by a fingerprint, then `entry_id mac` lines). Not in the CSV,
whose 15 columns are fixed; not in the state database, because that is the file an
editor deletes or rebuilds, and it holds subscribers' addresses, so it cannot be
handed to an inspector with the log. The log and its MAC file travel and are backed
up together. The MACs are written before the rows they vouch for, so a run killed
between the two leaves MACs for rows that never landed (the state database's head
then still marks the log's end; the next append drops them), never rows without MACs.

The key is its own, not the link-signing key (`CASCADE_SIGNING_KEY`): a trial project
without that variable keeps a signing key in the state database, which is where the
log's key must never be; the signing key is replaced when it leaks, retiring every
unsubscribe link, while the log's key must check the log for as long as it is kept;
and whoever checks the log (an auditor with a copy) needs its key without gaining the
power to change anyone's subscription.

A log written before the key was set has no MAC file. It is verified by its chain
alone (and the state database's head) until the first append with the key, which
MACs its newest entry: that MAC vouches for every older row through the chain, and
every later row gets its own. From then on the state database records that the log
is keyed, and an append without the key is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.exceptions import ConfigError, UsageError

KEY_VARIABLE = "CASCADE_LOG_KEY"
MIN_KEY_LENGTH = 16
MAGIC = "cascade-log-mac v1"
KEYED_FROM = "log_keyed_from"          # state meta: the entry the first MAC was made for
HEAD_FILE = "log-head.json"
BLOCK = 64                              # SHA-256's block size, for HMAC
MAX_HEAD_BYTES = 64 * 1024


def log_key() -> bytes | None:
    """The key from the environment (None: the log is not keyed)."""
    value = os.environ.get(KEY_VARIABLE, "")
    if not value:
        return None
    if len(value) < MIN_KEY_LENGTH:
        raise ConfigError(f"{KEY_VARIABLE}: expected a secret of at least {MIN_KEY_LENGTH} "
                          "characters, got a shorter one")
    return value.encode("utf-8")


def missing_key(log: Path) -> ConfigError:
    return ConfigError(
        f"{KEY_VARIABLE}: expected the key {log.name} is keyed with, got nothing; set it in "
        "the environment of every command that writes or verifies the log (it is kept with "
        "the other secrets)")


def mac_path(log: Path) -> Path:
    return log.with_name(log.name + ".mac")


def key_id(key: bytes) -> str:
    """A fingerprint that tells keys apart without revealing them."""
    return hmac.new(key, b"cascade log key id", hashlib.sha256).hexdigest()[:16]


class RowMac:
    """HMAC-SHA256 (RFC 2104) of `entry \x1f row_hash`, with the key's two pads hashed
    once: hmac.new for every row of a big log costs three times its SHA-256 chain."""

    def __init__(self, key: bytes):
        if len(key) > BLOCK:
            key = hashlib.sha256(key).digest()
        key = key.ljust(BLOCK, b"\0")
        self.inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
        self.outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def __call__(self, entry: int, row_hash: str) -> str:
        inner = self.inner.copy()
        inner.update(f"{entry}\x1f{row_hash}".encode("ascii", "replace"))
        outer = self.outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()


def row_mac(key: bytes, entry: int, row_hash: str) -> str:
    return RowMac(key)(entry, row_hash)


def header(key: bytes) -> str:
    return f"{MAGIC} key-id={key_id(key)}\n"


@dataclass
class Macs:
    """The MAC file: which key, the first entry with a MAC, the MACs in entry order."""

    key_id: str
    first: int = 0
    macs: list = field(default_factory=list)
    offsets: list = field(default_factory=list)   # byte offset of each MAC's line

    @property
    def last(self) -> int:
        return self.first + len(self.macs) - 1 if self.macs else 0


class MacFileError(Exception):
    """The MAC file cannot be read; the message names its line."""


def read_macs(log: Path) -> Macs | None:
    """The log's MAC file, or None when there is none."""
    path = mac_path(log)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise MacFileError(f"{path.name}: it is not the MAC file Cascade writes") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    first = lines[0].split(" key-id=") if lines else []
    if len(first) != 2 or first[0] != MAGIC:
        raise MacFileError(f"{path.name}: line 1: it is not the MAC file Cascade writes")
    macs, offset = Macs(first[1]), len(lines[0]) + 1
    for number, line in enumerate(lines[1:], start=2):
        parts = line.split(" ")
        if len(parts) != 2 or not parts[0].isascii() or not parts[0].isdigit() \
                or len(parts[1]) != 64:
            raise MacFileError(f"{path.name}: line {number}: not an `entry mac` line")
        entry = int(parts[0])
        if macs.macs and entry != macs.last + 1:
            raise MacFileError(f"{path.name}: line {number}: entry {entry} should be entry "
                               f"{macs.last + 1}: a MAC was deleted, copied or moved")
        if not macs.macs:
            macs.first = entry
        macs.macs.append(parts[1])
        macs.offsets.append(offset)
        offset += len(line) + 1
    return macs


@dataclass
class Anchor:
    """What an append needs to know about the MACs: the key, and what to fix first."""

    key: bytes | None
    macs: Macs | None
    adopt: int = 0            # MAC this existing entry first (a log written before the key)
    drop_from: int | None = None   # byte offset of MACs for rows that never landed


def check(log: Path, hashes: list, key: bytes | None, keyed_from: str | None,
          head_id: int | None, strict: bool) -> tuple[Anchor, str | None]:
    """Compare the rows' hashes with their MACs.

    `hashes` holds (line, row_hash) per entry, in order; `keyed_from` and `head_id`
    come from the state database. Returns what an append must do first, and the first
    problem (None: every row has its MAC). Without the key, a keyed log raises
    ConfigError when `strict` and is otherwise left unchecked.
    """
    try:
        macs = read_macs(log)
    except MacFileError as exc:
        return Anchor(key, None), str(exc)
    anchor = Anchor(key, macs)
    name, count = mac_path(log).name, len(hashes)
    if key is None:
        if (macs is not None or keyed_from) and strict:
            raise missing_key(log)
        return anchor, None
    if macs is None:
        if keyed_from:
            return anchor, (f"{name} is missing, but the log has been keyed since entry "
                            f"{keyed_from}: it was removed")
        if count:
            anchor.adopt = count
        return anchor, None
    if macs.key_id != key_id(key):
        return anchor, (f"{name}: the MACs were made with another key: {KEY_VARIABLE} is not "
                        "the key this log was written with, or the MAC file was replaced")
    if macs.macs and macs.first > count + 1:
        return anchor, (f"the log ends at entry {count} but {name} starts at entry "
                        f"{macs.first}: rows were removed from the end")
    expected = RowMac(key)
    for index, mac in enumerate(macs.macs):
        entry = macs.first + index
        if entry > count:
            break
        line, row_hash = hashes[entry - 1]
        if not hmac.compare_digest(mac, expected(entry, row_hash)):
            who = "it, or an entry before it," if index == 0 and entry > 1 else "it"
            return anchor, (f"line {line}: entry {entry} does not match its MAC ({name} "
                            f"line {index + 2}): {who} was rewritten with a recomputed hash")
    if macs.last > count:
        # MACs are written before their rows: a run killed in between leaves MACs for
        # rows that never landed, and the state's head still marks the log's end.
        if head_id != count:
            return anchor, (f"{name} has MACs for entries {count + 1} to {macs.last}, which "
                            "are not in the log: rows were removed from the end")
        anchor.drop_from = macs.offsets[count - macs.first + 1]
    elif count and (not macs.macs or macs.last < count):
        entry = macs.last + 1 if macs.macs else 1
        line = hashes[entry - 1][0]
        return anchor, (f"line {line}: entry {entry} has no MAC in {name}: it was added by "
                        f"hand with a recomputed hash, or by a command run without "
                        f"{KEY_VARIABLE}")
    return anchor, None


def mac_lines(anchor: Anchor, rows: list[tuple[int, str]]) -> str:
    """The MAC file text to append for (entry, row_hash) pairs, the header if it is new."""
    if anchor.key is None:
        return ""
    text = "" if anchor.macs is not None else header(anchor.key)
    mac = RowMac(anchor.key)
    return text + "".join(f"{entry} {mac(entry, row_hash)}\n" for entry, row_hash in rows)


def write_macs(log: Path, anchor: Anchor, text: str) -> None:
    """Drop MACs of rows that never landed, then append `text`, in one write, with fsync."""
    path = mac_path(log)
    if anchor.drop_from is not None:
        os.truncate(path, anchor.drop_from)
    if not text:
        return
    with open(path, "a", encoding="ascii", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


# The published head ---------------------------------------------------------------


def head_json(log: Path, head: str | None, keyed: bool) -> str:
    """log-head.json for the state's head record `entries:row_hash`."""
    entries, _sep, row_hash = (head or "0:").partition(":")
    data = {"log": log.name, "entries": int(entries), "row_hash": row_hash, "keyed": keyed}
    return json.dumps(data, indent=2) + "\n"


def publish_head(site_dir: Path, text: str) -> None:
    """Replace log-head.json in the live site in one step (the site must exist)."""
    if not site_dir.is_dir():
        return
    target = site_dir / HEAD_FILE
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return
    # Written beside the site, not in it, so a crash never leaves a stray file online.
    temporary = site_dir.parent / f".{site_dir.name}-{HEAD_FILE}.tmp"
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)


def load_head(source: str, timeout: float = 30) -> dict:
    """A published head from a URL or a file; UsageError if it cannot be read."""
    if source.startswith(("https://", "http://")):
        import requests  # only this command fetches

        try:
            response = requests.get(source, timeout=timeout, stream=True)
            data = response.raw.read(MAX_HEAD_BYTES + 1, decode_content=True)
        except requests.RequestException as exc:
            raise UsageError(f"{source}: cannot fetch the published head "
                             f"({type(exc).__name__})") from None
        if response.status_code != 200:
            raise UsageError(f"{source}: cannot fetch the published head (HTTP "
                             f"{response.status_code})")
    else:
        try:
            data = Path(source).read_bytes()[:MAX_HEAD_BYTES + 1]
        except OSError as exc:
            raise UsageError(f"{source}: cannot read the published head "
                             f"({exc.strerror})") from None
    try:
        head = json.loads(data[:MAX_HEAD_BYTES].decode("utf-8"))
        entries, row_hash = head["entries"], head["row_hash"]
        valid = isinstance(entries, int) and entries >= 0 and isinstance(row_hash, str) \
            and (entries == 0 or len(row_hash) == 64)
    except (ValueError, TypeError, KeyError):
        valid = False
    if not valid or len(data) > MAX_HEAD_BYTES:
        raise UsageError(f"{source}: not a published log head (expected the {HEAD_FILE} "
                         "a Cascade site publishes, with entries and row_hash)")
    return head


def compare_head(hashes: list, head: dict, source: str) -> str | None:
    """Does the log still hold the entry the published head names?"""
    entries, row_hash, count = head["entries"], head["row_hash"], len(hashes)
    if entries > count:
        return (f"the log ends at entry {count} but {source} published entry {entries}: "
                "rows were removed from the end, or the log was started again")
    if entries and hashes[entries - 1][1] != row_hash:
        return (f"line {hashes[entries - 1][0]}: entry {entries} is not the entry {source} "
                f"published (row_hash {row_hash[:12]}...): the log was rewritten")
    return None
