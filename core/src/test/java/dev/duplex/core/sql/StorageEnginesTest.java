package dev.duplex.core.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorageEnginesTest {

    @ParameterizedTest
    @ValueSource(strings = {"InnoDB", "innodb", "INNODB"})
    void shouldAcceptInnoDbHoweverItIsSpelled(String engine) {
        assertTrue(StorageEngines.isTransactional(engine));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"MyISAM", "Aria", "MEMORY", "CSV", "ARCHIVE", "MRG_MyISAM", "MRG_MYISAM", "BLACKHOLE",
        "FEDERATED", "CONNECT", "SEQUENCE", "SPIDER", "ROCKSDB", "TokuDB", "ndbcluster", "", "SomethingNew"})
    void shouldRefuseEveryOtherEngineAndAnUnknownOne(String engine) {
        assertFalse(StorageEngines.isTransactional(engine));
    }

    @Test
    void shouldGiveTheExactAlterStatementWithQuotedNames() {
        assertEquals("ALTER TABLE `shop`.`logs` ENGINE=InnoDB;", StorageEngines.fix("shop", "logs"));
        assertEquals("ALTER TABLE `my db`.`a``b` ENGINE=InnoDB;", StorageEngines.fix("my db", "a`b"));
    }

    @Test
    void shouldSayWhyNamingTheEngineAndTheMarker() {
        String why = StorageEngines.why("Aria");
        assertTrue(why.startsWith("the Aria storage engine is not transactional"), why);
        assertTrue(why.contains("duplex.apply_checkpoint"), why);
        assertTrue(StorageEngines.why(null).startsWith("its storage engine is unknown"), StorageEngines.why(null));
    }
}
