package dev.loopline.loadtest.driver;

import io.netty.channel.epoll.Epoll;
import java.time.Duration;
import org.asynchttpclient.AsyncHttpClientConfig;
import org.asynchttpclient.DefaultAsyncHttpClientConfig;

/** The AsyncHttpClient settings of every Java load generator: keep-alive, no extras, a bounded connection count. */
final class LoadClients {

    private LoadClients() {
    }

    static AsyncHttpClientConfig config(int connections, int ioThreads, String threadName) {
        return new DefaultAsyncHttpClientConfig.Builder()
                .setThreadPoolName(threadName)
                .setIoThreadsCount(ioThreads) // one per load core: more threads would only compete for it
                .setUseNativeTransport(epollAvailable())
                .setUseOnlyEpollNativeTransport(true)
                .setMaxConnections(connections)
                .setMaxConnectionsPerHost(connections)
                .setKeepAlive(true)
                .setPooledConnectionIdleTimeout(Duration.ofMinutes(5))
                .setConnectTimeout(Duration.ofSeconds(10))
                .setRequestTimeout(Duration.ofSeconds(70)) // above /slow's 60 s limit
                .setReadTimeout(Duration.ofSeconds(70))
                .setFollowRedirect(false)
                .setValidateResponseHeaders(false)
                .setTcpNoDelay(true)
                .build();
    }

    private static boolean epollAvailable() {
        try {
            return Epoll.isAvailable();
        } catch (LinkageError unavailable) {
            return false;
        }
    }
}
