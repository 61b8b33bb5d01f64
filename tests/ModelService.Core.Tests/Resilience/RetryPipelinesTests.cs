using Azure;
using Microsoft.Extensions.Time.Testing;
using ModelService.Core.Errors;
using ModelService.Core.Resilience;

namespace ModelService.Core.Tests.Resilience;

/// <summary>Each kind of retry pipeline, with failures injected into its first attempts and pauses on a fake clock.</summary>
public sealed class RetryPipelinesTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Optimistic_concurrency_retries_lost_races_until_one_wins_pausing_on_the_clock()
    {
        var pauses = new List<int>();
        var retry = RetryPipelines.OptimisticConcurrency(5, RetryPipelines.IsStorageConflict, attempt => Pause(pauses, attempt), _time);
        var attempts = 0;
        var start = _time.GetUtcNow();

        var result = await _time.CompleteAsync(
            retry.ExecuteAsync(_ => ++attempts <= 3 ? throw Lost(412) : ValueTask.FromResult("won")).AsTask(), TimeSpan.FromSeconds(1));

        Assert.Equal("won", result);
        Assert.Equal(4, attempts);
        Assert.Equal([1, 2, 3], pauses);
        Assert.True(_time.GetUtcNow() - start >= TimeSpan.FromSeconds(1 + 2 + 3), "The pauses did not wait on the clock.");
    }

    [Fact]
    public async Task Optimistic_concurrency_throws_the_last_lost_race_once_its_attempts_are_spent()
    {
        var retry = RetryPipelines.OptimisticConcurrency(3, RetryPipelines.IsConflict, RetryPipelines.NoPause, _time);
        var attempts = 0;

        var thrown = await Assert.ThrowsAsync<ModelServiceException>(async () =>
            await retry.ExecuteAsync<int>(_ => throw new ModelServiceException(ErrorCode.Conflict, $"Lost race {++attempts}."), CancellationToken.None));

        Assert.Equal(3, attempts);
        Assert.Equal("Lost race 3.", thrown.Message);
    }

    [Fact]
    public async Task Optimistic_concurrency_does_not_retry_what_is_not_a_lost_race()
    {
        var retry = RetryPipelines.OptimisticConcurrency(5, RetryPipelines.IsStorageConflict, RetryPipelines.NoPause, _time);
        var attempts = 0;

        var thrown = await Assert.ThrowsAsync<RequestFailedException>(async () =>
            await retry.ExecuteAsync<int>(_ => { attempts++; throw Lost(500); }, CancellationToken.None));

        Assert.Equal(1, attempts);
        Assert.Equal(500, thrown.Status);
    }

    [Fact]
    public async Task Optimistic_concurrency_stops_at_once_when_the_hook_between_attempts_refuses()
    {
        var hooks = 0;
        var retry = RetryPipelines.OptimisticConcurrency(5, RetryPipelines.IsConflict, RetryPipelines.NoPause, _time, _ =>
            ++hooks == 2 ? throw new ModelServiceException(ErrorCode.NotFound, "Refused by the hook.") : ValueTask.CompletedTask);
        var attempts = 0;

        var thrown = await Assert.ThrowsAsync<ModelServiceException>(async () =>
            await retry.ExecuteAsync<int>(_ => { attempts++; throw new ModelServiceException(ErrorCode.Conflict, "Lost race."); }, CancellationToken.None));

        Assert.Equal(ErrorCode.NotFound, thrown.Code);
        Assert.Equal(2, attempts);
        Assert.Equal(2, hooks);
    }

    [Fact]
    public async Task One_attempt_means_no_retry()
    {
        var retry = RetryPipelines.OptimisticConcurrency(1, RetryPipelines.IsStorageConflict, RetryPipelines.NoPause, _time);
        var attempts = 0;

        await Assert.ThrowsAsync<RequestFailedException>(async () => await retry.ExecuteAsync<int>(_ => { attempts++; throw Lost(409); }, CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Transient_storage_retries_failures_in_transit_within_its_attempts_pausing_on_the_clock()
    {
        var retry = RetryPipelines.TransientStorage(5, _time);
        var attempts = 0;
        var start = _time.GetUtcNow();

        var result = await _time.CompleteAsync(
            retry.ExecuteAsync(_ => ++attempts switch
            {
                1 => throw new IOException("Injected: the connection dropped."),
                2 => throw new HttpRequestException("Injected: no route."),
                3 => throw Lost(503),
                _ => ValueTask.FromResult("sent"),
            }).AsTask(),
            TimeSpan.FromMilliseconds(100));

        Assert.Equal(("sent", 4), (result, attempts));
        Assert.True(_time.GetUtcNow() > start, "The pauses did not wait on the clock.");
    }

    [Fact]
    public async Task Transient_storage_throws_the_last_failure_once_its_attempts_are_spent_and_never_retries_other_errors()
    {
        var retry = RetryPipelines.TransientStorage(3, _time);
        var attempts = 0;
        var refused = 0;

        var last = await Assert.ThrowsAsync<IOException>(() => _time.CompleteAsync(
            retry.ExecuteAsync<int>(_ => throw new IOException($"Injected {++attempts}.")).AsTask(), TimeSpan.FromMilliseconds(100)));
        await Assert.ThrowsAsync<InvalidDataException>(async () => await retry.ExecuteAsync<int>(_ => { refused++; throw new InvalidDataException("Not transient."); }));

        Assert.Equal((3, "Injected 3."), (attempts, last.Message));
        Assert.Equal(1, refused);
    }

    [Fact]
    public async Task Until_succeeded_retries_every_failure_with_growing_pauses_on_the_clock()
    {
        var pauses = new List<int>();
        var retry = RetryPipelines.UntilSucceeded(attempt => Pause(pauses, attempt * 2), _time);
        var attempts = 0;
        var start = _time.GetUtcNow();

        var result = await _time.CompleteAsync(
            retry.ExecuteAsync(_ => ++attempts <= 4 ? throw new IOException("Injected: storage is down.") : ValueTask.FromResult(attempts)).AsTask(), TimeSpan.FromSeconds(1));

        Assert.Equal(5, result);
        Assert.Equal([2, 4, 6, 8], pauses);
        Assert.True(_time.GetUtcNow() - start >= TimeSpan.FromSeconds(2 + 4 + 6 + 8), "The pauses did not wait on the clock.");
    }

    [Fact]
    public async Task Until_succeeded_stops_when_the_caller_cancels_during_a_pause()
    {
        using var cancel = new CancellationTokenSource();
        var retry = RetryPipelines.UntilSucceeded(_ => TimeSpan.FromHours(1), _time);
        var attempts = 0;

        var run = retry.ExecuteAsync<int>(_ => { attempts++; throw new IOException("Injected: storage is down."); }, cancel.Token).AsTask();
        for (var i = 0; i < 1_000 && Volatile.Read(ref attempts) == 0; i++)
        {
            await Task.Delay(1);
        }

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Until_done_runs_again_while_the_result_says_not_done_and_returns_the_done_one()
    {
        var pauses = new List<int>();
        var retry = RetryPipelines.UntilDone<int>(left => left == 0, attempt => Pause(pauses, attempt), _time);
        var left = 3;

        var result = await _time.CompleteAsync(retry.ExecuteAsync(_ => ValueTask.FromResult(left--)).AsTask(), TimeSpan.FromSeconds(1));

        Assert.Equal(0, result);
        Assert.Equal(-1, left);
        Assert.Equal([1, 2, 3], pauses);
    }

    [Fact]
    public async Task Until_done_does_not_retry_an_exception()
    {
        var retry = RetryPipelines.UntilDone<int>(_ => false, _ => TimeSpan.Zero, _time);
        var attempts = 0;

        await Assert.ThrowsAsync<IOException>(async () => await retry.ExecuteAsync<int>(_ => { attempts++; throw new IOException("Injected."); }, CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public void Doubling_pauses_double_from_the_first_and_stop_growing_at_the_longest()
    {
        var pause = RetryPipelines.Doubling(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], Enumerable.Range(1, 8).Select(a => pause(a).TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(1), pause(int.MaxValue));
    }

    [Fact]
    public void Jittered_pauses_stay_between_the_least_and_the_step_times_the_capped_attempt()
    {
        var pause = RetryPipelines.Jittered(1, 5, attemptCap: 10);

        for (var attempt = 1; attempt <= 30; attempt++)
        {
            for (var sample = 0; sample < 50; sample++)
            {
                Assert.InRange(pause(attempt).TotalMilliseconds, 1, (5 * Math.Min(attempt, 10)) - 1);
            }
        }
    }

    private static TimeSpan Pause(List<int> pauses, int seconds)
    {
        lock (pauses)
        {
            pauses.Add(seconds);
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static RequestFailedException Lost(int status) => new(status, $"Injected: status {status}.");
}
