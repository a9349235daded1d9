package org.zaploop.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code zaploop run imaging}'s segmentation options: bad combinations are usage errors that name the problem. */
class RunImagingOptionsTest {

    @Test
    void badSegmentationOptionsAreUsageErrorsThatNameThem() {
        String[][] cases = {
                {"imaging", "--segmentation", "guess"}, {"--segmentation must be topic, labels or detect"},
                {"imaging", "--segmentation", "labels"}, {"--labels ARCHIVE goes with --segmentation labels"},
                {"imaging", "--labels", "some/archive"}, {"--labels ARCHIVE goes with --segmentation labels"},
                {"imaging", "--detect-volumes", "5"}, {"go with --segmentation detect"},
                {"imaging", "--segmentation", "detect", "--detect-volumes", "0"}, {"at least 1"},
                {"imaging", "--segmentation", "detect", "--nucleus-radius-um", "-3"}, {"must be positive"},
                {"fish", "--segmentation", "detect"}, {"options of imaging, not of fish"},
                {"controller", "--retire-after", "10m"}, {"--retire-after is an option of imaging and forecast"},
                {"forecast", "--retire-after", "soon"}, {"not a duration: 'soon'"},
                {"imaging", "--retire-after", "0s"}, {"duration must be positive"},
        };
        for (int i = 0; i < cases.length; i += 2) {
            String[] args = new String[cases[i].length + 3];
            args[0] = "run";
            System.arraycopy(cases[i], 0, args, 1, cases[i].length);
            args[args.length - 2] = "--bootstrap";
            args[args.length - 1] = "127.0.0.1:1";
            ZapLoopCommandTest.Result r = ZapLoopCommandTest.run(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(cases[i + 1][0]), r.err());
        }
        ZapLoopCommandTest.Result segment = ZapLoopCommandTest.run("segment", "--session", "s1");
        assertEquals(2, segment.exit(), "one of --rerun and --labels is required: " + segment.err());
    }
}
