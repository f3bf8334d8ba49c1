package io.borealis.scheduler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The in-process local cluster (io.borealis.cluster.LocalClusterLauncher), reached by reflection so
 * this module still builds while the local-cluster artifact in the local repository predates the
 * launcher; ITs skip (assumption) when it is absent. Replace with direct calls once it is installed.
 */
final class LocalCluster implements AutoCloseable {

    private final Object running;
    private final Class<?> type;

    private LocalCluster(Object running, Class<?> type) {
        this.running = running;
        this.type = type;
    }

    static Optional<LocalCluster> start(Map<String, Object> properties) {
        Class<?> launcher;
        Class<?> type;
        try {
            launcher = Class.forName("io.borealis.cluster.LocalClusterLauncher");
            type = Class.forName("io.borealis.cluster.RunningCluster");
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
        return Optional.of(new LocalCluster(invoke(launcher, null, "start", new Class<?>[] {Map.class}, properties), type));
    }

    URI masterUri() {
        return (URI) call("masterUri");
    }

    OptionalLong pid(String taskId) {
        return (OptionalLong) invoke(type, running, "pid", new Class<?>[] {String.class}, taskId);
    }

    @SuppressWarnings("unchecked")
    Optional<String> taskState(String taskId) {
        return (Optional<String>) invoke(type, running, "taskState", new Class<?>[] {String.class}, taskId);
    }

    /**
     * The latest state of a task, completed ones included: {@code taskState} of the launcher only
     * covers tasks the master still tracks, so a killed and acknowledged task is looked up in
     * {@code completed_tasks} of {@code GET /master/state}.
     */
    Optional<String> lastState(String taskId) {
        Optional<String> live = taskState(taskId);
        if (live.isPresent()) {
            return live;
        }
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(masterUri().resolve("/master/state")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode state = JsonMapper.builder().build().readTree(response.body());
            for (JsonNode framework : state.path("frameworks")) {
                for (JsonNode task : framework.path("completed_tasks")) {
                    if (taskId.equals(task.path("id").asString())) {
                        return Optional.of(task.path("state").asString());
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        call("close");
    }

    private Object call(String method) {
        return invoke(type, running, method, new Class<?>[0]);
    }

    private static Object invoke(Class<?> owner, Object target, String name, Class<?>[] types, Object... args) {
        try {
            Method method = owner.getMethod(name, types);
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("local-cluster API changed: " + name, e);
        }
    }
}
