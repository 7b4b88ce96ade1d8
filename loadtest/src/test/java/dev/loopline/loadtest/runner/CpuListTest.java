package dev.loopline.loadtest.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuListTest {

    @Test
    void readsRangesAndSingleCpus() {
        assertEquals(List.of(0, 1, 2, 3, 6), CpuList.parse("0-3,6"));
        assertEquals(List.of(1), CpuList.parse("1"));
        assertEquals("0,1,5", CpuList.format(List.of(0, 1, 5)));
    }
}
