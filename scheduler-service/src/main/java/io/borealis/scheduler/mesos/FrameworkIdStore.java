package io.borealis.scheduler.mesos;

import io.borealis.scheduler.leader.LeaderFence;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Keeps the framework id durable: saved (committed) the moment SUBSCRIBED arrives; only the leader writes it. */
@Component
class FrameworkIdStore {

    private final Frameworks frameworks;
    private final LeaderFence fence;

    FrameworkIdStore(Frameworks frameworks, LeaderFence fence) {
        this.frameworks = frameworks;
        this.fence = fence;
    }

    @Transactional(readOnly = true)
    public String load() {
        return frameworks.findById(Framework.NAME).map(Framework::frameworkId).orElse(null);
    }

    @Transactional
    public void save(String frameworkId) {
        fence.check();
        frameworks.save(new Framework(frameworkId));
    }

    /** The master removed the framework (failover timeout passed): its id can never be used again. */
    @Transactional
    public void forget() {
        fence.check();
        frameworks.deleteById(Framework.NAME);
    }
}
