package org.acme.manage.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuTimeTest {

    @Test
    void addsUserAndSystemTimeCountingFieldsAfterTheCommandName() {
        String stat = "4242 (java) (x) S 1 4242 4242 0 -1 4194560 9000 0 12 0 1234 567 3 4 20 0 40 0 100 "
                + "3000000000 50000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

        assertThat(CpuTime.parseStat(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void thisProcessHasUsedCpu() {
        assertThat(CpuTime.ticks(ProcessHandle.current().pid()).orElseThrow()).isPositive();
    }
}
