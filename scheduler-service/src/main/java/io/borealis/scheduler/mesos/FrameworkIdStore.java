package io.borealis.scheduler.mesos;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Keeps the framework id durable: saved (committed) the moment SUBSCRIBED arrives. */
@Component
class FrameworkIdStore {

    private final Frameworks frameworks;

    FrameworkIdStore(Frameworks frameworks) {
        this.frameworks = frameworks;
    }

    @Transactional(readOnly = true)
    public String load() {
        return frameworks.findById(Framework.NAME).map(Framework::frameworkId).orElse(null);
    }

    @Transactional
    public void save(String frameworkId) {
        frameworks.save(new Framework(frameworkId));
    }

    /** The master removed the framework (failover timeout passed): its id can never be used again. */
    @Transactional
    public void forget() {
        frameworks.deleteById(Framework.NAME);
    }
}
