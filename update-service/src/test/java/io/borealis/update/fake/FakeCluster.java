package io.borealis.update.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobKind;
import io.borealis.api.job.JobView;
import io.borealis.api.job.TaskConfig;
import io.borealis.api.task.TaskChangeEvent;
import io.borealis.api.task.TaskEventView;
import io.borealis.api.task.TaskStatus;
import io.borealis.api.task.TaskView;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test fake standing in for the gateway with an in-memory job-service and scheduler behind it, for
 * fault injection. Tasks "run" as soon as an instance's config is set: a config whose command
 * contains {@code exit 1} fails at once (and is replaced, failing again), one containing
 * {@code unhealthy} runs but reports unhealthy; any other runs healthy. Like the scheduler, it
 * streams its task changes at {@code /api/v1/tasks/events} (SSE, resumable with Last-Event-ID);
 * a task that starts after a delay ({@link #startDelay}) streams no RUNNING.
 */
public final class FakeCluster implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern JOB = Pattern.compile("/api/v1/jobs/([^/]+)/([^/]+)/([^/]+)(/.*)?");

    private final HttpServer server;
    private final Map<String, Map<String, TaskConfig>> configs = new HashMap<>();
    private final Map<String, TreeMap<Integer, String>> instances = new HashMap<>();
    private final Map<String, String> locks = new HashMap<>();
    private final Map<String, List<TaskView>> tasks = new HashMap<>();
    private final AtomicInteger taskIds = new AtomicInteger();
    /** Every PUT/DELETE of an instance, in order: "role/env/name 3=v2" or "... 3=removed". */
    private final List<String> instanceWrites = new ArrayList<>();
    /** Tasks launched per "role/env/name instance=version": an instance updated twice shows 2. */
    private final Map<String, Integer> launches = new HashMap<>();
    /** Restarts through the scheduler hook per "role/env/name instance". */
    private final Map<String, Integer> restarts = new HashMap<>();
    /** How many restart calls to carry out but answer with a 503, as if the answer were lost. */
    private int restartAnswersToLose;
    private volatile int maxNotServing;
    /** How long a launched task is STARTING (not serving) before it runs; zero: at once. */
    private volatile java.time.Duration startDelay = java.time.Duration.ZERO;
    /** Called (inside the request, before the answer) with the number of instance writes so far. */
    private volatile java.util.function.IntConsumer onInstanceWrite = n -> { };
    /** Called (after the restarts, before the answer) with the number of restart calls so far. */
    private volatile java.util.function.IntConsumer onRestart = n -> { };
    private int restartCalls;
    /** Every task change, in order: event n has id n + 1. Guarded by this. */
    private final List<TaskChangeEvent> taskEvents = new ArrayList<>();
    /** Every task read: "role/env/name all" or "role/env/name 0,3". */
    private final List<String> taskReads = new ArrayList<>();
    private final AtomicInteger eventSubscribers = new AtomicInteger();
    /** The most events any subscriber has been sent (flushed) so far. Guarded by this. */
    private int flushed;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private boolean closed;

    public FakeCluster() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // a thread per exchange: an event stream stays open while other requests are served
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.createContext("/api/v1/tasks/events", this::streamTaskEvents);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * Waits (at most {@code bound}) until every task event so far has been sent to a subscriber; for
     * a hook that must hold a request until an event is out. Releases the fake while it waits.
     */
    public synchronized boolean awaitFlushed(java.time.Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (flushed < taskEvents.size()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** How many clients follow the task event stream now. */
    public int eventSubscribers() {
        return eventSubscribers.get();
    }

    /** The job's task reads so far, each "all" or the instances it named (e.g. "0,3"). */
    public synchronized List<String> taskReads(JobKey job) {
        return taskReads.stream().filter(r -> r.startsWith(job.path() + " ")).map(r -> r.substring(r.indexOf(' ') + 1))
                .toList();
    }

    /** Creates a job whose instances all run {@code config}; answers its version. */
    public synchronized String createJob(JobKey job, int count, TaskConfig config) {
        String version = version(config);
        configs.computeIfAbsent(job.path(), k -> new HashMap<>()).put(version, config);
        TreeMap<Integer, String> map = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            map.put(i, version);
            launch(job, i, config, version);
        }
        instances.put(job.path(), map);
        return version;
    }

    public static String version(TaskConfig config) {
        return "v" + Integer.toHexString(config.command().hashCode());
    }

    public synchronized Map<Integer, String> instances(JobKey job) {
        return new TreeMap<>(instances.get(job.path()));
    }

    /** How many instance writes (of any job) there have been: what the {@link #onInstanceWrite} hook counts. */
    public synchronized int instanceWritesSoFar() {
        return instanceWrites.size();
    }

    public synchronized List<String> instanceWrites(JobKey job) {
        return instanceWrites.stream().filter(w -> w.startsWith(job.path() + " ")).map(w -> w.substring(w.indexOf(' ') + 1))
                .toList();
    }

    /** How many tasks of {@code version} were launched for each instance. */
    public synchronized Map<Integer, Integer> launches(JobKey job, String version) {
        Map<Integer, Integer> counts = new TreeMap<>();
        launches.forEach((key, n) -> {
            if (key.startsWith(job.path() + " ") && key.endsWith("=" + version)) {
                counts.put(Integer.parseInt(key.substring(key.indexOf(' ') + 1, key.indexOf('='))), n);
            }
        });
        return counts;
    }

    /** How many times the scheduler hook restarted each instance. */
    public synchronized Map<Integer, Integer> restarts(JobKey job) {
        Map<Integer, Integer> counts = new TreeMap<>();
        restarts.forEach((key, n) -> {
            if (key.startsWith(job.path() + " ")) {
                counts.put(Integer.parseInt(key.substring(key.indexOf(' ') + 1)), n);
            }
        });
        return counts;
    }

    /** The next {@code calls} restart calls are carried out but answered 503, as if the answer were lost. */
    public synchronized void loseRestartAnswers(int calls) {
        this.restartAnswersToLose = calls;
    }

    /** The live tasks of a job (the newest per instance last). */
    public synchronized List<TaskView> liveTasks(JobKey job) {
        return tasks.getOrDefault(job.path(), List.of()).stream().filter(t -> !t.status().isTerminal())
                .map(FakeCluster::asOfNow).toList();
    }

    /** The instance's live task dies now (FAILED, streamed); like the scheduler, a read then replaces it. */
    public synchronized void crash(JobKey job, int instance) {
        List<TaskView> all = tasks.getOrDefault(job.path(), List.of());
        for (int i = all.size() - 1; i >= 0; i--) {
            TaskView t = asOfNow(all.get(i));
            if (t.instance() == instance && !t.status().isTerminal()) {
                List<TaskEventView> events = new ArrayList<>(t.events());
                TaskEventView failed = new TaskEventView(Instant.now(), TaskStatus.FAILED, "crashed", "agent");
                events.add(failed);
                all.set(i, new TaskView(t.taskId(), t.job(), t.instance(), t.configVersion(), TaskStatus.FAILED,
                        t.agentId(), t.host(), t.ports(), t.healthy(), t.ancestorId(), 1, events, List.of()));
                streamed(t.taskId(), job, instance, t.configVersion(), failed);
                return;
            }
        }
        throw new IllegalStateException("instance " + instance + " of " + job + " has no live task");
    }

    /** Launched tasks stay STARTING (not serving) this long: makes the availability bound observable. */
    public void startDelay(java.time.Duration delay) {
        this.startDelay = delay;
    }

    public void onRestart(java.util.function.IntConsumer hook) {
        this.onRestart = hook;
    }

    public void onInstanceWrite(java.util.function.IntConsumer hook) {
        this.onInstanceWrite = hook;
    }

    public synchronized String lockHolder(JobKey job) {
        return locks.get(job.path());
    }

    /** The most instances that were not serving (no live RUNNING task) at once, seen at every change. */
    public int maxNotServing() {
        return maxNotServing;
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            String method = exchange.getRequestMethod();
            byte[] in = exchange.getRequestBody().readAllBytes();
            Matcher m = JOB.matcher(path);
            if (path.equals("/api/v1/cluster/agents")) {
                // shaped like the scheduler's: {id, hostname, attributes, mode, offered, used, lastOfferAt}
                reply(exchange, 200, List.of("a", "b", "c").stream().map(zone -> Map.of("id", "agent-" + zone,
                        "hostname", "host-" + zone, "attributes", Map.of("zone", zone, "host", "host-" + zone),
                        "mode", "NONE", "offered", Map.of(), "used", Map.of())).toList());
                return;
            }
            if (path.equals("/api/v1/tasks/restart") && method.equals("POST")) {
                restart(exchange, JSON.readTree(in));
                return;
            }
            if (path.startsWith("/api/v1/quotas/")) {
                reply(exchange, 200, Map.of());
                return;
            }
            if (!m.matches()) {
                reply(exchange, 404, Map.of("detail", "no route " + path));
                return;
            }
            JobKey job = new JobKey(m.group(1), m.group(2), m.group(3));
            String rest = m.group(4) == null ? "" : m.group(4);
            if (!instances.containsKey(job.path())) {
                reply(exchange, 404, Map.of("detail", "no job " + job));
                return;
            }
            JsonNode body = in.length == 0 ? null : JSON.readTree(in);
            if (rest.startsWith("/instances/") && !holds(job, body, query)) {
                reply(exchange, 409, Map.of("detail", job + " is locked by " + locks.get(job.path())
                        + ": its instances change only within that update"));
                return;
            }
            switch (method + " " + rest.replaceAll("/\\d+$", "/{id}")) {
                case "GET " -> reply(exchange, 200, view(job));
                case "GET /tasks" -> {
                    String instances = query == null || !query.startsWith("instances=") ? null
                            : query.substring("instances=".length());
                    taskReads.add(job.path() + " " + (instances == null ? "all" : instances));
                    List<TaskView> all = tasks(job);
                    if (instances == null) {
                        reply(exchange, 200, all);
                    } else {
                        java.util.Set<Integer> wanted = java.util.Arrays.stream(instances.split(","))
                                .map(Integer::valueOf).collect(java.util.stream.Collectors.toSet());
                        reply(exchange, 200, all.stream().filter(t -> wanted.contains(t.instance())).toList());
                    }
                }
                case "POST /configs" -> {
                    TaskConfig config = JSON.treeToValue(body, TaskConfig.class);
                    configs.get(job.path()).put(version(config), config);
                    reply(exchange, 200, Map.of("version", version(config)));
                }
                case "POST /lock" -> {
                    String holder = body.get("holder").asString();
                    String held = locks.putIfAbsent(job.path(), holder);
                    reply(exchange, held == null || held.equals(holder) ? 200 : 409, Map.of("detail", "locked by " + held));
                }
                case "DELETE /lock" -> {
                    locks.remove(job.path(), query.replace("holder=", ""));
                    reply(exchange, 200, Map.of());
                }
                case "PUT /instances/{id}" -> {
                    int id = Integer.parseInt(rest.substring(rest.lastIndexOf('/') + 1));
                    String version = body.get("configVersion").asString();
                    String before = instances.get(job.path()).put(id, version);
                    if (version.equals(before)) {
                        instanceWrites.add(job.path() + " " + id + "=" + version + " (re-sent)");
                    } else {
                        instanceWrites.add(job.path() + " " + id + "=" + version);
                        kill(job, id);
                        launch(job, id, configs.get(job.path()).get(version), version);
                    }
                    measure(job);
                    onInstanceWrite.accept(instanceWrites.size());
                    reply(exchange, 200, Map.of());
                }
                case "DELETE /instances/{id}" -> {
                    int id = Integer.parseInt(rest.substring(rest.lastIndexOf('/') + 1));
                    instances.get(job.path()).remove(id);
                    instanceWrites.add(job.path() + " " + id + "=removed");
                    kill(job, id);
                    reply(exchange, 200, Map.of());
                }
                default -> reply(exchange, 404, Map.of("detail", "no route " + method + " " + path));
            }
            measure(job);
        }
    }

    /** Like job-service: a locked job's instances are changed only by the lock's holder. */
    private boolean holds(JobKey job, JsonNode body, String query) {
        String holder = body != null && body.hasNonNull("holder") ? body.get("holder").asString()
                : query == null ? null : query.replace("holder=", "");
        String held = locks.get(job.path());
        return held == null || held.equals(holder);
    }

    private JobView view(JobKey job) {
        Map<Integer, String> map = instances.get(job.path());
        return new JobView(job, JobKind.SERVICE, map.size(), null, configs.get(job.path()), map, Instant.now(),
                Instant.now());
    }

    /** The tasks; a failed task whose instance still wants that config is replaced (and fails again). */
    private List<TaskView> tasks(JobKey job) {
        List<TaskView> all = tasks.computeIfAbsent(job.path(), k -> new ArrayList<>());
        Map<Integer, TaskView> latest = new LinkedHashMap<>();
        all.forEach(t -> latest.put(t.instance(), t));
        instances.get(job.path()).forEach((id, version) -> {
            TaskView last = latest.get(id);
            if (last == null || (last.status().isTerminal() && last.status() != TaskStatus.KILLED)) {
                launch(job, id, configs.get(job.path()).get(version), version);
            }
        });
        return all.stream().map(FakeCluster::asOfNow).toList();
    }

    /**
     * The scheduler's restart hook ({@code POST /api/v1/tasks/restart}): kills each instance's live
     * task and starts one of the same version, linked by {@code ancestorId}.
     */
    private void restart(HttpExchange exchange, JsonNode body) throws IOException {
        JobKey job = JSON.treeToValue(body.get("job"), JobKey.class);
        if (!instances.containsKey(job.path())) {
            reply(exchange, 404, Map.of("detail", "no job " + job));
            return;
        }
        List<Map<String, Object>> answer = new ArrayList<>();
        for (JsonNode node : body.get("instances")) {
            int id = node.asInt();
            String version = instances.get(job.path()).get(id);
            String ancestor = liveTasks(job).stream().filter(t -> t.instance() == id).map(TaskView::taskId)
                    .reduce((a, b) -> b).orElse(null);
            kill(job, id);
            TaskView task = launch(job, id, configs.get(job.path()).get(version), version, ancestor);
            restarts.merge(job.path() + " " + id, 1, Integer::sum);
            answer.add(Map.of("instance", id, "taskId", task.taskId()));
        }
        measure(job);
        onRestart.accept(++restartCalls);
        if (restartAnswersToLose > 0) {
            restartAnswersToLose--;
            reply(exchange, 503, Map.of("detail", "answer lost"));
            return;
        }
        reply(exchange, 200, answer);
    }

    private void launch(JobKey job, int instance, TaskConfig config, String version) {
        launch(job, instance, config, version, null);
    }

    private TaskView launch(JobKey job, int instance, TaskConfig config, String version, String ancestor) {
        Instant now = Instant.now();
        String command = config.command();
        int launched = launches.merge(job.path() + " " + instance + "=" + version, 1, Integer::sum);
        boolean fails = command.contains("exit 1") || (command.contains("fail-first") && launched == 1);
        Boolean healthy = command.contains("unhealthy") ? Boolean.FALSE
                : config.healthCheck() != null ? Boolean.TRUE : null;
        List<TaskEventView> events = new ArrayList<>(List.of(new TaskEventView(now, TaskStatus.PENDING, null, "scheduler"),
                new TaskEventView(fails ? now : now.plus(startDelay), TaskStatus.RUNNING, null, "agent")));
        if (fails) {
            events.add(new TaskEventView(now, TaskStatus.FAILED, "exited 1", "agent"));
        }
        String taskId = "task-" + taskIds.incrementAndGet();
        for (TaskEventView event : events) {
            if (!event.time().isAfter(now)) {
                streamed(taskId, job, instance, version, event);
            }
        }
        // three agents, one per zone: instance i runs in zone "abc".charAt(i % 3)
        String agent = "agent-" + "abc".charAt(instance % 3);
        TaskView task = new TaskView(taskId, job, instance, version,
                fails ? TaskStatus.FAILED : TaskStatus.RUNNING, agent, agent, Map.of(), healthy, ancestor, 0, events,
                List.of());
        tasks.computeIfAbsent(job.path(), k -> new ArrayList<>()).add(task);
        return task;
    }

    private void kill(JobKey job, int instance) {
        List<TaskView> all = tasks.computeIfAbsent(job.path(), k -> new ArrayList<>());
        for (int i = 0; i < all.size(); i++) {
            TaskView t = all.get(i);
            if (t.instance() == instance && !t.status().isTerminal()) {
                List<TaskEventView> events = new ArrayList<>(t.events());
                TaskEventView killed = new TaskEventView(Instant.now(), TaskStatus.KILLED, "replaced", "scheduler");
                events.add(killed);
                streamed(t.taskId(), job, t.instance(), t.configVersion(), killed);
                all.set(i, new TaskView(t.taskId(), t.job(), t.instance(), t.configVersion(), TaskStatus.KILLED,
                        t.agentId(), t.host(), t.ports(), t.healthy(), t.ancestorId(), 0, events, List.of()));
            }
        }
    }

    /** Not serving: no live healthy task, counted only among instances that passed their first watch. */
    private void measure(JobKey job) {
        if (!tasks.containsKey(job.path())) {
            return;
        }
        Map<Integer, TaskView> latest = new LinkedHashMap<>();
        tasks.get(job.path()).forEach(t -> latest.put(t.instance(), asOfNow(t)));
        long down = latest.values().stream().filter(t -> t.status() != TaskStatus.RUNNING
                || Boolean.FALSE.equals(t.healthy())).count();
        maxNotServing = (int) Math.max(maxNotServing, down);
    }

    /** A task whose RUNNING event lies ahead is still STARTING, and says nothing of its health yet. */
    private static TaskView asOfNow(TaskView t) {
        Instant now = Instant.now();
        boolean starting = t.events().stream().anyMatch(e -> e.status() == TaskStatus.RUNNING && e.time().isAfter(now));
        if (!starting) {
            return t;
        }
        List<TaskEventView> events = t.events().stream().filter(e -> !e.time().isAfter(now)).toList();
        TaskStatus status = t.status() == TaskStatus.RUNNING ? TaskStatus.STARTING : t.status();
        return new TaskView(t.taskId(), t.job(), t.instance(), t.configVersion(), status, t.agentId(), t.host(),
                t.ports(), null, t.ancestorId(), t.failureCount(), events, t.pendingReasons());
    }

    /** Appends a task change to the stream (called with this held). */
    private void streamed(String taskId, JobKey job, int instance, String version, TaskEventView event) {
        taskEvents.add(new TaskChangeEvent(taskEvents.size() + 1, taskId, job, instance, version, event.status(),
                event.time(), event.message(), event.source()));
        notifyAll();
    }

    /**
     * {@code GET /api/v1/tasks/events}: the events after Last-Event-ID (or from now on), then each
     * new one as it happens, until the client leaves or the fake closes. Runs on its own thread and
     * holds this only while it looks for new events.
     */
    private void streamTaskEvents(HttpExchange exchange) throws IOException {
        try (exchange) {
            String last = exchange.getRequestHeaders().getFirst("Last-Event-ID");
            int cursor;
            synchronized (this) {
                cursor = last == null ? taskEvents.size() : Integer.parseInt(last.trim());
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            java.io.OutputStream out = exchange.getResponseBody();
            out.write((": subscribed after " + cursor + "\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            eventSubscribers.incrementAndGet();
            try {
                while (true) {
                    List<TaskChangeEvent> fresh;
                    synchronized (this) {
                        while (!closed && cursor >= taskEvents.size()) {
                            wait(1000);
                        }
                        if (closed) {
                            return;
                        }
                        fresh = List.copyOf(taskEvents.subList(cursor, taskEvents.size()));
                    }
                    for (TaskChangeEvent event : fresh) {
                        out.write(("id: " + event.id() + "\nevent: " + event.status() + "\ndata: "
                                + JSON.writeValueAsString(event) + "\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                    out.flush();
                    cursor += fresh.size();
                    synchronized (this) {
                        flushed = Math.max(flushed, cursor);
                        notifyAll();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                eventSubscribers.decrementAndGet();
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type",
                status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

}
