package dev.tauon.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetDownloaderTest {
    private static final byte[] PAYLOAD = new byte[300_000];
    private static final String SHA;

    static {
        new Random(1).nextBytes(PAYLOAD);
        try {
            SHA = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PAYLOAD));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @TempDir
    Path tmp;

    private Path cache;
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void startServer() throws IOException {
        cache = tmp.resolve("cache");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, PAYLOAD.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(PAYLOAD);
            }
        });
        server.createContext("/cut", ex -> {
            ex.sendResponseHeaders(200, PAYLOAD.length);
            OutputStream out = ex.getResponseBody();
            out.write(PAYLOAD, 0, PAYLOAD.length / 2);
            out.flush();
            // A handler that throws makes the server drop the connection, half the promised bytes sent.
            throw new IOException("simulated cut");
        });
        server.createContext("/stall", ex -> {
            ex.sendResponseHeaders(200, PAYLOAD.length);
            OutputStream out = ex.getResponseBody();
            out.write(PAYLOAD, 0, 1000);
            out.flush();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            closeQuietly(ex);
        });
        server.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    private static void closeQuietly(HttpExchange ex) {
        try {
            ex.getResponseBody().close();
        } catch (IOException expected) {
            // "insufficient bytes written to stream": the point of these handlers
        }
        ex.close();
    }

    @AfterEach
    void stopServer() {
        release.countDown();
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private DatasetDownloader downloader() {
        return new DatasetDownloader(cache, Duration.ofSeconds(5), Duration.ofMillis(500));
    }

    private List<Path> cacheContents() throws IOException {
        if (!Files.exists(cache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.toList();
        }
    }

    @Test
    void downloadsVerifiesAndThenUsesTheCache() throws IOException {
        Path got = downloader().fetch(url("/ok"), "data.bin", SHA.toUpperCase());
        assertEquals(cache.resolve("data.bin"), got);
        assertArrayEquals(PAYLOAD, Files.readAllBytes(got));
        assertEquals(List.of(got), cacheContents());
        assertEquals(got, downloader().fetch(url("/ok"), "data.bin", SHA));
        assertEquals(1, requests.get(), "the second fetch used the cache");
    }

    @Test
    void aCachedFileWithTheWrongChecksumIsReplaced() throws IOException {
        Files.createDirectories(cache);
        Files.write(cache.resolve("data.bin"), new byte[] {1, 2, 3});
        Path got = downloader().fetch(url("/ok"), "data.bin", SHA);
        assertArrayEquals(PAYLOAD, Files.readAllBytes(got));
        assertEquals(1, requests.get());
    }

    @Test
    void wrongChecksumKeepsNothing() throws IOException {
        String wrong = "0".repeat(64);
        IOException e = assertThrows(IOException.class, () -> downloader().fetch(url("/ok"), "data.bin", wrong));
        assertTrue(e.getMessage().contains("has SHA-256 " + SHA + ", expected " + wrong), e.getMessage());
        assertEquals(List.of(), cacheContents());
    }

    @Test
    void aConnectionCutMidwayKeepsNothing() throws IOException {
        IOException e = assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> assertThrows(IOException.class, () -> downloader().fetch(url("/cut"), "data.bin", SHA)));
        assertTrue(e.getMessage().contains(url("/cut") + " broke off"), e.getMessage());
        assertEquals(List.of(), cacheContents());
    }

    @Test
    void aStalledServerTimesOutAndKeepsNothing() throws IOException {
        IOException e = assertTimeoutPreemptively(
                Duration.ofSeconds(20),
                () -> assertThrows(IOException.class, () -> downloader().fetch(url("/stall"), "data.bin", SHA)));
        assertTrue(e.getMessage().contains("stalled") && e.getMessage().contains("after 1000 bytes"), e.getMessage());
        assertEquals(List.of(), cacheContents());
    }

    @Test
    void httpErrorsAreReported() throws IOException {
        IOException e = assertThrows(IOException.class, () -> downloader().fetch(url("/missing"), "data.bin", SHA));
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertEquals(List.of(), cacheContents());
    }

    @Test
    void anUnreachableHostSaysWhatToDoOffline() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/cifar-10-binary.tar.gz");
        IOException e = assertThrows(IOException.class, () -> downloader().fetch(nowhere, "c.tar.gz", SHA));
        assertTrue(
                e.getMessage().contains("offline")
                        && e.getMessage().contains(cache.resolve("c.tar.gz").toString())
                        && e.getMessage().contains(DatasetDownloader.DATA_HOME_ENV),
                e.getMessage());
        assertEquals(List.of(), cacheContents());
    }

    @Test
    void cifar10IsTakenFromItsLocationOrElseDownloadedAndChecked() throws IOException {
        Path local = Files.write(tmp.resolve("mine.tar.gz"), new byte[1]);
        assertEquals(
                local,
                Cifar10.locateOrDownload(downloader(), url("/ok"), Map.of(Cifar10.PATH_ENV, local.toString()), tmp));
        assertThrows(
                NoSuchFileException.class,
                () -> Cifar10.locateOrDownload(
                        downloader(),
                        url("/ok"),
                        Map.of(Cifar10.PATH_ENV, tmp.resolve("typo").toString()),
                        tmp));
        assertEquals(0, requests.get());
        // A working folder two levels inside the test's own: "../shared" from it is inside tmp too, so a
        // real ../shared beside the system's temporary folder (a CI clone under /tmp) cannot be found.
        Path workingDir = Files.createDirectories(tmp.resolve("clone/work"));
        IOException e = assertThrows(
                IOException.class, () -> Cifar10.locateOrDownload(downloader(), url("/ok"), Map.of(), workingDir));
        assertTrue(e.getMessage().contains("expected " + DatasetDownloader.CIFAR10_SHA256), e.getMessage());
        assertEquals(1, requests.get());
        assertEquals(List.of(), cacheContents());
    }

    @Test
    void fileNamesMustBePlain() {
        assertThrows(IllegalArgumentException.class, () -> downloader().fetch(url("/ok"), "../x", SHA));
        assertThrows(IllegalArgumentException.class, () -> downloader().fetch(url("/ok"), "", SHA));
    }

    @Test
    void cacheFolderComesFromTheEnvironmentOrTheHomeFolder() {
        assertEquals(
                Path.of("/data/sets"),
                DatasetDownloader.defaultCacheDir(Map.of(DatasetDownloader.DATA_HOME_ENV, "/data/sets"), "/home/u"));
        assertEquals(Path.of("/home/u/.tauon/datasets"), DatasetDownloader.defaultCacheDir(Map.of(), "/home/u"));
    }
}
