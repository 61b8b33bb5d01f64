using Microsoft.Extensions.Time.Testing;

namespace ModelService.Core.Tests.Resilience;

/// <summary>Lets a run that pauses on a fake clock finish: moves the clock on, a bounded number of times.</summary>
internal static class FakeClockRuns
{
    public static async Task<T> CompleteAsync<T>(this FakeTimeProvider time, Task<T> run, TimeSpan step)
    {
        for (var i = 0; i < 10_000 && !run.IsCompleted; i++)
        {
            time.Advance(step);
            await Task.Delay(1);
        }

        return await run;
    }
}
