#!/usr/bin/env bash
# Carepath against the real Keycloak it runs with in production, without Docker: unpacks the
# Keycloak server distribution from Maven Central (the version KeycloakIT tests), starts it on
# 127.0.0.1:8081 in development mode with docker/keycloak/carepath-realm.json imported, then starts
# Carepath (embedded PostgreSQL, demo population) with Keycloak as its token issuer. Ctrl-C stops
# both. Demo secrets below are for this machine only. See docs/operations.md.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' fhir-server/pom.xml)
# Its own copy, apart from the one the tests start and wipe: the realm is imported on the first
# start and kept (secrets and passwords are read then; delete the folder to import it again).
home=fhir-server/target/keycloak-local/keycloak-$version
if [ ! -x "$home/bin/kc.sh" ]; then
  mvn -B -q -pl fhir-server dependency:unpack \
    -Dartifact=org.keycloak:keycloak-quarkus-dist:"$version":tar.gz \
    -DoutputDirectory="$PWD/fhir-server/target/keycloak-local" \
    -DmarkersDirectory="$PWD/fhir-server/target/keycloak-local-markers"
fi
mkdir -p "$home/data/import"
cp docker/keycloak/carepath-realm.json "$home/data/import/"
export CAREPATH_GP_SYSTEM_SECRET=${CAREPATH_GP_SYSTEM_SECRET:-gp-system-local-only}
export CAREPATH_DEMO_PASSWORD=${CAREPATH_DEMO_PASSWORD:-demo-local-only}
export CAREPATH_API_SECRET=${CAREPATH_API_SECRET:-carepath-api-local-only}
log=fhir-server/target/keycloak-local.log
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin-local-only \
  "$home/bin/kc.sh" start-dev --import-realm --http-host=127.0.0.1 --http-port=8081 \
  --http-management-port=9001 --cache=local >"$log" 2>&1 &
keycloak=$!
trap 'kill $keycloak 2>/dev/null; wait $keycloak 2>/dev/null' EXIT
echo "Starting Keycloak on http://127.0.0.1:8081 (log: $log) ..."
for _ in $(seq 1 240); do
  if curl -sf http://127.0.0.1:8081/realms/carepath/.well-known/openid-configuration >/dev/null; then
    break
  fi
  kill -0 $keycloak 2>/dev/null || { echo "Keycloak stopped; see $log" >&2; exit 1; }
  sleep 1
done
curl -sf http://127.0.0.1:8081/realms/carepath/.well-known/openid-configuration >/dev/null \
  || { echo "Keycloak did not start in 4 minutes; see $log" >&2; exit 1; }
export CAREPATH_SECURITY_ISSUER_URI=http://127.0.0.1:8081/realms/carepath
export CAREPATH_SECURITY_AUDIENCE=carepath
export CAREPATH_SECURITY_INTROSPECTION_CLIENT_ID=carepath
export CAREPATH_SECURITY_INTROSPECTION_CLIENT_SECRET=$CAREPATH_API_SECRET
export CAREPATH_SECURITY_ACCEPTED_TOKEN_MEMORY=30s
mvn -B -pl fhir-server -am spring-boot:run
