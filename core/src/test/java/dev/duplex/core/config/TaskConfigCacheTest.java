package dev.duplex.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TaskConfigCacheTest {

    @Test
    void shouldHandBackTheSameConfigWhileTheStoredDocumentIsUnchanged() {
        TaskConfigCache cache = new TaskConfigCache();
        TaskConfig first = cache.at(1, ConfigTestSupport.VALID);
        // A pause or resume raises the version, not the document.
        assertSame(first, cache.at(2, ConfigTestSupport.VALID));
        assertEquals(2, cache.version());
    }

    @Test
    void shouldParseANewDocumentOnceItsVersionArrives() {
        TaskConfigCache cache = new TaskConfigCache();
        TaskConfig first = cache.at(1, ConfigTestSupport.VALID);
        TaskConfig next = cache.at(2, ConfigTestSupport.valid("- database: shop", "- database: shop2"));
        assertNotSame(first, next);
        assertEquals("shop2", next.objects().databases().get(0).name());
    }

    @Test
    void shouldDetectJsonAndYamlAlike() {
        TaskConfigCache cache = new TaskConfigCache();
        String json = """
                {"task": "j", "nodes": {"a": {"host": "h", "user": "u", "password": "env:P"},
                 "b": {"host": "h", "port": 3307, "user": "u", "password": "env:P"}},
                 "objects": [{"database": "shop"}]}""";
        assertEquals("j", cache.at(1, json).task());
    }

    @Test
    void shouldKeepTheLastValidVersionWhenAStoredDocumentIsInvalid() {
        TaskConfigCache cache = new TaskConfigCache();
        TaskConfig first = cache.at(1, ConfigTestSupport.VALID);
        assertThrows(InvalidConfigException.class, () -> cache.at(2, "task: [not valid"));
        assertEquals(1, cache.version());
        assertSame(first, cache.at(1, ConfigTestSupport.VALID));
    }
}
