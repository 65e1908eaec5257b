package com.mailplatform.common.sieve;

import com.mailplatform.common.sieve.command.AddFlag;
import com.mailplatform.common.sieve.command.EReject;
import com.mailplatform.common.sieve.command.FileInto;
import com.mailplatform.common.sieve.command.HasFlag;
import com.mailplatform.common.sieve.command.Keep;
import com.mailplatform.common.sieve.command.Redirect;
import com.mailplatform.common.sieve.command.RemoveFlag;
import com.mailplatform.common.sieve.command.ExtensionName;
import com.mailplatform.common.sieve.command.SetFlag;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.jsieve.CommandManager;
import org.apache.jsieve.ExecutableCommand;
import org.apache.jsieve.TestManager;
import org.apache.jsieve.exception.LookupException;
import org.apache.jsieve.tests.ExecutableTest;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.jsieve.ConfigurationManager;
import org.apache.jsieve.ScriptCoordinate;
import org.apache.jsieve.SieveConfigurationException;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.SieveFactory;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.parser.generated.Node;
import org.apache.jsieve.parser.generated.ParseException;
import org.apache.jsieve.parser.generated.TokenMgrError;

/**
 * Apache jSieve 0.8 configured as the platform runs it: its commands and tests (RFC 5228 base, fileinto, reject,
 * envelope, body, vacation) plus the extensions added here as jSieve commands: imap4flags (RFC 5232), copy
 * (RFC 3894), variables (RFC 5229, "set" and "${name}" in action arguments), ereject (RFC 5429). jSieve's
 * non-standard "log" is removed. One engine serves every thread: jSieve keeps a run's state in its context.
 */
public final class SieveEngine {

    /** A script that failed to compile or to run: the message and, when known, the line (1-based; 0 unknown). */
    public static final class SieveError extends Exception {
        private final int line;

        public SieveError(String message, int line) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /** Capabilities with no command or test of their own (see {@link ExtensionName}). */
    private static final List<String> EXTENSION_NAMES = List.of("imap4flags", "copy", "variables");

    private static final Pattern LINE = Pattern.compile("line (\\d+)");

    private static final SieveEngine INSTANCE = new SieveEngine();

    private final SieveFactory factory;
    private final List<String> extensions;

    private SieveEngine() {
        try {
            ConfigurationManager cm = new ConfigurationManager();
            cm.getCommandMap().remove("log");
            // Our commands are made here, not looked up by class name: jSieve loads by name through its own class
            // loader, which under Quarkus' class loaders may not see this module's classes.
            Map<String, Supplier<ExecutableCommand>> commands = Map.of(
                    "fileinto", FileInto::new, "keep", Keep::new, "redirect", Redirect::new, "ereject", EReject::new,
                    "setflag", SetFlag::new, "addflag", AddFlag::new, "removeflag", RemoveFlag::new,
                    "set", com.mailplatform.common.sieve.command.Set::new);
            Map<String, Supplier<ExecutableTest>> tests = new HashMap<>();
            tests.put("hasflag", HasFlag::new);
            EXTENSION_NAMES.forEach(n -> tests.put(n, ExtensionName::new));
            CommandManager base = cm.getCommandManager();
            TestManager baseTests = cm.getTestManager();
            CommandManager cmds = new CommandManager() {
                @Override
                public ExecutableCommand getCommand(String name) throws LookupException {
                    Supplier<ExecutableCommand> s = commands.get(name.toLowerCase(Locale.ROOT));
                    return s != null ? s.get() : base.getCommand(name);
                }

                @Override
                public boolean isCommandSupported(String name) {
                    return commands.containsKey(name.toLowerCase(Locale.ROOT)) || base.isCommandSupported(name);
                }

                @Override
                public List<String> getExtensions() {
                    return base.getExtensions();
                }
            };
            TestManager tsts = new TestManager() {
                @Override
                public ExecutableTest getTest(String name) throws LookupException {
                    Supplier<ExecutableTest> s = tests.get(name.toLowerCase(Locale.ROOT));
                    return s != null ? s.get() : baseTests.getTest(name);
                }

                @Override
                public List<String> getExtensions() {
                    return baseTests.getExtensions();
                }
            };
            factory = new SieveFactory(cmds, cm.getComparatorManager(), tsts);
        } catch (SieveConfigurationException e) {
            throw new IllegalStateException(e);
        }
        // The SIEVE capability (RFC 5804 section 1.7): the "require"-able names, not every command.
        TreeSet<String> ext = new TreeSet<>(List.of("fileinto", "reject", "ereject", "envelope", "body", "vacation",
                "comparator-i;octet", "comparator-i;ascii-casemap", "comparator-i;ascii-numeric"));
        ext.addAll(EXTENSION_NAMES);
        extensions = List.copyOf(new ArrayList<>(ext));
    }

    public static SieveEngine get() {
        return INSTANCE;
    }

    /** Space-separated in ManageSieve's SIEVE capability. */
    public List<String> extensions() {
        return extensions;
    }

    /** The script parsed (syntax, known commands and tests), or why not with its line. */
    public Node parse(String script) throws SieveError {
        try {
            return factory.parse(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));
        } catch (ParseException e) {
            int line = e.currentToken != null && e.currentToken.next != null ? e.currentToken.next.beginLine : lineOf(e.getMessage());
            throw new SieveError(firstLine(e.getMessage()), line);
        } catch (TokenMgrError e) {
            throw new SieveError(firstLine(e.getMessage()), lineOf(e.getMessage()));
        } catch (StackOverflowError e) {
            throw new SieveError("script nested too deeply", 0);
        }
    }

    /**
     * Runs a parsed script against {@code mail}; its actions are then in {@code mail.getActions()} (the implicit keep
     * added by jSieve when nothing cancelled it, RFC 5228 section 2.10.2).
     */
    public void run(Node script, SieveMail mail) throws SieveError {
        try {
            factory.evaluate(mail, script);
        } catch (SieveException | RuntimeException e) {
            throw new SieveError(firstLine(String.valueOf(e.getMessage())), lineOf(mail.lastContext(), e.getMessage()));
        } catch (StackOverflowError e) {
            throw new SieveError("script nested too deeply", 0);
        }
    }

    /**
     * CHECKSCRIPT (RFC 5804 section 2.12): parsed, then run once against an empty message so that argument and
     * "require" errors on the paths such a message takes are found too. Null when the script is fine.
     */
    public SieveError check(String script) {
        try {
            run(parse(script), SieveMail.empty());
            return null;
        } catch (SieveError e) {
            return e;
        }
    }

    private static int lineOf(SieveContext context, String message) {
        int fromMessage = lineOf(message);
        if (fromMessage > 0 || context == null) {
            return fromMessage;
        }
        ScriptCoordinate c = context.getCoordinate();
        return c == null ? 0 : c.getStartLineNumber();
    }

    private static int lineOf(String message) {
        Matcher m = LINE.matcher(message == null ? "" : message);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String firstLine(String s) {
        String one = s == null ? "error" : s.strip();
        int nl = one.indexOf('\n');
        one = nl < 0 ? one : one.substring(0, nl);
        return one.length() > 300 ? one.substring(0, 300) : one;
    }
}
