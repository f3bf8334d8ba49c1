package io.borealis.scheduler.task;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * How many received status updates the scheduler has not applied yet. While there are any, no task
 * is presumed LOST for want of news: its news may be among them.
 */
@Component
class UpdateBacklog {

    private final AtomicLong waiting = new AtomicLong();

    void received() {
        waiting.incrementAndGet();
    }

    /** {@code n} updates were handled (applied, or given up for Mesos to resend). */
    void handled(int n) {
        waiting.addAndGet(-n);
    }

    long waiting() {
        return waiting.get();
    }
}
