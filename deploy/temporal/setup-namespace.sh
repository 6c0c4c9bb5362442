#!/bin/sh
# One-shot (temporalio/admin-tools in docker-compose.yml; the embedded cluster engine runs the same
# script with the project's Temporal CLI), after the server is healthy: creates the service's namespace
# with its retention and registers the custom search attributes the case workflows set.
set -eu
NS="${TEMPORAL_NAMESPACE:?TEMPORAL_NAMESPACE must be set}"
RETENTION="${NAMESPACE_RETENTION:-30d}"
ADDR="${TEMPORAL_ADDRESS:-temporal:7233}"

until temporal operator cluster health --address "$ADDR" >/dev/null 2>&1; do echo "waiting for Temporal at $ADDR"; sleep 2; done

if temporal operator namespace describe --address "$ADDR" -n "$NS" >/dev/null 2>&1; then
  temporal operator namespace update --address "$ADDR" -n "$NS" --retention "$RETENTION"
else
  temporal operator namespace create --address "$ADDR" -n "$NS" --retention "$RETENTION"
fi

# SEARCH_ATTRIBUTES: "Name=Type Name=Type …" (kept equal to scripts/stack/index.ts by a unit test).
# A namespace just created reaches the services' namespace caches within seconds; until then it is "not found".
tries=0
until existing="$(temporal operator search-attribute list --address "$ADDR" -n "$NS" 2>&1)"; do
  tries=$((tries + 1))
  if [ "$tries" -ge 30 ]; then echo "$existing" >&2; exit 1; fi
  echo "waiting for namespace $NS to be served"; sleep 1
done
for pair in $SEARCH_ATTRIBUTES; do
  name="${pair%%=*}"
  type="${pair##*=}"
  if printf '%s\n' "$existing" | grep -qw "$name"; then
    echo "search attribute $name exists"
  else
    temporal operator search-attribute create --address "$ADDR" -n "$NS" --name "$name" --type "$type"
  fi
done
echo "namespace $NS ready"
