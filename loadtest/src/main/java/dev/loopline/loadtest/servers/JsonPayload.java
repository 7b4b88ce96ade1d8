package dev.loopline.loadtest.servers;

import tools.jackson.databind.json.JsonMapper;

/** The one JSON library of every bench server: Jackson, serializing {@link BenchContract.Message} per request. */
public final class JsonPayload {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private JsonPayload() {
    }

    /** {@code {"message":"Hello, World!"}}: a new object serialized per call (TechEmpower's rule: no cached bytes). */
    public static byte[] helloJson() {
        return MAPPER.writeValueAsBytes(new BenchContract.Message(BenchContract.HELLO));
    }
}
