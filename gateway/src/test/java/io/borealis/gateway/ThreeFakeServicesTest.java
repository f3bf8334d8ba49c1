package io.borealis.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway (its test's {@code @SpringBootTest}, on a random port) in front of three real HTTP
 * servers standing in for job-service, scheduler-service and update-service, started once per class,
 * closed after it, and reset before each test.
 */
abstract class ThreeFakeServicesTest {

    static FakeService job;
    static FakeService scheduler;
    static FakeService update;

    @LocalServerPort
    int port;
    Client client;

    @BeforeAll
    static void startServices() throws Exception {
        job = FakeService.start("job");
        scheduler = FakeService.start("scheduler");
        update = FakeService.start("update");
    }

    @AfterAll
    static void stopServices() {
        for (FakeService service : new FakeService[] {job, scheduler, update}) {
            if (service != null) {
                service.close();
            }
        }
    }

    @DynamicPropertySource
    static void routes(DynamicPropertyRegistry registry) {
        registry.add("borealis.routes.job-uri", () -> job.uri());
        registry.add("borealis.routes.scheduler-uri", () -> scheduler.uri());
        registry.add("borealis.routes.update-uri", () -> update.uri());
    }

    @BeforeEach
    void resetServices() {
        client = new Client(port);
        job.reset();
        scheduler.reset();
        update.reset();
    }
}
