package org.zaploop.protocol.records;

/**
 * The documented maxima of the wire format (WIRE-FORMAT.md, "Maxima"). Records refuse to be built beyond
 * them and decoders check claimed sizes against them (and against the bytes actually present) before they
 * allocate anything, so a corrupt length field can never make a consumer allocate gigabytes.
 */
public final class Limits {

    /** Format version written by this code and the only one it reads. */
    public static final int FORMAT_VERSION = 1;
    /** Longest string in a binary header, in UTF-8 bytes. */
    public static final int MAX_STRING_BYTES = 256;

    /** Widest and tallest plane (a full ZAPBench plane is 2048 × 1328). */
    public static final int MAX_PLANE_DIM = 4096;
    /** Most z-planes in one volume (ZAPBench has 72). */
    public static final int MAX_PLANES_PER_VOLUME = 4096;

    public static final int MAX_CHANNELS = 1024;
    public static final int MAX_EPHYS_SAMPLES = 65_536;
    /** channels × samples of one ephys block. */
    public static final int MAX_EPHYS_VALUES = 4 * 1024 * 1024;
    public static final double MAX_SAMPLE_RATE_HZ = 10_000_000.0;
    /** Bounds of an int16 ephys scale (physical units per count), so that q × scale stays a normal float. */
    public static final float MIN_INT16_SCALE = 1e-30f;
    public static final float MAX_INT16_SCALE = 1e30f;

    /** Neurons in one block of the neuron table, traces, forecasts. */
    public static final int MAX_NEURONS_PER_BLOCK = 65_536;
    /** Neurons in a whole segmentation (ZAPBench has 71,721). */
    public static final int MAX_TOTAL_NEURONS = 16 * 1024 * 1024;
    /** Highest neuron block index: block keys are zero-padded to four digits. */
    public static final int MAX_BLOCK = 9999;
    /** Largest voxel count of a volume: linear voxel indices are int32. */
    public static final long MAX_VOLUME_VOXELS = Integer.MAX_VALUE;
    /** Footprint entries (voxels) in one neuron-table block. */
    public static final int MAX_FOOTPRINT_VOXELS = 16 * 1024 * 1024;

    public static final int MAX_HORIZON = 1024;
    public static final int MAX_CONTEXT = 65_536;
    /** horizon × neuronCount of one forecast block. */
    public static final int MAX_FORECAST_VALUES = 4 * 1024 * 1024;

    public static final int MAX_POPULATIONS = 65_536;

    /** Largest JSON record, in bytes. */
    public static final int MAX_JSON_BYTES = 1024 * 1024;
    /** Largest dead letter, in bytes: it carries a rejected record, up to a full plane, as base64. */
    public static final int MAX_DEAD_LETTER_JSON_BYTES = 16 * 1024 * 1024;
    /** Deepest JSON nesting accepted (the schemas need 3). */
    public static final int MAX_JSON_DEPTH = 16;
    /** Entries of a params map. */
    public static final int MAX_PARAMS = 64;
    /** Characters of a free-text field (note, reason, rig stimulus name). */
    public static final int MAX_TEXT_CHARS = 4096;
    /** Inputs named by one audit record. */
    public static final int MAX_AUDIT_INPUTS = 1024;
    /** Highest ZAPBench condition index (nine conditions, 0..8). */
    public static final int MAX_CONDITION = 8;

    private Limits() {
    }
}
