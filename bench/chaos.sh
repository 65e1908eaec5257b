#!/usr/bin/env bash
# The chaos test (e2e-tests' chaos.ChaosE2ETest) as the long run before a release: MESSAGES tagged messages at
# RATE/s over SMTP (ports 25 and 587, local accounts and a remote domain routed to Postfix's smtp-sink) while a
# random part (delivery-service, mailbox-store, smtp-ingress, imap-pop-gateway, PostgreSQL, the broker) is
# SIGKILLed every 10-30 s and restarted by the local stack's supervisor. Fails on any lost or duplicated message,
# anything stored without a 250, a reused UID, or a queue that does not drain within DRAIN seconds.
# Starts its own stack (port offset 20000, data in e2e-tests/target/e2e-data); the report with recovery times per
# fault is printed and kept in e2e-tests/target/chaos-report-*.txt.
#
#   bash bench/chaos.sh [MESSAGES, default 20000] [RATE, default 20]
#   env: KILLS=random|sequence (default random), DRAIN=seconds (default 600), MVN (default ./mvnw -B -o),
#        SERVICE_SETTINGS=k=v,k=v for mailbox-store and delivery-service (e.g. mail.db.synchronous-commit=off)
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${1:-20000}
RATE=${2:-20}
# The services' jars are what the stack runs, so they are (re)built with the test.
${MVN:-./mvnw -B -o} package \
    -pl smtp-ingress,delivery-service,mailbox-store,imap-pop-gateway,admin-api,e2e-tests -am \
    -Dtest=ChaosE2ETest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dchaos.messages="$MESSAGES" -Dchaos.rate="$RATE" -Dchaos.kills="${KILLS:-random}" \
    -Dchaos.drain-seconds="${DRAIN:-600}" -Dchaos.service-settings="${SERVICE_SETTINGS:-}"
ls -t e2e-tests/target/chaos-report-*.txt | head -1 | xargs cat
