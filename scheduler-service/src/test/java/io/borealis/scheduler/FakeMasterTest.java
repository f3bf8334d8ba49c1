package io.borealis.scheduler;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a scheduler integration test against the scripted master starts, afresh for each test:
 * embedded PostgreSQL, the {@link FakeMaster}, the {@link FakeGateway} and scheduler-service itself;
 * all of it is closed after the test, also when the test fails. A test class says how its parts
 * differ by overriding {@link #master()}, {@link #beforeScheduler()} and {@link #schedulerArgs()}.
 */
abstract class FakeMasterTest {

    protected EmbeddedPostgres pg;
    protected FakeMaster master;
    protected FakeGateway gateway;
    /** The running scheduler (null while a test that starts its own has not yet). */
    protected ConfigurableApplicationContext scheduler;

    /** This class's master: by default one with the usual agents. */
    protected FakeMaster master() throws IOException {
        return new FakeMaster();
    }

    /** Runs after the master and the gateway are up, before the scheduler starts. */
    protected void beforeScheduler() {
    }

    /** The scheduler's extra arguments; null if each test starts the scheduler itself. */
    protected String[] schedulerArgs() {
        return new String[0];
    }

    /** Starts a scheduler (again, after a restart) with this class's arguments. */
    protected ConfigurableApplicationContext startScheduler() {
        String[] args = schedulerArgs();
        return SchedulerRunner.start(pg, master.uri(), gateway.uri(), args == null ? new String[0] : args);
    }

    @BeforeEach
    void startParts() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        master = master();
        gateway = new FakeGateway();
        beforeScheduler();
        if (schedulerArgs() != null) {
            scheduler = startScheduler();
        }
    }

    @AfterEach
    void stopParts() throws Exception {
        SchedulerRunner.closeAll(scheduler, master, gateway, pg);
    }
}
