using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelService.Core.Training;

namespace ModelService.Trainer.Worker;

/// <summary>
/// Takes messages off training-jobs one at a time, each invisible to others for a lease, until the queue has
/// been empty for IdleExitSeconds (0: at once, as a Container Apps Job execution should).
/// </summary>
public sealed class TrainerWorker
{
    private readonly TrainingJobQueue _queue;
    private readonly TrainingJobRunner _runner;
    private readonly TrainerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TrainerWorker> _logger;

    public TrainerWorker(TrainingJobQueue queue, TrainingJobRunner runner, IOptions<TrainerOptions> options, TimeProvider time, ILogger<TrainerWorker> logger)
    {
        _queue = queue;
        _runner = runner;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Returns how many messages were handled.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var (handled, idleSince) = (0, _time.GetUtcNow());
        while (!cancellationToken.IsCancellationRequested)
        {
            var message = await _queue.ReceiveAsync(TimeSpan.FromSeconds(_options.LeaseSeconds), cancellationToken);
            if (message is not null)
            {
                await _runner.RunAsync(message, cancellationToken);
                (handled, idleSince) = (handled + 1, _time.GetUtcNow());
                continue;
            }

            if (_time.GetUtcNow() - idleSince >= TimeSpan.FromSeconds(_options.IdleExitSeconds))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(_options.PollSeconds), _time, cancellationToken);
        }

        _logger.LogInformation("Trainer exits: the queue is empty ({Handled} message(s) handled)", handled);
        return handled;
    }
}
