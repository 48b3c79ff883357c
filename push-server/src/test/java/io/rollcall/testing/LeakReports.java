package io.rollcall.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Logback appender (see logback-test.xml) that keeps Netty's buffer leak reports for {@link LeakGuard}. */
public final class LeakReports extends AppenderBase<ILoggingEvent> {
    static final List<String> REPORTS = new CopyOnWriteArrayList<>();

    @Override
    protected void append(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        if (message != null && message.contains("LEAK:")) {
            REPORTS.add(message);
        }
    }
}
