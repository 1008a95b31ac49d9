package dev.duplex.precheck.checks;

import dev.duplex.core.config.DatabaseSelection;
import dev.duplex.core.config.TableSelection;
import dev.duplex.core.config.TaskConfig;
import dev.duplex.precheck.CheckItem;
import dev.duplex.precheck.NodeProbe;
import dev.duplex.precheck.PrecheckContext;
import dev.duplex.precheck.facts.ServerFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Both nodes compare table names the same way. When they differ, names with capitals are
 * stored or found differently on each side (a fail); with all-lower-case names it does not
 * matter yet (a warning: the next CREATE TABLE with a capital would).
 */
final class LowerCaseTableNamesCheck extends PairCheck {

    static final String ID = "lower-case-table-names";

    @Override
    public String id() {
        return ID;
    }

    @Override
    CheckItem compare(PrecheckContext context, NodeProbe a, NodeProbe b) {
        List<String> names = new ArrayList<>(configuredNames(context.config()));
        context.selection().tables().forEach(t -> {
            names.add(t.aTable());
            names.add(t.bTable());
        });
        return decide(a.facts(), b.facts(), names);
    }

    static CheckItem decide(ServerFacts a, ServerFacts b, List<String> names) {
        int la = a.lowerCaseTableNames();
        int lb = b.lowerCaseTableNames();
        String found = "a: lower_case_table_names=" + la + ", b: lower_case_table_names=" + lb;
        String expected = "the same lower_case_table_names on both nodes";
        if (la == lb) {
            return CheckItem.pass(ID, CheckItem.BOTH, found, expected);
        }
        String fix = "give both nodes the same lower_case_table_names: MySQL 8 takes it only when the data directory is"
                + " initialized (reinstall one node with the other's value); MySQL 5.7 and MariaDB take it from my.cnf"
                + " at start, after existing tables are renamed to lower case";
        List<String> capitals = names.stream().filter(n -> !n.equals(n.toLowerCase(Locale.ROOT))).distinct().toList();
        if (capitals.isEmpty()) {
            return CheckItem.warn(ID, CheckItem.BOTH, found + "; every selected name is lower case, but a table created"
                    + " later with a capital would be named differently on each node", expected, fix);
        }
        return CheckItem.fail(ID, CheckItem.BOTH, found + "; names with capitals are stored or matched differently on"
                + " each node: " + String.join(", ", capitals.subList(0, Math.min(10, capitals.size()))), expected, fix);
    }

    private static List<String> configuredNames(TaskConfig config) {
        List<String> names = new ArrayList<>();
        for (DatabaseSelection d : config.objects().databases()) {
            names.add(d.name());
            names.add(config.targetDatabaseName(d.name()));
            for (TableSelection t : d.tables()) {
                names.add(t.name());
                names.add(config.targetTableName(d.name(), t.name()));
            }
        }
        return names;
    }
}
