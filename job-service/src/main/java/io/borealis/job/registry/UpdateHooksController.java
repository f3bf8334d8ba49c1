package io.borealis.job.registry;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobView;
import io.borealis.api.job.TaskConfig;
import io.borealis.job.http.ApiException;
import io.borealis.job.http.BodyReader;
import io.borealis.job.http.ProblemType;
import io.borealis.job.spec.FieldFault;
import io.borealis.job.spec.JobSpecValidator;
import io.borealis.job.spec.SpecDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpEntity;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What update-service calls (through the gateway) to roll a job: store a config version, take and
 * release the job's update lock, set or remove one instance under that lock.
 */
@RestController
@RequestMapping("/api/v1/jobs/{role}/{environment}/{name}")
class UpdateHooksController {

    /** An update id: a UUID in practice; anything printable and path-safe is accepted. */
    static final Pattern HOLDER = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private static final String JSON = "application/json";
    private static final String YAML = "application/yaml";
    private static final String X_YAML = "application/x-yaml";
    private static final String TEXT_YAML = "text/yaml";

    private final UpdateLocks locks;
    private final InstanceAssignments assignments;
    private final JobSpecValidator validator;
    private final BodyReader bodies;
    private final RegistryProperties properties;

    UpdateHooksController(UpdateLocks locks, InstanceAssignments assignments, JobSpecValidator validator,
            BodyReader bodies, RegistryProperties properties) {
        this.locks = locks;
        this.assignments = assignments;
        this.validator = validator;
        this.bodies = bodies;
        this.properties = properties;
    }

    /** Body of {@code POST .../lock}. */
    record LockRequest(String holder) {
    }

    /** Body of {@code PUT .../instances/{id}}. */
    record AssignRequest(String configVersion, String holder) {
    }

    @PostMapping(path = "/configs", consumes = {JSON, YAML, X_YAML, TEXT_YAML})
    Map<String, String> storeConfig(@PathVariable String role, @PathVariable String environment,
            @PathVariable String name, HttpEntity<byte[]> request) {
        JobKey key = JobController.key(role, environment, name);
        BodyReader.Parsed<TaskConfig> parsed = bodies.read(request.getBody(), request.getHeaders().getContentType(),
                TaskConfig.class, ProblemType.INVALID_JOB_SPEC);
        List<FieldFault> faults = new ArrayList<>(parsed.unknownProperties());
        faults.addAll(validator.validateTask(parsed.value()));
        if (!faults.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_JOB_SPEC,
                    "the task config has " + faults.size() + (faults.size() == 1 ? " fault" : " faults"), faults);
        }
        return Map.of("version", assignments.storeConfig(key, SpecDefaults.apply(parsed.value())));
    }

    @PostMapping(path = "/lock", consumes = {JSON, YAML, X_YAML, TEXT_YAML})
    LockView lock(@PathVariable String role, @PathVariable String environment, @PathVariable String name,
            HttpEntity<byte[]> request) {
        JobKey key = JobController.key(role, environment, name);
        LockRequest body = bodies.readRequest(request.getBody(), request.getHeaders().getContentType(), LockRequest.class);
        return locks.lock(key, holder(body.holder()));
    }

    @GetMapping("/lock")
    LockView lock(@PathVariable String role, @PathVariable String environment, @PathVariable String name) {
        return locks.view(JobController.key(role, environment, name));
    }

    @DeleteMapping("/lock")
    ResponseEntity<Void> unlock(@PathVariable String role, @PathVariable String environment, @PathVariable String name,
            @RequestParam String holder) {
        locks.release(JobController.key(role, environment, name), holder(holder));
        return ResponseEntity.noContent().build();
    }

    @PutMapping(path = "/instances/{instance}", consumes = {JSON, YAML, X_YAML, TEXT_YAML})
    JobView assign(@PathVariable String role, @PathVariable String environment, @PathVariable String name,
            @PathVariable int instance, HttpEntity<byte[]> request) {
        JobKey key = JobController.key(role, environment, name);
        AssignRequest body = bodies.readRequest(request.getBody(), request.getHeaders().getContentType(), AssignRequest.class);
        List<FieldFault> faults = new ArrayList<>();
        checkInstance(instance, faults);
        if (body.configVersion() == null || body.configVersion().isBlank()) {
            faults.add(new FieldFault("configVersion", "required"));
        }
        checkHolder(body.holder(), faults);
        if (!faults.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "cannot set instance " + instance + " of job " + key, faults);
        }
        return assignments.assign(key, instance, body.configVersion(), body.holder());
    }

    @DeleteMapping("/instances/{instance}")
    JobView remove(@PathVariable String role, @PathVariable String environment, @PathVariable String name,
            @PathVariable int instance, @RequestParam String holder) {
        JobKey key = JobController.key(role, environment, name);
        List<FieldFault> faults = new ArrayList<>();
        checkInstance(instance, faults);
        checkHolder(holder, faults);
        if (!faults.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "cannot remove instance " + instance + " of job " + key, faults);
        }
        return assignments.remove(key, instance, holder);
    }

    private void checkInstance(int instance, List<FieldFault> faults) {
        if (instance < 0 || instance >= properties.maxInstances()) {
            faults.add(new FieldFault("instance", "must be between 0 and " + (properties.maxInstances() - 1)));
        }
    }

    private static String holder(String holder) {
        List<FieldFault> faults = new ArrayList<>();
        checkHolder(holder, faults);
        if (!faults.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "invalid lock holder", faults);
        }
        return holder;
    }

    private static void checkHolder(String holder, List<FieldFault> faults) {
        if (holder == null) {
            faults.add(new FieldFault("holder", "required: the id of the update"));
        } else if (!HOLDER.matcher(holder).matches()) {
            faults.add(new FieldFault("holder", "must match " + HOLDER.pattern()));
        }
    }
}
