package dev.loopline.server.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says which server an injected {@code URI}, {@code AsyncHttpClient} or {@code HttpServer} parameter belongs to
 * when a test class registers several {@link LooplineExtension}s: the value is the name of the extension's field.
 *
 * <pre>{@code
 * @RegisterExtension static final LooplineExtension api = LooplineExtension.serving(Api.router());
 * @RegisterExtension static final LooplineExtension upstream = LooplineExtension.serving(FakeUpstream.router());
 *
 * @Test
 * void callsTheUpstream(@ServedBy("api") URI base, @ServedBy("api") AsyncHttpClient client) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ServedBy {

    /** The name of the {@code @RegisterExtension} field that holds the server's extension. */
    String value();
}
