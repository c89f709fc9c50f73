package dev.sheaf.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Makes sure a dataset's files are in its cache folder: verifies those present against known SHA-256 sums and
 * downloads the missing ones (only those), each verified before it is moved into place atomically, so the folder
 * never holds a partial or unverified file.
 */
final class DatasetFiles {
    /** A file of a dataset: its name in the cache folder, where to download it, and the SHA-256 sums accepted. */
    record Remote(String name, URI url, List<String> sha256) {
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    private DatasetFiles() {
    }

    /**
     * Ensures every file is in {@code dir}.
     *
     * @param dataset  names the dataset in messages
     * @param offline  fail instead of downloading
     * @throws IOException naming the folder and the files to place there when a file is missing and cannot be
     *                     downloaded, or naming a file whose checksum does not match
     */
    static void ensure(String dataset, Path dir, List<Remote> files, boolean offline) throws IOException {
        List<Remote> missing = new ArrayList<>();
        for (Remote f : files) {
            Path p = dir.resolve(f.name());
            if (Files.isRegularFile(p)) {
                verify(dataset, p, f, "Delete it to download it again, or replace it with the original file.");
            } else {
                missing.add(f);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        if (offline) {
            throw new IOException("Dataset '" + dataset + "' is not in " + dir.toAbsolutePath()
                    + " and downloads are turned off (system property sheaf.datasets.offline=true). "
                    + placeThese(dir, missing));
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        for (Remote f : missing) {
            try {
                download(dataset, client, dir, f);
            } catch (IOException e) {
                throw new IOException("Could not download " + f.url() + " for dataset '" + dataset + "' ("
                        + e.getMessage() + "). " + placeThese(dir, missing), e);
            }
        }
    }

    private static String placeThese(Path dir, List<Remote> files) {
        StringBuilder sb = new StringBuilder("To use it offline, place these files in ")
                .append(dir.toAbsolutePath()).append(':');
        for (Remote f : files) {
            sb.append("\n  ").append(f.name()).append("  (from ").append(f.url()).append(')');
        }
        return sb.toString();
    }

    private static void download(String dataset, HttpClient client, Path dir, Remote f) throws IOException {
        Files.createDirectories(dir);
        // The temporary file lives next to the target so that the final move is a same-folder atomic rename.
        Path tmp = Files.createTempFile(dir, "." + f.name() + ".", ".part");
        boolean moved = false;
        try {
            HttpRequest request = HttpRequest.newBuilder(f.url()).GET().build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(tmp)) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP status " + response.statusCode());
                }
                in.transferTo(out);
            }
            verify(dataset, tmp, f, "The download was discarded.");
            try {
                Files.move(tmp, dir.resolve(f.name()), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(f.name()), StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    private static void verify(String dataset, Path file, Remote f, String advice) throws IOException {
        String actual = sha256(file);
        if (!f.sha256().contains(actual)) {
            throw new IOException("Checksum mismatch for " + f.name() + " of dataset '" + dataset + "' ("
                    + file.toAbsolutePath() + "): SHA-256 " + actual + ", expected "
                    + (f.sha256().size() == 1 ? f.sha256().get(0) : "one of " + f.sha256())
                    + ". The file is corrupt or not the published release. " + advice);
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM lacks SHA-256, which every Java platform must provide", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
