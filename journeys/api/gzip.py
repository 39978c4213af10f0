"""Accept `Content-Encoding: gzip` request bodies, as the Segment and RudderStack SDKs send them."""
import zlib

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext


class GzipRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("HTTP_CONTENT_ENCODING", "").strip().lower() == "gzip":
            limit = settings.GZIP_MAX_INFLATED_BYTES
            try:
                compressed = request.body
            except RequestDataTooBig:  # Django's DATA_UPLOAD_MAX_MEMORY_SIZE: answer in JSON, naming the body
                return _refused(request, 413, lambda: gettext("body: is larger than the server accepts"))
            try:
                inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                body = inflater.decompress(compressed, limit + 1)
            except zlib.error as exc:
                return _refused(request, 400, lambda: gettext("body is not valid gzip: %(error)s") % {"error": exc})
            if len(body) > limit:
                return _refused(request, 413, lambda: gettext("body inflates past %(limit)s bytes") % {"limit": limit})
            # DRF re-reads request.body once the stream was consumed, so swapping it is enough.
            request._body = body
            request.META["CONTENT_LENGTH"] = str(len(body))
            del request.META["HTTP_CONTENT_ENCODING"]
        return self.get_response(request)



def _refused(request, status: int, say) -> JsonResponse:
    """Before LocaleMiddleware: the message in the caller's language, naming the body."""
    with translation.override(translation.get_language_from_request(request)):
        return JsonResponse({"detail": say(), "field": "body"}, status=status)
