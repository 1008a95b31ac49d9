package dev.duplex.precheck.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duplex.precheck.PrecheckReport;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * {@code POST /precheck}: runs the precheck of the stack's stored task (or an allowed dry run of
 * it, see {@link DryRunRule}) and returns the report. Served by funqy-http, and on AWS Lambda
 * behind API Gateway by amazon-lambda-http. Refusals (not a POST of JSON, malformed body, another
 * task, a task not stored, a dry run naming other hosts or secrets) are answered by
 * {@link HttpErrors} with their status, before anything connects.
 */
public class PrecheckFunction {

    @Inject
    PrecheckRuntime runtime;

    @Funq("precheck")
    public PrecheckReport precheck(JsonNode body) {
        return runtime.precheck().run(PrecheckRequest.read(body));
    }
}
