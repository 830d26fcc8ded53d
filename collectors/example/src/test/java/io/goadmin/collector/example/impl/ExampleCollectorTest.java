package io.goadmin.collector.example.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;

import io.goadmin.core.MetricRecord;
import io.goadmin.core.PollContext;

/** Builds the component by hand, as DS would, and polls it with a context that keeps validated records. */
class ExampleCollectorTest {

    @Test
    void emitsTheFixedValuesAndACounterGrowingByTheStep() {
        ExampleCollector collector = new ExampleCollector(config(5, "demo"), silentLogger());
        Recorder context = new Recorder();

        collector.collect(context);
        collector.collect(context);

        assertThat(context.records).extracting(MetricRecord::key, MetricRecord::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("answer", 42.0),
                org.assertj.core.groups.Tuple.tuple("pi", Math.PI),
                org.assertj.core.groups.Tuple.tuple("counter_total", 5.0),
                org.assertj.core.groups.Tuple.tuple("answer", 42.0),
                org.assertj.core.groups.Tuple.tuple("pi", Math.PI),
                org.assertj.core.groups.Tuple.tuple("counter_total", 10.0));
        assertThat(context.records.get(2).tags()).isEqualTo(Map.of("label", "demo"));
        assertThat(collector.name()).isEqualTo("example");
    }

    @Test
    void aNegativeStepIsRefused() {
        assertThatThrownBy(() -> new ExampleCollector(config(-1, "x"), silentLogger()))
                .hasMessageContaining("counter.step");
    }

    private static ExampleCollector.Config config(long step, String label) {
        return new ExampleCollector.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return ExampleCollector.Config.class;
            }

            @Override
            public boolean collector_enabled() {
                return true;
            }

            @Override
            public String collector_interval() {
                return "";
            }

            @Override
            public long counter_step() {
                return step;
            }

            @Override
            public String counter_label() {
                return label;
            }
        };
    }

    private static Logger silentLogger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? Boolean.FALSE : null);
    }

    /** A PollContext that validates each record the way the scheduler does. */
    private static final class Recorder implements PollContext {
        final List<MetricRecord> records = new ArrayList<>();

        @Override
        public long timestamp() {
            return 1_000_000L;
        }

        @Override
        public Instant deadline() {
            return Instant.MAX;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean emit(String key, double value) {
            return emit(key, value, Map.of());
        }

        @Override
        public boolean emit(String key, double value, Map<String, String> tags) {
            records.add(new MetricRecord(timestamp(), "example", key, value, tags));
            return true;
        }
    }
}
