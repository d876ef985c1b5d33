package dev.cvalues.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The compilers each lifetime asks for, as this JDK takes its options (it scales the thresholds it is given). */
class JvmOptionsTest {

    private static final List<String> TIER4 = List.of("Tier4InvocationThreshold", "Tier4MinInvocationThreshold",
            "Tier4CompileThreshold", "Tier4BackEdgeThreshold");

    @Test
    void aStackLeftRunningCompilesWithC2AtTwiceItsUsualThresholdsAndC1AtATenth() throws Exception {
        Map<String, Long> usual = flags(List.of());
        Map<String, Long> stays = flags(JvmOptions.Lifetime.STAYS_UP.options());
        assertThat(stays.get("TieredStopAtLevel")).isEqualTo(4);
        for (String flag : TIER4) {
            assertThat(stays.get(flag)).as(flag).isEqualTo(2 * usual.get(flag));
        }
        assertThat(stays.get("Tier3InvocationThreshold")).isEqualTo(usual.get("Tier3InvocationThreshold") / 10);
    }

    @Test
    void aStackForOneJobCompilesWithC1AloneAtATenthOfItsThresholds() throws Exception {
        Map<String, Long> usual = flags(List.of());
        Map<String, Long> once = flags(JvmOptions.Lifetime.ONE_JOB.options());
        assertThat(once.get("TieredStopAtLevel")).isEqualTo(1);
        assertThat(once.get("Tier3InvocationThreshold")).isEqualTo(usual.get("Tier3InvocationThreshold") / 10);
    }

    /** The final values of the JVM's integer flags, with these options. */
    private static Map<String, Long> flags(List<String> options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LocalStack.java(), "-XX:+PrintFlagsFinal"));
        command.addAll(options);
        command.add("-version");
        Process jvm = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor()).as(out).isZero();
        Map<String, Long> flags = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*intx\\s+(\\w+)\\s+=\\s+(-?\\d+)").matcher(out);
        while (m.find()) {
            flags.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return flags;
    }
}
