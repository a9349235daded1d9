package org.zaploop.load.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * A line chart drawn with java.awt (headless) and written as PNG: several series over a shared time axis, linear
 * axes with round ticks, a legend, and optional vertical markers (a ramp's steps). Indexed colours keep the file
 * small (a few tens of KB).
 */
public final class Chart {

    /** One line: x and y of equal length, x increasing. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "': " + x.length + " x but " + y.length + " y");
            }
        }
    }

    /** A labelled vertical line at {@code x}. */
    public record Marker(double x, String label) {
    }

    private static final int W = 960;
    private static final int H = 420;
    private static final int LEFT = 78;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 70;
    private static final Color[] COLOURS = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
            new Color(255, 127, 14), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
            new Color(23, 190, 207)};

    private Chart() {
    }

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * Draws the chart; an empty series list gives axes and a "no data" note. With {@code logY} the y axis is
     * logarithmic (decades from the smallest positive value; values ≤ 0 are left out): latencies that span
     * milliseconds to minutes stay readable side by side.
     */
    public static BufferedImage draw(String title, String xLabel, String yLabel, List<Series> series,
                                     List<Marker> markers, boolean logY) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, H);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics fm = g.getFontMetrics();
            int legendRows = legendRows(series, fm);
            double[] xr = range(series, true);
            Axis y = logY ? Axis.log(series) : Axis.linear(series);
            double xStep = niceStep(xr[1] - xr[0]);
            int pw = W - LEFT - RIGHT;
            int ph = H - TOP - BOTTOM - 16 * (legendRows - 1);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.setColor(Color.BLACK);
            g.drawString(title, LEFT, 24);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (double tick : y.ticks()) {
                int py = TOP + ph - (int) Math.round(y.fraction(tick) * ph);
                g.setColor(new Color(225, 225, 225));
                g.drawLine(LEFT, py, LEFT + pw, py);
                g.setColor(Color.DARK_GRAY);
                String s = label(tick);
                g.drawString(s, LEFT - 6 - fm.stringWidth(s), py + 4);
            }
            for (double x = Math.ceil(xr[0] / xStep) * xStep; x <= xr[1] + xStep / 2; x += xStep) {
                int px = LEFT + (int) Math.round((x - xr[0]) / (xr[1] - xr[0]) * pw);
                g.setColor(new Color(235, 235, 235));
                g.drawLine(px, TOP, px, TOP + ph);
                g.setColor(Color.DARK_GRAY);
                String s = label(x);
                g.drawString(s, px - fm.stringWidth(s) / 2, TOP + ph + 16);
            }
            g.setColor(Color.BLACK);
            g.drawRect(LEFT, TOP, pw, ph);
            g.drawString(xLabel, LEFT + pw / 2 - fm.stringWidth(xLabel) / 2, TOP + ph + 32);
            Graphics2D r = (Graphics2D) g.create();
            r.rotate(-Math.PI / 2);
            r.drawString(yLabel, -(TOP + ph / 2 + fm.stringWidth(yLabel) / 2), 16);
            r.dispose();
            g.setColor(new Color(120, 120, 120));
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
            for (Marker m : markers) {
                int px = LEFT + (int) Math.round((m.x() - xr[0]) / (xr[1] - xr[0]) * pw);
                if (px >= LEFT && px <= LEFT + pw) {
                    g.drawLine(px, TOP, px, TOP + ph);
                    g.drawString(m.label(), px + 3, TOP + 12);
                }
            }
            g.setStroke(new BasicStroke(1.6f));
            int legendX = LEFT;
            int legendY = TOP + ph + 50;
            for (int k = 0; k < series.size(); k++) {
                Series s = series.get(k);
                g.setColor(COLOURS[k % COLOURS.length]);
                Path2D.Double path = new Path2D.Double();
                boolean pen = false;
                for (int i = 0; i < s.x().length; i++) {
                    if (!y.shows(s.y()[i])) {
                        pen = false;
                        continue;
                    }
                    double px = LEFT + (s.x()[i] - xr[0]) / (xr[1] - xr[0]) * pw;
                    double py = TOP + ph - y.fraction(s.y()[i]) * ph;
                    if (pen) {
                        path.lineTo(px, py);
                    } else {
                        path.moveTo(px, py);
                        path.lineTo(px + 0.5, py);
                        pen = true;
                    }
                }
                g.draw(path);
                int w = 30 + fm.stringWidth(s.name());
                if (legendX > LEFT && legendX + w > W - RIGHT) {
                    legendX = LEFT;
                    legendY += 16;
                }
                g.fillRect(legendX, legendY - 6, 14, 4);
                g.setColor(Color.BLACK);
                g.drawString(s.name(), legendX + 18, legendY);
                legendX += w;
            }
            if (series.stream().allMatch(s -> s.x().length == 0)) {
                g.setColor(Color.GRAY);
                g.drawString("no data", LEFT + pw / 2 - 20, TOP + ph / 2);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** Draws and writes the chart as PNG. */
    public static void write(Path file, String title, String xLabel, String yLabel, List<Series> series,
                             List<Marker> markers, boolean logY) throws IOException {
        BufferedImage rgb = draw(title, xLabel, yLabel, series, markers, logY);
        // a 256-colour palette image: the same picture at a fraction of the bytes
        BufferedImage indexed = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_INDEXED);
        Graphics2D g = indexed.createGraphics();
        g.drawImage(rgb, 0, 0, null);
        g.dispose();
        if (!ImageIO.write(indexed, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
    }

    /** Rows the legend needs at the chart's width. */
    private static int legendRows(List<Series> series, FontMetrics fm) {
        int rows = 1;
        int x = LEFT;
        for (Series s : series) {
            int w = 30 + fm.stringWidth(s.name());
            if (x > LEFT && x + w > W - RIGHT) {
                rows++;
                x = LEFT;
            }
            x += w;
        }
        return rows;
    }

    /** A y axis: where a value sits (0 bottom, 1 top), whether it can be shown, and its ticks. */
    private record Axis(double lo, double hi, boolean log, double step) {

        static Axis linear(List<Series> series) {
            double[] r = range(series, false);
            double lo = Math.min(0, r[0]);
            double step = niceStep(r[1] - lo);
            return new Axis(lo, Math.max(step, Math.ceil(r[1] / step) * step), false, step);
        }

        static Axis log(List<Series> series) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = 0;
            for (Series s : series) {
                for (double v : s.y()) {
                    if (v > 0 && Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            if (hi == 0) {
                return new Axis(0, 1, true, 1);
            }
            double a = Math.floor(Math.log10(lo));
            double b = Math.max(a + 1, Math.ceil(Math.log10(hi)));
            return new Axis(a, b, true, 1);
        }

        boolean shows(double v) {
            return Double.isFinite(v) && (!log || v > 0);
        }

        double fraction(double v) {
            return log ? (Math.log10(v) - lo) / (hi - lo) : (v - lo) / (hi - lo);
        }

        List<Double> ticks() {
            List<Double> t = new java.util.ArrayList<>();
            for (double v = lo; v <= hi + step / 2; v += step) {
                t.add(log ? Math.pow(10, v) : v);
            }
            return t;
        }
    }

    private static double[] range(List<Series> series, boolean x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : x ? s.x() : s.y()) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (lo > hi) {
            return new double[] {0, 1};
        }
        return hi > lo ? new double[] {lo, hi} : new double[] {lo, lo + 1};
    }

    /** A round tick step (1, 2 or 5 × 10^k) giving about six ticks over {@code span}. */
    static double niceStep(double span) {
        double raw = Math.max(span, 1e-9) / 6;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double n = raw / mag;
        return (n < 1.5 ? 1 : n < 3.5 ? 2 : n < 7.5 ? 5 : 10) * mag;
    }

    private static String label(double v) {
        if (Math.abs(v) >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (Math.abs(v) >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return Math.abs(v - Math.rint(v)) < 1e-9 ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.3g", v);
    }
}
