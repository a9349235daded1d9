package org.zaploop.protocol.archive.zarr;

/**
 * Element order of a caller's chunk or region buffer. {@link #C}: last dimension fastest (zarr's logical order).
 * {@link #F}: first dimension fastest; for an {@code [x, y, ...]} array that is the image convention "x fastest"
 * ({@code index = x + y·width + ...}). Reads and writes no topic or store.
 */
public enum Order {
    C,
    F
}
