package dev.duplex.precheck.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.duplex.core.config.SecretResolver;
import dev.duplex.precheck.Precheck;
import dev.duplex.precheck.PrecheckReport;
import io.quarkus.funqy.Funq;

/**
 * {@code POST /precheck}: runs the precheck of the task in the body and returns the report.
 * Served by funqy-http, and on AWS Lambda behind API Gateway by amazon-lambda-http. Bad requests
 * (malformed JSON, invalid configuration) are answered 400 by {@link HttpErrors}.
 */
public class PrecheckFunction {

    @Funq("precheck")
    public PrecheckReport precheck(JsonNode body) {
        PrecheckRequest request = PrecheckRequest.read(body);
        return new Precheck(SecretResolver.defaults()).check(request.config(), request.acknowledge());
    }
}
