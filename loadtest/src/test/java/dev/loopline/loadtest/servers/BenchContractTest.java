package dev.loopline.loadtest.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BenchContractTest {

    @Test
    void cpuWorkMatchesTheContractsCheckValue() {
        assertEquals(BenchContract.CPU_CHECK_2000, CpuWork.sha256Chain(2000));
    }

    @Test
    void zeroRoundsAnswersTheSeedItself() {
        assertEquals("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", CpuWork.sha256Chain(0));
    }

    @Test
    void parametersDefaultWhenAbsentAndAreRejectedOutOfRange() {
        assertEquals(OptionalInt.of(100), BenchContract.boundedInt(null, 100, 60_000));
        assertEquals(OptionalInt.of(100), BenchContract.boundedInt("", 100, 60_000));
        assertEquals(OptionalInt.of(60_000), BenchContract.boundedInt("60000", 100, 60_000));
        assertEquals(OptionalInt.empty(), BenchContract.boundedInt("60001", 100, 60_000));
        assertEquals(OptionalInt.empty(), BenchContract.boundedInt("-1", 100, 60_000));
        assertEquals(OptionalInt.empty(), BenchContract.boundedInt("soon", 100, 60_000));
        assertEquals(OptionalInt.empty(), BenchContract.boundedInt("99999999999", 100, 60_000));
    }

    @Test
    void jsonIsTheMessageDocument() {
        assertEquals("{\"message\":\"Hello, World!\"}", new String(JsonPayload.helloJson(),
                java.nio.charset.StandardCharsets.UTF_8));
    }
}
