"""Prints botocore's SigV4 canonical query string for decoded query parameters (AWS's own Python signer, which
encodes each key and value itself: a space as %20, a plus as %2B).

Input on stdin (JSON): a list of [key, value] pairs, decoded. Output on stdout: the canonical query string.
"""
import json
import sys

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def main():
    pairs = [(key, value) for key, value in json.load(sys.stdin)]
    request = AWSRequest(method="GET", url="https://example.amazonaws.com/", params=pairs)
    signer = SigV4Auth(Credentials("AKIDEXAMPLE", "unused"), "lambda", "us-east-1")
    sys.stdout.write(signer.canonical_query_string(request))


if __name__ == "__main__":
    main()
