package io.syncflux.examples;

/** The command line of the examples: a fixed number of arguments, else the usage and exit status 2. */
final class ExampleArgs {
    private ExampleArgs() {
    }

    /**
     * Returns {@code args} when it holds {@code count} arguments; otherwise prints {@code usage: <usage>} on
     * stderr and exits with status 2.
     */
    static String[] require(String[] args, int count, String usage) {
        if (args.length != count) {
            System.err.println("usage: " + usage);
            System.exit(2);
        }
        return args;
    }
}
