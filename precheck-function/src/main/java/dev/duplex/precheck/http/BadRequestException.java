package dev.duplex.precheck.http;

import dev.duplex.core.config.ConfigProblem;

import java.util.List;

/** A request the function cannot read; answered with HTTP 400 and the problems. */
public final class BadRequestException extends RefusedRequestException {

    public BadRequestException(String message, List<ConfigProblem> problems) {
        super(400, message, problems);
    }
}
