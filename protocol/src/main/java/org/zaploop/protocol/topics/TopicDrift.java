package org.zaploop.protocol.topics;

/**
 * One way an existing topic differs from what the catalogue asks for. Drift is reported, never "fixed"
 * behind the operator's back: changing retention or partitions of a live topic is their decision.
 *
 * @param topic    the topic name
 * @param setting  {@code partitions} or a topic config name
 * @param expected what the catalogue asks for
 * @param actual   what the broker has
 */
public record TopicDrift(String topic, String setting, String expected, String actual) {

    @Override
    public String toString() {
        return topic + ": " + setting + " is " + actual + ", catalogue asks for " + expected;
    }
}
