package dev.loopline.server.internal;

/**
 * Why the server's own decoding rules (on top of Netty's) refuse a request: the status and the detail the client
 * gets, in Loopline's words. Carried as the decoder result's cause; never thrown to user code. Stackless: hostile
 * input must not cost a stack trace.
 */
final class DecoderRejection extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    DecoderRejection(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    String detail() {
        return getMessage();
    }
}
