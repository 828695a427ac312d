"""One error hierarchy; every message names the file (or option) and the cause.

Exit statuses of the CLI: 0 success, 1 the graph does not conform to the shapes,
2 input, usage or output error (see README, "Errors and exit statuses").
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_ERROR = 2
# A Ctrl-C that came while a build moved its new exports into place: they are moved all the
# same (kg.exporters.writer), and the message says so instead of "untouched".
PUBLISHED = "the new exports were being published: they are complete"


class KgError(Exception):
    """Base class of the errors kg reports to users as one line."""

    exit_status = EXIT_ERROR


class InputError(KgError):
    """An input file or folder cannot be used (missing, unreadable, binary, undecodable)."""


class ConfigError(KgError):
    """Reference data or configuration is malformed (for example a gazetteer YAML)."""


class OutputError(KgError):
    """An output cannot be written (folder not writable, locked by another build)."""


class ValidationFailed(KgError):
    """The graph does not conform to the SHACL shapes."""

    exit_status = EXIT_INVALID
