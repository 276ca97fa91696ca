package dev.cdnsim.edge.balance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {
  @Test
  void theReserveIsSpentThenRetriesKeepToTheRatioOfRequests() {
    RetryBudget budget = new RetryBudget(new RetryConfig(1, 0.2, 3));
    int granted = 0;
    for (int i = 0; i < 10; i++) if (budget.tryWithdraw()) granted++;
    assertThat(granted).isEqualTo(3);
    granted = 0;
    for (int request = 0; request < 1_000; request++) {
      budget.deposit();
      if (budget.tryWithdraw()) granted++;   // every request fails and wants a retry
    }
    assertThat(granted).isEqualTo(200);
  }

  @Test
  void aLongHealthyRunBanksNoMoreThanTheReserve() {
    RetryBudget budget = new RetryBudget(new RetryConfig(1, 0.2, 5));
    for (int i = 0; i < 100_000; i++) budget.deposit();
    int granted = 0;
    while (budget.tryWithdraw()) granted++;
    assertThat(granted).isEqualTo(5);
  }
}
