"""A download: a source's export streamed in the format asked for (``reports.exporters``)."""

from django.http import Http404, StreamingHttpResponse

from .exporters import UnknownFormat, exporter_for


def download(source, format):
    """Stream ``source`` rendered in ``format``; 404 when no exporter renders it so."""
    try:
        exporter = exporter_for(source, format)
    except UnknownFormat:
        raise Http404("No such download.") from None
    response = StreamingHttpResponse(exporter.chunks(source), content_type=exporter.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exporter.filename(source)}"'
    return response
