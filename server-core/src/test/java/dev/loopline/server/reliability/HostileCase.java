package dev.loopline.server.reliability;

import dev.loopline.testsupport.RawResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One hostile-input case: the bytes a client sends, the RFC section that decides the answer, and every transcript
 * the RFC allows. A transcript is the list of responses the client reads until the server closes the connection;
 * {@link #FOLLOW_UP} is always sent right behind the case's bytes, so a transcript says whether anything after
 * the case was answered. An expected response is written {@code "400"} (status only) or
 * {@code "200 POST /a hello"} (status and the body the echo handler writes: method, path, body).
 */
record HostileCase(String name, String rfc, String bytes, List<List<String>> allowed) {

    /** Sent behind every case. It asks to close, so every exchange ends with the server closing. */
    static final String FOLLOW_UP = "GET /smuggled HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
    /** The answer to {@link #FOLLOW_UP} when the server reads it as the separate request it is. */
    static final String FOLLOW_UP_SERVED = "200 GET /smuggled";

    HostileCase {
        allowed = List.copyOf(allowed);
    }

    /** Refused with one of {@code statuses} and closed: nothing after it may be answered. */
    static HostileCase refused(String name, String rfc, String bytes, int... statuses) {
        return new HostileCase(name, rfc, bytes, List.of()).orRefused(statuses);
    }

    /** Served (the echo is "METHOD path[ body]") and the connection kept: the follow-up is served too. */
    static HostileCase served(String name, String rfc, String bytes, String echo) {
        return new HostileCase(name, rfc, bytes, List.of()).orServed(echo);
    }

    /** Exactly these responses, then the server closes the connection. */
    static HostileCase answered(String name, String rfc, String bytes, String... responses) {
        return new HostileCase(name, rfc, bytes, List.of()).or(responses);
    }

    /** The RFC allows this transcript as well. */
    HostileCase or(String... responses) {
        List<List<String>> more = new ArrayList<>(allowed);
        more.add(List.of(responses));
        return new HostileCase(name, rfc, bytes, more);
    }

    HostileCase orRefused(int... statuses) {
        HostileCase result = this;
        for (int status : statuses) {
            result = result.or(Integer.toString(status));
        }
        return result;
    }

    HostileCase orServed(String echo) {
        return or("200 " + echo, FOLLOW_UP_SERVED);
    }

    /** The whole byte stream the client sends. */
    String wire() {
        return bytes + FOLLOW_UP;
    }

    boolean allows(List<RawResponse> transcript) {
        return allowed.stream().anyMatch(expected -> matches(expected, transcript));
    }

    private static boolean matches(List<String> expected, List<RawResponse> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            String[] statusAndEcho = expected.get(i).split(" ", 2);
            RawResponse response = actual.get(i);
            if (response.status() != Integer.parseInt(statusAndEcho[0])
                    || (statusAndEcho.length == 2 && !statusAndEcho[1].equals(response.bodyText()))) {
                return false;
            }
        }
        return true;
    }

    /** A transcript the way the cases write one, for failure messages. */
    static String describe(List<RawResponse> transcript) {
        return transcript.stream().map(response -> response.status() < 300
                ? response.status() + " " + response.bodyText() : Integer.toString(response.status()))
                .collect(Collectors.joining(", ", "[", "] then closed"));
    }

    @Override
    public String toString() {
        return name + " (" + rfc + ")";
    }
}
