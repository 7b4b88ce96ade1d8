package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.servers.BenchContract;
import dev.loopline.loadtest.servers.BenchFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * nginx, the C reference: the distribution's binary as one process (no master, one worker, in the foreground),
 * access log off, {@code /plaintext} and {@code /json} answered from {@code return 200} with the contract's bodies
 * and content types. Its rows show what this machine can do without a JVM.
 *
 * @param executable the nginx binary
 * @param version what {@code nginx -v} says, for example {@code nginx/1.22.1}
 */
record Nginx(Path executable, String version) {

    /** Keep-alive requests per connection: unlimited in effect (nginx's default of 1000 would reconnect). */
    private static final long KEEPALIVE_REQUESTS = 1_000_000_000L;
    /** Connections the one worker may hold: the idle scenario's 10 000 and the probe's, with room to spare. */
    private static final int WORKER_CONNECTIONS = 65_536;

    /** nginx from the PATH or /usr/sbin (where Debian puts it, often not on a user's PATH), or empty. */
    static Optional<Nginx> find() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")));
        dirs.add("/usr/sbin");
        for (String dir : dirs) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "nginx");
            if (Files.isExecutable(candidate)) {
                return Optional.of(new Nginx(candidate, versionOf(candidate)));
            }
        }
        return Optional.empty();
    }

    private static String versionOf(Path executable) {
        try {
            Process version = new ProcessBuilder(executable.toString(), "-v").redirectErrorStream(true).start();
            String output = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            version.waitFor(10, TimeUnit.SECONDS);
            int slash = output.indexOf("nginx/");
            return slash >= 0 ? output.substring(slash).split("\\s")[0] : output;
        } catch (IOException e) {
            return "unknown version";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown version";
        }
    }

    /** The command that runs nginx on {@code port} with its configuration and working files in {@code directory}. */
    List<String> command(Path directory, int port) throws IOException {
        Path prefix = directory.toAbsolutePath();
        Files.createDirectories(prefix.resolve("tmp")); // nginx creates its temp directories, not their parent
        Path config = prefix.resolve("nginx.conf");
        Files.writeString(config, configuration(port), StandardCharsets.UTF_8);
        // -e: errors before the configuration is read go to stderr too, not to a system log file.
        return List.of(executable.toString(), "-p", prefix + "/", "-c", config.toString(), "-e", "stderr");
    }

    /** The DETAILS of nginx's row. */
    String details() {
        return version + " master_process=off worker_processes=1 (the C reference: /plaintext, /json and /file only)";
    }

    static String configuration(int port) {
        return String.join("\n",
                "# Written by the loopline loadtest runner: nginx as the C reference, one process.",
                "daemon off;",
                "master_process off;",
                "worker_processes 1;",
                "worker_rlimit_nofile " + (WORKER_CONNECTIONS + 1024) + ";",
                "pid nginx.pid;",
                "error_log stderr warn;",
                "events {",
                "    worker_connections " + WORKER_CONNECTIONS + ";",
                "}",
                "http {",
                "    access_log off;",
                "    sendfile on;                     # as Loopline and raw Netty send files on cleartext",
                "    tcp_nopush on;",
                "    server_tokens off;               # Server: nginx, as short as the other servers' names",
                "    keepalive_requests " + KEEPALIVE_REQUESTS + ";",
                "    keepalive_timeout 60s;           # the idle timeout of the other servers",
                "    client_body_temp_path tmp/body;",
                "    proxy_temp_path tmp/proxy;",
                "    fastcgi_temp_path tmp/fastcgi;",
                "    uwsgi_temp_path tmp/uwsgi;",
                "    scgi_temp_path tmp/scgi;",
                "    server {",
                "        listen 127.0.0.1:" + port + " backlog=1024;",
                "        location = " + BenchContract.PLAINTEXT_PATH + " {",
                "            default_type " + BenchContract.TEXT_PLAIN + ";",
                "            return 200 \"" + BenchContract.HELLO + "\";",
                "        }",
                "        location = " + BenchContract.JSON_PATH + " {",
                "            default_type " + BenchContract.APPLICATION_JSON + ";",
                "            return 200 '{\"message\":\"" + BenchContract.HELLO + "\"}';",
                "        }",
                "        location = " + BenchContract.FILE_PATH + " {",
                "            default_type application/octet-stream;",
                "            alias " + BenchFiles.oneMiB() + ";",
                "        }",
                "        location / {",
                "            return 404;",
                "        }",
                "    }",
                "}",
                "");
    }
}
