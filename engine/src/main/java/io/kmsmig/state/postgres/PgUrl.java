package io.kmsmig.state.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.postgresql.PGProperty;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The address of a PostgreSQL state database, from the spec's {@code url}: a libpq URI
 * ({@code postgresql://USER@HOST:PORT/DATABASE?sslmode=verify-full}, also {@code postgres://}) or a pgjdbc URL
 * ({@code jdbc:postgresql://HOST:PORT/DATABASE?user=USER}). It never holds a password: one in the URL is refused, so
 * none sits in a spec under version control; the password comes from the environment ({@link #dataSource}).
 * Messages never repeat the URL as given (it might hold the refused password): they show {@link #display()}.
 *
 * @param host     the server's host name or address (an IPv6 address in brackets)
 * @param port     its port (5432 when the URL gives none)
 * @param database the database
 * @param user     the user, or "" for the driver's default (the system user)
 * @param params   the connection parameters, by pgjdbc's names (libpq's {@code connect_timeout} and
 *                 {@code application_name} translated), sorted
 */
public record PgUrl(String host, int port, String database, String user, Map<String, String> params) {
    /** The schemes taken, libpq's first. */
    private static final String[] SCHEMES = {"postgresql://", "postgres://", "jdbc:postgresql://"};
    /** libpq parameter names that pgjdbc spells otherwise. */
    private static final Map<String, String> LIBPQ = Map.of(
            "connect_timeout", PGProperty.CONNECT_TIMEOUT.getName(),
            "application_name", PGProperty.APPLICATION_NAME.getName());
    /** Parameters that would put a secret in the spec. */
    private static final Set<String> SECRETS =
            Set.of("password", PGProperty.SSL_PASSWORD.getName().toLowerCase(Locale.ROOT));

    /**
     * The pgjdbc parameters a spec may set: TLS, timeouts, the application name and server options. Every other one is
     * refused, known or not: some load a class by name ({@code socketFactory}, {@code sslfactory},
     * {@code sslhostnameverifier}, {@code sslpasswordcallback}, {@code authenticationPluginClassName},
     * {@code xmlFactoryFactory}), one turns verify-full's certificate check off ({@code
     * sslfactory=org.postgresql.ssl.NonValidatingFactory}), some point elsewhere than the URL shows ({@code PGHOST},
     * {@code PGPORT}, {@code PGDBNAME}, {@code service}) or read another file for the connection ({@code service},
     * {@code jaasLogin}), and a spec comes from a repository, perhaps from a pull request.
     */
    private static final Set<String> ALLOWED = Set.of(
            PGProperty.SSL_MODE.getName(),
            PGProperty.SSL_ROOT_CERT.getName(),
            PGProperty.SSL_CERT.getName(),
            PGProperty.SSL_KEY.getName(),
            PGProperty.SSL_NEGOTIATION.getName(),
            PGProperty.SSL_RESPONSE_TIMEOUT.getName(),
            PGProperty.CHANNEL_BINDING.getName(),
            PGProperty.REQUIRE_AUTH.getName(),
            PGProperty.GSS_ENC_MODE.getName(),
            PGProperty.CONNECT_TIMEOUT.getName(),
            PGProperty.LOGIN_TIMEOUT.getName(),
            PGProperty.SOCKET_TIMEOUT.getName(),
            PGProperty.CANCEL_SIGNAL_TIMEOUT.getName(),
            PGProperty.TCP_KEEP_ALIVE.getName(),
            PGProperty.TCP_NO_DELAY.getName(),
            PGProperty.APPLICATION_NAME.getName(),
            PGProperty.OPTIONS.getName(),
            PGProperty.TARGET_SERVER_TYPE.getName());

    private static final Set<String> SSL_MODES =
            Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /** What to do about a password found in the URL. */
    public static final String PASSWORD_ADVICE = "the password comes from the environment: set PGPASSWORD or the "
            + "variable passwordEnv names, and remove it from the URL (and from the spec's history, then change it)";

    public PgUrl {
        params = Map.copyOf(params);
    }

    /**
     * Parses {@code url}.
     *
     * @throws IllegalArgumentException saying what is wrong and what to write instead, never repeating the URL
     */
    public static PgUrl parse(String url) {
        String rest = null;
        for (String s : SCHEMES) {
            if (url.regionMatches(true, 0, s, 0, s.length())) {
                rest = url.substring(s.length());
                break;
            }
        }
        if (rest == null) {
            throw new IllegalArgumentException("must start with postgresql:// (a libpq URI, e.g. "
                    + "postgresql://kmsmig@db.internal:5432/kmsmig?sslmode=verify-full) or jdbc:postgresql://");
        }
        URI uri;
        try {
            uri = new URI("postgresql://" + rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URI (" + e.getReason() + " at character " + e.getIndex()
                    + "); write it as postgresql://USER@HOST:PORT/DATABASE?sslmode=verify-full");
        }
        String rawUser = uri.getRawUserInfo();
        if (rawUser != null && (rawUser.contains(":") || uri.getUserInfo().contains(":"))) {
            throw new IllegalArgumentException("holds a password (USER:PASSWORD@); " + PASSWORD_ADVICE);
        }
        Map<String, String> params = new TreeMap<>();
        String user = uri.getUserInfo() == null ? "" : uri.getUserInfo();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (SECRETS.contains(key.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("holds a password (?" + key + "=); " + PASSWORD_ADVICE);
                }
                if (key.equals("user")) {
                    user = value;
                    continue;
                }
                String name = LIBPQ.getOrDefault(key, key);
                if (PGProperty.forName(name) == null) {
                    throw new IllegalArgumentException(
                            "has an unknown connection parameter '" + key + "'; use the "
                                    + "names libpq or pgjdbc know, e.g. sslmode, sslrootcert, connect_timeout, application_name");
                }
                if (!ALLOWED.contains(name)) {
                    throw new IllegalArgumentException("has the connection parameter '" + key + "', which kmsmig does "
                            + "not take from a spec (it could load a class, weaken TLS or connect elsewhere than the URL "
                            + "says); remove it. Allowed: " + String.join(", ", new TreeSet<>(ALLOWED))
                            + " (and libpq's connect_timeout, application_name)");
                }
                if (name.equals(PGProperty.SSL_MODE.getName()) && !SSL_MODES.contains(value)) {
                    throw new IllegalArgumentException("has sslmode=" + value + "; use one of verify-full (advised: "
                            + "encrypted, and the server's name checked), verify-ca, require, prefer, allow, disable");
                }
                params.put(name, value);
            }
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException((rest.contains(",") ? "names several hosts; give one" : "names no host")
                    + ", e.g. postgresql://kmsmig@db.internal:5432/kmsmig");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (path.isEmpty() || path.contains("/")) {
            throw new IllegalArgumentException(
                    "names no database; add it after the host, e.g. postgresql://kmsmig@" + uri.getHost() + "/kmsmig");
        }
        return new PgUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path, user, params);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The database for people: {@code postgresql://HOST:PORT/DATABASE}, never a user's password. */
    public String display() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /** The user for messages. */
    public String userShown() {
        return user.isEmpty() ? "the system user (the URL names none)" : user;
    }

    /**
     * A data source for this database, signing in with {@code password} (null or empty: none; a server that asks for
     * one then refuses the connection, see {@link PgConnect}).
     */
    public DataSource dataSource(String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL("jdbc:postgresql://" + host + ":" + port + "/" + database);
        if (!user.isEmpty()) {
            ds.setUser(user);
        }
        if (password != null && !password.isEmpty()) {
            ds.setPassword(password);
        }
        ds.setProperty(PGProperty.APPLICATION_NAME, "kmsmig");
        params.forEach((k, v) -> ds.setProperty(PGProperty.forName(k), v));
        return ds;
    }
}
