"""The one family of errors Cascade raises for things a user can fix.

The CLI turns a CascadeError into a clean message and an exit code; anything
else is a bug and is allowed to show its traceback.
"""


class CascadeError(Exception):
    """A problem the user can fix; `exit_code` follows docs/design.md (1 content, 2 usage/config)."""

    exit_code = 1


class ConfigError(CascadeError):
    """The configuration (cascade.yml, mkdocs.yml, environment) is invalid."""

    exit_code = 2

    def __init__(self, problems):
        if isinstance(problems, str):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class BuildError(CascadeError):
    """The site engine failed; the previous site/ was left as it was."""


class BusyError(CascadeError):
    """Another Cascade process holds the lock this command needs."""

    exit_code = 1


class LogIntegrityError(CascadeError):
    """The dissemination log's hash chain is broken; nothing was appended."""


class TransportDown(CascadeError):
    """The mail service cannot be reached; what was not sent waits in the ledger."""


class UsageError(CascadeError):
    """A command was given a value it cannot use; nothing was written."""

    exit_code = 2


class FileProblem(CascadeError):
    """A file or folder Cascade keeps (the state database, the log, site/, the settings)
    is missing, damaged, of the wrong kind, unreadable or read-only."""

    exit_code = 2


class StateError(FileProblem):
    """The state database cannot be used as it is; nothing was changed."""

    exit_code = 2
