package io.rollcall.loadtest.ws;

import io.rollcall.loadtest.stats.ProblemCounts;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.rollcall.loadtest.stats.Histograms;
import io.rollcall.loadtest.stats.MeasureWindow;
import io.rollcall.loadtest.support.EventSpread;
import io.rollcall.loadtest.support.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Many WebSocket subscribers of one or more events, spread over a few event loops (thousands of clients per
 * loop). {@link #open()} starts one client; the counters and {@link #tally} tell how they fared.
 * The event loops are the fleet's own, or lent by the caller so that successive fleets (connect
 * storms) run on the same warm threads. Thread-safe.
 */
public final class ClientFleet {
    /** Snapshot pages of large events are the biggest frames a client receives. */
    static final int MAX_FRAME_BYTES = 16 << 20;
    private static final int MAX_PROBLEM_KINDS = 50;
    private static final int MAX_TLS_SESSION_KINDS = 10;
    /** A reconnecting client tries this many times (backing off up to 2 s) before it counts as dropped. */
    static final int MAX_RECONNECT_ATTEMPTS = 15;

    /**
     * Where and how to connect; immutable. Client {@code i} connects to {@code urls[i mod n]} and
     * watches event {@code events.eventOf(i)}, speaking {@code wire} (its URLs' scheme must match: wss with TLS). A {@code lifetime} (null: until the end) makes each
     * client close itself that long after its snapshot, as in a churn test. With {@code resume}, a
     * client that loses its connection (or is told to go away) reconnects to the next URL and
     * resubscribes from its position, as the reference client does; without it, that is a failure.
     */
    public record Spec(List<URI> urls, Wire wire, String token, EventSpread events, int threads, Transport transport,
            List<InetAddress> localAddresses, Duration handshakeTimeout, Duration lifetime, boolean resume) {
        public Spec {
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("urls: empty (expected: at least one)");
            }
            urls = List.copyOf(urls);
        }
    }

    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Map<EventLoop, LoopState> loops = new IdentityHashMap<>();
    /** The same loop states in order, for handing out opens round-robin. */
    private final LoopState[] loopOrder;
    private final Transport transport;
    private final EventSpread events;
    private final InetSocketAddress[] remotes;
    private final String[] hosts;
    private final Wire wire;
    private final ProblemCounts tlsSessions = new ProblemCounts(MAX_TLS_SESSION_KINDS);
    private final InetSocketAddress[] locals;
    private final byte[] connectFrame;
    private final byte[][] subscribeFrames;
    private final UpgradeRequest[] upgrades;
    private final long handshakeTimeoutNanos;
    private final long lifetimeNanos;
    private final AtomicInteger attempted = new AtomicInteger();
    /** Client indexes, taken by the event loops as they start the clients {@link #open()} asked for. */
    private final AtomicInteger nextIndex = new AtomicInteger();
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger connectFailed = new AtomicInteger();
    private final AtomicInteger disconnected = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicInteger reconnecting = new AtomicInteger();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder resumed = new LongAdder();
    private final LongAdder viewResets = new LongAdder();
    private final boolean resume;
    private final List<String> eventIds;
    private final LongAdder liveErrors = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final ProblemCounts problems = new ProblemCounts(MAX_PROBLEM_KINDS);
    private volatile boolean closing;

    /** A fleet on {@code spec.threads()} event loops of its own, stopped by {@link #close}. */
    public ClientFleet(Spec spec, MeasureWindow window) {
        this(spec, window, spec.transport().newGroup(spec.threads(), "ws-client"), true);
    }

    /**
     * A fleet on {@code group}'s event loops (of {@code spec.transport()}; {@code spec.threads()} is
     * not used): {@link #close} closes the fleet's clients and leaves the loops running.
     */
    public ClientFleet(Spec spec, MeasureWindow window, EventLoopGroup group) {
        this(spec, window, group, false);
    }

    private ClientFleet(Spec spec, MeasureWindow window, EventLoopGroup group, boolean ownsGroup) {
        this.group = group;
        this.ownsGroup = ownsGroup;
        List<LoopState> order = new ArrayList<>();
        for (EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            LoopState state = new LoopState(loop, window, spec.wire().subprotocol().newReader());
            state.opener = () -> openPending(state);
            loops.put(loop, state);
            order.add(state);
        }
        this.loopOrder = order.toArray(LoopState[]::new);
        this.transport = spec.transport();
        this.events = spec.events();
        this.eventIds = spec.events().eventIds();
        this.resume = spec.resume();
        this.wire = spec.wire();
        // Resolved once here, not per connection.
        this.remotes = spec.urls().stream().map(url -> new InetSocketAddress(url.getHost(), port(url))).toArray(InetSocketAddress[]::new);
        this.hosts = spec.urls().stream().map(URI::getHost).toArray(String[]::new);
        this.locals = spec.localAddresses().stream().map(address -> new InetSocketAddress(address, 0)).toArray(InetSocketAddress[]::new);
        Subprotocol subprotocol = spec.wire().subprotocol();
        // Whole masked frames and requests, encoded once: a client only copies them into its socket.
        this.connectFrame = subprotocol.frame(subprotocol.encode(ClientFrames.connect(spec.token())));
        this.subscribeFrames = spec.events().eventIds().stream()
                .map(id -> subprotocol.frame(subprotocol.encode(ClientFrames.subscribe(id, 1)))).toArray(byte[][]::new);
        this.upgrades = spec.urls().stream().map(url -> new UpgradeRequest(url, subprotocol.subprotocol())).toArray(UpgradeRequest[]::new);
        this.handshakeTimeoutNanos = spec.handshakeTimeout().toNanos();
        this.lifetimeNanos = spec.lifetime() == null ? 0 : Math.max(1, spec.lifetime().toNanos());
    }

    private static int port(URI url) {
        return url.getPort() > 0 ? url.getPort() : "wss".equals(url.getScheme()) ? 443 : 80;
    }

    /**
     * Starts one client (TCP connect, handshake, connect, subscribe, snapshot) on the next event
     * loop. The loop starts it, and any others asked for meanwhile, in one task of its own: a channel
     * created on its loop registers and connects there and then, without the cross-thread tasks a
     * {@code Bootstrap} called from another thread costs per connection. Thread-safe.
     */
    public void open() {
        LoopState state = loopOrder[Math.floorMod(attempted.getAndIncrement(), loopOrder.length)];
        if (state.pendingOpens.getAndIncrement() == 0) {
            state.loop.execute(state.opener);
        }
    }

    /** Starts the clients asked of {@code state}'s loop; runs on that loop. */
    private void openPending(LoopState state) {
        int n = state.pendingOpens.get();
        while (n > 0) {
            for (int i = 0; i < n; i++) {
                int index = nextIndex.getAndIncrement();
                connect(state.loop, index, events.eventOf(index), null);
            }
            n = state.pendingOpens.addAndGet(-n);
        }
    }

    /**
     * Connects client {@code index} on {@code loop} (the calling thread); a {@code carry} resumes a
     * client that was live, on the URL after its previous one.
     */
    private void connect(EventLoop loop, int index, int event, SubscriberHandler.Carry carry) {
        long start = System.nanoTime();
        int target = index + (carry == null ? 0 : carry.attempt());
        InetSocketAddress remote = remotes[target % remotes.length];
        // The handler assembles the rest of its pipeline when added (no per-connection initializer).
        SubscriberHandler handler = new SubscriberHandler(this, start, index, event, carry, upgrades[target % upgrades.length],
                hosts[target % hosts.length], remote.getPort());
        Channel channel;
        try {
            channel = transport.newChannel(remote.getAddress());
        } catch (ChannelException e) {
            handler.failToStart("socket: " + e.getMessage());
            return;
        }
        // The client's one deadline (UpgradeHandler) covers the connect too; TCP_NODELAY is the channel's default.
        channel.config().setConnectTimeoutMillis(0);
        channel.pipeline().addLast(handler);
        // On its own loop, registering is done when this returns.
        ChannelFuture registered = loop.register(channel);
        if (!registered.isSuccess()) {
            channel.unsafe().closeForcibly();
            handler.failToStart("register: " + registered.cause());
            return;
        }
        (locals.length == 0 ? channel.connect(remote) : channel.connect(remote, locals[index % locals.length])).addListener(handler);
    }

    /**
     * Schedules a resuming connect; false when resuming is off, the run is closing or the client has
     * used up its attempts (the caller then counts it as dropped). Thread-safe.
     */
    boolean reconnect(SubscriberHandler.Carry carry, String reason) {
        if (!resume || closing) {
            return false;
        }
        if (carry.attempt() > MAX_RECONNECT_ATTEMPTS) {
            reconnecting.decrementAndGet();
            return false;
        }
        if (carry.attempt() == 1) {
            reconnecting.incrementAndGet();
            reconnects.increment();
            problem("reconnected after: " + reason);
        }
        // First try soon (with jitter, so a dropped node's clients do not arrive at once), then back off.
        long delayMillis = carry.attempt() == 1 ? java.util.concurrent.ThreadLocalRandom.current().nextLong(100)
                : Math.min(2000, 200L * carry.attempt());
        EventLoop loop = group.next();
        loop.schedule(() -> connect(loop, carry.index(), carry.event(), carry), delayMillis, TimeUnit.MILLISECONDS);
        return true;
    }

    void onResumed(boolean recovered) {
        reconnecting.decrementAndGet();
        resumed.increment();
        if (!recovered) {
            viewResets.increment();
        }
    }

    boolean resumes() {
        return resume;
    }

    String eventId(int event) {
        return eventIds.get(event);
    }

    /** Clients that lost their connection and are reconnecting now. */
    public int reconnecting() {
        return reconnecting.get();
    }

    /** Reconnects started (one per lost connection, however many attempts it took). */
    public long reconnects() {
        return reconnects.sum();
    }

    /** Reconnects that ended with a resumed subscription. */
    public long resumed() {
        return resumed.sum();
    }

    /** Resumes the server answered with a fresh snapshot instead of the missed updates (continuity lost). */
    public long viewResets() {
        return viewResets.sum();
    }

    LoopState loopState(EventLoop loop) {
        return loops.get(loop);
    }

    Subprotocol subprotocol() {
        return wire.subprotocol();
    }

    /** Counts a finished TLS handshake by protocol and cipher suite. Thread-safe. */
    void onTlsSession(String protocolAndCipher) {
        tlsSessions.add(protocolAndCipher);
    }

    /** TLS handshakes by negotiated protocol and cipher suite, most frequent first (empty without TLS). */
    public Map<String, Long> tlsSessions() {
        return tlsSessions.sorted();
    }

    /** TLS for new connections; null for plain {@code ws://}. */
    ClientTls tls() {
        return wire.tls();
    }

    long handshakeTimeoutNanos() {
        return handshakeTimeoutNanos;
    }

    /** The whole masked connect frame every client sends; not to be modified. */
    byte[] connectFrame() {
        return connectFrame;
    }

    /** The whole masked subscribe frame for {@code event}; not to be modified. */
    byte[] subscribeFrame(int event) {
        return subscribeFrames[event];
    }

    /** How long a client stays after its snapshot before closing itself; 0 = until the end. */
    long lifetimeNanos() {
        return lifetimeNanos;
    }

    void onBytes(int bytes) {
        bytesReceived.add(bytes);
    }

    /** WebSocket bytes received after the handshakes (frame headers included), over all clients. */
    public long bytesReceived() {
        return bytesReceived.sum();
    }

    void onEnded() {
        ended.incrementAndGet();
    }

    boolean isClosing() {
        return closing;
    }

    void onReady() {
        ready.incrementAndGet();
    }

    void onConnectFailed(String reason) {
        connectFailed.incrementAndGet();
        problem(reason);
    }

    void onDisconnected(String reason) {
        disconnected.incrementAndGet();
        problem("disconnected: " + reason);
    }

    void onLiveError(String reason) {
        liveErrors.increment();
        problem(reason);
    }

    private void problem(String reason) {
        problems.add(reason);
    }

    /** Clients started but neither ready nor failed yet. */
    public int connecting() {
        return attempted.get() - ready.get() - connectFailed.get();
    }

    public int attempted() {
        return attempted.get();
    }

    /** Clients that got their snapshot (and so count in the expected deliveries). */
    public int ready() {
        return ready.get();
    }

    public int connectFailed() {
        return connectFailed.get();
    }

    /** Clients that lost their connection after going live, before the end. */
    public int disconnected() {
        return disconnected.get();
    }

    /** Clients that closed themselves after their lifetime (churn). */
    public int ended() {
        return ended.get();
    }

    public long liveErrors() {
        return liveErrors.sum();
    }

    /** Problems seen (connect failures, disconnects, error frames) by description, most frequent first. */
    public Map<String, Long> problems() {
        return problems.sorted();
    }

    /** Adds every loop's latencies recorded since the previous call into {@code target}. Thread-safe. */
    public void intervalInto(Histogram target) {
        for (LoopState state : loops.values()) {
            state.deliveries.intervalInto(target);
        }
    }

    /** Live clients whose last seq is below their event's target seq, plus those reconnecting: the ones a drain still waits for. */
    public long behind(long[] targetSeqByEvent, Duration timeout) throws InterruptedException, TimeoutException {
        long behind = reconnecting.get();
        for (long partial : onEveryLoop(state -> {
            long n = 0;
            for (SubscriberHandler member : state.members) {
                if (member.isLive() && member.checker().last() < targetSeqByEvent[member.event()]) {
                    n++;
                }
            }
            return n;
        }, timeout)) {
            behind += partial;
        }
        return behind;
    }

    /** Totals over all clients. */
    public Tally tally(Duration timeout) throws InterruptedException, TimeoutException {
        List<Tally> parts = onEveryLoop(state -> {
            int readyClients = 0;
            long received = 0;
            long lost = 0;
            long duplicates = 0;
            long outOfOrder = 0;
            long errorFrames = 0;
            long goAways = 0;
            int[] eventOfReady = new int[state.members.size()];
            long[] startSeqs = new long[state.members.size()];
            long[] lastSeqs = new long[state.members.size()];
            for (SubscriberHandler member : state.members) {
                errorFrames += member.errorFrames();
                goAways += member.goAways();
                if (!member.wasReady()) {
                    continue;
                }
                SeqChecker checker = member.checker();
                eventOfReady[readyClients] = member.event();
                startSeqs[readyClients] = checker.start();
                lastSeqs[readyClients] = checker.last();
                readyClients++;
                received += checker.received();
                lost += checker.lost();
                duplicates += checker.duplicates();
                outOfOrder += checker.outOfOrder();
            }
            return new Tally(readyClients, received, lost, duplicates, outOfOrder, state.deliveries.deliveredInWindow(),
                    state.deliveries.unstamped(), errorFrames, goAways, state.deliveries.measured().copy(),
                    Arrays.copyOf(eventOfReady, readyClients), Arrays.copyOf(startSeqs, readyClients), Arrays.copyOf(lastSeqs, readyClients), state.connectTimes.copy(),
                    state.reconnectTimes.copy());
        }, timeout);
        Tally total = new Tally(0, 0, 0, 0, 0, 0, 0, 0, 0, Histograms.newHistogram(), new int[0], new long[0], new long[0],
                Histograms.newHistogram(), Histograms.newHistogram());
        for (Tally part : parts) {
            total = total.plus(part);
        }
        return total;
    }

    private <T> List<T> onEveryLoop(Function<LoopState, T> task, Duration timeout) throws InterruptedException, TimeoutException {
        List<Future<T>> futures = new ArrayList<>();
        for (LoopState state : loops.values()) {
            futures.add(state.loop.submit((Callable<T>) () -> task.apply(state)));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            long left = deadline - System.nanoTime();
            if (!future.await(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException("event loop did not answer within " + timeout);
            }
            if (!future.isSuccess()) {
                throw new IllegalStateException("tally task failed", future.cause());
            }
            results.add(future.getNow());
        }
        return results;
    }

    /**
     * Closes every client (close frame, then the socket) within {@code timeout}, then stops the
     * event loops if they are the fleet's own; lent loops are left running once the clients'
     * channels are closed (or the timeout passed).
     */
    public void close(Duration timeout) throws InterruptedException {
        closing = true;
        List<Future<List<ChannelFuture>>> closes = new ArrayList<>();
        for (LoopState state : loops.values()) {
            closes.add(state.loop.submit(() -> {
                List<ChannelFuture> closed = new ArrayList<>(state.members.size());
                for (SubscriberHandler member : state.members) {
                    member.closeAtEnd();
                    if (member.channel() != null) {
                        closed.add(member.channel().closeFuture());
                    }
                }
                return closed;
            }));
        }
        if (ownsGroup) {
            long quiet = Math.min(500, timeout.toMillis() / 2);
            group.shutdownGracefully(quiet, timeout.toMillis(), TimeUnit.MILLISECONDS).await(timeout.toMillis() + 1000);
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<List<ChannelFuture>> loopDone : closes) {
            if (!loopDone.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS) || !loopDone.isSuccess()) {
                return;
            }
            for (ChannelFuture closed : loopDone.getNow()) {
                if (!closed.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
        }
    }
}
