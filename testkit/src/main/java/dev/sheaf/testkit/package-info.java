/**
 * The conformance kit of Sheaf backends: one JUnit 5 class that a backend plugin extends to check every op of
 * {@link dev.sheaf.spi.Backend} against the reference backend, against hand-computed results, and through
 * finite-difference gradient checks of {@code dev.sheaf.ops.Ops}.
 *
 * <h2>Running the kit in a plugin</h2>
 * Add the kit as a test dependency (JUnit Jupiter comes with it):
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.sheaf</groupId>
 *   <artifactId>sheaf-testkit</artifactId>
 *   <version>${sheaf.version}</version>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 * and write one test class that says which backend to test:
 * <pre>{@code
 * class CpuConformanceTest extends BackendConformanceTest {
 *     @Override
 *     protected Backend backend() {
 *         return Registry.global().backend("cpu");   // or: new CpuBackend(...)
 *     }
 * }
 * }</pre>
 * The reference backend ({@code "reference"}, inside {@code sheaf-api}) must be on the test class path: it is the
 * oracle. {@code mvn test} then runs several thousand named checks, grouped by op family, op and dtype
 * ({@code binary > MAX > float32 > all pairs of edge values}), so a report says at once which op broke. A failure
 * message names the op, the input shapes, dtypes and layouts, the first mismatching index and both values.
 *
 * <h2>What is checked</h2>
 * <ul>
 *   <li><b>Every op</b> of the SPI, abstract and default alike (a backend may override a default with a fused
 *   kernel), on seeded random inputs of several shapes; numpy broadcasting patterns (scalar, row, column, leading 1,
 *   rank mismatch); size-1 and empty dimensions; edge values (±0, 1e±30, denormals, NaN, ±inf); every dtype the op
 *   accepts (float64 only where {@code backend.supports(FLOAT64)}); and inputs that are views (results of transpose
 *   and strided slice).</li>
 *   <li><b>Immutability</b>: after each op its result is closed, and its inputs must still be open and unchanged.</li>
 *   <li><b>Golden results</b> written in the kit, and <b>identities</b> (backward convolution and pooling are the
 *   adjoints of the forward ops; softmax sums to 1) that catch bugs the reference backend would share with itself.</li>
 *   <li><b>Random ops</b>: shape, range, determinism per seed and statistics; a backend that keeps the SPI's default
 *   random methods must also reproduce their documented stream exactly.</li>
 *   <li><b>Gradients</b>: the gradient of {@code sum(w * f(x))} (random fixed {@code w}) computed by
 *   {@code GradientTape} for each differentiable op of {@code Ops}, compared with central differences, with the
 *   backend under test active ({@code Sheaf.setBackend}, restored afterwards).</li>
 * </ul>
 *
 * <h2>Tolerances</h2>
 * Integer, bool and data-movement results must match exactly (bit for bit, including the sign of zero). Float math is
 * accepted when {@code |actual - expected| <= absolute + relative * |expected|}; NaN must be exactly where the
 * reference has NaN and infinities must match. Element-wise math allows a few units in the last place (float32
 * relative 1e-5, float64 1e-11); ops that sum many terms (matmul, convolution, reductions, softmax) allow relative
 * 1e-4 / 1e-10 plus an absolute error proportional to the magnitude of the terms, because a different summation
 * order is legitimate. A backend that knowingly computes with less precision (for instance TF32 matrix products)
 * overrides {@link dev.sheaf.testkit.BackendConformanceTest#elementwiseTolerance} or
 * {@link dev.sheaf.testkit.BackendConformanceTest#accumulationTolerance} and says why. Gradient checks use float64
 * when available (step 1e-6, relative 1e-5 plus absolute 1e-6), else float32 (step 2^-7, 1e-2).
 *
 * <h2>Cost</h2>
 * All checks use small tensors: the whole kit runs in a few seconds on the reference backend.
 */
package dev.sheaf.testkit;
