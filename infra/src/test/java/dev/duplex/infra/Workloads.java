package dev.duplex.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.duplex.cli.demo.DemoCluster;
import dev.duplex.cli.demo.DemoWorkload;
import dev.duplex.sandbox.MySqlServer;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Both nodes written from the moment the task started: notes on both, the demo's shop on node a. */
final class Workloads {
    private static final Logger LOG = LoggerFactory.getLogger(Workloads.class);

    private final NotesWriter notesA;
    private final NotesWriter notesB;
    private final DemoWorkload shopA;

    private Workloads(NotesWriter notesA, NotesWriter notesB, DemoWorkload shopA) {
        this.notesA = notesA;
        this.notesB = notesB;
        this.shopA = shopA;
    }

    static Workloads start(DemoCluster cluster) {
        DemoWorkload shop = new DemoWorkload(cluster.a(), "a", 15, 7);
        shop.start();
        return new Workloads(new NotesWriter(cluster.a(), "a", Duration.ofMillis(60), 11).start(),
                new NotesWriter(cluster.b(), "b", Duration.ofMillis(60), 13).start(), shop);
    }

    void stop() throws InterruptedException {
        shopA.stop();
        shopA.awaitStop(Duration.ofSeconds(30));
        notesA.stop();
        notesB.stop();
        LOG.info("written: node a {} notes and {} shop transactions, node b {} notes", notesA.inserted(),
                shopA.transactions(), notesB.inserted());
    }

    long changes() {
        return notesA.changes() + notesB.changes() + shopA.rows();
    }

    void assertEveryRowOnBothNodes(DemoCluster cluster) {
        long written = notesA.inserted() + notesB.inserted();
        for (MySqlServer node : List.of(cluster.a(), cluster.b())) {
            assertEquals(String.valueOf(written), ShopTables.checksums(node).get("notes.rows"),
                    "every note written on either node is on node " + node.name());
        }
    }
}
