package dev.loopline.server.internal.forms;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The headers of one multipart part: {@code Content-Disposition: form-data; name="..."; filename="..."} (required;
 * RFC 7578 §4.2) and {@code Content-Type}. Other headers are ignored, as RFC 7578 §4.8 says.
 */
record PartHeaders(String name, String fileName, String contentType, Charset charset) {

    static PartHeaders parse(String block, int number) {
        String disposition = null;
        String contentType = null;
        for (String line : block.split("\r\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw FormErrors.malformed("part " + number + " has a bad header line '" + printable(line) + "'");
            }
            String field = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (field.equals("content-disposition")) {
                disposition = value;
            } else if (field.equals("content-type")) {
                contentType = value;
            }
        }
        if (disposition == null) {
            throw FormErrors.malformed("part " + number + " has no Content-Disposition header");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        String type = parameters(disposition, parameters, number);
        if (!type.equalsIgnoreCase("form-data")) {
            throw FormErrors.malformed("part " + number + " has Content-Disposition '" + printable(type)
                    + "', not form-data");
        }
        String name = parameters.get("name");
        if (name == null) {
            throw FormErrors.malformed("part " + number + " has no name in its Content-Disposition");
        }
        String fileName = parameters.containsKey("filename*") ? extended(parameters.get("filename*"), number)
                : parameters.get("filename");
        Charset charset = null;
        if (contentType != null) {
            Map<String, String> typeParameters = new LinkedHashMap<>();
            parameters(contentType, typeParameters, number);
            charset = charset(typeParameters.get("charset"), number);
        }
        if (contentType == null) {
            contentType = fileName == null ? "text/plain" : "application/octet-stream";
        }
        return new PartHeaders(name, fileName, contentType, charset);
    }

    /** Splits {@code value} into its leading token and its {@code ; key=value} parameters (quoted or not). */
    static String parameters(String value, Map<String, String> into, int number) {
        int semicolon = value.indexOf(';');
        String type = (semicolon < 0 ? value : value.substring(0, semicolon)).trim();
        int i = semicolon < 0 ? value.length() : semicolon + 1;
        while (i < value.length()) {
            int equals = value.indexOf('=', i);
            if (equals < 0) {
                String rest = value.substring(i).trim();
                if (rest.isEmpty()) {
                    break;
                }
                throw FormErrors.malformed("part " + number + " has a parameter without a value: '"
                        + printable(rest) + "'");
            }
            String key = value.substring(i, equals).trim().toLowerCase(Locale.ROOT);
            i = equals + 1;
            while (i < value.length() && value.charAt(i) == ' ') {
                i++;
            }
            StringBuilder parameter = new StringBuilder();
            if (i < value.length() && value.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < value.length()) {
                    char c = value.charAt(i++);
                    if (c == '\\' && i < value.length() && (value.charAt(i) == '"' || value.charAt(i) == '\\')) {
                        parameter.append(value.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        parameter.append(c);
                    }
                }
                if (!closed) {
                    throw FormErrors.malformed("part " + number + " has an unterminated quoted " + key);
                }
                int next = value.indexOf(';', i);
                i = next < 0 ? value.length() : next + 1;
            } else {
                int next = value.indexOf(';', i);
                int end = next < 0 ? value.length() : next;
                parameter.append(value, i, end);
                i = next < 0 ? value.length() : next + 1;
            }
            into.putIfAbsent(key, key.endsWith("*") ? parameter.toString() : parameter.toString().trim());
        }
        return type;
    }

    /** An RFC 8187 {@code filename*=UTF-8''percent-encoded} value. */
    private static String extended(String value, int number) {
        int first = value.indexOf('\'');
        int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
        if (second < 0) {
            throw FormErrors.malformed("part " + number + " has a bad filename* (RFC 8187: charset'language'value)");
        }
        Charset charset = charset(value.substring(0, first), number);
        return UrlEncodedParser.percentDecode(value.substring(second + 1), false, charset,
                "the filename* of part " + number);
    }

    private static Charset charset(String name, int number) {
        if (name == null) {
            return null;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw FormErrors.malformed("part " + number + " names the unknown charset '" + printable(name) + "'");
        }
    }

    /** At most 100 characters of client text, control characters shown as '?', for an error message. */
    static String printable(String text) {
        String cut = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.toString();
    }
}
