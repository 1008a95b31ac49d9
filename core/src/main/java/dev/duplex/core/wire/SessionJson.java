package dev.duplex.core.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.duplex.core.model.SessionVariable;
import dev.duplex.core.model.SourceSession;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * A DDL change's source session (format 3): {@code {"ts": micros, "server": "mariadb"|"mysql",
 * "vars": {server variable name: value}}}, flags as JSON booleans, numbers as integers, names and
 * text as strings. Read as strictly as the rest of the format: an unknown variable is an error.
 */
final class SessionJson {

    private SessionJson() {}

    static void write(JsonGenerator gen, SourceSession session) throws IOException {
        gen.writeObjectFieldStart("session");
        gen.writeNumberField("ts", session.timestampMicros());
        gen.writeStringField("server", session.server().code());
        gen.writeObjectFieldStart("vars");
        for (Map.Entry<SessionVariable, String> e : session.variables().entrySet()) {
            String name = e.getKey().serverName();
            switch (e.getKey().kind()) {
                case FLAG -> gen.writeBooleanField(name, e.getValue().equals("1"));
                case NUMBER -> gen.writeNumberField(name, Integer.parseInt(e.getValue()));
                case NAME, TEXT -> gen.writeStringField(name, e.getValue());
            }
        }
        gen.writeEndObject();
        gen.writeEndObject();
    }

    /** Reads the session object that is the cursor's next token. */
    static SourceSession read(JsonCursor in) throws IOException {
        in.startObject();
        Long[] ts = {null};
        SourceSession.Server[] server = {null};
        Map<SessionVariable, String> vars = new EnumMap<>(SessionVariable.class);
        boolean[] sawVars = {false};
        in.readFields(name -> {
            switch (name) {
                case "ts" -> ts[0] = in.readLong();
                case "server" -> server[0] = server(in);
                case "vars" -> {
                    in.startObject();
                    in.readFields(var -> readVariable(in, var, vars));
                    sawVars[0] = true;
                }
                default -> {
                    return false;
                }
            }
            return true;
        });
        if (!sawVars[0]) {
            throw in.fail("missing required field 'vars'");
        }
        try {
            return new SourceSession(in.require(ts[0], "ts"), in.require(server[0], "server"), vars);
        } catch (IllegalArgumentException e) {
            throw in.fail(e.getMessage(), e);
        }
    }

    private static SourceSession.Server server(JsonCursor in) throws IOException {
        String code = in.readString();
        try {
            return SourceSession.Server.ofCode(code);
        } catch (IllegalArgumentException e) {
            throw in.fail(e.getMessage(), e);
        }
    }

    private static boolean readVariable(JsonCursor in, String name, Map<SessionVariable, String> vars)
            throws IOException {
        SessionVariable v = SessionVariable.ofServerName(name).orElse(null);
        if (v == null) {
            return false;
        }
        String value = switch (v.kind()) {
            case FLAG -> in.readBoolean() ? "1" : "0";
            case NUMBER -> Integer.toString(in.readInt());
            case NAME, TEXT -> in.readString();
        };
        try {
            vars.put(v, v.normalize(value));
        } catch (IllegalArgumentException e) {
            throw in.fail(e.getMessage(), e);
        }
        return true;
    }
}
