package dev.cvalues.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the gateway's own metrics while a benchmark round runs: calls in flight and their mean duration. */
final class GatewaySampler {

    private static final Pattern INFLIGHT = Pattern.compile("(?m)^cvalues_gateway_inflight(?:\\{[^}]*})? ([0-9.eE+-]+)$");
    private static final Pattern LATENCY_SUM = Pattern.compile(
            "(?m)^cvalues_gateway_latency_seconds_sum\\{[^}]*} ([0-9.eE+-]+)$");
    private static final Pattern LATENCY_COUNT = Pattern.compile(
            "(?m)^cvalues_gateway_latency_seconds_count\\{[^}]*} ([0-9.eE+-]+)$");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String url;
    private volatile boolean running;
    private Thread thread;
    private double inFlightSum;
    private double inFlightMax;
    private int samples;
    private double[] latencyStart;
    private double[] latencyEnd;

    GatewaySampler(String url) {
        this.url = url;
    }

    void start() {
        latencyStart = latency(read());
        running = true;
        thread = new Thread(() -> {
            while (running) {
                String text = read();
                Matcher m = INFLIGHT.matcher(text);
                if (m.find()) {
                    double v = Double.parseDouble(m.group(1));
                    synchronized (this) {
                        inFlightSum += v;
                        inFlightMax = Math.max(inFlightMax, v);
                        samples++;
                    }
                }
                ManagedProcess.sleep(1000);
            }
        }, "gateway-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        latencyEnd = latency(read());
    }

    synchronized double meanInFlight() {
        return samples == 0 ? 0 : inFlightSum / samples;
    }

    synchronized double maxInFlight() {
        return inFlightMax;
    }

    double meanCallMillis() {
        double count = latencyEnd[1] - latencyStart[1];
        return count == 0 ? 0 : 1000 * (latencyEnd[0] - latencyStart[0]) / count;
    }

    private static double[] latency(String text) {
        double sum = 0;
        double count = 0;
        Matcher s = LATENCY_SUM.matcher(text);
        while (s.find()) {
            sum += Double.parseDouble(s.group(1));
        }
        Matcher c = LATENCY_COUNT.matcher(text);
        while (c.find()) {
            count += Double.parseDouble(c.group(1));
        }
        return new double[] {sum, count};
    }

    private String read() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }
}
