package org.zaploop.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.zaploop.protocol.topics.TopicCatalogue;

class TopicsTest {

    @Test
    void typedCatalogueCoversTheWholeCatalogueInOrder() {
        assertEquals(TopicCatalogue.ALL.size(), Topics.ALL.size());
        for (int i = 0; i < Topics.ALL.size(); i++) {
            assertSame(TopicCatalogue.ALL.get(i), Topics.ALL.get(i).spec());
        }
        assertEquals("zl.imaging.planes", Topics.PLANES.name());
        assertTrue(Topics.byName("zl.dlq").isPresent());
    }

    @Test
    void serdesPassTombstonesThrough() {
        assertEquals(null, Topics.SEGMENTATION.valueSerde().serializer().serialize("t", null));
        assertEquals(null, Topics.SEGMENTATION.valueSerde().deserializer().deserialize("t", null));
    }
}
