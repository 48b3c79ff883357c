package io.rollcall.benchmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH JSON results ({@code -rf json -rff FILE}) into the README's Markdown table. Results of
 * the same benchmark and parameters in several files (repeated runs) are merged. Reports the median
 * over every measurement iteration of every fork (robust to the spikes a shared machine adds), the
 * range of the per-fork medians to show the spread, and for fan-out benchmarks the same divided by
 * {@code subscribers} × {@code burst} (updates per op, 1 if absent): time and bytes allocated per
 * delivery.
 *
 * <pre>java -cp benchmarks.jar io.rollcall.benchmarks.ResultTable run1.json [run2.json ...]</pre>
 */
public final class ResultTable {
    private static final String ALLOC_NORM = "gc.alloc.rate.norm";

    private ResultTable() {}

    /** One benchmark with one set of parameters, over all forks of all files. */
    private static final class Row {
        final String name;
        final String params;
        final int subscribers;
        final String unit;
        final List<List<Double>> forks = new ArrayList<>();
        final List<Double> allocations = new ArrayList<>();

        Row(String name, String params, int subscribers, String unit) {
            this.name = name;
            this.params = params;
            this.subscribers = subscribers;
            this.unit = unit;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: ResultTable jmh-result.json [more.json ...]");
            System.exit(2);
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String file : args) {
            try (Reader reader = Files.newBufferedReader(Path.of(file))) {
                for (JsonElement element : JsonParser.parseReader(reader).getAsJsonArray()) {
                    add(rows, element.getAsJsonObject());
                }
            }
        }
        System.out.println("| benchmark | params | forks × iterations | time/op (median) | fork medians (min – max) | time/delivery"
                + " | B/op (median) | B/delivery |");
        System.out.println("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
        for (Row row : rows.values()) {
            System.out.println(format(row));
        }
    }

    private static void add(Map<String, Row> rows, JsonObject result) {
        String fullName = result.get("benchmark").getAsString();
        String name = fullName.substring(fullName.lastIndexOf('.', fullName.lastIndexOf('.') - 1) + 1);
        StringBuilder params = new StringBuilder();
        int subscribers = 0;
        int burst = 1;
        if (result.has("params")) {
            for (Map.Entry<String, JsonElement> param : result.getAsJsonObject("params").entrySet()) {
                params.append(params.length() == 0 ? "" : ", ").append(param.getKey()).append('=').append(param.getValue().getAsString());
                if (param.getKey().equals("subscribers")) {
                    subscribers = Integer.parseInt(param.getValue().getAsString());
                } else if (param.getKey().equals("burst")) {
                    burst = Integer.parseInt(param.getValue().getAsString());
                }
            }
        }
        JsonObject primary = result.getAsJsonObject("primaryMetric");
        String unit = primary.get("scoreUnit").getAsString();
        String key = name + " " + params + " " + unit;
        int perOp = subscribers * burst;
        Row row = rows.computeIfAbsent(key, k -> new Row(name, params.toString(), perOp, unit));
        for (JsonElement fork : primary.getAsJsonArray("rawData")) {
            row.forks.add(values(fork.getAsJsonArray()));
        }
        JsonObject secondary = result.getAsJsonObject("secondaryMetrics");
        if (secondary != null && secondary.has(ALLOC_NORM)) {
            for (JsonElement fork : secondary.getAsJsonObject(ALLOC_NORM).getAsJsonArray("rawData")) {
                row.allocations.addAll(values(fork.getAsJsonArray()));
            }
        }
    }

    private static String format(Row row) {
        List<Double> all = new ArrayList<>();
        List<Double> forkMedians = new ArrayList<>();
        for (List<Double> fork : row.forks) {
            all.addAll(fork);
            forkMedians.add(median(fork));
        }
        String spread = format(Collections.min(forkMedians)) + " – " + format(Collections.max(forkMedians));
        double time = median(all);
        String perDelivery = row.subscribers > 0 ? format(time / row.subscribers) + " " + row.unit.replace("/op", "") : "–";
        String alloc = "–";
        String allocPerDelivery = "–";
        if (!row.allocations.isEmpty()) {
            double bytes = median(row.allocations);
            alloc = format(bytes);
            if (row.subscribers > 0) {
                allocPerDelivery = format(bytes / row.subscribers);
            }
        }
        return String.format(Locale.ROOT, "| %s | %s | %d × %d | %s %s | %s | %s | %s | %s |", row.name, row.params,
                row.forks.size(), row.forks.get(0).size(), format(time), row.unit, spread, perDelivery, alloc, allocPerDelivery);
    }

    private static List<Double> values(JsonArray iterations) {
        List<Double> values = new ArrayList<>();
        for (JsonElement value : iterations) {
            values.add(value.getAsDouble());
        }
        return values;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String format(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.2f", value);
    }
}
