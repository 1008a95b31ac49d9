package dev.duplex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** task put/get against DynamoDB Local kept in a state directory, as a user runs them. */
class TaskCommandIT {

    @Test
    void shouldStoreTaskAndReadItBackInALaterCommand(@TempDir Path state) {
        CliRun put = CliRun.of("task", "put", "--state-dir", state.toString(), "-c", "../examples/two-way-local.yaml");
        assertEquals(0, put.exitCode(), put.err());
        assertTrue(put.out().contains("stored task 'shop-sync' (version 1, state CREATED)"), put.out());

        CliRun get = CliRun.of("task", "get", "--state-dir", state.toString(), "shop-sync");
        assertEquals(0, get.exitCode(), get.err());
        assertTrue(get.out().contains("state CREATED"), get.out());
        assertTrue(get.out().contains("task: shop-sync"), get.out());

        CliRun again = CliRun.of("task", "put", "--state-dir", state.toString(), "-c", "../examples/two-way-local.yaml");
        assertTrue(again.out().contains("version 2"), again.out());
    }

    @Test
    void shouldSayHowToStoreAnUnknownTask(@TempDir Path state) {
        CliRun get = CliRun.of("task", "get", "--state-dir", state.toString(), "nope");
        assertEquals(1, get.exitCode());
        assertTrue(get.err().contains("duplex task put"), get.err());
    }
}
