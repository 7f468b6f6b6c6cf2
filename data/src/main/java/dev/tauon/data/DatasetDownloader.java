package dev.tauon.data;

import dev.tauon.core.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches dataset archives into a cache folder, once: a file already in the cache with the right
 * SHA-256 is used as it is. A download goes to a temporary file next to its final place, is
 * checked against the expected SHA-256, and only then renamed into place (atomically where the
 * file system can), so the cache never holds a partial or wrong file under the final name.
 *
 * <p>The cache folder is, in order: the one given to the constructor, the {@value #DATA_HOME_ENV}
 * environment variable, {@code ~/.tauon/datasets}.
 */
public final class DatasetDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetDownloader.class);

    /** Environment variable naming the folder datasets are cached in, instead of {@code ~/.tauon/datasets}. */
    public static final String DATA_HOME_ENV = "TAUON_DATA_HOME";
    /** The CIFAR-10 binary archive as its authors serve it. */
    public static final URI CIFAR10_URL = URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
    /** The name the CIFAR-10 archive is saved under in the cache folder. */
    public static final String CIFAR10_FILE = "cifar-10-binary.tar.gz";
    /**
     * SHA-256 of the official archive (170,052,171 bytes; its authors publish the MD5
     * c32a1d4ab5d03f1284b67883e8d87530).
     */
    public static final String CIFAR10_SHA256 = "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd";

    private final Path cacheDir;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    /** A downloader caching in {@link #defaultCacheDir()}. */
    public DatasetDownloader() {
        this(defaultCacheDir());
    }

    /** A downloader caching in {@code cacheDir}, waiting 30 s for a connection and 60 s for data. */
    public DatasetDownloader(Path cacheDir) {
        this(cacheDir, Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    /**
     * @param connectTimeout how long to wait for the server to accept the connection
     * @param readTimeout    how long the server may send nothing before the download is abandoned
     */
    public DatasetDownloader(Path cacheDir, Duration connectTimeout, Duration readTimeout) {
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** {@value #DATA_HOME_ENV} if set, else {@code ~/.tauon/datasets}. */
    public static Path defaultCacheDir() {
        return defaultCacheDir(System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultCacheDir(Map<String, String> env, String userHome) {
        String home = env.get(DATA_HOME_ENV);
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        return Path.of(userHome, ".tauon", "datasets");
    }

    /** The folder downloads are cached in. */
    public Path cacheDir() {
        return cacheDir;
    }

    /** The official CIFAR-10 binary archive, downloaded if not cached yet. */
    public Path fetchCifar10() throws IOException {
        return fetchCifar10(CIFAR10_URL);
    }

    /** The official CIFAR-10 binary archive from a mirror (the checksum is the official one). */
    public Path fetchCifar10(URI url) throws IOException {
        return fetch(url, CIFAR10_FILE, CIFAR10_SHA256);
    }

    /**
     * {@code fileName} in the cache, downloaded from {@code url} first unless a copy with the
     * expected checksum is already there.
     *
     * @param sha256 the file's expected SHA-256, in hex
     * @throws IOException naming the URL and what to do: if the host cannot be reached, the server
     *                     answers with an error, the transfer breaks off, or the checksum differs
     */
    public Path fetch(URI url, String fileName, String sha256) throws IOException {
        if (fileName.isEmpty() || fileName.contains("/") || fileName.contains("\\") || fileName.startsWith(".")) {
            throw new IllegalArgumentException("download: file name must be a plain name, got '" + fileName + "'");
        }
        String expected = sha256.toLowerCase(Locale.ROOT);
        Path target = cacheDir.resolve(fileName);
        if (Files.isRegularFile(target)) {
            String actual = sha256(target);
            if (actual.equals(expected)) {
                LOG.debug("{} already in the cache with the expected checksum", target);
                return target;
            }
            LOG.warn("{} in the cache has SHA-256 {}, expected {}: downloading it again", target, actual, expected);
        }
        Path temp = AtomicFiles.createSibling(target, ".part");
        try {
            String actual = download(url, temp, target);
            if (!actual.equals(expected)) {
                throw new IOException("download of " + url + " has SHA-256 " + actual + ", expected " + expected
                        + ": the file is corrupt or the URL serves a different file; nothing was kept in " + cacheDir);
            }
            AtomicFiles.moveIntoPlace(temp, target);
            LOG.info("downloaded {} to {}", url, target);
            return target;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Streams {@code url} into {@code temp}; returns the SHA-256 of what arrived. */
    private String download(URI url, Path temp, Path target) throws IOException {
        LOG.info("downloading {} to {}", url, target);
        MessageDigest digest = newSha256();
        long received = 0;
        long expectedLength;
        try {
            URLConnection connection = url.toURL().openConnection();
            connection.setConnectTimeout((int) connectTimeout.toMillis());
            connection.setReadTimeout((int) readTimeout.toMillis());
            if (connection instanceof HttpURLConnection http && http.getResponseCode() != HttpURLConnection.HTTP_OK) {
                throw new DownloadFailure("download of " + url + " failed: the server answered HTTP "
                        + http.getResponseCode() + " " + http.getResponseMessage());
            }
            expectedLength = connection.getContentLengthLong();
            try (InputStream in = connection.getInputStream();
                    OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                    digest.update(buffer, 0, n);
                    received += n;
                }
            }
        } catch (DownloadFailure e) {
            throw e;
        } catch (UnknownHostException | ConnectException | NoRouteToHostException e) {
            throw offline(url, target, e);
        } catch (SocketTimeoutException e) {
            throw new IOException(
                    "download of " + url + " stalled: no data for " + readTimeout.toMillis()
                            + " ms after " + received + " bytes (" + e.getMessage() + "); nothing was kept. "
                            + howToPlaceByHand(target),
                    e);
        } catch (IOException e) {
            throw new IOException(
                    "download of " + url + " broke off after " + received + " bytes: " + e
                            + "; nothing was kept, try again",
                    e);
        }
        if (expectedLength >= 0 && received != expectedLength) {
            throw new IOException("download of " + url + " broke off: " + received + " of " + expectedLength
                    + " bytes arrived; nothing was kept, try again");
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static IOException offline(URI url, Path target, IOException cause) {
        return new IOException(
                "cannot reach " + url.getHost() + " to download " + url + " (" + cause
                        + "): this machine seems to be offline. " + howToPlaceByHand(target),
                cause);
    }

    private static String howToPlaceByHand(Path target) {
        return "Fetch the file on a machine with internet access and copy it to " + target + " (the cache folder "
                + "is set by the " + DATA_HOME_ENV + " environment variable), or point " + Cifar10.PATH_ENV
                + " at a copy you already have.";
    }

    /** The SHA-256 of a file, in lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** A failure already described for the user, passed through the generic handler unchanged. */
    private static final class DownloadFailure extends IOException {
        private static final long serialVersionUID = 1L;

        DownloadFailure(String message) {
            super(message);
        }
    }
}
