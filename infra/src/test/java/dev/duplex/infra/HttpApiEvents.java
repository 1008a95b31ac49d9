package dev.duplex.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/**
 * The API Gateway HTTP API event (payload format 2.0) that infra's precheck route ({@code POST
 * /precheck}, AWS_IAM authorization) hands its function, and the function's proxy response.
 */
final class HttpApiEvents {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

  private HttpApiEvents() {}

  /** A SigV4-signed caller's POST of a JSON body, as the route's integration passes it on. */
  static String post(String routePath, String jsonBody, String account) {
    return post(routePath, jsonBody, account, "application/json");
  }

  /** The same with another Content-Type header. */
  static String post(String routePath, String jsonBody, String account, String contentType) {
    Instant now = Instant.now();
    String apiId = "a1b2c3d4e5";
    ObjectNode e = JSON.createObjectNode();
    e.put("version", "2.0");
    e.put("routeKey", "POST " + routePath);
    e.put("rawPath", routePath);
    e.put("rawQueryString", "");
    ObjectNode headers = e.putObject("headers");
    headers.put("content-type", contentType);
    headers.put("content-length", Integer.toString(jsonBody.getBytes(StandardCharsets.UTF_8).length));
    headers.put("host", apiId + ".execute-api.us-east-1.amazonaws.com");
    headers.put("user-agent", "aws-sdk-java/2.31.50");
    headers.put("x-amz-date", "20250101T000000Z");
    ObjectNode ctx = e.putObject("requestContext");
    ctx.put("accountId", account);
    ctx.put("apiId", apiId);
    ctx.put("domainName", apiId + ".execute-api.us-east-1.amazonaws.com");
    ctx.put("domainPrefix", apiId);
    ObjectNode http = ctx.putObject("http");
    http.put("method", "POST");
    http.put("path", routePath);
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", "127.0.0.1");
    http.put("userAgent", "aws-sdk-java/2.31.50");
    ctx.put("requestId", UUID.randomUUID().toString());
    ctx.put("routeKey", "POST " + routePath);
    ctx.put("stage", "$default");
    ctx.put("time", TIME.format(now));
    ctx.put("timeEpoch", now.toEpochMilli());
    ObjectNode iam = ctx.putObject("authorizer").putObject("iam");
    iam.put("accessKey", "AKIAIOSFODNN7EXAMPLE");
    iam.put("accountId", account);
    iam.put("callerId", "AIDAEXAMPLE");
    iam.put("userArn", "arn:aws:iam::" + account + ":user/operator");
    iam.put("userId", "AIDAEXAMPLE");
    e.put("body", jsonBody);
    e.put("isBase64Encoded", false);
    return e.toString();
  }

  /** The body of a proxy response ({@code statusCode}, {@code body}, {@code isBase64Encoded}). */
  static String body(JsonNode response) {
    String body = response.path("body").asText("");
    return response.path("isBase64Encoded").asBoolean(false)
        ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
  }
}
