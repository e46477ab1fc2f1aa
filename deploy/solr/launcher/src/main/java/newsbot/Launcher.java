package newsbot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Starts a SolrCloud of N nodes (default 2) with an embedded ZooKeeper on 127.0.0.1, uploads
 * newsbot's configset as "newsbot", prints one "SOLR_URL url" line per node, a "ZK_HOST addr"
 * line and "READY" on stdout, then runs until stdin closes or the process gets SIGTERM.
 *
 * <p>Usage: java -cp ... newsbot.Launcher CONFIGSET_DIR [NODES]
 */
public final class Launcher {
  private static final AtomicBoolean STOPPED = new AtomicBoolean();

  private Launcher() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: newsbot.Launcher CONFIGSET_DIR [NODES]");
      System.exit(2);
    }
    Path configset = Path.of(args[0]).toAbsolutePath();
    if (!Files.isRegularFile(configset.resolve("solrconfig.xml"))) {
      System.err.println("no solrconfig.xml in " + configset);
      System.exit(2);
    }
    int nodes = args.length == 2 ? Integer.parseInt(args[1]) : 2;
    Path base = Files.createTempDirectory("newsbot-solr-");
    System.setProperty("solr.allowPaths", base.toString());
    MiniSolrCloudCluster cluster =
        new MiniSolrCloudCluster.Builder(nodes, base).addConfig("newsbot", configset).build();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(cluster, base)));
    for (JettySolrRunner node : cluster.getJettySolrRunners()) {
      System.out.println("SOLR_URL " + node.getBaseUrl());
    }
    System.out.println("ZK_HOST " + cluster.getZkServer().getZkAddress());
    System.out.println("READY");
    System.out.flush();
    drain(System.in);
    stop(cluster, base);
    System.exit(0);
  }

  /** Block until stdin reaches end of file (the parent closed it or went away). */
  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[256];
    while (in.read(buffer) >= 0) {
      // the content is ignored: only the end of the stream matters
    }
  }

  /** Shut the cluster down once and remove its temporary folder. */
  private static void stop(MiniSolrCloudCluster cluster, Path base) {
    if (!STOPPED.compareAndSet(false, true)) {
      return;
    }
    try {
      cluster.shutdown();
    } catch (Exception e) {
      System.err.println("shutdown failed: " + e);
    }
    try (Stream<Path> paths = Files.walk(base)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + base + ": " + e);
    }
  }
}
