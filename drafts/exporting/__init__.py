"""Speeches as files for Word, WPS and LibreOffice; pure, no Django.

revision_docx lays one text out as an official document; comparison_docx
writes a comparison with every change tracked. Both take plain values and
return the bytes of a .docx.
"""

from .official import revision_docx
from .ooxml import DOCX_CONTENT_TYPE, DocumentInfo
from .tracked import comparison_docx

__all__ = ["DOCX_CONTENT_TYPE", "DocumentInfo", "comparison_docx", "revision_docx"]
