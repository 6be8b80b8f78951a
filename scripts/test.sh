#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what is missing, starts what the tests need, runs Maven.
# Provider tests run against real brokers; each provider issue adds its broker to ensure_services.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[test.sh] %s\n' "$*"; }

# Installs Debian packages (apt-get starts no services here).
apt_install() {
  log "installing $* from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_build_tools() {
  if command -v java >/dev/null && command -v mvn >/dev/null; then
    return
  fi
  apt_install openjdk-17-jdk-headless maven
}

ensure_services() {
  # The Kafka tests start KRaft broker processes of their own (a shared one for the test JVM, private
  # ones to kill and restart): only the broker's class path is needed, fetched from Maven Central.
  scripts/fetch-kafka-broker.sh
  # The routing app's end-to-end test runs the packaged jar against such a Kafka broker process too.
  # The camel: provider's MQTT test starts a private Mosquitto of its own (never the shared one on
  # 1883): only the binary is needed. The sqs:// and sns:// tests run against the SQS/SNS emulator
  # fauxqs on 4566 (installed from npm on first use).
  scripts/start-fauxqs.sh 4566
  ensure_rabbitmq
  ensure_redis
  ensure_postgresql
  if ! command -v mosquitto >/dev/null && [ ! -x /usr/sbin/mosquitto ]; then
    apt_install mosquitto
  fi
  # The console's browser test (ConsoleIT) drives Debian's Chromium with playwright-core from npm.
  scripts/install-browser.sh
}

# RabbitMQ on 5672 (guest/guest) for the amqp:// tests; they also start private nodes of their own
# (on other ports) to stop, restart and reconfigure, so the binaries must be there too.
ensure_rabbitmq() {
  if ! command -v rabbitmq-server >/dev/null && [ ! -x /usr/sbin/rabbitmq-server ]; then
    apt_install rabbitmq-server
  fi
  if rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1; then
    return
  fi
  log "starting RabbitMQ"
  rabbitmq-server -detached >/dev/null 2>&1 || true
  for _ in $(seq 1 60); do
    if rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1; then
      log "RabbitMQ is up on 5672"
      return
    fi
    sleep 1
  done
  log "RabbitMQ did not come up on 5672 within 60 s"
  exit 1
}

# Redis on 6379 (keeping nothing on disk, as on the machines the tests run on) for the redis:// tests;
# they also start private redis-servers of their own (with TLS, on other ports) to kill and restart,
# so the binary must be there too (Debian's is built with TLS).
ensure_redis() {
  if ! command -v redis-server >/dev/null; then
    apt_install redis-server
  fi
  if redis-cli -p 6379 ping 2>/dev/null | grep -q PONG; then
    return
  fi
  log "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis \
    --logfile /var/log/redis/ci.log >/dev/null
  for _ in $(seq 1 50); do
    if redis-cli -p 6379 ping 2>/dev/null | grep -q PONG; then
      log "Redis is up on 6379"
      return
    fi
    sleep 0.2
  done
  log "Redis did not come up on 6379 within 10 s"
  exit 1
}

# PostgreSQL on 5432 with trust authentication on 127.0.0.1 and a database "test" for the postgresql://
# tests; they also create private clusters of their own (initdb, pg_ctl, on other ports) to crash and
# restart, so the binaries must be there too.
ensure_postgresql() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    apt_install postgresql
    # Debian's cluster asks for passwords on TCP; the tests connect as postgres without one.
    for hba in /etc/postgresql/*/main/pg_hba.conf; do
      printf 'host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n' | cat - "$hba" > "$hba.new"
      mv "$hba.new" "$hba"
      chown postgres:postgres "$hba"
    done
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
    for _ in $(seq 1 50); do
      pg_isready -q -h 127.0.0.1 -p 5432 && break
      sleep 0.2
    done
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    log "PostgreSQL did not come up on 5432 within 10 s"
    exit 1
  fi
  if [ "$(psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" postgres)" != "1" ]; then
    log "creating database test"
    psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE test" postgres
  fi
  log "PostgreSQL is up on 5432"
}

# docker-compose.yml must stay valid for docker-compose 1.29 (Debian's), though no Docker engine runs here.
validate_compose_file() {
  if ! command -v docker-compose >/dev/null; then
    apt_install docker-compose
  fi
  docker-compose -f docker-compose.yml config -q
  # The app's image is the one Jib builds for this version (routing-app's gochannel.image).
  local version
  version=$(sed -n '/<artifactId>gochannel-parent<\/artifactId>/{n;s/.*<version>\(.*\)<\/version>.*/\1/p;q}' pom.xml)
  if ! grep -q "image: gochannel/routing-app:$version\$" docker-compose.yml; then
    log "docker-compose.yml must run the image Jib builds, gochannel/routing-app:$version"
    exit 1
  fi
  log "docker-compose.yml is valid ($(docker-compose version --short)) and runs gochannel/routing-app:$version"
}

# The container test (routing-app's ContainerImageIT) runs the image Jib builds under podman, on a JRE base made
# from Debian's packages (no public registry is reachable here): built once per machine, then reused.
ensure_container_base() {
  base_image_tar=$(scripts/build-test-base-image.sh | tail -1)
  log "container base image: $base_image_tar"
}

ensure_build_tools
ensure_services
validate_compose_file
# deploy/kubernetes against the Kubernetes and KEDA schemas, offline (and its validator's self-test).
scripts/validate-kubernetes.sh
ensure_container_base
log "java: $(java -version 2>&1 | head -1); maven: $(mvn -v 2>/dev/null | head -1)"
# install, not only verify: the acceptance application below takes the artifacts from the local repository.
mvn -B -ntp -Dstyle.color=never install -Dgochannel.image.test.base="$base_image_tar" "$@"
# A Spring Boot application as users build one (Boot's parent, gochannel's BOM, the starter, provider modules), on
# what was just installed. Not a module of the build: Maven 3 cannot import a BOM built in the same reactor.
log "acceptance: a Spring Boot application on the installed BOM, starter and provider modules"
# Arguments given to this script went to the build above only (-pl, -Dtest name its modules and tests).
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1) # the parent's own, first in its POM
exec mvn -B -ntp -Dstyle.color=never -f acceptance/spring-boot-app/pom.xml verify -Dgochannel.version="$version"
