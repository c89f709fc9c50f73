package dev.sheaf.testkit;

import static dev.sheaf.testkit.Harness.in;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;

import dev.sheaf.spi.BinaryOp;
import dev.sheaf.spi.UnaryOp;
import dev.sheaf.tensor.DType;
import dev.sheaf.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;

/** Differential cases of {@code unary}, {@code binary}, {@code where} and {@code clip}. */
final class ElementwiseCases {
    private ElementwiseCases() {
    }

    /** Shapes every element-wise op runs on: scalar, size-1, vectors, matrices, rank 3, and empty ones. */
    static final Shape[] SHAPES = {Shape.scalar(), Shape.of(1), Shape.of(7), Shape.of(3, 4), Shape.of(2, 3, 4),
        Shape.of(0), Shape.of(2, 0, 3)};

    // ------------------------------------------------------------------ unary

    static List<DType> accepted(Harness h, UnaryOp op) {
        return switch (op) {
            case EXP, LOG, LOG1P, EXPM1, SQRT, RSQRT, RECIPROCAL, TANH, SIGMOID, ERF, SIN, COS -> h.floatTypes();
            case NEG, ABS, SIGN, SQUARE, RELU, FLOOR, CEIL, ROUND, ISNAN, ISINF -> h.numericTypes();
            case NOT -> List.of(DType.BOOL);
        };
    }

    static Stream<DynamicNode> unary(Harness h) {
        return Arrays.stream(UnaryOp.values()).map(op -> dynamicContainer(op.name(),
                accepted(h, op).stream().map(dt -> dynamicContainer(dt.toString(), unaryCases(h, op, dt)))));
    }

    private static Stream<DynamicNode> unaryCases(Harness h, UnaryOp op, DType dt) {
        List<DynamicNode> cases = new ArrayList<>();
        RandomTensors rnd = RandomTensors.forCase("unary" + op + dt);
        Tolerance tol = h.elementwise(dt);
        Harness.Op f = (b, xs) -> b.unary(op, xs.get(0));
        String name = "unary " + op;
        for (Shape s : SHAPES) {
            cases.add(h.compare(s.toString(), name, tol, f, in("x", unaryInput(rnd, op, dt, s))));
        }
        cases.add(h.compare("(3, 4) transposed", name, tol, f,
                in("x", unaryInput(rnd, op, dt, Shape.of(3, 4)), Layout.TRANSPOSED)));
        cases.add(h.compare("(2, 3, 4) strided", name, tol, f,
                in("x", unaryInput(rnd, op, dt, Shape.of(2, 3, 4)), Layout.STRIDED)));
        if (dt != DType.BOOL) {
            HostTensor sp = unarySpecials(op, dt);
            cases.add(h.compare("edge values " + sp.preview(), name, tol, f, in("x", sp)));
            cases.add(h.compare("edge values strided", name, tol, f, in("x", sp, Layout.STRIDED)));
        }
        return cases.stream();
    }

    private static HostTensor unaryInput(RandomTensors rnd, UnaryOp op, DType dt, Shape s) {
        if (!dt.isFloating()) {
            return rnd.of(dt, s);
        }
        return switch (op) {
            // Mostly inside the domain, with some values outside it to check the NaN they give.
            case LOG, SQRT, RSQRT -> rnd.uniform(dt, s, -1, 10);
            case LOG1P -> rnd.uniform(dt, s, -1.2, 10);
            case EXP, EXPM1 -> rnd.normal(dt, s, 4);
            case RECIPROCAL -> rnd.awayFromZero(dt, s, 0.01, 10);
            // Many halves, where round-half-to-even and floor/ceil of negatives differ from naive code.
            case ROUND, FLOOR, CEIL -> rnd.choose(dt, s, -3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, -1.2, 1.7, 0.2, -0.7);
            default -> rnd.of(dt, s);
        };
    }

    private static HostTensor unarySpecials(UnaryOp op, DType dt) {
        if (!dt.isFloating()) {
            double[] v = RandomTensors.intSpecials();
            return HostTensor.of(dt, Shape.of(v.length), v);
        }
        double[] v = RandomTensors.floatSpecials(dt);
        if (op == UnaryOp.SIN || op == UnaryOp.COS) {
            // Argument reduction of huge values is not part of the contract; keep moderate values and non-finites.
            v = Arrays.stream(v).filter(x -> !(Math.abs(x) > 1e4) || Double.isInfinite(x)).toArray();
        }
        return HostTensor.of(dt, Shape.of(v.length), v);
    }

    // ------------------------------------------------------------------ binary

    static List<DType> accepted(Harness h, BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, POW, MAX, MIN -> h.numericTypes();
            case EQ, NE, LT, LE, GT, GE -> h.allTypes();
            case AND, OR -> List.of(DType.BOOL);
        };
    }

    /** One broadcasting pattern: operand shapes and the layouts they arrive through. */
    record Pattern(String label, Shape a, Shape b, Layout la, Layout lb) {
        Pattern(String label, Shape a, Shape b) {
            this(label, a, b, Layout.CONTIGUOUS, Layout.CONTIGUOUS);
        }
    }

    static final List<Pattern> PATTERNS = List.of(
            new Pattern("same shape", Shape.of(3, 4), Shape.of(3, 4)),
            new Pattern("scalar with scalar", Shape.scalar(), Shape.scalar()),
            new Pattern("scalar left", Shape.scalar(), Shape.of(3, 4)),
            new Pattern("scalar right", Shape.of(3, 4), Shape.scalar()),
            new Pattern("row", Shape.of(3, 4), Shape.of(4)),
            new Pattern("column", Shape.of(3, 4), Shape.of(3, 1)),
            new Pattern("leading 1 both ways", Shape.of(1, 4), Shape.of(3, 1)),
            new Pattern("rank mismatch", Shape.of(2, 3, 4), Shape.of(3, 1)),
            new Pattern("middle 1", Shape.of(2, 1, 4), Shape.of(3, 4)),
            new Pattern("vector left of rank 3", Shape.of(4), Shape.of(2, 3, 4)),
            new Pattern("size 1", Shape.of(1), Shape.of(5)),
            new Pattern("empty with row", Shape.of(0, 4), Shape.of(4)),
            new Pattern("empty with column", Shape.of(3, 0), Shape.of(3, 1)),
            new Pattern("empty with scalar", Shape.of(0), Shape.scalar()),
            new Pattern("empty broadcast", Shape.of(2, 0, 3), Shape.of(1, 3)),
            new Pattern("transposed with strided", Shape.of(2, 3, 4), Shape.of(2, 3, 4), Layout.TRANSPOSED,
                    Layout.STRIDED),
            new Pattern("strided with column", Shape.of(3, 4), Shape.of(3, 1), Layout.STRIDED, Layout.CONTIGUOUS),
            new Pattern("row with transposed", Shape.of(4), Shape.of(3, 4), Layout.CONTIGUOUS, Layout.TRANSPOSED));

    static Stream<DynamicNode> binary(Harness h) {
        return Arrays.stream(BinaryOp.values()).map(op -> dynamicContainer(op.name(),
                accepted(h, op).stream().map(dt -> dynamicContainer(dt.toString(), binaryCases(h, op, dt)))));
    }

    private static Stream<DynamicNode> binaryCases(Harness h, BinaryOp op, DType dt) {
        List<DynamicNode> cases = new ArrayList<>();
        RandomTensors rnd = RandomTensors.forCase("binary" + op + dt);
        DType out = op.isComparison() ? DType.BOOL : dt;
        Tolerance tol = h.elementwise(out);
        Harness.Op f = (b, xs) -> b.binary(op, xs.get(0), xs.get(1));
        String name = "binary " + op;
        for (Pattern p : PATTERNS) {
            cases.add(h.compare(p.label() + " " + p.a() + " " + p.b(), name, tol, f,
                    in("a", binaryInput(rnd, op, dt, p.a(), true), p.la()),
                    in("b", binaryInput(rnd, op, dt, p.b(), false), p.lb())));
        }
        // Every pair of edge values: a column of them against a row of them.
        double[] sp = binarySpecials(op, dt);
        HostTensor col = HostTensor.of(dt, Shape.of(sp.length, 1), sp);
        HostTensor row = HostTensor.of(dt, Shape.of(1, sp.length), sp);
        cases.add(h.compare("all pairs of edge values " + col.preview(), name, tol, f, in("a", col), in("b", row)));
        return cases.stream();
    }

    private static HostTensor binaryInput(RandomTensors rnd, BinaryOp op, DType dt, Shape s, boolean left) {
        if (dt == DType.BOOL) {
            return rnd.of(dt, s);
        }
        if (op.isComparison()) {
            // Few distinct values, so that equality and ties actually occur (and NaN for floats).
            return dt.isFloating() ? rnd.choose(dt, s, -1, 0, 0.5, 1, Double.NaN, -0.0)
                    : rnd.choose(dt, s, -1, 0, 1, 2);
        }
        return switch (op) {
            case POW -> dt.isFloating()
                    ? (left ? rnd.uniform(dt, s, 0.1, 3) : rnd.normal(dt, s, 2))
                    : (left ? rnd.uniform(dt, s, -4, 4) : rnd.uniform(dt, s, -2, 5));
            case DIV -> dt.isFloating() ? rnd.of(dt, s) : (left ? rnd.of(dt, s) : rnd.uniform(dt, s, -5, 5));
            default -> rnd.of(dt, s);
        };
    }

    private static double[] binarySpecials(BinaryOp op, DType dt) {
        if (dt == DType.BOOL) {
            return new double[] {0, 1};
        }
        if (dt.isFloating()) {
            return RandomTensors.floatSpecials(dt);
        }
        return switch (op) {
            case POW -> new double[] {0, 1, -1, 2, -2, 3, -3, 5};
            case ADD, SUB, MUL, DIV -> RandomTensors.intSpecials();
            default -> RandomTensors.intExtremes(dt);
        };
    }

    // ------------------------------------------------------------------ where, clip

    static Stream<DynamicNode> where(Harness h) {
        return h.allTypes().stream().map(dt -> {
            RandomTensors rnd = RandomTensors.forCase("where" + dt);
            Harness.Op f = (b, xs) -> b.where(xs.get(0), xs.get(1), xs.get(2));
            Tolerance tol = Tolerance.EXACT;
            List<DynamicNode> cases = new ArrayList<>();
            Shape[][] shapes = {
                {Shape.of(3, 4), Shape.of(3, 4), Shape.of(3, 4)},
                {Shape.of(3, 1), Shape.of(4), Shape.scalar()},
                {Shape.scalar(), Shape.of(2, 3), Shape.of(2, 3)},
                {Shape.of(2, 1, 4), Shape.of(3, 1), Shape.of(1, 4)},
                {Shape.of(4), Shape.of(2, 3, 1), Shape.scalar()},
                {Shape.of(0, 3), Shape.of(3), Shape.scalar()},
                {Shape.of(1), Shape.of(1), Shape.of(1)},
            };
            for (Shape[] s : shapes) {
                cases.add(h.compare(s[0] + " " + s[1] + " " + s[2], "where", tol, f,
                        in("cond", rnd.of(DType.BOOL, s[0])), in("a", rnd.of(dt, s[1])),
                        in("b", rnd.of(dt, s[2]))));
            }
            cases.add(h.compare("transposed cond, strided a", "where", tol, f,
                    in("cond", rnd.of(DType.BOOL, Shape.of(2, 3, 4)), Layout.TRANSPOSED),
                    in("a", rnd.of(dt, Shape.of(2, 3, 4)), Layout.STRIDED),
                    in("b", rnd.of(dt, Shape.of(3, 4)), Layout.TRANSPOSED)));
            HostTensor sp = RandomTensors.specials(dt);
            int n = sp.size();
            cases.add(h.compare("edge values", "where", tol, f, in("cond", rnd.of(DType.BOOL, Shape.of(n))),
                    in("a", sp), in("b", rnd.of(dt, Shape.of(n)))));
            return dynamicContainer(dt.toString(), cases);
        });
    }

    /** The relu gradient {@code x > 0 ? grad : 0}, exact (a select), NaN and signed zeros in x included. */
    static Stream<DynamicNode> reluBackward(Harness h) {
        return h.floatTypes().stream().map(dt -> {
            RandomTensors rnd = RandomTensors.forCase("reluBackward" + dt);
            Harness.Op f = (b, xs) -> b.reluBackward(xs.get(0), xs.get(1));
            List<DynamicNode> cases = new ArrayList<>();
            for (Shape s : new Shape[] {Shape.scalar(), Shape.of(3, 4), Shape.of(0, 2), Shape.of(128, 128)}) {
                cases.add(h.compare(s.toString(), "reluBackward", Tolerance.EXACT, f, in("grad", rnd.of(dt, s)),
                        in("x", rnd.of(dt, s))));
            }
            cases.add(h.compare("strided grad, transposed x", "reluBackward", Tolerance.EXACT, f,
                    in("grad", rnd.of(dt, Shape.of(2, 3, 4)), Layout.STRIDED),
                    in("x", rnd.of(dt, Shape.of(2, 3, 4)), Layout.TRANSPOSED)));
            HostTensor sp = RandomTensors.specials(dt);
            cases.add(h.compare("edge values of x", "reluBackward", Tolerance.EXACT, f,
                    in("grad", rnd.of(dt, sp.shape)), in("x", sp)));
            return dynamicContainer(dt.toString(), cases);
        });
    }

    static Stream<DynamicNode> clip(Harness h) {
        return h.numericTypes().stream().map(dt -> {
            RandomTensors rnd = RandomTensors.forCase("clip" + dt);
            List<DynamicNode> cases = new ArrayList<>();
            double[][] bounds = dt.isFloating() ? new double[][] {{-1.5, 2.0}, {0, 0}, {-1e30, 1e-30}}
                    : new double[][] {{-3, 5}, {0, 0}, {-100, -7}};
            // By value, not bits: whether clip(-0.0, 0, 0) keeps the sign of zero is left to the backend.
            Tolerance tol = h.elementwise(dt);
            for (double[] bd : bounds) {
                Harness.Op f = (b, xs) -> b.clip(xs.get(0), bd[0], bd[1]);
                String name = "clip[" + bd[0] + ", " + bd[1] + "]";
                for (Shape s : new Shape[] {Shape.scalar(), Shape.of(3, 4), Shape.of(0, 2)}) {
                    cases.add(h.compare(name + " " + s, name, tol, f, in("x", rnd.of(dt, s))));
                }
                cases.add(h.compare(name + " strided", name, tol, f,
                        in("x", rnd.of(dt, Shape.of(2, 3, 4)), Layout.STRIDED)));
                cases.add(h.compare(name + " edge values", name, tol, f, in("x", RandomTensors.specials(dt))));
            }
            return dynamicContainer(dt.toString(), cases);
        });
    }
}
