package org.zaploop.sim.io;

import java.util.Arrays;
import org.zaploop.sim.model.NetworkSpec;

/**
 * A network read from files: its spec and, because the engine groups neurons by population,
 * the file id of every engine neuron index ({@code fileIds[i]}).
 */
public record LoadedNetwork(NetworkSpec spec, long[] fileIds) {

    public LoadedNetwork {
        fileIds = fileIds.clone();
    }

    @Override
    public long[] fileIds() {
        return fileIds.clone();
    }

    /** Engine index of the neuron with file id {@code id}, or -1. */
    public int indexOf(long id) {
        for (int i = 0; i < fileIds.length; i++) {
            if (fileIds[i] == id) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoadedNetwork l && l.spec.equals(spec) && Arrays.equals(l.fileIds, fileIds);
    }

    @Override
    public int hashCode() {
        return spec.hashCode() * 31 + Arrays.hashCode(fileIds);
    }
}
