"""The one language setting shared by tables and charts."""

from __future__ import annotations

import os

LANGS = ("en", "zh")


def _from_environment() -> str:
    value = os.environ.get("FUZHOU_DATA_LANG")
    if value is None or value == "":
        return "en"
    if value not in LANGS:
        raise ValueError(f"the environment variable FUZHOU_DATA_LANG must be 'en' or 'zh', got {value!r}")
    return value


_lang = _from_environment()


def check_lang(lang: str | None) -> str:
    """Return `lang`, or the current setting when it is None; reject anything but 'en' or 'zh'."""
    if lang is None:
        return _lang
    if lang not in LANGS:
        raise ValueError(f"lang must be 'en' or 'zh', got {lang!r}")
    return lang


def set_lang(lang: str) -> None:
    """Set the language of labels in every table and chart ('en' or 'zh').

    Each table or chart reads the setting once, when it starts, so a call never mixes languages.

    >>> import fuzhou_data as fd
    >>> fd.set_lang("zh"); fd.get_lang()
    'zh'
    >>> fd.set_lang("en")
    """
    global _lang
    if lang is None:
        raise ValueError("lang must be 'en' or 'zh', got None")
    _lang = check_lang(lang)


def get_lang() -> str:
    """Return the current label language, 'en' (the default) or 'zh'.

    The environment variable FUZHOU_DATA_LANG ('en' or 'zh') sets the starting value.
    """
    return _lang
