package org.zaploop.protocol.topics;

import java.util.List;
import java.util.Map;

/**
 * What the broker holds for one catalogue topic after provisioning.
 *
 * @param spec       the catalogue entry
 * @param created    true when this provisioning run created the topic
 * @param partitions the partition count the broker reports
 * @param configs    the broker's values of the configs the catalogue sets
 * @param drift      every difference from the catalogue (empty when the topic matches)
 */
public record TopicState(TopicSpec spec, boolean created, int partitions, Map<String, String> configs,
                         List<TopicDrift> drift) {

    public TopicState {
        configs = Map.copyOf(configs);
        drift = List.copyOf(drift);
    }

    public boolean matches() {
        return drift.isEmpty();
    }
}
