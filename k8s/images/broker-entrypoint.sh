#!/bin/sh
# Dev ActiveMQ Artemis: on first start create the broker instance (login required: ARTEMIS_USER/ARTEMIS_PASSWORD,
# AMQP and Core on every interface, the platform's queue mail-inbound as anycast), then run it in the foreground.
set -eu
INSTANCE=${ARTEMIS_INSTANCE:-/var/lib/artemis-instance}
if [ ! -f "$INSTANCE/etc/broker.xml" ]; then
    /opt/artemis/bin/artemis create "$INSTANCE" --silent --force \
        --user "${ARTEMIS_USER:?ARTEMIS_USER is required}" --password "${ARTEMIS_PASSWORD:?ARTEMIS_PASSWORD is required}" \
        --require-login --host 0.0.0.0 --no-web --no-autotune \
        --no-mqtt-acceptor --no-stomp-acceptor --no-hornetq-acceptor \
        --queues mail-inbound:anycast >/dev/null
    # As the platform's embedded broker (test-support EmbeddedBroker): mail never goes to a dead-letter queue,
    # it is redelivered forever, one second apart (the default: 10 attempts, then DLQ).
    sed -i 's|<redelivery-delay>0</redelivery-delay>|<redelivery-delay>1000</redelivery-delay><max-delivery-attempts>-1</max-delivery-attempts>|' \
        "$INSTANCE/etc/broker.xml"
    grep -q '<max-delivery-attempts>-1</max-delivery-attempts>' "$INSTANCE/etc/broker.xml" \
        || { echo "broker.xml has no <redelivery-delay>0</redelivery-delay> to amend" >&2; exit 1; }
fi
exec "$INSTANCE/bin/artemis" run
