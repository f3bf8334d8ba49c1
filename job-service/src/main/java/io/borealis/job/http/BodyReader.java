package io.borealis.job.http;

import io.borealis.job.spec.FieldFault;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a request body as JSON or YAML (by Content-Type) into a wire record. Unknown properties
 * are not silently dropped: each is collected with its full path ({@code task.resources.gpus}) so
 * the caller can report them together with the validation faults. Syntax errors become a
 * malformed-body problem naming line and column; a value of the wrong type names its field.
 */
@Component
public class BodyReader {

    private static final String UNKNOWN = BodyReader.class.getName() + ".unknown";

    private final ObjectMapper json;
    private final ObjectMapper yaml;

    public BodyReader() {
        this.json = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .addHandler(new UnknownPropertyCollector())
                .build();
        this.yaml = YAMLMapper.builder()
                .addHandler(new UnknownPropertyCollector())
                .build();
    }

    /** The parsed value and the unknown properties found in it (empty if none). */
    public record Parsed<T>(T value, List<FieldFault> unknownProperties) {
    }

    /**
     * @param invalidAs the problem type for a well-formed body with a value of the wrong type
     *                  (e.g. invalid-job-spec for a JobSpec)
     */
    public <T> Parsed<T> read(byte[] body, MediaType contentType, Class<T> type, ProblemType invalidAs) {
        if (body == null || body.length == 0) {
            throw new ApiException(ProblemType.MALFORMED_BODY, "request body is empty",
                    List.of(new FieldFault("", "a body is required")));
        }
        ObjectMapper mapper = isYaml(contentType) ? yaml : json;
        List<FieldFault> unknown = new ArrayList<>();
        try {
            T value = mapper.readerFor(type).withAttribute(UNKNOWN, unknown).readValue(body);
            return new Parsed<>(value, unknown);
        } catch (StreamReadException e) {
            if (e instanceof InputCoercionException) {
                throw invalidValue(invalidAs, e, "number out of range");
            }
            throw malformed(mapper == yaml ? "YAML" : "JSON", e);
        } catch (InvalidFormatException e) {
            throw invalidValue(invalidAs, e, "invalid value '" + e.getValue() + "'" + allowedValues(e.getTargetType()));
        } catch (JacksonException e) {
            if (e.getPath().isEmpty()) {
                // not about one field: trailing tokens, or a body that is not an object at all
                throw malformed(mapper == yaml ? "YAML" : "JSON", e);
            }
            throw invalidValue(invalidAs, e, "wrong type or shape: " + firstLine(e.getOriginalMessage()));
        }
    }

    /**
     * Reads a small request body (not a job spec): unknown properties and a missing body are
     * invalid-request problems at once.
     */
    public <T> T readRequest(byte[] body, MediaType contentType, Class<T> type) {
        Parsed<T> parsed = read(body, contentType, type, ProblemType.INVALID_REQUEST);
        if (!parsed.unknownProperties().isEmpty()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "the body has unknown properties", parsed.unknownProperties());
        }
        if (parsed.value() == null) {
            throw new ApiException(ProblemType.INVALID_REQUEST, "a body is required", List.of(new FieldFault("", "required")));
        }
        return parsed.value();
    }

    private static ApiException malformed(String format, JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new ApiException(ProblemType.MALFORMED_BODY, "body is not valid " + format + where,
                List.of(new FieldFault("", firstLine(e.getOriginalMessage()) + where)));
    }

    private static boolean isYaml(MediaType contentType) {
        return contentType != null && contentType.getSubtype().endsWith("yaml");
    }

    private static ApiException invalidValue(ProblemType type, JacksonException e, String message) {
        return new ApiException(type, "a field has a value of the wrong type",
                List.of(new FieldFault(path(e.getPath()), message)));
    }

    private static String allowedValues(Class<?> type) {
        if (type != null && type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(((Enum<?>) constant).name());
            }
            return ", expected one of " + names;
        }
        return "";
    }

    private static String firstLine(String message) {
        int end = message == null ? -1 : message.indexOf('\n');
        return end < 0 ? String.valueOf(message) : message.substring(0, end);
    }

    private static String path(List<JacksonException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : references) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Records each unknown property with its path and skips its value, so parsing goes on and finds them all. */
    private static final class UnknownPropertyCollector extends DeserializationProblemHandler {

        @Override
        @SuppressWarnings("unchecked")
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, ValueDeserializer<?> deserializer,
                Object beanOrClass, String propertyName) {
            List<FieldFault> unknown = (List<FieldFault>) ctxt.getAttribute(UNKNOWN);
            if (unknown == null) {
                return false;
            }
            unknown.add(new FieldFault(pointerToPath(p.streamReadContext().pathAsPointer().toString(), propertyName),
                    "unknown property"));
            p.skipChildren();
            return true;
        }

        /** "/task/constraints/0/foo" → "task.constraints[0].foo"; falls back to the bare name. */
        private static String pointerToPath(String pointer, String propertyName) {
            if (pointer.isEmpty()) {
                return propertyName;
            }
            StringBuilder path = new StringBuilder();
            for (String segment : pointer.substring(1).split("/")) {
                String name = segment.replace("~1", "/").replace("~0", "~");
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    path.append('[').append(name).append(']');
                } else {
                    if (!path.isEmpty()) {
                        path.append('.');
                    }
                    path.append(name);
                }
            }
            String result = path.toString();
            return result.endsWith(propertyName) ? result : result + "." + propertyName;
        }
    }
}
