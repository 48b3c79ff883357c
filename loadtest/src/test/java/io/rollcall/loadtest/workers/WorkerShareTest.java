package io.rollcall.loadtest.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkerShareTest {
    @ParameterizedTest
    @CsvSource({"2, 3, 1001", "3, 2, 20", "4, 6, 19000", "5, 1, 7", "3, 3, 10"})
    void everyClientKeepsTheUrlAndAddressItHasInOneProcess(int workers, int listSize, int clients) {
        List<Integer> list = java.util.stream.IntStream.range(0, listSize).boxed().toList();
        int total = 0;
        for (int w = 0; w < workers; w++) {
            WorkerShare share = new WorkerShare(w, workers);
            List<Integer> strided = share.strided(list);
            int mine = share.clients(clients);
            for (int local = 0; local < mine; local++) {
                long global = share.globalClient(local);
                assertThat(global % workers).isEqualTo(w);
                // The fleet picks element (local index mod size): it must be what client `global` picks in one process.
                assertThat(strided.get(local % strided.size())).isEqualTo(list.get((int) (global % listSize)));
            }
            total += mine;
        }
        assertThat(total).isEqualTo(clients);
    }

    @ParameterizedTest
    @CsvSource({"2, 4, '0,2'", "2, 3, '0,2,1'", "4, 8, '0,4'"})
    void workersGetDisjointAddressesWhenTheCountDividesThem(int workers, int addresses, String expectedForWorkerZero) {
        List<Integer> list = java.util.stream.IntStream.range(0, addresses).boxed().toList();

        List<Integer> strided = new WorkerShare(0, workers).strided(list);

        assertThat(strided).map(String::valueOf).containsExactly(expectedForWorkerZero.split(","));
    }
}
