package io.borealis.job.http;

import io.borealis.job.spec.FieldFault;
import java.util.List;
import org.springframework.util.unit.DataSize;

/**
 * The body is over the limit. Unchecked on purpose: thrown from inside a stream read, it passes
 * through the message converters (which wrap only IOException) to the problem advice.
 */
public class BodyTooLargeException extends ApiException {

    public BodyTooLargeException(DataSize limit) {
        super(ProblemType.BODY_TOO_LARGE, "request body exceeds the limit of " + limit.toBytes() + " bytes",
                List.of(new FieldFault("", "body larger than " + limit.toBytes() + " bytes")));
    }
}
