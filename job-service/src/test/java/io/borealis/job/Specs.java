package io.borealis.job;

import java.util.UUID;

/** Job spec bodies for tests: a valid one per call (unique name) and YAML/JSON variants of it. */
public final class Specs {

    private Specs() {
    }

    public static String uniqueName() {
        return "job-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String json(String name, int instances) {
        return """
                {
                  "key": {"role": "web", "environment": "prod", "name": "%s"},
                  "instances": %d,
                  "kind": "SERVICE",
                  "task": {
                    "command": "exec python3 -m http.server $PORT_HTTP",
                    "env": {"GREETING": "hi"},
                    "resources": {"cpus": 0.25, "ramMb": 128, "diskMb": 128, "ports": ["http"]},
                    "healthCheck": {"http": {"port": "http", "path": "/"}, "initialDelaySecs": 5,
                                    "intervalSecs": 2, "timeoutSecs": 1, "consecutiveFailures": 3},
                    "constraints": [{"attribute": "host", "limit": 1}, {"attribute": "zone", "values": ["a", "b"]}],
                    "production": true
                  },
                  "updateSettings": {"batchSize": 1, "watchSecs": 10}
                }
                """.formatted(name, instances);
    }

    public static String yaml(String name, int instances) {
        return """
                key:
                  role: web
                  environment: prod
                  name: %s
                instances: %d
                kind: SERVICE
                task:
                  command: exec python3 -m http.server $PORT_HTTP
                  env:
                    GREETING: hi
                  resources:
                    cpus: 0.25
                    ramMb: 128
                    diskMb: 128
                    ports: [http]
                  healthCheck:
                    http: {port: http, path: /}
                    initialDelaySecs: 5
                    intervalSecs: 2
                    timeoutSecs: 1
                    consecutiveFailures: 3
                  constraints:
                    - {attribute: host, limit: 1}
                    - {attribute: zone, values: [a, b]}
                  production: true
                updateSettings:
                  batchSize: 1
                  watchSecs: 10
                """.formatted(name, instances);
    }

    /** A small valid spec of role {@code role} with the given resources per instance. */
    public static String json(String role, String name, int instances, double cpus, int ramMb, int diskMb, boolean production) {
        return """
                {"key": {"role": "%s", "environment": "prod", "name": "%s"}, "instances": %d, "kind": "SERVICE",
                 "task": {"command": "sleep 1000", "resources": {"cpus": %s, "ramMb": %d, "diskMb": %d},
                          "production": %s}}
                """.formatted(role, name, instances, cpus, ramMb, diskMb, production);
    }

    /** The task config of {@link #json(String, String, int, double, int, int, boolean)} on its own. */
    public static String task(double cpus, int ramMb, int diskMb, boolean production) {
        return """
                {"command": "sleep 1000", "resources": {"cpus": %s, "ramMb": %d, "diskMb": %d}, "production": %s}
                """.formatted(cpus, ramMb, diskMb, production);
    }

    public static String uniqueRole() {
        return "role-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
