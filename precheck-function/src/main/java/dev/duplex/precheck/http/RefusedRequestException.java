package dev.duplex.precheck.http;

import dev.duplex.core.config.ConfigProblem;

import java.util.List;

/**
 * A precheck request that is answered without running anything: its HTTP status, a message and
 * every problem with its fix, as {@code {"error": "...", "problems": [...]}}. Both the function
 * ({@link HttpErrors}) and the local runtime's endpoint answer it the same way.
 */
public class RefusedRequestException extends RuntimeException {

    private final int status;
    private final transient List<ConfigProblem> problems;

    public RefusedRequestException(int status, String message, List<ConfigProblem> problems) {
        super(message);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    /** A refusal with one problem at {@code path}. */
    public static RefusedRequestException of(int status, String path, String message, String fix) {
        return new RefusedRequestException(status, message, List.of(new ConfigProblem(path, message, fix)));
    }

    public int status() {
        return status;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
