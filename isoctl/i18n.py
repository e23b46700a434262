"""Messages in English and Vietnamese.

Every user-facing message is written as a pair at the place it is raised:
``tr("unknown unit {id!r}", "đơn vị {id!r} chưa được khai báo", id=...)``.
The language is chosen once per run (``--lang``, else ``LANG``/``LC_ALL``).
"""

from __future__ import annotations

import os
import unicodedata

LANGUAGES = ("en", "vi")
_lang: str | None = None


def detect_lang(environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"


def set_lang(lang: str | None) -> None:
    global _lang
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(lang)
    _lang = lang


def choose(option: str | None, config: str | None = None) -> str:
    """Set the run's language, the one place it is chosen: ``--lang`` (or ISOCTL_LANG, read with
    it), else the configuration's ``lang``, else LANG/LC_ALL. Returns it, for worker processes."""
    set_lang(option if option in LANGUAGES else config if config in LANGUAGES else None)
    return get_lang()


def get_lang() -> str:
    return _lang or detect_lang()


def nfc(text: str | None) -> str:
    """``text`` in NFC (composed) form, the one form isoctl compares and writes; None is ''."""
    return unicodedata.normalize("NFC", text or "")


def tr(en: str, vi: str, /, **kwargs: object) -> str:
    """Pick the message for the current language and fill in ``kwargs``."""
    text = vi if get_lang() == "vi" else en
    if kwargs:
        text = text.format(**kwargs)
    return unicodedata.normalize("NFC", text)
