namespace ModelService.FunctionsHost.Tests;

/// <summary>Bounded polling: every wait in these tests ends, with a failure that says what did not happen.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {timeout}: {what}.");
            }

            await Task.Delay(100);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what) =>
        GetAsync<object>(async () => await probe() ? new object() : null, timeout, what);
}
