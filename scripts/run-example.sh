#!/usr/bin/env bash
# Runs the wishlist → recommendations example on GOCHANNEL_PROVIDER (default memory:, no broker).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -Dstyle.color=never -DskipTests install
mvn -B -q -ntp -Dstyle.color=never -pl camel-gochannel-component exec:java \
  -Dexec.classpathScope=test \
  -Dexec.mainClass=io.gochannel.example.WishlistDemo \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn
