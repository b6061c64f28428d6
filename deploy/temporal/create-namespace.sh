#!/bin/sh
# Creates the delivery namespace with a retention long enough to absorb
# repeated package webhooks, and registers the custom search attributes
# that operators filter deliveries by. Safe to run again.
set -eu

: "${TEMPORAL_ADDRESS:?set TEMPORAL_ADDRESS to the Temporal frontend host:port}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${NAMESPACE_RETENTION:-30d}"

attempts=0
until temporal operator cluster health --address "$TEMPORAL_ADDRESS"; do
  attempts=$((attempts + 1))
  if [ "$attempts" -ge 60 ]; then
    echo "Temporal at $TEMPORAL_ADDRESS is not healthy after 60 attempts" >&2
    exit 1
  fi
  sleep 2
done

temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$NAMESPACE" >/dev/null 2>&1 ||
  temporal operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$NAMESPACE" --retention "$RETENTION"

for attribute in DeliveryId:Keyword PackageId:Keyword IntegrationId:Keyword Portal:Keyword \
  DeliveryStage:Keyword FailureCategory:Keyword FilesTotal:Int FilesFailed:Int; do
  name="${attribute%%:*}"
  type="${attribute##*:}"
  temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" --namespace "$NAMESPACE" \
    --name "$name" --type "$type" 2>/dev/null || echo "search attribute $name exists"
done
echo "namespace $NAMESPACE is ready"
