package io.rollcall.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.netty.handler.ssl.SslContextBuilder;
import io.rollcall.protocol.AttendanceCounts;
import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.Snapshot;
import io.rollcall.protocol.Update;
import java.io.File;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar rollcall-client.jar watch --url ws[s]://host:port/ws --token T --event ID [--event ID …]
 * [--encoding proto|json] [--ca-file ca.pem]}: prints each event's snapshot and then every update as one JSON line,
 * until interrupted. {@code --ca-file} trusts a private CA for {@code wss://} instead of the JDK's CAs.
 */
public final class Watch {
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private Watch() {}

    public static void main(String[] args) throws Exception {
        String url = null;
        String token = System.getenv("ROLLCALL_TOKEN");
        List<String> eventIds = new ArrayList<>();
        Encoding encoding = Encoding.PROTO;
        String caFile = null;
        int i = args.length > 0 && args[0].equals("watch") ? 1 : 0;
        for (; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--token" -> token = args[i + 1];
                case "--event" -> eventIds.add(args[i + 1]);
                case "--ca-file" -> caFile = args[i + 1];
                case "--encoding" -> encoding = switch (args[i + 1]) {
                    case "proto" -> Encoding.PROTO;
                    case "json" -> Encoding.JSON;
                    default -> {
                        usage("--encoding: " + args[i + 1] + " (expected: proto or json)");
                        yield Encoding.PROTO;
                    }
                };
                default -> usage("unknown option " + args[i]);
            }
        }
        if (url == null || token == null || eventIds.isEmpty()) {
            usage("--url, --token (or ROLLCALL_TOKEN) and at least one --event are required");
        }
        String fixedToken = token;
        RollcallClient.Builder builder = RollcallClient.builder().uri(URI.create(url)).tokens(() -> fixedToken).encoding(encoding);
        if (caFile != null) {
            builder.tls(SslContextBuilder.forClient().trustManager(new File(caFile)).endpointIdentificationAlgorithm("HTTPS").build());
        }
        try (RollcallClient client = builder.build()) {
            for (String eventId : eventIds) {
                client.subscribe(eventId, new EventListener() {
                    @Override
                    public void onSnapshot(String id, String epoch, long seq, AttendanceCounts counts, List<AttendanceUpdate> guests) {
                        print(Snapshot.newBuilder().setEventId(id).setEpoch(epoch).setSeq(seq).setCounts(counts).addAllGuests(guests)
                                .setLastPage(true));
                    }

                    @Override
                    public void onUpdate(Update update) {
                        print(update);
                    }

                    @Override
                    public void onError(int code, String message) {
                        System.err.println("error " + code + " on " + eventId + ": " + message);
                    }
                });
            }
            client.connect();
            new CountDownLatch(1).await();
        }
    }

    private static void print(MessageOrBuilder message) {
        try {
            System.out.println(JSON.print(message));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void usage(String problem) {
        System.err.println("watch: " + problem);
        System.err.println("usage: java -jar rollcall-client.jar watch --url ws[s]://host:port/ws --token T --event ID [--event ID ...]"
                + " [--encoding proto|json] [--ca-file ca.pem]");
        System.exit(2);
    }
}
