package dev.tauon.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** What every example's command line does before it runs: parse, answer help and version, check the values. */
final class CommandLines {
    /** {@link #parse}'s answer when the example should go on and run. */
    static final int RUN = -1;

    private CommandLines() {}

    /**
     * Parses {@code args} into {@code cli}'s options object. Returns {@link #RUN} to go on, or the
     * exit code to stop with: 0 after printing the help or version, 2 after printing what is wrong
     * with the options (a parse error with the usage, or {@code validate}'s message).
     */
    static int parse(CommandLine cli, String[] args, Supplier<String> validate, PrintStream out, PrintStream err) {
        try {
            cli.parseArgs(args);
        } catch (ParameterException e) {
            err.println(e.getMessage());
            cli.usage(err);
            return 2;
        }
        if (cli.isUsageHelpRequested()) {
            cli.usage(out);
            return 0;
        }
        if (cli.isVersionHelpRequested()) {
            cli.printVersionHelp(out);
            return 0;
        }
        String problem = validate.get();
        if (problem != null) {
            err.println(problem);
            return 2;
        }
        return RUN;
    }

    /** The work of an example after its options are parsed. */
    interface Body {
        void run(PrintStream out) throws IOException;
    }

    /**
     * Parses {@code args} into {@code options} and runs {@code body}: the exit code is
     * {@link #parse}'s if it stops, else 0, or 1 after printing {@code name} and the failure.
     */
    static int run(
            String name,
            Object options,
            Supplier<String> validate,
            String[] args,
            PrintStream out,
            PrintStream err,
            Body body) {
        int code = parse(new CommandLine(options), args, validate, out, err);
        if (code != RUN) {
            return code;
        }
        try {
            body.run(out);
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println(name + ": " + e.getMessage());
            return 1;
        }
    }
}
