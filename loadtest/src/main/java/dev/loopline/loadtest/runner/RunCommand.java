package dev.loopline.loadtest.runner;

/** {@code run [options]}: the whole comparison, or the quick smoke version of it. */
public final class RunCommand {

    public static final String USAGE = RunOptions.USAGE;

    private RunCommand() {
    }

    /** Returns the process exit code: 0 when every server was measured, 1 when something failed. */
    public static int run(String[] args) throws Exception {
        RunOptions options;
        try {
            options = RunOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Runner.Result result = Runner.run(options, System.out);
        return result.report().failures().isEmpty() ? 0 : 1;
    }
}
