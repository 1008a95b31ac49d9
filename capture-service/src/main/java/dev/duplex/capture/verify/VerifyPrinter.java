package dev.duplex.capture.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/** What {@code duplex verify} prints: a line per table (and its differing keys), or one JSON document. */
public final class VerifyPrinter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VerifyPrinter() {}

    public static void text(PrintWriter out, Verifier.Outcome outcome, int maxKeys) {
        long bad = 0;
        for (TableDiff d : outcome.tables()) {
            if (d.equal()) {
                out.printf("OK    %s (%d rows; %s)%n", d.table().label(), d.rowsA(), d.method());
            } else {
                bad++;
                out.printf("DIFF  %s: %d keys differ (%d rows on a, %d on b; %s)%n", d.table().label(), d.differences(),
                        d.rowsA(), d.rowsB(), d.method());
                d.sampleKeys(maxKeys).forEach(k -> out.println("        " + k));
                if (d.differences() > maxKeys) {
                    out.printf("        ... and %d more (--max-keys, or --json for all)%n", d.differences() - maxKeys);
                }
            }
        }
        outcome.notRechecked().ifPresent(why -> out.println("not re-checked after the replication delay: " + why
                + "; some of these rows may only have been in flight"));
        out.printf("%d tables compared, %d differ%n", outcome.tables().size(), bad);
    }

    public static void repairText(PrintWriter out, Repairer.Outcome r, int maxKeys) {
        for (TableDiff d : r.sent()) {
            out.printf("REPAIRED  %s: %d keys sent from node %s%n", d.table().label(), d.differences(), r.source());
        }
        r.unchecked().ifPresent(why -> out.println("repaired keys not compared again: " + why));
        for (TableDiff d : r.stillDiffering()) {
            out.printf("STILL DIFF  %s: %d keys%n", d.table().label(), d.differences());
            d.sampleKeys(maxKeys).forEach(k -> out.println("        " + k));
        }
        out.printf("%d keys repaired, %d still differ%n", r.repaired() - r.remaining(), r.remaining());
    }

    public static void json(PrintWriter out, String task, Verifier.Outcome outcome, VerifyProgress progress,
                            Repairer.Outcome repaired) {
        ObjectNode root = JSON.createObjectNode();
        root.put("task", task);
        root.put("differences", outcome.differences());
        root.put("rows", progress.rows());
        root.put("seconds", Math.round(progress.seconds() * 1000) / 1000.0);
        root.put("rechecked", outcome.notRechecked().isEmpty());
        outcome.notRechecked().ifPresent(why -> root.put("notRechecked", why));
        ArrayNode tables = root.putArray("tables");
        for (TableDiff d : outcome.tables()) {
            ObjectNode t = tables.addObject();
            t.put("table", d.table().dbA() + "." + d.table().tableA());
            t.put("target", d.table().dbB() + "." + d.table().tableB());
            t.put("rowsA", d.rowsA());
            t.put("rowsB", d.rowsB());
            t.put("method", d.method());
            t.put("differences", d.differences());
            ArrayNode keys = t.putArray("keys");
            d.keys().forEach(k -> keys.addObject().put("key", k.keyText()).put("kind", k.kind()));
        }
        if (repaired != null) {
            ObjectNode r = root.putObject("repair");
            r.put("source", repaired.source());
            r.put("sent", repaired.repaired());
            r.put("stillDiffering", repaired.remaining());
            repaired.unchecked().ifPresent(why -> r.put("unchecked", why));
        }
        out.println(root.toPrettyString());
    }
}
