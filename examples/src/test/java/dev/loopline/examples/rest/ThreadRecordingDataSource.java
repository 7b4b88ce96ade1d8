package dev.loopline.examples.rest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/** A data source that remembers which threads asked it for connections, to prove JDBC never ran on a loop. */
final class ThreadRecordingDataSource {

    final Set<String> threads = ConcurrentHashMap.newKeySet();
    final DataSource dataSource;

    ThreadRecordingDataSource(DataSource target) {
        dataSource = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        threads.add(Thread.currentThread().getName());
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
