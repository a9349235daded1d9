package org.zaploop.processors.imaging.topology;

import org.zaploop.protocol.records.Plane;

/**
 * Where the task that gathers a session's frames gets a plane from its {@link PlaneRef}: in production
 * {@link PlaneFetcher} ({@link RecentPlanes} first, else the broker).
 */
interface PlaneSource extends AutoCloseable {

    /** A plane that cannot be read back: deleted by the topic's retention, or not what the reference says. */
    final class PlaneUnavailableException extends Exception {
        PlaneUnavailableException(String message) {
            super(message);
        }
    }

    Plane read(PlaneRef ref) throws PlaneUnavailableException;

    /** Planes read back from the broker so far (not found in this instance's recent planes). */
    long fetched();

    @Override
    void close();
}
