package dev.loopline.loadtest;

import dev.loopline.loadtest.runner.RunCommand;
import dev.loopline.loadtest.servers.ServerCommand;
import java.util.Arrays;

/** The loadtest jar's entry point: {@code server NAME --port N} or {@code run [options]}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || "help".equals(args[0]) || "--help".equals(args[0])) {
            System.out.println(RunCommand.USAGE);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "server":
                ServerCommand.run(rest);
                break;
            case "run":
                System.exit(RunCommand.run(rest));
                break;
            default:
                System.err.println("unknown command '" + args[0] + "'\n" + RunCommand.USAGE);
                System.exit(2);
        }
    }
}
