package org.zaploop.processors.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/** A PNG line plot of MAE against steps ahead, one line per forecaster (java.awt, headless). */
final class MaePlot {

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2)};

    record Line(String name, double[] values) {
    }

    private MaePlot() {
    }

    static void write(Path out, String title, List<Line> lines) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = 900;
        int h = 560;
        int left = 80;
        int right = 180;
        int top = 50;
        int bottom = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double max = 0;
        double min = Double.MAX_VALUE;
        int steps = 1;
        for (Line l : lines) {
            for (double v : l.values()) {
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
            steps = Math.max(steps, l.values().length);
        }
        if (!(max > min)) {
            max = min + 1e-3;
        }
        double pad = (max - min) * 0.05;
        double lo = Math.max(0, min - pad);
        double hi = max + pad;
        int pw = w - left - right;
        int ph = h - top - bottom;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawRect(left, top, pw, ph);
        for (int i = 0; i <= 5; i++) {
            double v = lo + (hi - lo) * i / 5;
            int y = top + ph - (int) Math.round(ph * i / 5.0);
            g.setColor(new Color(0xdddddd));
            g.drawLine(left + 1, y, left + pw - 1, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.4f", v), 10, y + 4);
        }
        for (int s = 1; s <= steps; s += Math.max(1, steps / 8)) {
            int x = left + (int) Math.round(pw * (s - 1) / (double) Math.max(1, steps - 1));
            g.drawString(Integer.toString(s), x - 4, top + ph + 18);
        }
        g.drawString("steps ahead", left + pw / 2 - 30, h - 20);
        g.drawString("MAE (ΔF/F)", 10, top - 10);
        g.setStroke(new BasicStroke(2f));
        for (int li = 0; li < lines.size(); li++) {
            Line l = lines.get(li);
            g.setColor(COLORS[li % COLORS.length]);
            double[] v = l.values();
            for (int s = 1; s < v.length; s++) {
                int x0 = left + (int) Math.round(pw * (s - 1) / (double) Math.max(1, steps - 1));
                int x1 = left + (int) Math.round(pw * s / (double) Math.max(1, steps - 1));
                int y0 = top + ph - (int) Math.round(ph * (v[s - 1] - lo) / (hi - lo));
                int y1 = top + ph - (int) Math.round(ph * (v[s] - lo) / (hi - lo));
                g.drawLine(x0, y0, x1, y1);
            }
            g.fillRect(left + pw + 15, top + 10 + 20 * li, 14, 4);
            g.setColor(Color.BLACK);
            g.drawString(l.name(), left + pw + 35, top + 16 + 20 * li);
        }
        g.dispose();
        ImageIO.write(img, "png", out.toFile());
    }
}
