using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelService.Core.Resilience;
using Polly;

namespace ModelService.Core.Billing;

/// <summary>
/// The function app's usage sink: calls append their event to an in-process channel and one flush loop writes
/// what is waiting as batch messages. Under <see cref="UsageDurability.GroupCommit"/> a flush starts as soon as
/// the previous one ended and takes everything waiting, and each call returns when the flush that carried its
/// event is queued or parked; under <see cref="UsageDurability.Asynchronous"/> calls return at once and a flush
/// starts <see cref="BillingOptions.UsageFlushIntervalMilliseconds"/> after the first event waiting (at once when
/// a full message waits). Asynchronous answers never run ahead of storage by more than <see cref="MaxUnflushed"/>
/// events: past that, a call waits for its flush as under group commit, which bounds what a crash can lose. A batch
/// that can be neither queued nor parked stays here and is tried again: while the process lives, nothing is
/// dropped. Disposing (or <see cref="UsageFlusher"/> at shutdown) drains the channel.
/// </summary>
public sealed partial class UsageBuffer : IUsageSink, IDisposable
{
    /// <summary>Events waiting at most; a sender waits (back-pressure) rather than an event being dropped.</summary>
    private const int Capacity = 100_000;

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(20);

    private readonly Channel<PendingUsage> _channel = Channel.CreateBounded<PendingUsage>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly UsageBatchWriter _writer;
    private readonly BillingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<UsageBuffer> _logger;
    private readonly ResiliencePipeline _flushRetry;
    private readonly Lock _startLock = new();
    private Task? _loop;

    public UsageBuffer(UsageBatchWriter writer, IOptions<BillingOptions> options, TimeProvider time, ILogger<UsageBuffer> logger)
    {
        _writer = writer;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _flushRetry = RetryPipelines.UntilSucceeded(attempt => TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), time);
        if (_options.UsageDurability == UsageDurability.Discard)
        {
            LogDiscarding();
        }
    }

    /// <summary>Events discarded under <see cref="UsageDurability.Discard"/> (load-test baselines).</summary>
    public long Discarded => Interlocked.Read(ref _discarded);

    private long _discarded;

    private long _unflushed;

    /// <summary>Set when a full message waits, ending the current window early.</summary>
    private volatile TaskCompletionSource? _fullBatch;

    /// <summary>Under <see cref="UsageDurability.Asynchronous"/>: answered events not yet queued, at most (the loss bound).</summary>
    public int MaxUnflushed => 2 * _options.UsageMaxBatchEvents;

    public async Task SendAsync(UsageEvent usage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usage);
        if (_options.UsageDurability == UsageDurability.Discard)
        {
            Interlocked.Increment(ref _discarded);
            return;
        }

        // Asynchronous answers wait too once storage is behind by MaxUnflushed events: the loss bound holds at any rate.
        var groupCommit = _options.UsageDurability == UsageDurability.GroupCommit || Interlocked.Read(ref _unflushed) >= MaxUnflushed;
        Interlocked.Increment(ref _unflushed);
        var pending = new PendingUsage(usage, groupCommit ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null);
        EnsureStarted();
        if (_channel.Writer.TryWrite(pending))
        {
            if (_channel.Reader.Count >= _options.UsageMaxBatchEvents)
            {
                _fullBatch?.TrySetResult();
            }
        }
        else
        {
            // Full (back-pressure) or closed (shutting down): never dropped, and never cancelled before it is handed on.
            try
            {
                await _channel.Writer.WriteAsync(pending, CancellationToken.None);
            }
            catch (ChannelClosedException)
            {
                await _writer.WriteAsync([usage], CancellationToken.None);
                Interlocked.Decrement(ref _unflushed);
                return;
            }
        }

        if (pending.Committed is { } committed)
        {
            await committed.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops taking events, then writes every event still waiting.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        EnsureStarted();
        await _loop!.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        if (_loop is { } loop && !loop.Wait(DrainTimeout))
        {
            LogDrainTimedOut(_channel.Reader.Count);
        }
    }

    private void EnsureStarted()
    {
        if (_loop is not null)
        {
            return;
        }

        lock (_startLock)
        {
            _loop ??= Task.Run(FlushLoopAsync);
        }
    }

    private async Task FlushLoopAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<PendingUsage>(_options.UsageMaxBatchEvents);
        while (await reader.WaitToReadAsync())
        {
            if (_options.UsageDurability == UsageDurability.Asynchronous)
            {
                await WaitForWindowAsync(reader);
            }

            while (batch.Count < _options.UsageMaxBatchEvents && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await FlushAsync(batch);
            batch.Clear();
        }
    }

    /// <summary>
    /// The window: events that arrive meanwhile share the first one's message. It ends early once a full message
    /// waits, so that a busy instance sends full messages at once instead of holding answers at the loss bound.
    /// </summary>
    private async Task WaitForWindowAsync(ChannelReader<PendingUsage> reader)
    {
        var full = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _fullBatch = full;
        if (reader.Count >= _options.UsageMaxBatchEvents || reader.Completion.IsCompleted)
        {
            return;
        }

        using var window = new CancellationTokenSource();
        var elapsed = Task.Delay(TimeSpan.FromMilliseconds(_options.UsageFlushIntervalMilliseconds), _time, window.Token);
        await Task.WhenAny(full.Task, elapsed);
        await window.CancelAsync();
    }

    private async Task FlushAsync(List<PendingUsage> batch)
    {
        var events = batch.ConvertAll(p => p.Usage);
        var attempt = 0;
        await _flushRetry.ExecuteAsync(
            async token =>
            {
                attempt++;
                try
                {
                    await _writer.WriteAsync(events, token);
                }
                catch (Exception exception)
                {
                    // Neither queued nor parked: storage is down. The events stay here and their callers keep waiting.
                    LogFlushFailed(exception, events.Count, attempt);
                    throw;
                }
            },
            CancellationToken.None);
        Interlocked.Add(ref _unflushed, -batch.Count);
        foreach (var pending in batch)
        {
            pending.Committed?.TrySetResult();
        }
    }

    private sealed record PendingUsage(UsageEvent Usage, TaskCompletionSource? Committed);

    [LoggerMessage(EventId = 7102, EventName = "UsageFlushFailed", Level = LogLevel.Error,
        Message = "Usage batch of {Events} events could be neither queued nor parked (attempt {Attempt}); kept in memory and retried")]
    private partial void LogFlushFailed(Exception exception, int events, int attempt);

    [LoggerMessage(EventId = 7103, EventName = "UsageDrainTimedOut", Level = LogLevel.Critical,
        Message = "Usage buffer did not drain at shutdown; {Events} events were still waiting")]
    private partial void LogDrainTimedOut(int events);

    [LoggerMessage(EventId = 7104, EventName = "UsageDiscarded", Level = LogLevel.Critical,
        Message = "Billing:UsageDurability is Discard: usage events are dropped and nothing is billed (load-test baselines only)")]
    private partial void LogDiscarding();
}
