using ModelService.Core.Billing;

namespace ModelService.LoadTest;

/// <summary>
/// After the run: the usage queue drained, a sample of recorded events sent again (redelivery), drained again; then
/// the ledger must bill every answered call once at its price. Calls in flight when the worker was killed may be
/// billed without an answer (their event was flushed first): reported, not hidden.
/// </summary>
internal static class Exactness
{
    public static async Task<ExactnessResult> CheckAsync(InProcessTarget target, LoadTestOptions options, long answered, CancellationToken cancellationToken)
    {
        await UsageDrain.WaitAsync(options.Storage, TimeSpan.FromSeconds(120), cancellationToken);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var ledger = target.Ledger;
        var before = await SucceededAsync(ledger, today, cancellationToken);
        var sample = (await ledger.QueryLedgerAsync(LoadTenant.Id, today.AddDays(-1), today, cancellationToken)).Take(500).ToList();
        var writer = target.UsageWriter;
        await writer.WriteAsync(sample, cancellationToken);
        await writer.WriteAsync(sample, cancellationToken);
        await UsageDrain.WaitAsync(options.Storage, TimeSpan.FromSeconds(120), cancellationToken);
        var after = await SucceededAsync(ledger, today, cancellationToken);
        return new ExactnessResult(answered, after.Calls, after.AmountMicros, ModelPreparation.PerCallMicros, sample.Count, before == after, options.LossBound);
    }

    private static async Task<(long Calls, long AmountMicros)> SucceededAsync(UsageLedger ledger, DateOnly today, CancellationToken cancellationToken)
    {
        var totals = await ledger.QueryTotalsAsync(LoadTenant.Id, today.AddDays(-1), today, cancellationToken);
        return (totals.Sum(t => t.Calls - t.FailedCalls), totals.Sum(t => t.AmountMicros));
    }
}
