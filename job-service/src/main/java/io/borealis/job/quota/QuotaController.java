package io.borealis.job.quota;

import io.borealis.api.job.JobKey;
import io.borealis.api.job.JobSpec;
import io.borealis.job.http.ApiException;
import io.borealis.job.http.BodyReader;
import io.borealis.job.http.ProblemType;
import io.borealis.job.spec.FieldFault;
import io.borealis.job.spec.JobSpecValidator;
import io.borealis.job.spec.SpecDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpEntity;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/quotas/{role}}: read, set and remove a role's production quota, and the check
 * update-service runs before an update starts.
 */
@RestController
@RequestMapping("/api/v1/quotas/{role}")
class QuotaController {

    private static final String JSON = "application/json";
    private static final String YAML = "application/yaml";
    private static final String X_YAML = "application/x-yaml";
    private static final String TEXT_YAML = "text/yaml";

    private final Quotas quotas;
    private final JobSpecValidator validator;
    private final BodyReader bodies;

    QuotaController(Quotas quotas, JobSpecValidator validator, BodyReader bodies) {
        this.quotas = quotas;
        this.validator = validator;
        this.bodies = bodies;
    }

    @GetMapping
    QuotaView get(@PathVariable String role) {
        return quotas.view(checkedRole(role));
    }

    @PutMapping(consumes = {JSON, YAML, X_YAML, TEXT_YAML})
    QuotaView put(@PathVariable String role, HttpEntity<byte[]> request) {
        checkedRole(role);
        QuotaRequest body = bodies.readRequest(request.getBody(), request.getHeaders().getContentType(), QuotaRequest.class);
        List<FieldFault> faults = new ArrayList<>();
        if (body.cpus() == null) {
            faults.add(new FieldFault("cpus", "required"));
        } else if (body.cpus().signum() < 0) {
            faults.add(new FieldFault("cpus", "must be ≥ 0"));
        }
        atLeastZero("ramMb", body.ramMb(), faults);
        atLeastZero("diskMb", body.diskMb(), faults);
        if (!faults.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "invalid quota for role " + role, faults);
        }
        return quotas.set(role, new ResourceAmounts(body.cpus(), body.ramMb(), body.diskMb()));
    }

    /** The role goes back to unlimited. Idempotent. */
    @DeleteMapping
    ResponseEntity<Void> delete(@PathVariable String role) {
        quotas.remove(checkedRole(role));
        return ResponseEntity.noContent().build();
    }

    /** 200 {@code {fits: true}}, or 409 quota-exceeded when the job's instances replaced by the spec's would not fit. */
    @PostMapping(path = "/check", consumes = {JSON, YAML, X_YAML, TEXT_YAML})
    Map<String, Boolean> check(@PathVariable String role, HttpEntity<byte[]> request) {
        checkedRole(role);
        BodyReader.Parsed<QuotaCheckRequest> parsed = bodies.read(request.getBody(), request.getHeaders().getContentType(),
                QuotaCheckRequest.class, ProblemType.INVALID_REQUEST);
        List<FieldFault> faults = new ArrayList<>(parsed.unknownProperties());
        QuotaCheckRequest body = parsed.value();
        JobKey job = body == null ? null : body.job();
        JobSpec spec = body == null ? null : body.spec();
        if (job == null) {
            faults.add(new FieldFault("job", "required"));
        } else if (!job.isValid()) {
            faults.add(new FieldFault("job", "must be a job key, each segment matching " + JobKey.SEGMENT.pattern()));
        } else if (!job.role().equals(role)) {
            faults.add(new FieldFault("job.role", "must be the role in the path (" + role + ")"));
        }
        validator.validate(spec).forEach(f -> faults.add(new FieldFault(f.field().isEmpty() ? "spec" : "spec." + f.field(), f.message())));
        if (job != null && spec != null && spec.key() != null && !job.equals(spec.key())) {
            faults.add(new FieldFault("spec.key", "must equal job (" + job + ")"));
        }
        if (!faults.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_REQUEST,
                    "the quota check request has " + faults.size() + (faults.size() == 1 ? " fault" : " faults"), faults);
        }
        JobSpec defaulted = SpecDefaults.apply(spec);
        quotas.checkReplacing(job, ResourceAmounts.production(defaulted.task(), defaulted.instances()));
        return Map.of("fits", true);
    }

    private static String checkedRole(String role) {
        if (!JobKey.isValidSegment(role)) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "invalid role '" + role + "'",
                    List.of(new FieldFault("role", "must match " + JobKey.SEGMENT.pattern())));
        }
        return role;
    }

    private static void atLeastZero(String field, Long value, List<FieldFault> faults) {
        if (value == null) {
            faults.add(new FieldFault(field, "required"));
        } else if (value < 0) {
            faults.add(new FieldFault(field, "must be ≥ 0"));
        }
    }
}
