/** A modular Loopline application: it reads only the modules' exported packages. */
module dev.loopline.example.modular {
    requires dev.loopline.routing; // and, transitively, dev.loopline.server and Jackson
    requires java.net.http;        // the client it checks itself with

    // Json binds request and response bodies to this package's records by reflection.
    opens dev.loopline.example.modular to tools.jackson.databind;
}
