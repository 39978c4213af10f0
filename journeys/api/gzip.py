"""Accept `Content-Encoding: gzip` request bodies, as the Segment and RudderStack SDKs send them."""
import zlib

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse


class GzipRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.META.get("HTTP_CONTENT_ENCODING", "").strip().lower() == "gzip":
            limit = settings.GZIP_MAX_INFLATED_BYTES
            try:
                compressed = request.body
            except RequestDataTooBig:  # Django's DATA_UPLOAD_MAX_MEMORY_SIZE: answer in JSON, naming the body
                return JsonResponse({"detail": "body: is larger than the server accepts", "field": "body"}, status=413)
            try:
                inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                body = inflater.decompress(compressed, limit + 1)
            except zlib.error as exc:
                return JsonResponse({"detail": f"body is not valid gzip: {exc}", "field": "body"}, status=400)
            if len(body) > limit:
                return JsonResponse({"detail": f"body inflates past {limit} bytes", "field": "body"}, status=413)
            # DRF re-reads request.body once the stream was consumed, so swapping it is enough.
            request._body = body
            request.META["CONTENT_LENGTH"] = str(len(body))
            del request.META["HTTP_CONTENT_ENCODING"]
        return self.get_response(request)

