package io.syncflux.server;

import io.syncflux.core.event.MonitorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * A {@link MonitorListener} that passes each event to several listeners in order; one that throws is
 * logged and does not stop the others. It forwards every method of the interface reflectively, so
 * that events added to {@link MonitorListener} later reach all listeners without a change here.
 */
final class FanOutListener {
    private static final Logger LOG = LoggerFactory.getLogger(FanOutListener.class);

    private FanOutListener() {
    }

    static MonitorListener of(MonitorListener... listeners) {
        List<MonitorListener> all = List.of(listeners);
        return (MonitorListener) Proxy.newProxyInstance(MonitorListener.class.getClassLoader(),
                new Class<?>[] {MonitorListener.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return objectMethod(proxy, method, args, all);
                    }
                    for (MonitorListener l : all) {
                        try {
                            method.invoke(l, args);
                        } catch (InvocationTargetException e) {
                            if (e.getCause() instanceof Error err) {
                                throw err;
                            }
                            LOG.warn("monitor listener threw in {}: {}", method.getName(), e.getCause().toString());
                        }
                    }
                    return null;
                });
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args, List<MonitorListener> all) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "FanOutListener" + all;
        };
    }
}
