package dev.duplex.precheck.http;

import dev.duplex.core.config.ConfigProblem;

import java.util.List;

/** A request the function cannot act on; answered with HTTP 400 and the problems. */
public final class BadRequestException extends RuntimeException {

    private final transient List<ConfigProblem> problems;

    public BadRequestException(String message, List<ConfigProblem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
