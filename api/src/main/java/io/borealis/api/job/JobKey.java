package io.borealis.api.job;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.regex.Pattern;

/** Identifies a job: role / environment / name, each matching {@code [A-Za-z0-9_.-]{1,64}}. */
public record JobKey(String role, String environment, String name) {

    public static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** Parses {@code role/environment/name}. */
    public static JobKey parse(String path) {
        String[] parts = path.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("job key must be role/environment/name: " + path);
        }
        return new JobKey(parts[0], parts[1], parts[2]);
    }

    public static boolean isValidSegment(String segment) {
        return segment != null && SEGMENT.matcher(segment).matches();
    }

    @JsonIgnore // a check, not a property: it must not appear on the wire
    public boolean isValid() {
        return isValidSegment(role) && isValidSegment(environment) && isValidSegment(name);
    }

    /** {@code role/environment/name}, the form used in paths, environment variables and logs. */
    public String path() {
        return role + "/" + environment + "/" + name;
    }

    @Override
    public String toString() {
        return path();
    }
}
