#!/bin/bash
# LocalStack ready hook: a sample function answering "Hello from lambda!" behind a function URL with AuthType
# AWS_IAM. The _custom_id_ tag fixes the URL id, so the gateway's target is known in advance:
#   http://hello.lambda-url.us-east-1.localhost.localstack.cloud:4566
set -euo pipefail

work=$(mktemp -d)
cat > "$work/index.py" <<'PY'
def handler(event, context):
    return {"statusCode": 200, "headers": {"Content-Type": "text/plain"}, "body": "Hello from lambda!"}
PY
(cd "$work" && python3 -m zipfile -c function.zip index.py)

awslocal iam create-role --role-name hello-role \
  --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}' \
  >/dev/null
awslocal lambda create-function --function-name hello --runtime python3.12 --handler index.handler \
  --zip-file "fileb://$work/function.zip" --role arn:aws:iam::000000000000:role/hello-role \
  --tags _custom_id_=hello >/dev/null
awslocal lambda wait function-active-v2 --function-name hello
awslocal lambda create-function-url-config --function-name hello --auth-type AWS_IAM
echo "function URL ready: http://hello.lambda-url.us-east-1.localhost.localstack.cloud:4566"
