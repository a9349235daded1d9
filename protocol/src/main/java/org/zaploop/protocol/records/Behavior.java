package org.zaploop.protocol.records;

import org.zaploop.protocol.Names;

/**
 * Swim behaviour read from the tail ephys over samples {@code firstSample..lastSample}: left and right swim
 * power, vigor, turn direction, bouts. Travels on {@code zl.behavior}, key {@code session}, as JSON.
 *
 * @param session       session id
 * @param acquisitionNs acquisition time of the newest sample the record used ({@code lastSample}): the loop's latency counts from it
 * @param firstSample   first ephys sample index covered
 * @param lastSample    last ephys sample index covered (inclusive, >= firstSample)
 * @param leftPower     swim power of the left channel (finite, >= 0, arbitrary units of the rig)
 * @param rightPower    swim power of the right channel (finite, >= 0)
 * @param vigor         swim vigor (finite, >= 0)
 * @param turnIndex     (right - left) / (right + left), in [-1, 1]; 0 when both are 0
 * @param swimming      true while a bout is in progress
 * @param boutOnset     true when a bout started in this window
 * @param boutId        id of the current or last bout, increasing; -1 before the first bout
 */
public record Behavior(String session, long acquisitionNs, long firstSample, long lastSample, double leftPower,
                       double rightPower, double vigor, double turnIndex, boolean swimming, boolean boutOnset,
                       long boutId) {

    public Behavior {
        Names.requireSession(session);
        Check.atLeast("acquisitionNs", acquisitionNs, 0);
        Check.atLeast("firstSample", firstSample, 0);
        Check.atLeast("lastSample", lastSample, firstSample);
        Check.finiteIn("leftPower", leftPower, 0, Double.MAX_VALUE);
        Check.finiteIn("rightPower", rightPower, 0, Double.MAX_VALUE);
        Check.finiteIn("vigor", vigor, 0, Double.MAX_VALUE);
        Check.finiteIn("turnIndex", turnIndex, -1, 1);
        Check.atLeast("boutId", boutId, -1);
    }
}
