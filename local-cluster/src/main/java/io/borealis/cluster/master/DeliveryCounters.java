package io.borealis.cluster.master;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;

/**
 * How status updates were delivered ({@link TaskBook}): sent for the first time, sent again (timer
 * resends and everything unacknowledged at a SUBSCRIBE), acknowledged, and acknowledgements of no
 * pending update (duplicates). A scheduler whose acknowledgements lag shows here as resends.
 */
final class DeliveryCounters {

    final LongAdder firstSends = new LongAdder();
    final LongAdder resends = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder staleAcknowledgements = new LongAdder();

    void bindTo(MeterRegistry registry) {
        String updates = "borealis.cluster.status.updates";
        FunctionCounter.builder(updates, firstSends, LongAdder::sum).tag("delivery", "first")
                .description("status updates sent to frameworks").register(registry);
        FunctionCounter.builder(updates, resends, LongAdder::sum).tag("delivery", "resent")
                .description("status updates sent to frameworks").register(registry);
        String acks = "borealis.cluster.status.acknowledgements";
        FunctionCounter.builder(acks, acknowledged, LongAdder::sum).tag("result", "accepted")
                .description("ACKNOWLEDGE calls").register(registry);
        FunctionCounter.builder(acks, staleAcknowledgements, LongAdder::sum).tag("result", "stale")
                .description("ACKNOWLEDGE calls").register(registry);
    }
}
