package io.borealis.update.http;

import java.util.Map;

/** A refusal a feature raises on purpose; {@link ProblemAdvice} turns it into its problem. */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, Object> properties;

    public ApiException(ProblemType type, String detail, Map<String, Object> properties) {
        super(detail);
        this.type = type;
        this.properties = Map.copyOf(properties);
    }

    /** A request parameter that cannot be right: names the parameter and the value. */
    public static ApiException invalidParameter(String parameter, Object value, String why) {
        return new ApiException(ProblemType.INVALID_PARAMETER, parameter + " " + why,
                Map.of("parameter", parameter, "value", String.valueOf(value)));
    }

    public ProblemType type() {
        return type;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
