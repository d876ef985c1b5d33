package dev.cvalues.prompts.suite.format;

import dev.cvalues.prompts.suite.SuiteFormatException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses a file as soon as one of its lines grows past the limit, before any reader buffers it: the bound
 * holds for every format, however it parses.
 */
final class LineBoundedInputStream extends FilterInputStream {

    private final String source;
    private final int maxLineBytes;
    private long line = 1;
    private int lineBytes;

    LineBoundedInputStream(InputStream in, String source, int maxLineBytes) {
        super(in);
        this.source = source;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        int bytes = lineBytes;
        for (int i = offset; i < offset + n; i++) {
            if (buffer[i] == '\n') {
                line++;
                bytes = 0;
            } else if (++bytes > maxLineBytes) {
                tooLong();
            }
        }
        lineBytes = bytes;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] discard = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int read = read(discard, 0, (int) Math.min(discard.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void tooLong() {
        throw new SuiteFormatException(source, line, null, "the line is longer than " + maxLineBytes
                + " bytes, the limit of one line (CVALUES_PROMPTS_MAX_LINE_BYTES)");
    }
}
