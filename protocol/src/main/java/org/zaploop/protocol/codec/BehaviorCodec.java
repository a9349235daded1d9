package org.zaploop.protocol.codec;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

import org.zaploop.protocol.records.Behavior;
import org.zaploop.protocol.records.Limits;

/** JSON codec of {@link Behavior} ({@code zl.behavior}); schema in WIRE-FORMAT.md. */
public final class BehaviorCodec extends JsonCodec<Behavior> {

    public BehaviorCodec() {
        super("Behavior", Limits.MAX_JSON_BYTES);
    }

    @Override
    Behavior read(JsonFields f) {
        return new Behavior(f.text("session"), f.int64("acquisitionNs"), f.int64("firstSample"),
                f.int64("lastSample"), f.float64("leftPower"), f.float64("rightPower"), f.float64("vigor"),
                f.float64("turnIndex"), f.bool("swimming"), f.bool("boutOnset"), f.int64("boutId"));
    }

    @Override
    void write(Behavior b, JsonGenerator g) throws IOException {
        g.writeStringField("session", b.session());
        g.writeNumberField("acquisitionNs", b.acquisitionNs());
        g.writeNumberField("firstSample", b.firstSample());
        g.writeNumberField("lastSample", b.lastSample());
        g.writeNumberField("leftPower", b.leftPower());
        g.writeNumberField("rightPower", b.rightPower());
        g.writeNumberField("vigor", b.vigor());
        g.writeNumberField("turnIndex", b.turnIndex());
        g.writeBooleanField("swimming", b.swimming());
        g.writeBooleanField("boutOnset", b.boutOnset());
        g.writeNumberField("boutId", b.boutId());
    }
}
