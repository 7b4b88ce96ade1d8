package dev.loopline.loadtest;

import dev.loopline.loadtest.runner.RunCommand;
import dev.loopline.loadtest.servers.ServerCommand;
import dev.loopline.loadtest.startup.StartupCommand;
import java.util.Arrays;

/** The loadtest jar's entry point: {@code server NAME --port N}, {@code run [options]} or {@code startup [options]}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || "help".equals(args[0]) || "--help".equals(args[0])) {
            System.out.println(RunCommand.USAGE);
            System.out.println(StartupCommand.USAGE);
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
            case "startup":
                System.exit(StartupCommand.run(rest, System.out));
                break;
            default:
                System.err.println("unknown command '" + args[0] + "'\n" + RunCommand.USAGE);
                System.exit(2);
        }
    }
}
