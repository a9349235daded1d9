package org.zaploop.controller.bench;

import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.StimulusCommand;

/**
 * A fish the optomotor benchmark can close the loop on, without Kafka: each step advances it by one ephys block
 * and returns that block's behaviour (swim detection included); commands reach it as they would from
 * {@code zl.stimulus.commands}. The controller does not import the virtual fish (module boundaries): the launcher,
 * which has every module, provides one through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.zaploop.controller.bench.OptomotorFish}).
 */
public interface OptomotorFish {

    /** What fish this is, for the benchmark's table. */
    String description();

    /** A fresh fish (brain, tail, swim detector) from {@code seed}. */
    Session open(long seed);

    /** One fish in one session. */
    interface Session extends AutoCloseable {

        /** The session's start on the ZapLoop clock, ns. */
        long startNs();

        /** Advances one ephys block; the behaviour record the swim detector makes of it. */
        Behavior step();

        /** A command, as the rig would receive it; applied from the next step inside its window. */
        void command(StimulusCommand c);

        @Override
        void close();
    }
}
