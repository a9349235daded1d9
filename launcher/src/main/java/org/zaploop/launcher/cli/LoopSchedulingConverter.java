package org.zaploop.launcher.cli;

import org.zaploop.protocol.realtime.LoopScheduling;
import picocli.CommandLine;

/** Reads {@code --loop-scheduling}: {@code nice}, {@code fifo} or {@code fifo:N}. */
public final class LoopSchedulingConverter implements CommandLine.ITypeConverter<LoopScheduling> {

    @Override
    public LoopScheduling convert(String value) {
        try {
            return LoopScheduling.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
