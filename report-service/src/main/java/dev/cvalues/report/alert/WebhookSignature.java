package dev.cvalues.report.alert;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook delivery: {@code X-Cvalues-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." +
 * body)>} beside {@code X-Cvalues-Timestamp: <unix seconds>}. The receiver recomputes it over the raw body and refuses
 * a delivery whose timestamp is too old, so that a captured one cannot be replayed later.
 */
public final class WebhookSignature {

    public static final String SIGNATURE = "X-Cvalues-Signature";
    public static final String TIMESTAMP = "X-Cvalues-Timestamp";
    public static final String DELIVERY = "X-Cvalues-Delivery";

    private WebhookSignature() {
    }

    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
