package io.borealis.job.registry;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobSpec;
import io.borealis.api.job.JobSummary;
import io.borealis.api.job.JobView;
import io.borealis.job.http.ApiException;
import io.borealis.job.http.BodyReader;
import io.borealis.job.http.ProblemType;
import io.borealis.job.spec.FieldFault;
import io.borealis.job.spec.JobSpecValidator;
import io.borealis.job.spec.SpecDefaults;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpEntity;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The job API (design §7). Bodies are JSON or YAML; a body is parsed, every fault (unknown fields
 * included) is collected, and nothing is stored unless there are none.
 */
@RestController
@RequestMapping("/api/v1")
class JobController {

    private static final String JOB = "/jobs/{role}/{environment}/{name}";
    private static final String JSON = "application/json";
    private static final String YAML = "application/yaml";
    private static final String X_YAML = "application/x-yaml";
    private static final String TEXT_YAML = "text/yaml";

    private final JobRegistry registry;
    private final JobQueries queries;
    private final JobSpecValidator validator;
    private final BodyReader bodies;

    JobController(JobRegistry registry, JobQueries queries, JobSpecValidator validator, BodyReader bodies) {
        this.registry = registry;
        this.queries = queries;
        this.validator = validator;
        this.bodies = bodies;
    }

    @PostMapping(path = "/jobs", consumes = {JSON, YAML, X_YAML, TEXT_YAML})
    ResponseEntity<JobView> create(HttpEntity<byte[]> request) {
        JobView created = registry.create(readSpec(request, List.of()));
        return ResponseEntity.created(URI.create("/api/v1/jobs/" + created.key().path())).body(created);
    }

    /** What an update to the spec in the body would change; the spec is validated like a create. */
    @PostMapping(path = JOB + "/diff", consumes = {JSON, YAML, X_YAML, TEXT_YAML})
    JobDiff diff(@PathVariable String role, @PathVariable String environment, @PathVariable String name,
            HttpEntity<byte[]> request) {
        JobKey key = key(role, environment, name);
        return queries.diff(key, readSpec(request, List.of(key)));
    }

    /**
     * The body as a valid spec with defaults applied; every fault (unknown fields, validation, a key
     * other than {@code pathKey} when one is given) is reported together.
     */
    private JobSpec readSpec(HttpEntity<byte[]> request, List<JobKey> pathKey) {
        BodyReader.Parsed<JobSpec> parsed = bodies.read(request.getBody(), request.getHeaders().getContentType(),
                JobSpec.class, ProblemType.INVALID_JOB_SPEC);
        List<FieldFault> faults = new ArrayList<>(parsed.unknownProperties());
        faults.addAll(validator.validate(parsed.value()));
        JobSpec spec = parsed.value();
        for (JobKey expected : pathKey) {
            if (spec != null && spec.key() != null && spec.key().isValid() && !spec.key().equals(expected)) {
                faults.add(new FieldFault("key", "must be the job in the path (" + expected + "), not " + spec.key()));
            }
        }
        if (!faults.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_JOB_SPEC,
                    "the job spec has " + faults.size() + (faults.size() == 1 ? " fault" : " faults"), faults);
        }
        return SpecDefaults.apply(spec);
    }

    @GetMapping("/jobs")
    List<JobSummary> list(@RequestParam(required = false) String role, @RequestParam(required = false) String environment) {
        return queries.list(role, environment);
    }

    @GetMapping(JOB)
    JobView get(@PathVariable String role, @PathVariable String environment, @PathVariable String name) {
        return queries.view(key(role, environment, name));
    }

    @DeleteMapping(JOB)
    ResponseEntity<Void> delete(@PathVariable String role, @PathVariable String environment, @PathVariable String name) {
        registry.delete(key(role, environment, name));
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = JOB + "/instances", consumes = {JSON, YAML, X_YAML, TEXT_YAML})
    JobView addInstances(@PathVariable String role, @PathVariable String environment, @PathVariable String name,
            HttpEntity<byte[]> request) {
        JobKey key = key(role, environment, name);
        AddInstancesRequest body = read(request, AddInstancesRequest.class);
        return registry.addInstances(key, body.count());
    }

    @PostMapping(path = JOB + "/kill", consumes = {JSON, YAML, X_YAML, TEXT_YAML})
    JobView kill(@PathVariable String role, @PathVariable String environment, @PathVariable String name,
            HttpEntity<byte[]> request) {
        JobKey key = key(role, environment, name);
        KillInstancesRequest body = read(request, KillInstancesRequest.class);
        return registry.kill(key, body.instances());
    }

    private <T> T read(HttpEntity<byte[]> request, Class<T> type) {
        return bodies.readRequest(request.getBody(), request.getHeaders().getContentType(), type);
    }

    /** The job key of a path, invalid-job-key naming each bad segment. */
    static JobKey key(String role, String environment, String name) {
        JobKey key = new JobKey(role, environment, name);
        List<FieldFault> faults = new ArrayList<>();
        String rule = "must match " + JobKey.SEGMENT.pattern();
        if (!JobKey.isValidSegment(role)) {
            faults.add(new FieldFault("role", rule));
        }
        if (!JobKey.isValidSegment(environment)) {
            faults.add(new FieldFault("environment", rule));
        }
        if (!JobKey.isValidSegment(name)) {
            faults.add(new FieldFault("name", rule));
        }
        if (!faults.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_JOB_KEY, "invalid job key " + key, faults);
        }
        return key;
    }
}
