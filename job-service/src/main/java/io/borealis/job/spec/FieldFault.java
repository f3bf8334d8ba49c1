package io.borealis.job.spec;

/** One thing wrong with a request: the dotted path of the field ({@code task.resources.gpus}) and why. */
public record FieldFault(String field, String message) {
}
