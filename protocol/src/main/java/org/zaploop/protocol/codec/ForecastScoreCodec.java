package org.zaploop.protocol.codec;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

import org.zaploop.protocol.records.ForecastScore;
import org.zaploop.protocol.records.Limits;

/** JSON codec of {@link ForecastScore} ({@code zl.forecast.scores}); schema in WIRE-FORMAT.md. */
public final class ForecastScoreCodec extends JsonCodec<ForecastScore> {

    public ForecastScoreCodec() {
        super("ForecastScore", Limits.MAX_JSON_BYTES);
    }

    @Override
    ForecastScore read(JsonFields f) {
        return new ForecastScore(f.text("session"), f.text("forecaster"), f.int32("condition"), f.int64("frame"),
                f.int64("acquisitionNs"), f.int32("context"), f.doubleArray("maePerStep", Limits.MAX_HORIZON),
                f.int64("windows"));
    }

    @Override
    void write(ForecastScore s, JsonGenerator g) throws IOException {
        g.writeStringField("session", s.session());
        g.writeStringField("forecaster", s.forecaster());
        g.writeNumberField("condition", s.condition());
        g.writeNumberField("frame", s.frame());
        g.writeNumberField("acquisitionNs", s.acquisitionNs());
        g.writeNumberField("context", s.context());
        g.writeFieldName("maePerStep");
        g.writeArray(s.maePerStep(), 0, s.maePerStep().length);
        g.writeNumberField("windows", s.windows());
    }
}
