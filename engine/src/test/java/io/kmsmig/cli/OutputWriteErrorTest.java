package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Standard output that cannot be written (a full disk behind {@code > plan.md}, a closed pipe) fails the command: a
 * pipeline must not post a truncated plan or policy that exited 0. PrintWriter swallows the IOException, so Main asks.
 */
class OutputWriteErrorTest {
    @Test
    void version_whoseOutputCannotBeWritten_exitsOneSayingSoOnStandardError() {
        // given: standard output on a device that is full
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        PrintWriter out = new PrintWriter(new OutputStreamWriter(full, StandardCharsets.UTF_8), true);
        StringWriter err = new StringWriter();

        // when
        int code = Main.run(out, new PrintWriter(err, true), "version");

        // then
        assertEquals(ExitCodes.ERROR, code, err.toString());
        assertEquals(
                "Error: the output could not be written in full (a full disk, or a closed pipe); run the command"
                        + " again where its output can be written.\n",
                err.toString());
    }

    @Test
    void version_whoseOutputIsWritten_exitsZeroWithNothingOnStandardError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "version");
        assertEquals(ExitCodes.OK, code, err.toString());
        assertTrue(out.toString().startsWith("kmsmig "), out.toString());
        assertEquals("", err.toString());
    }
}
