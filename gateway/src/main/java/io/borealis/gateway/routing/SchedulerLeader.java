package io.borealis.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Which scheduler-service instance leads. Each instance answers {@code GET /api/v1/cluster/leader}
 * with its own name ({@code self}), the lease holder and its role; the leader is the one that says
 * {@code LEADER} and holds the lease. The answer is kept for {@code leaderTtl} and dropped at once
 * when a call to it fails (I/O error or 503, e.g. "not the leader"), so the retry asks again. With
 * no leader (a takeover in progress) a reachable instance serves, for a short while only: standbys
 * answer reads from the shared database and refuse writes with 503 not-leader.
 */
@Component
@EnableConfigurationProperties(SchedulerRouteProperties.class)
public class SchedulerLeader {

    /** What the gateway knows: this instance until {@code untilNanos}. */
    private record Known(URI instance, boolean leads, long untilNanos) {
    }

    /** One instance's answer. */
    private record Answer(int order, URI instance, boolean leads) {
    }

    static final String LEADER_PATH = "/api/v1/cluster/leader";
    private static final Duration NO_LEADER_TTL = Duration.ofMillis(250);
    private static final Logger log = LoggerFactory.getLogger(SchedulerLeader.class);

    private final List<URI> instances;
    private final Duration ttl;
    private final Duration probeTimeout;
    private final WebClient web;
    private volatile Known known;
    /** The probe under way, shared by every call that finds the answer stale meanwhile. */
    private final AtomicReference<Mono<URI>> probing = new AtomicReference<>();

    SchedulerLeader(SchedulerRouteProperties properties) {
        this.instances = properties.instances();
        this.ttl = properties.leaderTtl();
        this.probeTimeout = properties.leaderProbeTimeout();
        this.web = WebClient.create();
    }

    /** Finds the leader once at start, so the first call does not pay for it (nor for warming the HTTP client up). */
    @EventListener(ApplicationReadyEvent.class)
    void findAtStart() {
        if (replicated()) {
            current().subscribe(leader -> { }, e -> log.debug("No scheduler-service leader found at start: {}", e.toString()));
        }
    }

    /** Whether there is a choice to make (two or more instances). */
    public boolean replicated() {
        return instances.size() > 1;
    }

    /** The instance to send a scheduler call to now. */
    public Mono<URI> current() {
        Known now = known;
        if (now != null && System.nanoTime() - now.untilNanos() < 0) {
            return Mono.just(now.instance());
        }
        return probe();
    }

    /** A call to {@code instance} failed: ask again before the next call. */
    public void forget(URI instance) {
        Known now = known;
        if (now != null && now.instance().equals(instance)) {
            known = null;
        }
    }

    private Mono<URI> probe() {
        Mono<URI> running = probing.get();
        if (running != null) {
            return running;
        }
        AtomicReference<Mono<URI>> mine = new AtomicReference<>();
        Mono<URI> fresh = askAll().doFinally(signal -> probing.compareAndSet(mine.get(), null)).cache();
        mine.set(fresh);
        if (probing.compareAndSet(null, fresh)) {
            return fresh;
        }
        Mono<URI> other = probing.get();
        return other != null ? other : fresh;
    }

    private Mono<URI> askAll() {
        return Flux.range(0, instances.size())
                .flatMap(i -> ask(i, instances.get(i)))
                .collectList()
                .map(answers -> {
                    Answer chosen = answers.stream().filter(Answer::leads).findFirst()
                            .or(() -> answers.stream().min((a, b) -> Integer.compare(a.order(), b.order())))
                            .orElse(new Answer(0, instances.get(0), false));
                    Known previous = known;
                    Duration keep = chosen.leads() ? ttl : NO_LEADER_TTL;
                    known = new Known(chosen.instance(), chosen.leads(), System.nanoTime() + keep.toNanos());
                    if (chosen.leads() && (previous == null || !previous.leads() || !previous.instance().equals(chosen.instance()))) {
                        log.info("scheduler-service leader is {}", chosen.instance());
                    } else if (!chosen.leads()) {
                        log.warn("No scheduler-service instance leads ({} answered); sending to {} for now",
                                answers.size(), chosen.instance());
                    }
                    return chosen.instance();
                });
    }

    @SuppressWarnings("unchecked")
    private Mono<Answer> ask(int order, URI instance) {
        return web.get().uri(instance.resolve(LEADER_PATH)).retrieve().bodyToMono(Map.class)
                .timeout(probeTimeout)
                .map(body -> new Answer(order, instance, leads((Map<String, Object>) body)))
                .onErrorResume(e -> {
                    log.debug("scheduler-service at {} did not say whether it leads: {}", instance, e.toString());
                    return Mono.empty();
                });
    }

    private static boolean leads(Map<String, Object> body) {
        return "LEADER".equals(body.get("role")) && body.get("self") != null && Objects.equals(body.get("self"), body.get("holder"));
    }
}
