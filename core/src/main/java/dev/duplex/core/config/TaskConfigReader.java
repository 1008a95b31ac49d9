package dev.duplex.core.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a configuration tree into a {@link TaskConfig}, reporting every problem at once. */
final class TaskConfigReader {

    private static final Map<String, String> HINTS = Map.of(
            "name", "did you mean 'task'?",
            "types", "types belongs under sync",
            "ddl", "ddl belongs under sync",
            "conflictPolicy", "conflictPolicy belongs under sync (or under a database or table in objects)",
            "conflictingTables", "conflictingTables belongs under sync",
            "strictConflicts", "strictConflicts belongs under sync",
            "tables", "tables belong under a database in objects");

    private TaskConfigReader() {}

    static TaskConfig read(JsonNode root) {
        Problems problems = new Problems();
        Section s = Section.open(root, "", problems, HINTS, "task", "nodes", "sync", "objects", "capitalization",
                "onlineDdl", "retryWindowMinutes", "alerts", "partitioning", "heartbeatSeconds", "precheck", "verify", "apply");
        if (!s.isValid()) {
            problems.throwIfAny();
        }
        String task = taskName(s);
        NodeConfig[] nodes = s.has("nodes") ? NodesReader.read(s.get("nodes"), problems) : missingNodes(problems);
        SyncConfig sync = SyncReader.read(s.get("sync"), problems);
        Capitalization cap = s.choice("capitalization", Capitalization.class, Capitalization.AS_SOURCE);
        List<String> paths = new ArrayList<>();
        List<DatabaseSelection> dbs = ObjectsReader.read(s.get("objects"), problems, paths);
        TargetNameChecks.check(dbs, paths, cap, problems);
        dbs = LwwChecks.check(dbs, paths, sync, problems);
        OnlineDdl onlineDdl = OptionsReader.onlineDdl(s.get("onlineDdl"), problems);
        int retry = s.integer("retryWindowMinutes", TaskConfig.DEFAULT_RETRY_WINDOW_MINUTES,
                TaskConfig.MIN_RETRY_WINDOW_MINUTES, TaskConfig.MAX_RETRY_WINDOW_MINUTES);
        Alerts alerts = OptionsReader.alerts(s.get("alerts"), problems);
        Partitioning partitioning = OptionsReader.partitioning(s.get("partitioning"), sync, problems);
        int heartbeat = s.integer("heartbeatSeconds", TaskConfig.DEFAULT_HEARTBEAT_SECONDS, 1,
                TaskConfig.MAX_HEARTBEAT_SECONDS);
        PrecheckOptions precheck = OptionsReader.precheck(s.get("precheck"), problems);
        VerifyOptions verify = OptionsReader.verify(s.get("verify"), problems);
        ApplyOptions apply = OptionsReader.apply(s.get("apply"), problems);
        problems.throwIfAny();
        return new TaskConfig(task, nodes[0], nodes[1], sync, new ObjectSelection(dbs), cap, onlineDdl,
                retry, alerts, partitioning, heartbeat, precheck, verify, apply);
    }

    private static String taskName(Section s) {
        String task = s.requiredString("task", "name the task, e.g. task: shop-sync");
        if (task != null && !TaskConfig.TASK_NAME.matcher(task).matches()) {
            s.problems().add("task", "task name '" + task + "' must be 1 to 40 letters, digits, '-' or '_'"
                    + " (it is part of queue deduplication ids)", "rename the task, e.g. task: shop-sync");
        }
        return task;
    }

    private static NodeConfig[] missingNodes(Problems problems) {
        problems.add("nodes", "nodes is missing", "add nodes a and b with host, port, user and password");
        return new NodeConfig[2];
    }
}
