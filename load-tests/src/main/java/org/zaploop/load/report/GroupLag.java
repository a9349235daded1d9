package org.zaploop.load.report;

import org.zaploop.load.measure.LagVerdict;

/**
 * One consumer group's lag over a run.
 *
 * @param group   consumer group (a Streams application id, the behaviour stage's group, a read-back reader)
 * @param samples lag samples taken
 * @param maxLag  largest lag seen, records
 * @param lastLag lag at the end, records
 * @param verdict whether it stayed bounded, and why
 */
public record GroupLag(String group, int samples, long maxLag, long lastLag, LagVerdict verdict) {
}
