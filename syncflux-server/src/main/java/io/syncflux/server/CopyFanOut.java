package io.syncflux.server;

import io.syncflux.core.event.CopyListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * A {@link CopyListener} that passes each event to several listeners in order; one that throws is logged
 * and does not stop the others. Like {@link FanOutListener}, it forwards every method reflectively, so that
 * events added to the interface later reach all listeners.
 */
final class CopyFanOut {
    private static final Logger LOG = LoggerFactory.getLogger(CopyFanOut.class);

    private CopyFanOut() {
    }

    static CopyListener of(CopyListener... listeners) {
        List<CopyListener> all = List.of(listeners);
        return (CopyListener) Proxy.newProxyInstance(CopyListener.class.getClassLoader(),
                new Class<?>[] {CopyListener.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "equals" -> proxy == args[0];
                            case "hashCode" -> System.identityHashCode(proxy);
                            default -> "CopyFanOut" + all;
                        };
                    }
                    for (CopyListener l : all) {
                        try {
                            method.invoke(l, args);
                        } catch (InvocationTargetException e) {
                            if (e.getCause() instanceof Error err) {
                                throw err;
                            }
                            LOG.warn("copy listener threw in {}: {}", method.getName(), e.getCause().toString());
                        }
                    }
                    return null;
                });
    }
}
