#!/usr/bin/env sh
# Starts Suture on this machine with nothing but a JDK: the control service on an embedded PostgreSQL (data kept in
# ./data), two gateways connected to it, and the demo upstreams (orders and inventory, three instances each).
# Extra arguments go to the runner: --gateways=N, --demo (the scripted walkthrough), and the rest in
# docs/configuration.md. Ctrl-C stops it all.
set -eu
cd "$(dirname "$0")"
./mvnw -q -B -DskipTests package
exec java -jar local-runner/target/suture-local-exec.jar "$@"
