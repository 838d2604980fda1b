package graphservice.neo4jlocal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Neo4j Community, embedded, with its Bolt connector on a loopback address and auth on.
 *
 * <p>Usage: {@code java -jar neo4j-local.jar --home DIR [--host 127.0.0.1] [--port 7687]
 * [--pagecache 256m] [--transaction-timeout-ms 30000]}: every transaction running longer is
 * terminated by Neo4j ({@code db.transaction.timeout}), whatever its client asked. LOAD CSV reads {@code file:///} URLs under {@code DIR/import}. The password of the {@code neo4j} user is read from the environment
 * ({@code NEO4J_PASSWORD}) and set at every start, so the database always answers to the
 * configured credentials. The process runs until it receives SIGTERM or SIGINT, then shuts the
 * database down cleanly.
 */
public final class LocalNeo4j {
  private LocalNeo4j() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = parse(args);
    Path home = Path.of(required(options, "--home")).toAbsolutePath();
    String host = options.getOrDefault("--host", "127.0.0.1");
    int port = Integer.parseInt(options.getOrDefault("--port", "7687"));
    String pageCache = options.getOrDefault("--pagecache", "256m");
    long transactionTimeout =
        Long.parseLong(options.getOrDefault("--transaction-timeout-ms", "30000"));
    String password = System.getenv("NEO4J_PASSWORD");
    if (password == null || password.length() < 8) {
      fail("NEO4J_PASSWORD must be set to at least 8 characters");
    }
    if (!isLoopback(host)) {
      fail("refusing to listen on " + host + ": the local Neo4j listens on loopback only");
    }
    Files.createDirectories(home);
    // LOAD CSV reads file:/// URLs from here only (the embedded default is the whole disk).
    Path importDir = Files.createDirectories(home.resolve("import"));

    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(GraphDatabaseSettings.auth_enabled, true)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
            .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
            .setConfig(HttpConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(pageCache))
            .setConfig(GraphDatabaseSettings.load_csv_file_url_root, importDir)
            .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
            .setConfig(
                GraphDatabaseSettings.transaction_timeout, Duration.ofMillis(transactionTimeout))
            .build();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("neo4j-local: shutting down");
                  dbms.shutdown();
                  stopped.countDown();
                }));

    setPassword(dbms, password);
    System.out.println("neo4j-local: bolt://" + host + ":" + port + " ready, home " + home);
    System.out.flush();
    stopped.await();
  }

  private static void setPassword(DatabaseManagementService dbms, String password) {
    try {
      // Its own timeout: on a busy machine the first transaction after start-up can take
      // longer than the transaction timeout meant for the service's queries.
      dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
          .executeTransactionally(
              "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
              Map.of("password", password),
              result -> null,
              Duration.ofMinutes(10));
    } catch (RuntimeException e) {
      // Setting the password it already has is refused by Neo4j: nothing to change then.
      String message = String.valueOf(e.getMessage());
      if (!message.contains("cannot be the same")) {
        throw e;
      }
    }
  }

  private static boolean isLoopback(String host) {
    return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
  }

  private static Map<String, String> parse(String[] args) {
    java.util.HashMap<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length || !args[i].startsWith("--")) {
        fail("expected --option value pairs, got: " + String.join(" ", args));
      }
      options.put(args[i], args[i + 1]);
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      fail("missing " + name);
    }
    return value;
  }

  private static void fail(String message) {
    System.err.println("neo4j-local: " + message);
    System.exit(2);
  }
}
