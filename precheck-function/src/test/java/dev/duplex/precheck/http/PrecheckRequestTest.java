package dev.duplex.precheck.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrecheckRequestTest {

    private static final String YAML = "task: t\\nnodes:\\n  a: {host: h1, user: u, password: env:A}\\n"
            + "  b: {host: h2, user: u, password: env:B}\\nobjects: [shop]\\n";

    private static PrecheckRequest read(String json) throws Exception {
        return PrecheckRequest.read(new ObjectMapper().readTree(json));
    }

    @Test
    void shouldReadYamlTextAndAcknowledgedIds() throws Exception {
        PrecheckRequest r = read("{\"config\": \"" + YAML + "\", \"acknowledge\": [\"tls.a\"]}");
        assertEquals("t", r.config().task());
        assertEquals(List.of("tls.a"), r.acknowledge());
    }

    @Test
    void shouldPrefixConfigProblemsWithConfig() {
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> read("{\"config\": \"" + YAML.replace("env:A", "plain-text-pw") + "\"}"));
        assertEquals("config.nodes.a.password", e.problems().get(0).path());
        assertFalse(e.problems().toString().contains("plain-text-pw"));
    }

    @Test
    void shouldRefuseOtherShapes() {
        assertThrows(BadRequestException.class, () -> read("[1]"));
        assertThrows(BadRequestException.class, () -> read("{\"config\": 5}"));
        assertThrows(BadRequestException.class, () -> read("{\"config\": \"" + YAML + "\", \"acknowledge\": \"tls.a\"}"));
        BadRequestException e = assertThrows(BadRequestException.class, () -> read("{}"));
        assertEquals("config is missing", e.getMessage());
    }

    @Test
    void shouldDescribeMalformedJsonWithoutQuotingIt() {
        BadRequestException e = HttpErrors.malformed("{\"config\": \"x\", secret-pw}");
        assertTrue(e.getMessage().startsWith("the body is not valid JSON at line 1, column"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }
}
