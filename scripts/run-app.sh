#!/usr/bin/env bash
# Builds the routing app when its sources changed, then runs it from the repository root: the routes
# of routes/ and config/application.properties, on the embedded memory: broker unless
# GOCHANNEL_PROVIDER (or config/) says otherwise. HTTP on 8080 (GOCHANNEL_HTTP_PORT). Ctrl-C or
# SIGTERM stops it gracefully.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=routing-app/target/gochannel-routing-app.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml gochannel-bom camel-gochannel-component providers routing-app routes config \
    -path '*/target' -prune -o -newer "$jar" -type f -print -quit)" ]; then
  echo "[run-app.sh] building the routing app (mvn package)..." >&2
  mvn -B -ntp -q -DskipTests package -pl routing-app -am
fi
exec java -jar "$jar" "$@"
