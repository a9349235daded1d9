package org.zaploop.protocol.records;

/**
 * One Kafka record a controller decision used, named by topic, partition and offset, so an
 * {@link AuditRecord} ({@code zl.audit}) can be replayed against the exact inputs.
 *
 * @param topic         topic name
 * @param partition     partition, >= 0
 * @param offset        offset, >= 0
 * @param acquisitionNs acquisition time carried by that record
 */
public record InputRef(String topic, int partition, long offset, long acquisitionNs) {

    public InputRef {
        Check.notNull("topic", topic);
        if (!topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("field 'topic' is not a Kafka topic name: "
                    + org.zaploop.protocol.Names.show(topic));
        }
        Check.range("partition", partition, 0, Integer.MAX_VALUE);
        Check.atLeast("offset", offset, 0);
        Check.atLeast("acquisitionNs", acquisitionNs, 0);
    }
}
