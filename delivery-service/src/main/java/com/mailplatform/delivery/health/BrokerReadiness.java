package com.mailplatform.delivery.health;

import com.mailplatform.common.queue.BrokerReadinessCheck;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.Readiness;

/** Readiness includes an answering broker (BrokerReadinessCheck). */
@Readiness
@ApplicationScoped
public class BrokerReadiness extends BrokerReadinessCheck {
}
