package dev.duplex.precheck.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrecheckRequestTest {

    private static final String YAML = "task: t\\nnodes:\\n  a: {host: h1, user: u, password: env:A}\\n"
            + "  b: {host: h2, user: u, password: env:B}\\nobjects: [shop]\\n";

    private static PrecheckRequest read(String json) throws Exception {
        return PrecheckRequest.read(new ObjectMapper().readTree(json));
    }

    @Test
    void shouldReadTheStoredTaskAndAcknowledgedIds() throws Exception {
        PrecheckRequest r = read("{\"task\": \"t\", \"acknowledge\": [\"tls.a\"]}");
        assertEquals("t", r.task());
        assertTrue(r.dryRun().isEmpty());
        assertEquals(List.of("tls.a"), r.acknowledge());
    }

    @Test
    void shouldReadADryRunConfigurationOfTheSameTask() throws Exception {
        PrecheckRequest r = read("{\"task\": \"t\", \"config\": \"" + YAML + "\"}");
        assertEquals("t", r.dryRun().orElseThrow().task());
        BadRequestException other = assertThrows(BadRequestException.class,
                () -> read("{\"task\": \"other\", \"config\": \"" + YAML + "\"}"));
        assertEquals("config.task", other.problems().get(0).path());
    }

    @Test
    void shouldRefuseAConfigurationWithoutATaskName() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> read("{\"config\": \"" + YAML + "\"}"));
        assertTrue(e.getMessage().startsWith("task is missing"), e.getMessage());
        assertTrue(e.problems().get(0).fix().contains("duplex task put"), e.problems().toString());
    }

    @Test
    void shouldPrefixConfigProblemsWithConfig() {
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> read("{\"task\": \"t\", \"config\": \"" + YAML.replace("env:A", "plain-text-pw") + "\"}"));
        assertEquals("config.nodes.a.password", e.problems().get(0).path());
        assertFalse(e.problems().toString().contains("plain-text-pw"));
    }

    @Test
    void shouldRefuseOtherShapes() {
        assertThrows(BadRequestException.class, () -> read("[1]"));
        assertThrows(BadRequestException.class, () -> read("{\"task\": 5}"));
        assertThrows(BadRequestException.class, () -> read("{\"task\": \"../etc\"}"));
        assertThrows(BadRequestException.class, () -> read("{\"task\": \"t\", \"config\": 5}"));
        assertThrows(BadRequestException.class, () -> read("{\"task\": \"t\", \"acknowledge\": \"tls.a\"}"));
        BadRequestException e = assertThrows(BadRequestException.class, () -> read("{}"));
        assertEquals(400, e.status());
        assertEquals("task", e.problems().get(0).path());
    }

    @Test
    void shouldDescribeMalformedJsonWithoutQuotingIt() {
        BadRequestException e = HttpErrors.malformed("{\"task\": \"x\", secret-pw}");
        assertTrue(e.getMessage().startsWith("the body is not valid JSON at line 1, column"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void shouldAcceptOnlyJsonContent() {
        assertTrue(JsonContent.accepts("application/json"));
        assertTrue(JsonContent.accepts("Application/JSON; charset=utf-8"));
        assertFalse(JsonContent.accepts(null));
        assertFalse(JsonContent.accepts("text/plain"));
        assertFalse(JsonContent.accepts("application/json-seq"));
        assertFalse(JsonContent.accepts("application/x-www-form-urlencoded"));
        assertEquals(415, JsonContent.refusal("text/plain").status());
    }
}
