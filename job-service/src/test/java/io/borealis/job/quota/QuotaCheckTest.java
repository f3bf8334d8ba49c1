package io.borealis.job.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.borealis.api.job.Resources;
import io.borealis.api.job.TaskConfig;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuotaCheckTest {

    private static ResourceAmounts amounts(String cpus, long ramMb, long diskMb) {
        return new ResourceAmounts(new BigDecimal(cpus), ramMb, diskMb);
    }

    private static TaskConfig task(double cpus, int ramMb, Integer diskMb, Boolean production) {
        return new TaskConfig("run", null, new Resources(cpus, ramMb, diskMb, null), null, null, null, null, production, null, null);
    }

    @Test
    void fitsWhenUseplusRequestStaysWithinTheQuota() {
        assertThat(QuotaCheck.excesses(amounts("2", 1024, 1024), amounts("1.5", 512, 0), amounts("0.5", 512, 1024))).isEmpty();
    }

    @Test
    void namesEachResourceOverTheQuotaAndByHowMuch() {
        List<Excess> excesses = QuotaCheck.excesses(amounts("1", 1024, 4096), amounts("0.5", 768, 0), amounts("0.75", 1536, 128));

        assertThat(excesses).extracting(Excess::resource).containsExactly("cpus", "ramMb");
        Excess ram = excesses.get(1);
        assertThat(ram.over()).isEqualByComparingTo("1280");
        assertThat(ram.message()).isEqualTo("needs 1536, quota 1024, in use 768 — over by 1280");
        assertThat(excesses.get(0).message()).isEqualTo("needs 0.75, quota 1, in use 0.5 — over by 0.25");
    }

    @Test
    void cpusAddUpExactly() {
        ResourceAmounts tenth = amounts("0.1", 0, 0);
        ResourceAmounts used = tenth.plus(tenth).plus(tenth);

        assertThat(used.cpus()).isEqualByComparingTo("0.3");
        assertThat(QuotaCheck.excesses(amounts("0.4", 0, 0), used, tenth)).as("0.3 + 0.1 is exactly 0.4").isEmpty();
    }

    @Test
    void aResourceTheRequestDoesNotAskForNeverRefusesIt() {
        // the quota was lowered below what is in use on disk; a request without disk still fits
        assertThat(QuotaCheck.excesses(amounts("4", 4096, 100), amounts("1", 1024, 500), amounts("1", 1024, 0))).isEmpty();
        assertThat(QuotaCheck.excesses(amounts("0", 0, 0), amounts("0", 0, 0), ResourceAmounts.ZERO)).isEmpty();
    }

    @Test
    void aZeroQuotaRefusesAnyProductionRequest() {
        assertThat(QuotaCheck.excesses(ResourceAmounts.ZERO, ResourceAmounts.ZERO, amounts("0.25", 128, 0)))
                .extracting(Excess::resource).containsExactly("cpus", "ramMb");
    }

    @Test
    void onlyProductionConfigsTakeQuotaTimesTheirInstances() {
        assertThat(ResourceAmounts.production(task(0.25, 128, 64, true), 3)).isEqualTo(amounts("0.75", 384, 192));
        assertThat(ResourceAmounts.production(task(0.25, 128, null, true), 2)).isEqualTo(amounts("0.50", 256, 0));
        assertThat(ResourceAmounts.production(task(0.25, 128, 64, false), 3).isZero()).isTrue();
        assertThat(ResourceAmounts.production(task(0.25, 128, 64, null), 3).isZero()).as("production defaults to false").isTrue();
    }
}
