"""From a plan document in Word to a plan file: ``isoctl import docx``.

:mod:`.safety` decides whether a file may be opened at all (size, zip bomb, encryption, PDF,
text, legacy ``.doc``); :mod:`.docxread` flattens a DOCX body into numbered paragraphs and
tables (text boxes, manual breaks, merged cells, typed and automatic numbering);
:mod:`.reader` places what it read into the fields of a plan and records every guess with the
paragraph or cell it came from; :mod:`.units` names the units; :mod:`.emit` writes the plan
file with its modeline and comments. No typer, no rich.
"""

from __future__ import annotations

from isoctl.importer.reader import ImportResult, NotAPlan, import_docx

__all__ = ["ImportResult", "NotAPlan", "import_docx"]
