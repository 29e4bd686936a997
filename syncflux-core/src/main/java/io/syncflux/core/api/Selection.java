package io.syncflux.core.api;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What to act on and where it goes: regular expressions on database, retention policy and measurement
 * names (unanchored, as Go's {@code regexp.MatchString}: use {@code ^db1$} for an exact name), and the
 * optional new names on the destination. {@code _internal} is never selected.
 *
 * @param db    databases to select
 * @param rp    retention policies to select
 * @param meas  measurements to select (copy only)
 * @param newDb the destination database name, or null to keep the source's; needs exactly one
 *              selected database
 * @param newRp the destination name of the source's default retention policy, or null to keep it
 */
public record Selection(Pattern db, Pattern rp, Pattern meas, String newDb, String newRp) {

    /** Everything. */
    public static final Selection ALL = new Selection(Pattern.compile(".*"), Pattern.compile(".*"),
            Pattern.compile(".*"), null, null);

    /**
     * Validates the patterns; an empty {@code newDb} or {@code newRp} means null (keep the name).
     *
     * @throws NullPointerException when a pattern is null
     */
    public Selection {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(rp, "rp");
        Objects.requireNonNull(meas, "meas");
        if (newDb != null && newDb.isEmpty()) {
            newDb = null;
        }
        if (newRp != null && newRp.isEmpty()) {
            newRp = null;
        }
    }

    /**
     * Builds a selection from strings; null or empty means "everything".
     *
     * @throws SyncfluxException (usage) naming the part ({@code db}, {@code rp}, {@code meas}) whose regular
     *                           expression is invalid
     */
    public static Selection of(String db, String rp, String meas, String newDb, String newRp) {
        return new Selection(pattern(db, "db"), pattern(rp, "rp"), pattern(meas, "meas"), newDb, newRp);
    }

    /**
     * A pattern of a selection; null or empty selects everything.
     *
     * @param regex the regular expression, unanchored
     * @param what  names it in the error message, e.g. {@code db} or a flag such as {@code -db}
     * @throws SyncfluxException (usage) {@code invalid regular expression for <what> "<regex>": <reason>}
     */
    public static Pattern pattern(String regex, String what) {
        if (regex == null || regex.isEmpty()) {
            return Pattern.compile(".*");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw SyncfluxException.usage("invalid regular expression for " + what + " \"" + regex + "\": "
                    + e.getDescription());
        }
    }

    /**
     * A pattern that selects this one name and no other (the patterns are unanchored and read {@code .}
     * and other characters as regular expression syntax): {@code db1} becomes {@code ^\Qdb1\E$}.
     */
    public static String exactly(String name) {
        return "^" + Pattern.quote(name) + "$";
    }

    /** True when this source database is selected ({@code _internal} never is). */
    public boolean selectsDb(String name) {
        return !name.equals("_internal") && db.matcher(name).find();
    }

    /** True when this source retention policy is selected. */
    public boolean selectsRp(String name) {
        return rp.matcher(name).find();
    }

    /** True when this measurement is selected. */
    public boolean selectsMeasurement(String name) {
        return meas.matcher(name).find();
    }

    /** The destination name of a source database. */
    public String targetDb(String sourceDb) {
        return newDb != null ? newDb : sourceDb;
    }

    /** The destination name of a source retention policy; only the default one can be renamed. */
    public String targetRp(String sourceRp, boolean isDefault) {
        return isDefault && newRp != null ? newRp : sourceRp;
    }
}
