#!/bin/sh
# Dev ActiveMQ Artemis: on first start create the broker instance (login required: ARTEMIS_USER/ARTEMIS_PASSWORD,
# AMQP on 5672 on every interface, the platform's queue mail-inbound as anycast), then run it in the foreground.
set -eu
INSTANCE=${ARTEMIS_INSTANCE:-/var/lib/artemis-instance}
if [ ! -f "$INSTANCE/etc/broker.xml" ]; then
    /opt/artemis/bin/artemis create "$INSTANCE" --silent --force \
        --user "${ARTEMIS_USER:?ARTEMIS_USER is required}" --password "${ARTEMIS_PASSWORD:?ARTEMIS_PASSWORD is required}" \
        --require-login --host 0.0.0.0 --no-web --no-autotune \
        --queues mail-inbound:anycast >/dev/null
    # As the platform's embedded broker (test-support EmbeddedBroker): mail never goes to a dead-letter queue;
    # redelivery forever, one second apart.
    cat >> "$INSTANCE/etc/broker.properties" <<'PROPS'
addressSettings."#".maxDeliveryAttempts=-1
addressSettings."#".redeliveryDelay=1000
addressSettings."#".defaultAddressRoutingType=ANYCAST
addressSettings."#".defaultQueueRoutingType=ANYCAST
PROPS
fi
exec "$INSTANCE/bin/artemis" run --properties "$INSTANCE/etc/broker.properties"
