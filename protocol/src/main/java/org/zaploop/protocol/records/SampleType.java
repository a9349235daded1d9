package org.zaploop.protocol.records;

/**
 * How ephys samples are stored on the wire ({@code zl.ephys.blocks}, ZLEP). In memory an
 * {@link EphysBlock} always holds floats in physical units.
 */
public enum SampleType {
    /** IEEE-754 float32, physical units; wire code 0. */
    FLOAT32,
    /** int16 counts; physical value = count × scale; wire code 1. Halves the bytes of dense probes. */
    INT16
}
