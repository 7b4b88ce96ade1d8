package dev.loopline.examples.gateway;

import java.net.URI;

/**
 * One upstream the dashboard calls: a name (its key in the answer) and the URL to GET.
 *
 * @param name a short name, for example {@code profile}
 * @param url an absolute {@code http} or {@code https} URL
 */
public record Upstream(String name, URI url) {

    public Upstream {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_-]{0,39}")) {
            throw new IllegalArgumentException("an upstream name is a letter then up to 39 letters, digits, '_' or '-'"
                    + ", got \"" + name + "\"");
        }
        if (url == null || url.getHost() == null
                || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("upstream " + name + " needs an absolute http(s) URL, got " + url);
        }
    }

    /** Parses {@code --upstream NAME=URL}. */
    public static Upstream parse(String option) {
        int equals = option.indexOf('=');
        if (equals < 1) {
            throw new IllegalArgumentException("--upstream must look like NAME=URL, got \"" + option + "\"");
        }
        try {
            return new Upstream(option.substring(0, equals), URI.create(option.substring(equals + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--upstream " + option + ": " + e.getMessage(), e);
        }
    }
}
