package io.borealis.scheduler.mesos;

import java.time.Duration;
import java.util.List;

/**
 * What the subscription tells the rest of the scheduler, published as Spring application events on the
 * reader thread; status updates go to {@link StatusUpdateListener}s.
 */
public sealed interface MesosEvent {

    /** We are subscribed (first time or again): reconcile now. */
    record Subscribed(String frameworkId, Duration heartbeatInterval) implements MesosEvent {
    }

    record OffersReceived(List<Offer> offers) implements MesosEvent {
    }

    record OfferRescinded(String offerId) implements MesosEvent {
    }

    /** An agent (or an executor on it) is gone; its tasks' updates follow separately. */
    record AgentFailed(String agentId) implements MesosEvent {
    }

    /** The subscription ended; all offers are void. */
    record Disconnected(String why) implements MesosEvent {
    }
}
