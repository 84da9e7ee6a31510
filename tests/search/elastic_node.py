"""A transport node for talking to osmem-server in tests.

osmem answers 406 to the client's versioned media type and does not send Elasticsearch's
product header, so this node asks for plain JSON and marks the answer as Elasticsearch's.
Production never needs it: the client factory passes CLIENT_OPTIONS through from settings.
"""

from elastic_transport import Urllib3HttpNode

PLAIN_JSON = "application/json"


class PlainJsonNode(Urllib3HttpNode):
    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        headers = headers.copy() if headers is not None else None
        if headers is not None:
            for name in ("content-type", "accept"):
                if name in headers:
                    headers[name] = PLAIN_JSON
        response = super().perform_request(method, target, body=body, headers=headers, **kwargs)
        response.meta.headers["x-elastic-product"] = "Elasticsearch"
        return response
