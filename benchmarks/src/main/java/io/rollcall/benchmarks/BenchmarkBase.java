package io.rollcall.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Run settings shared by every benchmark (JMH looks up these annotations on superclasses). Short
 * by default so the whole suite runs in a few minutes on a 2-core machine; override on the command
 * line ({@code -f 3 -wi 5 -i 10}) for publishable numbers.
 *
 * <p>Leak detection is off because its sampling allocates and would show up in
 * {@code gc.alloc.rate.norm}; correctness of reference counting is checked by the benchmarks'
 * own teardown checks and by the push-server tests, which run with paranoid leak detection.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = BenchmarkBase.FORKS, jvmArgsAppend = {
        "-Dio.netty.leakDetection.level=disabled",
        "--enable-native-access=ALL-UNNAMED",
        "-Xms1g",
        "-Xmx1g",
})
@Warmup(iterations = BenchmarkBase.WARMUP_ITERATIONS, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = BenchmarkBase.MEASUREMENT_ITERATIONS, time = 1, timeUnit = TimeUnit.SECONDS)
public abstract class BenchmarkBase {
    static final int FORKS = 1;
    static final int WARMUP_ITERATIONS = 3;
    static final int MEASUREMENT_ITERATIONS = 5;
}
