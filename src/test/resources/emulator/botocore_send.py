"""Signs one request with botocore's SigV4Auth (an independent SigV4 implementation) and sends it with
http.client, so the emulator can be checked against AWS's own Python signer.

Input on stdin (JSON): url, method, headers (object), body_base64, access_key, secret_key, token (or null),
region, service. Output on stdout (JSON): status, body.
"""
import base64
import http.client
import json
import sys
import urllib.parse

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def main():
    spec = json.load(sys.stdin)
    body = base64.b64decode(spec.get("body_base64") or "")
    request = AWSRequest(method=spec["method"], url=spec["url"], data=body, headers=spec.get("headers") or {})
    credentials = Credentials(spec["access_key"], spec["secret_key"], spec.get("token"))
    SigV4Auth(credentials, spec["service"], spec["region"]).add_auth(request)
    prepared = request.prepare()
    if spec.get("tamper_body"):
        prepared.body = base64.b64decode(spec["tamper_body"])
    url = urllib.parse.urlsplit(prepared.url)
    target = url.path + ("?" + url.query if url.query else "")
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
    connection.putrequest(prepared.method, target, skip_host=True, skip_accept_encoding=True)
    if "Host" not in prepared.headers:
        # botocore signs the host from the URL without adding the header; http.client was told not to add it.
        connection.putheader("Host", url.netloc)
    for name, value in prepared.headers.items():
        connection.putheader(name, value)
    payload = prepared.body or b""
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    if "Content-Length" not in prepared.headers:
        connection.putheader("Content-Length", str(len(payload)))
    connection.endheaders(payload)
    response = connection.getresponse()
    json.dump({"status": response.status, "body": response.read().decode("utf-8", "replace"),
               "target": target}, sys.stdout)


if __name__ == "__main__":
    main()
