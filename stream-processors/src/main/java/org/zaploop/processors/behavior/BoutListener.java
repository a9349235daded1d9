package org.zaploop.processors.behavior;

/** Told of each bout onset and offset as {@link SwimDetector} finds them (session-wide sample indices). */
public interface BoutListener {

    BoutListener NONE = new BoutListener() {
        @Override
        public void onset(long boutId, long sample) {
        }

        @Override
        public void offset(long boutId, long sample) {
        }
    };

    void onset(long boutId, long sample);

    void offset(long boutId, long sample);
}
