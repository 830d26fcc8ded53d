package io.goadmin.collector.support.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Builds an instance of a component's {@code @ObjectClassDefinition Config} annotation for tests, as DS would: each
 * element returns its value in {@code values} (keyed by method name) or else its declared default.
 */
public final class Configs {
    private Configs() {
    }

    /** A {@code type} whose elements return the defaults, overridden by {@code values}. */
    public static <T> T of(Class<T> type, Map<String, ?> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType":
                            return type;
                        case "toString":
                            return type.getSimpleName() + values;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            return values.containsKey(method.getName()) ? values.get(method.getName())
                                    : method.getDefaultValue();
                    }
                }));
    }

    /** A {@code type} with every element at its default. */
    public static <T> T defaults(Class<T> type) {
        return of(type, Map.of());
    }
}
