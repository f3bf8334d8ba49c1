package io.borealis.api.job;

import java.util.List;

/**
 * A constraint on an agent attribute: either a value constraint ({@code values}: the attribute
 * must be one of them; prefix a value with {@code !} to exclude it) or a limit constraint
 * ({@code limit}: at most that many instances of the job per attribute value).
 */
public record Constraint(String attribute, List<String> values, Integer limit) {
}
