"""A Sphinx project's ``bizterms_*`` settings, read from its ``conf.py`` without Sphinx."""

from __future__ import annotations

import os
import re


def conf_line(confdir: str | os.PathLike[str], name: str) -> tuple[str, int] | None:
    """``conf.py`` and the line where ``name`` is set, else None (not set there)."""
    conf_py = os.path.join(confdir, "conf.py")
    try:
        with open(conf_py, encoding="utf-8") as stream:
            text = stream.read()
    except (OSError, UnicodeDecodeError):
        return None
    found = re.search(rf"^[ \t]*{re.escape(name)}[ \t]*(:[^=\n]*)?=(?!=)", text, re.MULTILINE)
    return (conf_py, text.count("\n", 0, found.start()) + 1) if found else None
