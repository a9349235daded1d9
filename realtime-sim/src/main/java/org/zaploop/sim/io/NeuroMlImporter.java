package org.zaploop.sim.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;
import org.zaploop.sim.io.NeuroMlUnits.Dim;
import org.zaploop.sim.model.AdExParams;
import org.zaploop.sim.model.CobaParams;
import org.zaploop.sim.model.Distribution;
import org.zaploop.sim.model.FromTable;
import org.zaploop.sim.model.InitialState;
import org.zaploop.sim.model.IzhikevichParams;
import org.zaploop.sim.model.NetworkSpec;
import org.zaploop.sim.model.NeuronModel;
import org.zaploop.sim.model.Population;
import org.zaploop.sim.model.Projection;
import org.zaploop.sim.model.SynapseType;

/**
 * Imports a NeuroML 2 point-neuron network with the JDK's SAX parser (DOCTYPEs and external
 * entities refused). Supported subset:
 * <ul>
 *   <li>cells: {@code iafCell}, {@code iafRefCell} (→ conductance-based LIF, {@link CobaParams}),
 *       {@code izhikevich2007Cell}, {@code adExIaFCell};</li>
 *   <li>synapses: {@code expOneSynapse} (gbase, erev, tauDecay); a synapse whose erev is above
 *       the target cell's threshold feeds the excitatory channel, otherwise the inhibitory one;
 *       all synapses of one channel into one population must share erev and tauDecay;</li>
 *   <li>{@code network}: {@code population} (id, component, size, or {@code instance}/
 *       {@code location} children for positions), {@code projection} (presynapticPopulation,
 *       postsynapticPopulation, synapse) with {@code connection} or {@code connectionWD}
 *       (preCellId/postCellId as {@code ../pop/3/cell} or {@code ../pop[3]}, weight, delay).</li>
 * </ul>
 * Conductance = weight × gbase; for iafCell it is expressed in units of the leak conductance.
 * Other elements are ignored. Errors name the file, the line and the problem.
 */
public final class NeuroMlImporter {

    private NeuroMlImporter() {
    }

    public static NetworkSpec read(Path file, double dtMs) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.getFileName().toString(), dtMs);
        }
    }

    public static NetworkSpec read(InputStream in, String name, double dtMs) throws IOException {
        Handler h = new Handler(name);
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(true);
            f.setXIncludeAware(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            SAXParser p = f.newSAXParser();
            p.parse(in, h);
        } catch (SAXParseException e) {
            throw new NetworkFormatException(name, e.getLineNumber(), "XML error: " + e.getMessage());
        } catch (SAXException e) {
            if (e.getCause() instanceof NetworkFormatException nfe) {
                throw nfe;
            }
            throw new NetworkFormatException(name, h.line(), "XML error: " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IOException("XML parser cannot be configured securely", e);
        }
        return h.build(dtMs);
    }

    /** One parsed element we care about, with its line. */
    private record El(String tag, Map<String, String> attrs, int line) {
    }

    private static final class Handler extends DefaultHandler {
        private final String file;
        private Locator locator;
        private final Map<String, El> cells = new LinkedHashMap<>();
        private final Map<String, El> synapses = new HashMap<>();
        private final List<El> populations = new ArrayList<>();
        private final Map<String, List<float[]>> locations = new HashMap<>();
        private final List<El> projections = new ArrayList<>();
        private final Map<El, List<El>> connections = new HashMap<>();
        private El currentPopulation;
        private El currentProjection;

        Handler(String file) {
            this.file = file;
        }

        int line() {
            return locator == null ? 0 : locator.getLineNumber();
        }

        @Override
        public void setDocumentLocator(Locator l) {
            this.locator = l;
        }

        @Override
        public void startElement(String uri, String local, String qName, Attributes a) {
            String tag = local.isEmpty() ? qName : local;
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < a.getLength(); i++) {
                m.put(a.getLocalName(i).isEmpty() ? a.getQName(i) : a.getLocalName(i), a.getValue(i));
            }
            El e = new El(tag, m, line());
            switch (tag) {
                case "iafCell", "iafRefCell", "izhikevich2007Cell", "adExIaFCell" -> cells.put(m.get("id"), e);
                case "expOneSynapse" -> synapses.put(m.get("id"), e);
                case "population" -> {
                    populations.add(e);
                    currentPopulation = e;
                }
                case "location" -> {
                    if (currentPopulation != null) {
                        locations.computeIfAbsent(currentPopulation.attrs().get("id"), k -> new ArrayList<>())
                                .add(new float[] {fl(m, "x"), fl(m, "y"), fl(m, "z")});
                    }
                }
                case "projection" -> {
                    projections.add(e);
                    currentProjection = e;
                    connections.put(e, new ArrayList<>());
                }
                case "connection", "connectionWD" -> {
                    if (currentProjection != null) {
                        connections.get(currentProjection).add(e);
                    }
                }
                default -> {
                    // outside the supported subset: ignored
                }
            }
        }

        private static float fl(Map<String, String> m, String k) {
            try {
                return Float.parseFloat(m.getOrDefault(k, "0"));
            } catch (NumberFormatException e) {
                return Float.NaN;
            }
        }

        @Override
        public void endElement(String uri, String local, String qName) {
            String tag = local.isEmpty() ? qName : local;
            if (tag.equals("population")) {
                currentPopulation = null;
            } else if (tag.equals("projection")) {
                currentProjection = null;
            }
        }

        private NetworkFormatException err(El e, String problem) {
            return new NetworkFormatException(file, e.line(), problem);
        }

        private String attr(El e, String k) throws NetworkFormatException {
            String v = e.attrs().get(k);
            if (v == null || v.isBlank()) {
                throw err(e, e.tag() + " '" + e.attrs().getOrDefault("id", "?") + "': missing attribute '" + k + "'");
            }
            return v;
        }

        private double q(El e, String k, Dim d) throws NetworkFormatException {
            try {
                return NeuroMlUnits.parse(attr(e, k), d);
            } catch (IllegalArgumentException x) {
                throw err(e, e.tag() + " '" + e.attrs().getOrDefault("id", "?") + "' attribute " + k + ": "
                        + x.getMessage());
            }
        }

        private double qOr(El e, String k, Dim d, double dflt) throws NetworkFormatException {
            return e.attrs().containsKey(k) ? q(e, k, d) : dflt;
        }

        NetworkSpec build(double dtMs) throws NetworkFormatException {
            if (populations.isEmpty()) {
                throw new NetworkFormatException(file, 0, "no <population> found");
            }
            // synaptic channel parameters per population, gathered from the projections into it
            Map<String, double[]> channel = new HashMap<>(); // pop -> {Ee, tauE, Ei, tauI, setE, setI}
            Map<String, El> popById = new LinkedHashMap<>();
            for (El p : populations) {
                String id = attr(p, "id");
                if (popById.put(id, p) != null) {
                    throw err(p, "duplicate population id '" + id + "'");
                }
                String comp = attr(p, "component");
                if (!cells.containsKey(comp)) {
                    throw err(p, "population '" + id + "': unknown or unsupported cell component '" + comp
                            + "' (supported: iafCell, iafRefCell, izhikevich2007Cell, adExIaFCell)");
                }
                channel.put(id, new double[] {0, 5, -80, 10, 0, 0});
            }
            List<Syn> syns = new ArrayList<>();
            for (El pr : projections) {
                String pre = attr(pr, "presynapticPopulation");
                String post = attr(pr, "postsynapticPopulation");
                String synId = attr(pr, "synapse");
                if (!popById.containsKey(pre) || !popById.containsKey(post)) {
                    throw err(pr, "projection '" + pr.attrs().getOrDefault("id", "?") + "' names an unknown population");
                }
                El se = synapses.get(synId);
                if (se == null) {
                    throw err(pr, "projection '" + pr.attrs().getOrDefault("id", "?") + "': unknown synapse '"
                            + synId + "' (supported: expOneSynapse)");
                }
                double erev = q(se, "erev", Dim.VOLTAGE);
                double tau = q(se, "tauDecay", Dim.TIME);
                double gbase = q(se, "gbase", Dim.CONDUCTANCE);
                El cell = cells.get(popById.get(post).attrs().get("component"));
                double thresh = threshold(cell);
                SynapseType type = erev > thresh ? SynapseType.EXC : SynapseType.INH;
                double[] ch = channel.get(post);
                int o = type == SynapseType.EXC ? 0 : 2;
                int set = type == SynapseType.EXC ? 4 : 5;
                if (ch[set] == 1 && (ch[o] != erev || ch[o + 1] != tau)) {
                    throw err(pr, "population '" + post + "' receives " + type + " synapses with different erev or "
                            + "tauDecay; one per channel is supported");
                }
                ch[o] = erev;
                ch[o + 1] = tau;
                ch[set] = 1;
                double scale = gbase / leakConductanceIfLif(cell);
                int nPre = size(popById.get(pre));
                int nPost = size(popById.get(post));
                List<El> cs = connections.get(pr);
                int m = cs.size();
                int[] src = new int[m];
                int[] tgt = new int[m];
                float[] w = new float[m];
                float[] d = new float[m];
                for (int k = 0; k < m; k++) {
                    El c = cs.get(k);
                    src[k] = cellIndex(c, attr(c, "preCellId"), pre, nPre);
                    tgt[k] = cellIndex(c, attr(c, "postCellId"), post, nPost);
                    double weight = c.attrs().containsKey("weight") ? number(c, "weight") : 1.0;
                    if (weight < 0) {
                        throw err(c, "negative weight " + weight + " (conductance synapses need weight >= 0)");
                    }
                    w[k] = (float) (weight * scale);
                    d[k] = (float) qOr(c, "delay", Dim.TIME, 0);
                }
                syns.add(new Syn(pre, post, type, new FromTable(src, tgt, w, d)));
            }
            List<Population> pops = new ArrayList<>();
            List<float[]> pos = new ArrayList<>();
            boolean anyPositions = false;
            for (El p : populations) {
                String id = p.attrs().get("id");
                El cell = cells.get(p.attrs().get("component"));
                double[] ch = channel.get(id);
                NeuronModel model = model(cell, ch);
                double v0 = initialV(cell);
                pops.add(new Population(id, size(p), model, new InitialState(Distribution.constant(v0),
                        Distribution.constant(0), Distribution.constant(0), Distribution.constant(0))));
                List<float[]> loc = locations.get(id);
                anyPositions |= loc != null;
                for (int k = 0; k < size(p); k++) {
                    pos.add(loc != null && k < loc.size() ? loc.get(k) : new float[3]);
                }
            }
            float[] positions = null;
            if (anyPositions) {
                positions = new float[3 * pos.size()];
                for (int k = 0; k < pos.size(); k++) {
                    System.arraycopy(pos.get(k), 0, positions, 3 * k, 3);
                }
            }
            List<Projection> prs = new ArrayList<>();
            for (Syn s : syns) {
                prs.add(new Projection(s.pre, s.post, s.table, s.type, 0, 0));
            }
            try {
                return new NetworkSpec(dtMs, pops, prs, positions, List.of());
            } catch (IllegalArgumentException e) {
                throw new NetworkFormatException(file, 0, e.getMessage());
            }
        }

        private record Syn(String pre, String post, SynapseType type, FromTable table) {
        }

        private double number(El e, String k) throws NetworkFormatException {
            try {
                return Double.parseDouble(attr(e, k).trim());
            } catch (NumberFormatException x) {
                throw err(e, e.tag() + " attribute " + k + " is not a number: '" + e.attrs().get(k) + "'");
            }
        }

        private int size(El p) throws NetworkFormatException {
            List<float[]> loc = locations.get(p.attrs().get("id"));
            if (!p.attrs().containsKey("size") && loc != null) {
                return loc.size();
            }
            double s = number(p, "size");
            if (s < 0 || s != Math.rint(s)) {
                throw err(p, "population '" + p.attrs().get("id") + "': size must be a non-negative integer");
            }
            return (int) s;
        }

        /** "../pop/3/cell", "../pop[3]" or "3" → 3, checked against the population. */
        private int cellIndex(El c, String ref, String pop, int n) throws NetworkFormatException {
            String s = ref.trim();
            String idx;
            if (s.contains("[")) {
                String name = s.substring(s.startsWith("../") ? 3 : 0, s.indexOf('['));
                if (!name.equals(pop)) {
                    throw err(c, "cell reference '" + ref + "' is not in population '" + pop + "'");
                }
                idx = s.substring(s.indexOf('[') + 1, s.indexOf(']') > 0 ? s.indexOf(']') : s.length());
            } else if (s.contains("/")) {
                String[] parts = s.replaceFirst("^\\.\\./", "").split("/");
                if (parts.length < 2 || !parts[0].equals(pop)) {
                    throw err(c, "cell reference '" + ref + "' is not in population '" + pop + "'");
                }
                idx = parts[1];
            } else {
                idx = s;
            }
            try {
                int i = Integer.parseInt(idx);
                if (i < 0 || i >= n) {
                    throw err(c, "cell reference '" + ref + "' out of range (population '" + pop + "' has " + n + ")");
                }
                return i;
            } catch (NumberFormatException e) {
                throw err(c, "cannot read cell reference '" + ref + "'");
            }
        }

        private double threshold(El cell) throws NetworkFormatException {
            return switch (cell.tag()) {
                case "iafCell", "iafRefCell" -> q(cell, "thresh", Dim.VOLTAGE);
                case "izhikevich2007Cell" -> q(cell, "vt", Dim.VOLTAGE);
                default -> q(cell, "VT", Dim.VOLTAGE);
            };
        }

        private double leakConductanceIfLif(El cell) throws NetworkFormatException {
            return cell.tag().startsWith("iaf") ? q(cell, "leakConductance", Dim.CONDUCTANCE) : 1.0;
        }

        private double initialV(El cell) throws NetworkFormatException {
            return switch (cell.tag()) {
                case "iafCell", "iafRefCell" -> q(cell, "leakReversal", Dim.VOLTAGE);
                case "izhikevich2007Cell" -> q(cell, "v0", Dim.VOLTAGE);
                default -> q(cell, "EL", Dim.VOLTAGE);
            };
        }

        private NeuronModel model(El c, double[] ch) throws NetworkFormatException {
            try {
                return switch (c.tag()) {
                    case "iafCell", "iafRefCell" -> {
                        double cap = q(c, "C", Dim.CAPACITANCE);
                        double gl = q(c, "leakConductance", Dim.CONDUCTANCE);
                        yield new CobaParams(cap / gl, cap, q(c, "leakReversal", Dim.VOLTAGE), ch[0], ch[2],
                                q(c, "thresh", Dim.VOLTAGE), q(c, "reset", Dim.VOLTAGE),
                                c.tag().equals("iafRefCell") ? q(c, "refract", Dim.TIME) : 0, ch[1], ch[3]);
                    }
                    case "izhikevich2007Cell" -> {
                        double vr = q(c, "vr", Dim.VOLTAGE);
                        yield new IzhikevichParams(q(c, "C", Dim.CAPACITANCE), q(c, "k", Dim.CONDUCTANCE_PER_VOLTAGE),
                                vr, q(c, "vt", Dim.VOLTAGE), q(c, "vpeak", Dim.VOLTAGE), q(c, "a", Dim.PER_TIME),
                                q(c, "b", Dim.CONDUCTANCE), vr, q(c, "c", Dim.VOLTAGE), q(c, "d", Dim.CURRENT),
                                ch[0], ch[2], ch[1], ch[3]);
                    }
                    default -> new AdExParams(q(c, "C", Dim.CAPACITANCE), q(c, "gL", Dim.CONDUCTANCE),
                            q(c, "EL", Dim.VOLTAGE), q(c, "VT", Dim.VOLTAGE), q(c, "delT", Dim.VOLTAGE),
                            q(c, "thresh", Dim.VOLTAGE), q(c, "reset", Dim.VOLTAGE), q(c, "tauw", Dim.TIME),
                            q(c, "a", Dim.CONDUCTANCE), q(c, "b", Dim.CURRENT), qOr(c, "refract", Dim.TIME, 0),
                            ch[0], ch[2], ch[1], ch[3]);
                };
            } catch (IllegalArgumentException e) {
                throw err(c, c.tag() + " '" + c.attrs().get("id") + "': " + e.getMessage());
            }
        }
    }
}
