using ModelService.Core.Storage;

namespace ModelService.Core.Tests;

/// <summary>Creating a store's container, table or queue: one shared attempt, a success kept, a failure never kept.</summary>
public sealed class CreateOnceTests
{
    [Fact]
    public async Task A_failed_first_attempt_is_tried_again_by_the_next_caller_and_a_success_is_kept()
    {
        var attempts = 0;
        var once = new CreateOnce(_ => ++attempts == 1 ? Task.FromException(new IOException("storage hiccup")) : Task.CompletedTask);

        await Assert.ThrowsAsync<IOException>(() => once.EnsureAsync(CancellationToken.None));
        await once.EnsureAsync(CancellationToken.None);
        await once.EnsureAsync(CancellationToken.None);

        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task A_create_that_throws_before_its_task_is_also_tried_again()
    {
        var attempts = 0;
        var once = new CreateOnce(_ => ++attempts == 1 ? throw new InvalidOperationException("refused") : Task.CompletedTask);

        await Assert.ThrowsAsync<InvalidOperationException>(() => once.EnsureAsync(CancellationToken.None));
        await once.EnsureAsync(CancellationToken.None);

        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task Callers_at_the_same_time_share_one_attempt_and_one_giving_up_does_not_cancel_it()
    {
        var attempts = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var once = new CreateOnce(_ =>
        {
            Interlocked.Increment(ref attempts);
            return gate.Task;
        });
        using var impatient = new CancellationTokenSource();

        var first = once.EnsureAsync(CancellationToken.None);
        var second = once.EnsureAsync(impatient.Token);
        await impatient.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        gate.SetResult();
        await first;
        await once.EnsureAsync(CancellationToken.None);

        Assert.Equal(1, attempts);
    }
}
