using Azure;
using ModelService.Core.Errors;
using Polly;
using Polly.Retry;

namespace ModelService.Core.Resilience;

/// <summary>
/// Core's retry pipelines (Polly), built in one place. <see cref="OptimisticConcurrency"/> for a lost
/// read-modify-write race (bounded, at once or after a short jittered pause; the last failure is thrown as it is);
/// <see cref="TransientStorage"/> for a storage call that failed on the way (bounded, exponential and jittered);
/// <see cref="UntilSucceeded"/> / <see cref="UntilDone{TResult}"/> for storage that must come back (growing pauses,
/// no bound; only the caller's cancellation stops them). Every pause waits on the given clock, so tests move a fake
/// one on instead of sleeping.
/// </summary>
internal static class RetryPipelines
{
    /// <summary>
    /// Retries what <paramref name="isLostRace"/> accepts until <paramref name="attempts"/> attempts have been made.
    /// <paramref name="pause"/> gets the number (from 1) of the attempt that failed; <paramref name="onRetry"/> runs
    /// before the next attempt and may throw to stop retrying.
    /// </summary>
    public static ResiliencePipeline OptimisticConcurrency(
        int attempts, Func<Exception, bool> isLostRace, Func<int, TimeSpan> pause, TimeProvider time, Func<Exception, ValueTask>? onRetry = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        if (attempts == 1)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = attempts - 1,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } exception && isLostRace(exception)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(pause(args.AttemptNumber + 1)),
                OnRetry = args => onRetry is null ? ValueTask.CompletedTask : onRetry(args.Outcome.Exception!),
            })
            .Build();
    }

    /// <summary>
    /// A storage call that failed in transit (a storage error, a dropped connection, a timeout that was not the
    /// caller's cancellation), made up to <paramref name="attempts"/> times with exponential, jittered pauses
    /// from 100 ms to 2 s; the last failure is thrown as it is.
    /// </summary>
    public static ResiliencePipeline TransientStorage(int attempts, TimeProvider time) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, attempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromSeconds(2),
                ShouldHandle = new PredicateBuilder().Handle<RequestFailedException>().Handle<IOException>().Handle<HttpRequestException>()
                    .Handle<OperationCanceledException>(e => e.CancellationToken == CancellationToken.None),
            })
            .Build();

    /// <summary>Retries every failure but the caller's cancellation, for ever, pausing <paramref name="pause"/>(failed attempt number, from 1).</summary>
    public static ResiliencePipeline UntilSucceeded(Func<int, TimeSpan> pause, TimeProvider time) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } exception
                                                            && !(exception is OperationCanceledException && args.Context.CancellationToken.IsCancellationRequested)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(pause(args.AttemptNumber + 1)),
            })
            .Build();

    /// <summary>Runs again, for ever, while the result is not <paramref name="isDone"/>; exceptions are not retried.</summary>
    public static ResiliencePipeline<TResult> UntilDone<TResult>(Func<TResult, bool> isDone, Func<int, TimeSpan> pause, TimeProvider time) =>
        new ResiliencePipelineBuilder<TResult> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<TResult>
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is null && !isDone(args.Outcome.Result!)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(pause(args.AttemptNumber + 1)),
            })
            .Build();

    /// <summary>A storage write lost to a concurrent one: 409 Conflict or 412 Precondition Failed.</summary>
    public static bool IsStorageConflict(Exception exception) => exception is RequestFailedException { Status: 409 or 412 };

    /// <summary>A write Core already reported as <see cref="ErrorCode.Conflict"/>.</summary>
    public static bool IsConflict(Exception exception) => exception is ModelServiceException { Code: ErrorCode.Conflict };

    /// <summary>No pause: the next attempt reads the winner's state first, which is wait enough.</summary>
    public static TimeSpan NoPause(int attempt) => TimeSpan.Zero;

    /// <summary>
    /// A random pause of <paramref name="minMilliseconds"/> up to <paramref name="millisecondsPerAttempt"/> × attempt
    /// (attempt capped at <paramref name="attemptCap"/>), so racing writers do not collide again in step.
    /// </summary>
    public static Func<int, TimeSpan> Jittered(int minMilliseconds, int millisecondsPerAttempt, int attemptCap = int.MaxValue) =>
        attempt => TimeSpan.FromMilliseconds(Random.Shared.Next(minMilliseconds, Math.Max(minMilliseconds, millisecondsPerAttempt * Math.Min(attempt, attemptCap))));

    /// <summary><paramref name="first"/>, doubling after each failure, never longer than <paramref name="longest"/>.</summary>
    public static Func<int, TimeSpan> Doubling(TimeSpan first, TimeSpan longest) =>
        attempt => TimeSpan.FromTicks((long)Math.Min(first.Ticks * Math.Pow(2, Math.Min(attempt - 1, 62)), longest.Ticks));
}
