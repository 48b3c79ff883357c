package io.rollcall.loadtest.workers;

import io.rollcall.loadtest.stats.Histograms;
import io.rollcall.loadtest.stats.Timeline;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.HdrHistogram.Histogram;

/**
 * What one worker process hands its parent: named numbers, texts, raw histograms (HdrHistogram's
 * compressed encoding in base64), count maps and timelines, stored as a properties file so no
 * JSON parser is needed. A missing key is an error naming it. Not thread-safe.
 */
public final class WorkerResult {
    private final Properties values;

    public WorkerResult() {
        this(new Properties());
    }

    private WorkerResult(Properties values) {
        this.values = values;
    }

    public static WorkerResult read(Path file) throws IOException {
        Properties values = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            values.load(in);
        }
        return new WorkerResult(values);
    }

    public void write(Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            values.store(out, "rollcall loadtest worker result");
        }
        // The parent reads the file only once the worker exited; the move keeps a crash from leaving half a result.
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    public WorkerResult put(String key, String value) {
        values.setProperty(key, value);
        return this;
    }

    public WorkerResult put(String key, long value) {
        return put(key, Long.toString(value));
    }

    public WorkerResult put(String key, double value) {
        return put(key, Double.toString(value));
    }

    public WorkerResult put(String key, Histogram value) {
        return put(key, Histograms.encode(value));
    }

    public WorkerResult put(String key, List<String> texts) {
        put(key + ".count", texts.size());
        for (int i = 0; i < texts.size(); i++) {
            put(key + "." + i, texts.get(i));
        }
        return this;
    }

    public WorkerResult putCounts(String key, Map<String, Long> counts) {
        List<String> names = new ArrayList<>(counts.keySet());
        put(key + ".names", names);
        for (int i = 0; i < names.size(); i++) {
            put(key + ".value." + i, counts.get(names.get(i)));
        }
        return this;
    }

    public WorkerResult putTimeline(String key, List<Timeline.Point> points) {
        put(key + ".count", points.size());
        for (int i = 0; i < points.size(); i++) {
            Timeline.Point p = points.get(i);
            put(key + "." + i + ".seconds", p.seconds()).put(key + "." + i + ".phase", p.phase())
                    .put(key + "." + i + ".rate", p.rate()).put(key + "." + i + ".p99", p.p99Millis());
        }
        return this;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public String text(String key) {
        String value = values.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("worker result: " + key + " missing");
        }
        return value;
    }

    public long longValue(String key) {
        return Long.parseLong(text(key));
    }

    public int intValue(String key) {
        return Math.toIntExact(longValue(key));
    }

    public double doubleValue(String key) {
        return Double.parseDouble(text(key));
    }

    public Histogram histogram(String key) {
        return Histograms.decode(text(key));
    }

    public List<String> texts(String key) {
        int count = intValue(key + ".count");
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(text(key + "." + i));
        }
        return texts;
    }

    public Map<String, Long> counts(String key) {
        List<String> names = texts(key + ".names");
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            counts.put(names.get(i), longValue(key + ".value." + i));
        }
        return counts;
    }

    public List<Timeline.Point> timeline(String key) {
        int count = intValue(key + ".count");
        List<Timeline.Point> points = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            points.add(new Timeline.Point(doubleValue(key + "." + i + ".seconds"), text(key + "." + i + ".phase"),
                    doubleValue(key + "." + i + ".rate"), doubleValue(key + "." + i + ".p99")));
        }
        return points;
    }
}
