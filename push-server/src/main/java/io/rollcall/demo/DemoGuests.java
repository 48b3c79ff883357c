package io.rollcall.demo;

import io.rollcall.protocol.AttendanceUpdate;
import io.rollcall.protocol.GuestStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo guest list: parties with plausible names, tables and sizes, and the RSVP answers
 * already in when the demo starts. Deterministic for a given seed. Thread-safe (stateless).
 */
final class DemoGuests {
    private static final String[] FIRST = {"Amelia", "Noah", "Olivia", "Liam", "Sofia", "Mateo", "Hana", "Kenji", "Aisha", "Omar",
        "Chloe", "Lucas", "Maya", "Elias", "Zara", "Ivan", "Nora", "Felix", "Leila", "Arjun", "Grace", "Tomás", "Ines", "Hugo",
        "Yuki", "Daniel", "Priya", "Samuel", "Clara", "Mohammed", "Eva", "Jonas", "Lucia", "Ravi", "Freya", "Diego", "Anna",
        "Kwame", "Ingrid", "Mei", "Pablo", "Rosa", "Theo", "Amara", "Oscar", "Nadia", "Victor", "Elena", "Finn", "Selin"};
    private static final String[] LAST = {"Garcia", "Nguyen", "Smith", "Müller", "Rossi", "Kowalski", "Tanaka", "Okafor", "Haddad",
        "Dubois", "Silva", "Johansson", "Kim", "Patel", "O'Brien", "Novak", "Cohen", "Fernández", "Jensen", "Ali", "Moreau",
        "Schmidt", "Costa", "Lindqvist", "Yilmaz", "Murphy", "Ivanova", "Chen", "Mensah", "Bianchi", "Santos", "Weber", "Park",
        "Andersen", "Rahman", "Laurent", "Horvat", "Adeyemi", "Sato", "Walsh"};

    private DemoGuests() {}

    /** {@code parties} guests with their opening status: most have answered, some not yet. */
    static List<AttendanceUpdate> invite(int parties, long seed) {
        Random random = new Random(seed);
        List<AttendanceUpdate> guests = new ArrayList<>(parties);
        int tables = Math.max(1, parties / 8);
        for (int i = 1; i <= parties; i++) {
            String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
            double answer = random.nextDouble();
            GuestStatus status = answer < 0.55 ? GuestStatus.ATTENDING : answer < 0.67 ? GuestStatus.DECLINED
                    : answer < 0.75 ? GuestStatus.MAYBE : GuestStatus.INVITED;
            guests.add(AttendanceUpdate.newBuilder()
                    .setGuestId(String.format("g-%03d", i))
                    .setGuestName(name)
                    .setTable(String.valueOf(1 + random.nextInt(tables)))
                    .setPax(partySize(random))
                    .setStatus(status)
                    .setSource("rsvp-site")
                    .build());
        }
        return guests;
    }

    /** Mostly couples, some singles and families. */
    private static int partySize(Random random) {
        double p = random.nextDouble();
        return p < 0.3 ? 1 : p < 0.8 ? 2 : p < 0.93 ? 3 : 4 + random.nextInt(3);
    }
}
