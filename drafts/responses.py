"""File responses shared by the pages and the API."""

from urllib.parse import quote

from django.http import HttpResponse


def attachment(filename: str, fallback: str = "") -> str:
    """Return a Content-Disposition that names the file in full for clients
    reading RFC 6266 filename*, and in ASCII for the rest."""
    ascii_name = (fallback or filename).encode("ascii", "ignore").decode()
    ascii_name = ascii_name.replace('"', "").replace("\\", "").strip() or "download"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def file_response(served) -> HttpResponse:
    """Return *served* (an exports.ExportFile) as a download."""
    response = HttpResponse(served.data, content_type=served.content_type)
    response["Content-Disposition"] = attachment(served.filename, served.ascii_filename)
    response["X-Content-SHA256"] = served.sha256
    return response
