package dev.sheaf.models;

import dev.sheaf.autodiff.Variable;
import dev.sheaf.layers.Layer;
import dev.sheaf.layers.Node;
import dev.sheaf.layers.SymbolicTensor;
import dev.sheaf.optimizers.Optimizer;
import dev.sheaf.tensor.Shape;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@code model.summary()} as Keras 3's {@code print_summary} does through Rich, in plain text: the same
 * columns, widths (Rich's fitting of Keras's column positions into the line length), box characters, word wrapping
 * with an ellipsis for over-long words, and totals with memory sizes.
 */
final class SummaryPrinter {
    private static final Pattern WORD = Pattern.compile("\\s*\\S+\\s*");

    private final Model model;

    SummaryPrinter(Model model) {
        this.model = model;
    }

    /** The terminal width Keras would use: {@code COLUMNS} if set, else Python's fallback of 80. */
    static int terminalColumns() {
        String c = System.getenv("COLUMNS");
        if (c != null) {
            try {
                int n = Integer.parseInt(c.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // Not a number: Python ignores it too and falls back.
            }
        }
        return 80;
    }

    /** The summary for a terminal of {@code columns} columns (Keras: min(default width, columns - 4)). */
    String render(int columns) {
        int defaultLength = isSequentialLike() ? 88 : 108;
        return renderWithLineLength(Math.min(defaultLength, columns - 4));
    }

    String renderWithLineLength(int lineLength) {
        boolean sequentialLike = isSequentialLike();
        double[] positions = sequentialLike ? new double[] {0.45, 0.80, 1.0} : new double[] {0.3, 0.56, 0.74, 1.0};
        String[] header = sequentialLike ? new String[] {"Layer (type)", "Output Shape", "Param #"}
                : new String[] {"Layer (type)", "Output Shape", "Param #", "Connected to"};
        boolean[] right = sequentialLike ? new boolean[] {false, false, true} : new boolean[] {false, false, true, false};
        int[] widths = columnWidths(positions, lineLength);

        List<String[]> rows = new ArrayList<>();
        List<Layer> layers = model.layers();
        List<Shape> seqShapes = model instanceof Sequential s ? s.layerOutputShapes() : null;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String shape = model instanceof Sequential ? (seqShapes == null ? "?" : format(seqShapes.get(i)))
                    : outputShape(l);
            String params = l.isBuilt() ? String.format(Locale.ROOT, "%,d", l.countParams()) : "0 (unbuilt)";
            String name = l.name() + " (" + l.className() + ")";
            rows.add(sequentialLike ? new String[] {name, shape, params}
                    : new String[] {name, shape, params, connections(l)});
        }

        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(model.name()).append("\"\n");
        sb.append(rule('┏', '━', '┳', '┓', widths));
        appendRow(sb, header, widths, right, '┃');
        if (rows.isEmpty()) {
            sb.append(rule('└', '─', '┴', '┘', widths));
        } else {
            sb.append(rule('┡', '━', '╇', '┩', widths));
            for (int r = 0; r < rows.size(); r++) {
                appendRow(sb, rows.get(r), widths, right, '│');
                sb.append(r == rows.size() - 1 ? rule('└', '─', '┴', '┘', widths) : rule('├', '─', '┼', '┤', widths));
            }
        }
        long[] trainable = count(model.trainableWeights());
        long[] nonTrainable = count(model.nonTrainableWeights());
        long[] opt = optimizerCount();
        sb.append(" Total params: ").append(total(trainable[0] + nonTrainable[0] + opt[0],
                trainable[1] + nonTrainable[1] + opt[1])).append('\n');
        sb.append(" Trainable params: ").append(total(trainable[0], trainable[1])).append('\n');
        sb.append(" Non-trainable params: ").append(total(nonTrainable[0], nonTrainable[1])).append('\n');
        if (opt[0] > 0) {
            sb.append(" Optimizer params: ").append(total(opt[0], opt[1])).append('\n');
        }
        return sb.toString();
    }

    /**
     * Keras treats a functional graph as a plain chain (no "Connected to" column) unless some depth has several
     * nodes, a node has several inputs, or a layer is applied more than once.
     */
    private boolean isSequentialLike() {
        if (!(model instanceof Functional f)) {
            return true;
        }
        FunctionalGraph g = f.graph();
        for (List<Node> nodes : g.nodesByDepth().values()) {
            if (nodes.size() > 1 || (nodes.size() == 1 && nodes.get(0).inputs().size() > 1)) {
                return false;
            }
        }
        for (Layer l : g.layers()) {
            int inModel = 0;
            for (Node n : l.inboundNodes()) {
                if (g.contains(n)) {
                    inModel++;
                }
            }
            if (inModel > 1) {
                return false;
            }
        }
        return true;
    }

    /** Rich's column widths: Keras's positions, plus padding, reduced evenly to fit the line. */
    static int[] columnWidths(double[] positions, int lineLength) {
        int n = positions.length;
        int[] w = new int[n];
        int current = 0;
        for (int i = 0; i < n; i++) {
            int width = (int) (positions[i] * lineLength) - current;
            if (width < 4) {
                throw new IllegalArgumentException("summary: a line length of " + lineLength
                        + " is too narrow to print the summary");
            }
            w[i] = width + 2;
            current += width;
        }
        int available = lineLength - (n + 1);
        int total = 0;
        for (int x : w) {
            total += x;
        }
        if (total > available) {
            // Rich's ratio_reduce with equal ratios and Python's round-half-even.
            int remaining = total - available;
            int ratioLeft = n;
            for (int i = 0; i < n; i++) {
                int distributed = (int) Math.min(w[i], Math.rint((double) remaining / ratioLeft));
                w[i] -= distributed;
                remaining -= distributed;
                ratioLeft--;
            }
        }
        return w;
    }

    private static String rule(char left, char fill, char mid, char rightEdge, int[] widths) {
        StringBuilder sb = new StringBuilder().append(left);
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) {
                sb.append(mid);
            }
            sb.append(String.valueOf(fill).repeat(widths[i]));
        }
        return sb.append(rightEdge).append('\n').toString();
    }

    private static void appendRow(StringBuilder sb, String[] cells, int[] widths, boolean[] right, char bar) {
        List<List<String>> wrapped = new ArrayList<>();
        int height = 1;
        for (int i = 0; i < cells.length; i++) {
            List<String> lines = wrap(cells[i], widths[i] - 2, right[i]);
            wrapped.add(lines);
            height = Math.max(height, lines.size());
        }
        for (int h = 0; h < height; h++) {
            sb.append(bar);
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    sb.append(bar);
                }
                List<String> lines = wrapped.get(i);
                String text = h < lines.size() ? lines.get(h) : " ".repeat(widths[i] - 2);
                sb.append(' ').append(text).append(' ');
            }
            sb.append(bar).append('\n');
        }
    }

    /** Rich's word wrap without folding: a word too long for a line gets a line of its own, cut with "…". */
    static List<String> wrap(String text, int width, boolean rightAlign) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        Matcher m = WORD.matcher(text);
        boolean any = false;
        while (m.find()) {
            any = true;
            String word = m.group();
            int wordLength = word.stripTrailing().length();
            if (width - line.length() >= wordLength) {
                line.append(word);
            } else {
                if (m.start() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.append(word);
            }
        }
        if (!any || line.length() > 0) {
            lines.add(line.toString());
        }
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String s = l;
            while (s.length() > width && Character.isWhitespace(s.charAt(s.length() - 1))) {
                s = s.substring(0, s.length() - 1);
            }
            if (rightAlign) {
                s = s.stripTrailing();
            }
            if (s.length() > width) {
                s = s.substring(0, width - 1) + "…";
            }
            String pad = " ".repeat(width - s.length());
            out.add(rightAlign ? pad + s : s + pad);
        }
        return out;
    }

    /** Keras's shape text: {@code (None, 64)}; a one-dimensional shape is {@code (None)}, not {@code (None,)}. */
    static String format(Shape s) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < s.rank(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(s.dim(i) == Shape.UNKNOWN ? "None" : Long.toString(s.dim(i)));
        }
        return sb.append(')').toString();
    }

    private static String outputShape(Layer l) {
        List<Node> nodes = l.inboundNodes();
        if (!nodes.isEmpty()) {
            return format(nodes.get(nodes.size() - 1).output().shape());
        }
        if (!l.isBuilt() || l.buildInputShapes().isEmpty()) {
            return "?";
        }
        try {
            return format(l.computeOutputShape(l.buildInputShapes()));
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private String connections(Layer l) {
        FunctionalGraph g = ((Functional) model).graph();
        StringBuilder sb = new StringBuilder();
        for (Node node : l.inboundNodes()) {
            if (!g.contains(node)) {
                continue;
            }
            for (SymbolicTensor t : node.inputs()) {
                Layer from = t.node().layer();
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(from.name()).append('[').append(from.inboundNodes().indexOf(t.node())).append("][0]");
            }
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    /** {count, bytes}. */
    private static long[] count(List<Variable> vars) {
        long n = 0;
        long bytes = 0;
        for (Variable v : vars) {
            long e = v.shape().elementCount();
            n += e;
            bytes += e * v.dtype().byteSize();
        }
        return new long[] {n, bytes};
    }

    /** Keras counts the optimizer's variables once it is built: the iteration count, the learning rate, the slots. */
    private long[] optimizerCount() {
        Optimizer o = model.optimizer();
        if (o == null || o.iterations() == 0) {
            return new long[] {0, 0};
        }
        long[] c = count(o.variables());
        if (o.learningRateSchedule() == null) {
            c[0] += 1;
            c[1] += 4;
        }
        return c;
    }

    private static String total(long count, long bytes) {
        return String.format(Locale.ROOT, "%,d", count) + " (" + readableSize(bytes) + ")";
    }

    /** Keras's {@code readable_memory_size}: 1024-based units, two decimals rounded as Python does. */
    static String readableSize(double bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        double size = bytes;
        for (String unit : units) {
            if (size / 1024 < 1) {
                return new BigDecimal(size).setScale(2, RoundingMode.HALF_EVEN).toPlainString() + " " + unit;
            }
            size /= 1024;
        }
        return new BigDecimal(size).setScale(2, RoundingMode.HALF_EVEN).toPlainString() + " " + units[units.length - 1];
    }
}
