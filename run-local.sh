#!/usr/bin/env sh
# Starts Suture on this machine with nothing but a JDK: the control service on an embedded PostgreSQL (data kept in
# ./data) and a gateway connected to it. Extra arguments go to the runner, e.g. --gateways=2. Ctrl-C stops it all.
set -eu
cd "$(dirname "$0")"
./mvnw -q -B -DskipTests package
exec java -jar local-runner/target/suture-local.jar "$@"
