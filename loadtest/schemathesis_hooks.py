"""schemathesis hooks of loadtest/schemathesis.sh: the text media types the API takes that
schemathesis has no serializer for (JSON Lines feeds, PAXLST manifests) go as plain text."""

import schemathesis

schemathesis.serializer.alias(["application/x-ndjson", "application/edifact"], "text/plain")
