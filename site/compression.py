"""gzip for text responses, so the app is compressed with or without a proxy in front.

An `after_request` hook registered first, so it runs last (after CORS and security
headers). It compresses a response when the client accepts gzip, the type is text-like,
the body is at least `MIN_SIZE` bytes and nothing else already encoded it. Files sent from
disk (static files, images: `direct_passthrough`), streamed bodies, partial content (206)
and HEAD requests are left alone. A strong ETag becomes weak (`W/"…"`): the compressed
bytes differ from the plain ones, and `If-None-Match` compares weakly, so 304s still work.
Brotli was not added: no maintained package is a dependency today, and gzip already brings
the widget's first answer to ~14 KB (benchmarks/widget_budget.py).
"""

from __future__ import annotations

import gzip

from flask import Flask, Request, Response, request

MIN_SIZE = 1024
LEVEL = 6  # zlib's default: within a few per cent of 9 on JSON and HTML, at a third the time
TYPES = frozenset({
    "text/html", "application/json", "text/javascript", "application/javascript",
    "text/css", "image/svg+xml", "text/xml", "application/xml", "text/plain",
})


def accepts_gzip(req: Request) -> bool:
    """True if the request's Accept-Encoding allows gzip (q > 0, by name or by `*`)."""
    return req.accept_encodings.quality("gzip") > 0


def weak(response: Response) -> None:
    """Turn a strong ETag into a weak one (the encoded bytes are not the plain ones)."""
    etag, is_weak = response.get_etag()
    if etag and not is_weak:
        response.set_etag(etag, weak=True)


def compress(response: Response) -> Response:
    """gzip `response` in place when the request and the response allow it."""
    if response.mimetype not in TYPES:
        return response
    response.vary.add("Accept-Encoding")
    if (request.method == "HEAD" or response.direct_passthrough or response.is_streamed
            or "Content-Encoding" in response.headers or not accepts_gzip(request)):
        return response
    if response.status_code == 304:
        weak(response)  # the same validator as the 200 it stands for
        return response
    if response.status_code in (204, 206) or 300 <= response.status_code < 400:
        return response  # partial content keeps its byte ranges; redirects carry no page
    body = response.get_data()
    if len(body) < MIN_SIZE:
        return response
    response.set_data(gzip.compress(body, compresslevel=LEVEL, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    weak(response)
    return response


def init_app(app: Flask) -> None:
    """Register the hook; call before any other `after_request` so it runs last."""
    app.after_request(compress)
